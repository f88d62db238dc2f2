// cursor.ts answers from per-parse indexes (keys by offset with their columns; the map as a tree
// of subtree extents) instead of scanning the document's map on every request. These tests hold
// the indexed lookups to the scans they replaced, at every offset of varied documents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { childPointer, parentPointer, type OffsetSpan, type YamlDocument } from '../../core/yaml';
import { parseDocument, type ParsedDocument } from '../../server/documents';
import { cursorContext, docAt, nodeAt, valueAtPointer } from '../../server/cursor';

// --- the scans, as they were -------------------------------------------------------------------

function scanNodeAt(doc: YamlDocument, offset: number): { pointer: string; onKey: boolean; span: OffsetSpan } | undefined {
  let best: { pointer: string; onKey: boolean; span: OffsetSpan; size: number } | undefined;
  for (const [pointer, span] of doc.map) {
    if (span.key && span.key[0] <= offset && offset <= span.key[1]) {
      const size = span.key[1] - span.key[0];
      if (!best || size <= best.size) best = { pointer, onKey: true, span, size };
    } else if (span.value[0] <= offset && offset <= span.value[1]) {
      const size = span.value[1] - span.value[0];
      if (!best || size < best.size) best = { pointer, onKey: false, span, size };
    }
  }
  return best && { pointer: best.pointer, onKey: best.onKey, span: best.span };
}

function scanContainerFor(parsed: ParsedDocument, doc: YamlDocument, lineStart: number, indent: number, listItem: boolean): { pointer: string; newItem: boolean } {
  let best: { pointer: string; col: number; span: OffsetSpan } | undefined;
  for (const [pointer, span] of doc.map) {
    if (!span.key || span.key[0] >= lineStart) continue;
    const col = parsed.lines.position(span.key[0]).character;
    if (col > indent) continue;
    if (!best || span.key[0] > best.span.key![0]) best = { pointer, col, span };
  }
  if (!best) return { pointer: '', newItem: false };
  if (listItem) {
    let p = best.col < indent ? best.pointer : parentPointer(best.pointer);
    const dashCol = indent - 2;
    let v = valueAtPointer(doc.value, p);
    while (!Array.isArray(v) && p !== '') {
      const s = doc.map.get(p);
      if (s?.key && parsed.lines.position(s.key[0]).character <= dashCol) break;
      p = parentPointer(p);
      v = valueAtPointer(doc.value, p);
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const s = doc.map.get(childPointer(p, i));
        if (s && parsed.lines.lineOf(s.value[0]) === parsed.lines.lineOf(lineStart)) return { pointer: childPointer(p, i), newItem: false };
      }
      return { pointer: childPointer(p, v.length), newItem: true };
    }
    return { pointer: childPointer(p, 0), newItem: true };
  }
  if (best.col < indent) return { pointer: best.pointer, newItem: false };
  return { pointer: parentPointer(best.pointer), newItem: false };
}

const KEY_LINE = /^([ ]*)((?:-[ ]+)*)((?!-[ ])(?:"[^"]*"|'[^']*'|[^\s#'"{[\]}:,][^:#]*?)):(?:[ ]+|$)/;
const unquote = (s: string) => ((s.startsWith('"') && s.endsWith('"')) || (s.startsWith("'") && s.endsWith("'")) ? s.slice(1, -1) : s);

function scanCursorContext(parsed: ParsedDocument, offset: number) {
  if (!parsed.yaml) return undefined;
  const docIndex = docAt(parsed, offset);
  const doc = parsed.yaml.docs[docIndex];
  const text = parsed.text;
  const line = parsed.lines.lineOf(offset);
  const ls = parsed.lines.starts[line];
  const before = text.slice(ls, offset);
  const m = KEY_LINE.exec(before);
  if (m && m[0].length <= before.length) {
    const indent = m[1].length + m[2].length;
    const container = scanContainerFor(parsed, doc, ls, indent, m[2].length > 0);
    const valueText = before.slice(m[0].length);
    // (inside a flow collection: server/cursor.ts's inFlow, not what this oracle is for)
    if (/^[{[]/.test(valueText)) return 'flow' as const;
    return { docIndex, mode: 'value', pointer: childPointer(container.pointer, unquote(m[3].trim())), prefix: valueText, replaceStart: offset - valueText.length, present: [] as string[], inListItem: m[2].length > 0 };
  }
  const dash = /^([ ]*)((?:-[ ]*)*)/.exec(before)!;
  const indent = dash[1].length + dash[2].length;
  const word = before.slice(dash[0].length);
  const inListItem = dash[2].length > 0;
  if (inListItem && /^[{[]/.test(word)) return 'flow' as const;
  if (/[:#]/.test(word)) return undefined;
  const container = scanContainerFor(parsed, doc, ls, indent, inListItem);
  const present = new Set<string>();
  const value = valueAtPointer(doc.value, container.pointer);
  if (value && typeof value === 'object' && !Array.isArray(value) && !container.newItem) for (const k of Object.keys(value)) present.add(k);
  const rest = text.slice(offset, parsed.lines.starts[line + 1] ?? text.length);
  const own = /^([^\s:#]*)\s*:/.exec(word + rest);
  if (own) present.delete(unquote(own[1]));
  return { docIndex, mode: 'key', pointer: container.pointer, prefix: word, replaceStart: offset - word.length, present: [...present].sort(), inListItem };
}

// --- documents ---------------------------------------------------------------------------------

const DOCS: Record<string, string> = {
  nested: 'name: a\non:\n  push:\n    branches: [main]\njobs:\n  build:\n    runs-on: x\n    steps:\n      - uses: a\n      - name: b\n        run: |\n          echo 1\n          echo 2\n        with:\n          k: v\n\n  test:\n    needs: build\n',
  lists: 'a:\n- x: 1\n  y: 2\n-   z: 3\n- - 1\n  - 2\n-\nb:\n  - c: {d: [1, 2], e: f}\n    g: "h: i"\n',
  aliases: 'base: &b\n  x: 1\n  y: [1, 2]\nother: *b\nmerged:\n  <<: *b\n  z: 3\nlist: &l [a, b]\nagain: *l\n',
  multi: '# header\nkind: A\n---\nkind: B\nspec:\n  x: 1\n---\n- 1\n- k: v\n...\n',
  broken: 'a: [1, {\nb: c\n  d: e\nf:\n  - g\n  h: i\n"quoted key": 1\n\'single\': 2\n? complex\n: value\n',
  halfTyped: 'jobs:\n  build:\n    runs-on: x\n    st\n    steps:\n      - na\n      - \n  \nre',
  emptyAndComments: '\n# only a comment\n\n',
};

/** The same parse with each map in another order (the indexes must not rely on text order). */
function reordered(parsed: ParsedDocument): ParsedDocument {
  if (!parsed.yaml) return parsed;
  const docs = parsed.yaml.docs.map((d) => {
    const entries = [...d.map];
    // interleave from both ends: neither text order nor its reverse
    const mixed: typeof entries = [];
    for (let i = 0, j = entries.length - 1; i <= j; i++, j--) mixed.push(...(i === j ? [entries[i]] : [entries[j], entries[i]]));
    return { ...d, map: new Map(mixed) };
  });
  return { ...parsed, yaml: { ...parsed.yaml, docs } };
}

function check(name: string, text: string): void {
  const first = parseDocument(`file:///t/${name}.yaml`, 1, text);
  for (const parsed of [first, reordered(first)]) checkParsed(name, text, parsed);
}

function checkParsed(name: string, text: string, parsed: ParsedDocument): void {
  for (let offset = 0; offset <= text.length; offset++) {
    const ctx = cursorContext(parsed, offset);
    const got = ctx && { docIndex: ctx.docIndex, mode: ctx.mode, pointer: ctx.pointer, prefix: ctx.prefix, replaceStart: ctx.replaceStart, present: [...ctx.present].sort(), inListItem: ctx.inListItem };
    const want = scanCursorContext(parsed, offset);
    if (want !== 'flow') assert.deepEqual(got, want, `${name}: cursor context at ${offset}`);
    for (const doc of parsed.yaml?.docs ?? []) assert.deepEqual(nodeAt(doc, offset), scanNodeAt(doc, offset), `${name}: node at ${offset}`);
  }
}

for (const [name, text] of Object.entries(DOCS)) {
  test(`indexed cursor lookups equal the scans: ${name}`, () => check(name, text));
}

test('indexed cursor lookups equal the scans: a generated GitHub workflow', () => {
  const gen = path.join(__dirname, '..', '..', '..', 'shared', 'bench', 'gen-workflow.mjs');
  const text = fs.existsSync(gen) ? execFileSync(process.execPath, [gen, '3', 'file:///schema.json'], { encoding: 'utf8' }) : DOCS.nested.repeat(1);
  check('workflow', text);
});
