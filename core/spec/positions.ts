/**
 * Positions, ranges, JSON pointers and the Problem constructor shared by the loader's parts.
 */
import type { Position, Problem, Range, Severity, SourceMap, SourceSpan } from './model';
import { LineIndex } from '../yaml/lines';

/** Maps 0-based offsets to 1-based line/column (over core/yaml's 0-based line index). */
export class Lines {
  private constructor(private readonly index: LineIndex) {}

  static of(text: string): Lines {
    return new Lines(LineIndex.of(text));
  }

  pos(offset: number): Position {
    const p = this.index.position(offset);
    return { line: p.line + 1, column: p.character + 1, offset };
  }

  range(start: number, end: number): Range {
    return { start: this.pos(start), end: this.pos(Math.max(start, end)) };
  }
}

export const START: Position = { line: 1, column: 1, offset: 0 };
export const FILE_START: Range = { start: START, end: START };

export function isEmptyRange(r: Range): boolean {
  return r.start.offset === r.end.offset;
}

/** The part of `r` on its first line (squiggles for "missing key" stay short). */
export function firstLine(r: Range, text: string): Range {
  const nl = text.indexOf('\n', r.start.offset);
  if (nl < 0 || nl >= r.end.offset) return r;
  let end = nl;
  if (end > r.start.offset && text[end - 1] === '\r') end--;
  return { start: r.start, end: { line: r.start.line, column: r.start.column + (end - r.start.offset), offset: end } };
}

export function makeProblem(
  file: string,
  code: string,
  message: string,
  range: Range,
  extra: { severity?: Severity; pointer?: string; suggestion?: string } = {},
): Problem {
  const p: Problem = { file, severity: extra.severity ?? 'error', message, code, range };
  if (extra.pointer !== undefined) p.pointer = extra.pointer;
  if (extra.suggestion !== undefined) p.suggestion = extra.suggestion;
  return p;
}

// ---- JSON pointers (RFC 6901): one implementation, core/yaml's ----
import { escapeSegment, unescapeSegment, childPointer, splitPointer, parentPointer } from '../yaml/pointer';
export { escapeSegment, unescapeSegment, childPointer, splitPointer, parentPointer };

export function lastSegment(pointer: string): string | undefined {
  const i = pointer.lastIndexOf('/');
  return i < 0 ? undefined : unescapeSegment(pointer.slice(i + 1));
}

/** The span for `pointer`, or for its nearest ancestor that has one (values set by `--set`). */
export function spanAt(map: SourceMap, pointer: string): { span: SourceSpan | undefined; exact: boolean } {
  let p = pointer;
  const exact = map.get(p);
  if (exact) return { span: exact, exact: true };
  while (p !== '') {
    p = parentPointer(p);
    const s = map.get(p);
    if (s) return { span: s, exact: false };
  }
  return { span: undefined, exact: false };
}

/** Reads the value at `pointer` in a plain JSON value. */
export function valueAt(root: unknown, pointer: string): unknown {
  let cur: unknown = root;
  for (const seg of splitPointer(pointer)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

export function compareProblems(a: Problem, b: Problem): number {
  return (
    a.range.start.offset - b.range.start.offset ||
    a.range.end.offset - b.range.end.offset ||
    (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : b.severity === 'error' ? 1 : 0) ||
    a.code.localeCompare(b.code) ||
    a.message.localeCompare(b.message)
  );
}

/** Sorts by position and drops exact duplicates (same code, range and message). */
export function sortAndDedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (const p of [...problems].sort(compareProblems)) {
    const k = `${p.code}\0${p.range.start.offset}\0${p.range.end.offset}\0${p.message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(p);
  }
  return out;
}
