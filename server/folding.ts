/**
 * Folding ranges: block mappings and sequences (from the key's line), multi-line scalars,
 * runs of comment lines, and each document of a multi-document file.
 */
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver';
import type { ParsedDocument } from './documents';
import { trimEnd } from './yamlNav';
import { valueAtPointer } from './cursor';

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
  if (yaml.docs.length > 1) {
    for (const d of yaml.docs) {
      if (d.value === null) continue;
      // from the `---` line when there is one
      const first = lines.lineOf(d.start);
      // from its `---` line; a first document without one folds by its keys alone
      if (first === 0 || !/^---/.test(text.slice(lines.starts[first - 1], lines.starts[first - 1] + 3))) continue;
      add(first - 1, lines.lineOf(trimEnd(text, d.start, d.end)), FoldingRangeKind.Region);
    }
  }
  for (const d of yaml.docs) {
    for (const [pointer, span] of d.map) {
      if (byStart.size >= MAX_RANGES) break;
      if (pointer === '') continue; // the document itself: folded per document above
      const end = trimEnd(text, span.value[0], span.value[1]);
      if (end <= span.value[0]) continue;
      const endLine = lines.lineOf(end - 1);
      const startLine = lines.lineOf(span.key ? span.key[0] : span.value[0]);
      if (endLine <= startLine) continue;
      if (typeof valueAtPointer(d.value, pointer) === 'string') inScalar.fill(1, lines.lineOf(span.value[0]), endLine + 1);
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
  return [...byStart.values()].sort((a, b) => a.startLine - b.startLine).slice(0, MAX_RANGES);
}
