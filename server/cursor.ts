/**
 * What the cursor is on, from the parse and the line it is on: the YAML document, the object
 * whose keys are being written (`key` mode) or the member whose value is (`value` mode), and
 * the node under the cursor (hover). Works on half-typed lines the parse never saw.
 */
import type { OffsetSpan, YamlDocument } from '../core/yaml';
import { childPointer, parentPointer, splitPointer } from '../core/yaml';
import type { ParsedDocument } from './documents';

export interface CursorContext {
  docIndex: number;
  doc: YamlDocument;
  mode: 'key' | 'value';
  /** key mode: the object; value mode: the member whose value is written. */
  pointer: string;
  /** The word being typed (replaced by the completion). */
  prefix: string;
  replaceStart: number;
  /** Keys already present in the object (key mode), except the one being typed. */
  present: Set<string>;
  /** The cursor is on a `- ` item line of a list. */
  inListItem: boolean;
}

export function docAt(parsed: ParsedDocument, offset: number): number {
  const docs = parsed.yaml?.docs ?? [];
  for (let i = docs.length - 1; i >= 0; i--) if (docs[i].start <= offset || i === 0) return i;
  return 0;
}

const KEY_LINE = /^([ ]*)((?:-[ ]+)*)((?:"[^"]*"|'[^']*'|[^\s#'"{[\]}:,][^:#]*?)):(?:[ ]+|$)/;

export function cursorContext(parsed: ParsedDocument, offset: number): CursorContext | undefined {
  if (!parsed.yaml) return undefined;
  const docIndex = docAt(parsed, offset);
  const doc = parsed.yaml.docs[docIndex];
  const text = parsed.text;
  const line = parsed.lines.lineOf(offset);
  const ls = parsed.lines.starts[line];
  const before = text.slice(ls, offset);
  const m = KEY_LINE.exec(before);
  if (m && m[0].length <= before.length) {
    // `key: |` → the value of key
    const indent = m[1].length + m[2].length;
    const container = containerFor(parsed, doc, ls, indent, m[2].length > 0);
    const key = unquote(m[3].trim());
    const valueText = before.slice(m[0].length);
    return {
      docIndex,
      doc,
      mode: 'value',
      pointer: childPointer(container.pointer, key),
      prefix: valueText,
      replaceStart: offset - valueText.length,
      present: new Set(),
      inListItem: m[2].length > 0,
    };
  }
  const dash = /^([ ]*)((?:-[ ]*)*)/.exec(before)!;
  const indent = dash[1].length + dash[2].length;
  const word = before.slice(dash[0].length);
  if (/[:#]/.test(word)) return undefined;
  const inListItem = dash[2].length > 0;
  const container = containerFor(parsed, doc, ls, indent, inListItem);
  const present = new Set<string>();
  const value = valueAtPointer(doc.value, container.pointer);
  if (value && typeof value === 'object' && !Array.isArray(value) && !container.newItem) for (const k of Object.keys(value)) present.add(k);
  // the key on this line is being rewritten
  const rest = text.slice(offset, parsed.lines.starts[line + 1] ?? text.length);
  const own = /^([^\s:#]*)\s*:/.exec(word + rest);
  if (own) present.delete(unquote(own[1]));
  return { docIndex, doc, mode: 'key', pointer: container.pointer, prefix: word, replaceStart: offset - word.length, present, inListItem };
}

/**
 * The object that a key written at column `indent` on the line starting at `lineStart` belongs
 * to: the nearest key above at that column is a sibling, one further left is the parent.
 */
function containerFor(parsed: ParsedDocument, doc: YamlDocument, lineStart: number, indent: number, listItem: boolean): { pointer: string; newItem: boolean } {
  let best: { pointer: string; col: number; span: OffsetSpan } | undefined;
  for (const [pointer, span] of doc.map) {
    if (!span.key || span.key[0] >= lineStart) continue;
    const col = parsed.lines.position(span.key[0]).character;
    if (col > indent) continue;
    if (!best || span.key[0] > best.span.key![0]) best = { pointer, col, span };
  }
  if (!best) return { pointer: '', newItem: false };
  if (listItem) {
    // `- key` at this column: a new (or this) item of the list under the key to the left
    let p = best.col < indent ? best.pointer : parentPointer(best.pointer);
    // climb to the list the dash belongs to
    const dashCol = indent - 2;
    let v = valueAtPointer(doc.value, p);
    while (!Array.isArray(v) && p !== '') {
      const s = doc.map.get(p);
      if (s?.key && parsed.lines.position(s.key[0]).character <= dashCol) break;
      p = parentPointer(p);
      v = valueAtPointer(doc.value, p);
    }
    if (Array.isArray(v)) {
      // the item on this line, if the parse has it
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

export function valueAtPointer(root: unknown, pointer: string): unknown {
  let cur: unknown = root;
  for (const seg of splitPointer(pointer)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

function unquote(s: string): string {
  if ((s.startsWith('"') && s.endsWith('"')) || (s.startsWith("'") && s.endsWith("'"))) return s.slice(1, -1);
  return s;
}

/** The deepest node whose key or value holds `offset`: its pointer and whether on the key. */
export function nodeAt(doc: YamlDocument, offset: number): { pointer: string; onKey: boolean; span: OffsetSpan } | undefined {
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
  return best;
}
