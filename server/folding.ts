/**
 * Folding ranges: block mappings and sequences (from the key's line), multi-line scalars,
 * runs of comment lines, and each document of a multi-document file.
 */
import { FoldingRangeKind } from './protocol';
import type { FoldingRange } from 'vscode-languageserver';
import type { ParsedDocument } from './documents';
import { trimEnd } from './yamlNav';
import { valueAtPointer } from './cursor';
import { valueStart } from './symbols';

/** VS Code keeps at most 5000 ranges; more is wasted work. */
const MAX_RANGES = 5000;

export function foldingRanges(parsed: ParsedDocument): FoldingRange[] {
  const yaml = parsed.yaml;
  if (!yaml) return [];
  const { text, lines } = parsed;
  const byStart = new Map<number, FoldingRange>();
  const add = (startLine: number, endLine: number, kind?: FoldingRangeKind) => {
    if (endLine <= startLine) return;
    const cur = byStart.get(startLine);
    if (cur && cur.endLine >= endLine) return;
    byStart.set(startLine, kind ? { startLine, endLine, kind } : { startLine, endLine });
  };
  const inScalar = new Uint8Array(lines.lineCount + 1);
  let firstDoc: FoldingRange | undefined;
  if (yaml.docs.length > 1) {
    for (const d of yaml.docs) {
      if (d.value === null) continue;
      // from the `---` line when there is one
      const first = lines.lineOf(d.start);
      const last = lines.lineOf(trimEnd(text, d.start, d.end));
      // from its `---` line; a first document without one from its first line
      if (first > 0 && /^---/.test(text.slice(lines.starts[first - 1], lines.starts[first - 1] + 3))) add(first - 1, last, FoldingRangeKind.Region);
      // (a first document without one: from its first line, unless a key's range starts there)
      else if (d === yaml.docs[0]) firstDoc = { startLine: first, endLine: last, kind: FoldingRangeKind.Region };
    }
  }
  for (const d of yaml.docs) {
    for (const [pointer, span] of d.map) {
      if (byStart.size >= MAX_RANGES) break;
      if (pointer === '') continue; // the document itself: folded per document above
      const end = trimEnd(text, span.value[0], span.value[1]);
      if (end <= span.value[0]) continue;
      const endLine = lines.lineOf(end - 1);
      const isString = typeof valueAtPointer(d.value, pointer) === 'string';
      // a block scalar item folds from its `- |` line
      const startLine = lines.lineOf(span.key ? span.key[0] : isString ? valueStart(text, span.value[0]) : span.value[0]);
      if (endLine <= startLine) continue;
      if (isString) inScalar.fill(1, lines.lineOf(span.value[0]), endLine + 1);
      add(startLine, endLine);
    }
  }
  // comment blocks (not inside multi-line scalars)
  let runStart = -1;
  for (let l = 0; l <= lines.lineCount; l++) {
    const isComment = l < lines.lineCount && /^[ \t]*#/.test(text.slice(lines.starts[l], lines.starts[l] + 200)) && !inScalar[l];
    if (isComment) {
      if (runStart < 0) runStart = l;
    } else if (runStart >= 0) {
      if (l - 1 > runStart) add(runStart, l - 1, FoldingRangeKind.Comment);
      runStart = -1;
    }
  }
  if (firstDoc && !byStart.has(firstDoc.startLine)) add(firstDoc.startLine, firstDoc.endLine, FoldingRangeKind.Region);
  // after a syntax error the parse lost what follows it: fold those lines by their indentation
  if (yaml.errors.some((e) => e.code === 'yaml-syntax')) indentationRanges(text, lines, inScalar, add);
  return [...byStart.values()].sort((a, b) => a.startLine - b.startLine).slice(0, MAX_RANGES);
}

/** A line followed by more-indented lines folds over them (blank and comment lines do not end a range). */
function indentationRanges(text: string, lines: ParsedDocument['lines'], inScalar: Uint8Array, add: (s: number, e: number) => void): void {
  const stack: Array<{ line: number; indent: number }> = [];
  let lastContent = -1;
  const close = (indent: number) => {
    while (stack.length && stack[stack.length - 1].indent >= indent) {
      const top = stack.pop()!;
      if (lastContent > top.line) add(top.line, lastContent);
    }
  };
  for (let l = 0; l < lines.lineCount; l++) {
    if (inScalar[l]) {
      lastContent = l;
      continue;
    }
    const lineText = text.slice(lines.starts[l], l + 1 < lines.lineCount ? lines.starts[l + 1] : text.length);
    const m = /^([ ]*)(- +)?(\S)/.exec(lineText);
    if (!m || m[3] === '#') continue;
    if (/^(---|\.\.\.)(\s|$)/.test(lineText)) {
      close(0);
      continue;
    }
    const indent = m[1].length;
    close(indent);
    // `- key: v`: the item folds from the dash, its mapping from the key's column
    stack.push({ line: l, indent });
    if (m[2]) stack.push({ line: l, indent: indent + m[2].length });
    lastContent = l;
  }
  close(0);
}
