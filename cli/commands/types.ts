import type { ParseArgsConfig } from 'node:util';
import type { Io } from '../io';

export interface CommandArgs {
  values: Record<string, unknown>;
  positionals: string[];
  json: boolean;
}

export interface Command {
  name: string;
  aliases?: string[];
  usage: string;
  summary: string;
  help?: string;
  /** Not listed in --help. */
  hidden?: boolean;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Exit code for expected failures (TrainyardError); default 1. */
  failureCode?: number;
  run(args: CommandArgs, io: Io): Promise<number>;
}

export function strings(v: unknown): string[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? (v as string[]) : [String(v)];
}
