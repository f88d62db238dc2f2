// Shared helpers of the spec-*.test.ts files (not a test file itself).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadSpecText } from '../../core/spec';
import type { LoadedSpec, LoadOptions } from '../../core/spec';

export const FIXTURES = path.join(__dirname, '..', 'fixtures', 'specs');

// Loads that check files also read this machine's default target and GPU probes
// ($TRAINYARD_HOME): an empty home keeps the tests independent of the machine they run on.
process.env.TRAINYARD_HOME = fs.mkdtempSync(path.join(os.tmpdir(), 'trainyard-spec-home-'));

/** `code@line:col` of every problem, in order. */
export function where(r: LoadedSpec): string[] {
  return r.problems.map((p) => `${p.code}@${p.range.start.line}:${p.range.start.column}`);
}

export function load(text: string | Uint8Array, opts: LoadOptions = { checkFiles: false }): LoadedSpec {
  return loadSpecText(text, 'test.trainyard.yaml', opts);
}

/** Builds YAML from lines, so positions in tests are easy to read. */
export function y(...lines: string[]): string {
  return lines.join('\n') + '\n';
}
