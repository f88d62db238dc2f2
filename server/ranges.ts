/** Offsets ↔ LSP ranges. */
import type { Range } from 'vscode-languageserver';
import type { LineIndex } from '../core/yaml';

export function toRange(lines: LineIndex, start: number, end: number): Range {
  return { start: lines.position(start), end: lines.position(Math.max(start, end)) };
}
