// Shared helpers of the server-*.test.ts files (not a test file itself).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Position } from 'vscode-languageserver';
import { LanguageService, type TextSource } from '../../server/languageService';
import { LineIndex } from '../../core/yaml';

/** `ke|y: value` → the text without the marker and the marker's offset and position. */
export function caret(marked: string): { text: string; offset: number; position: Position } {
  const offset = marked.indexOf('|');
  if (offset < 0) throw new Error('no | marker');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  return { text, offset, position: LineIndex.of(text).position(offset) };
}

export function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'trainyard-server-test-'));
}

/** Writes `schema` to a temp file; returns its path. */
export function schemaFile(schema: unknown, name = 'schema.json'): string {
  const f = path.join(tmpDir(), name);
  fs.writeFileSync(f, JSON.stringify(schema));
  return f;
}

export function source(file: string, text: string, version = 1): TextSource {
  return { uri: pathToFileURL(file).href, version, getText: () => text };
}

/** A service with no client settings (every feature on). */
export function service(settings?: unknown): LanguageService {
  return new LanguageService({ pull: settings === undefined ? undefined : async () => settings });
}

export function withModeline(schemaPath: string, ...lines: string[]): string {
  return [`# yaml-language-server: $schema=${schemaPath}`, ...lines].join('\n') + '\n';
}
