/**
 * What the cursor is on, from the parse and the line it is on: the YAML document, the object
 * whose keys are being written (`key` mode) or the member whose value is (`value` mode), and
 * the node under the cursor (hover). Works on half-typed lines the parse never saw.
 */
import type { OffsetMap, OffsetSpan, YamlDocument } from '../core/yaml';
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
  /**
   * End of the text a completion replaces: the whole word or scalar the cursor is in (what follows
   * the cursor too), so choosing an item in the middle of `opt|imizer: adam` leaves no tail behind.
   */
  replaceEnd: number;
  /** Key mode: the word is already followed by its `:` (only the key's name is to be written). */
  keyColon: boolean;
  /** Column of the key (key mode: the key written; value mode: the member's key): nested lines indent from it. */
  indent: number;
  /** Inside a flow collection (`{…}`, `[…]`): items must stay on one line. */
  flow: boolean;
  /** Written before every item's text: a space when the cursor is right after a key's colon (`key:|`). */
  lead: string;
}

/** The YAML document `offset` is in: a document begins at its `---` line (its comments and blank lines are its own). */
export function docAt(parsed: ParsedDocument, offset: number): number {
  const docs = parsed.yaml?.docs ?? [];
  for (let i = docs.length - 1; i > 0; i--) if (docStart(parsed.text, docs[i - 1].end, docs[i].start) <= offset) return i;
  return 0;
}

/** Where the document whose content starts at `start` begins: the `---` line between the previous document's end and it. */
function docStart(text: string, prevEnd: number, start: number): number {
  let i = text.indexOf('---', Math.min(prevEnd, start));
  while (i >= 0 && i < start) {
    if ((i === 0 || text[i - 1] === '\n') && (i + 3 >= text.length || /[\s]/.test(text[i + 3]))) return i;
    i = text.indexOf('---', i + 3);
  }
  return start;
}

// (a key never starts with `- `: that is a list item, whatever follows, e.g. `- {a: 1}`)
const KEY_LINE = /^([ ]*)((?:-[ ]+)*)((?!-[ ])(?:"[^"]*"|'[^']*'|[^\s#'"{[\]}:,][^:#]*?)):(?:[ ]+|$)/;

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
    const rest = lineRest(text, offset);
    if (/^[{[]/.test(valueText)) return inFlow(doc, docIndex, childPointer(container.pointer, key), valueText, offset, m[2].length > 0, rest, indent);
    return {
      docIndex,
      doc,
      mode: 'value',
      pointer: childPointer(container.pointer, key),
      prefix: valueText,
      replaceStart: offset - valueText.length,
      replaceEnd: offset + scalarTail(valueText, rest),
      keyColon: false,
      indent,
      flow: false,
      // (right after the key's colon: the value needs its space; not after a colon the value holds, `ssh:|`)
      lead: valueText === '' && before.endsWith(':') ? ' ' : '',
      present: new Set(),
      inListItem: m[2].length > 0,
    };
  }
  const dash = /^([ ]*)((?:-[ ]*)*)/.exec(before)!;
  const indent = dash[1].length + dash[2].length;
  const word = before.slice(dash[0].length);
  const inListItem = dash[2].length > 0;
  const rest = lineRest(text, offset);
  // `- {name: |}`: the item is a flow collection
  if (inListItem && /^[{[]/.test(word)) return inFlow(doc, docIndex, containerFor(parsed, doc, ls, indent, true).pointer, word, offset, true, rest, indent);
  if (/[:#]/.test(word)) return undefined;
  const container = containerFor(parsed, doc, ls, indent, inListItem);
  const present = new Set<string>();
  const value = valueAtPointer(doc.value, container.pointer);
  if (value && typeof value === 'object' && !Array.isArray(value) && !container.newItem) for (const k of Object.keys(value)) present.add(k);
  // the key on this line is being rewritten (the part after the cursor is replaced too)
  const tail = /^(?:"[^"]*"?|'[^']*'?|[^\s:#,[\]{}]*)/.exec(rest)![0];
  const own = /^([^\s:#]*)\s*:/.exec(word + rest);
  if (own) present.delete(unquote(own[1]));
  const keyColon = /^[ \t]*:(?:[ \t]|$)/.test(rest.slice(tail.length));
  return { docIndex, doc, mode: 'key', pointer: container.pointer, prefix: word, replaceStart: offset - word.length, replaceEnd: offset + tail.length, keyColon, indent, flow: false, lead: '', present, inListItem };
}

/**
 * Whether completion has nothing to write at the cursor: in a line's indentation before its
 * content, before a comment or a `- `, or in a block scalar's header (`key: |`).
 */
export function nothingToWrite(parsed: ParsedDocument, offset: number, ctx: CursorContext): boolean {
  if (ctx.flow) return false;
  if (ctx.mode === 'value') return /^[|>]/.test(ctx.prefix);
  const rest = lineRest(parsed.text, offset);
  return ctx.prefix === '' && (/^[ \t]+\S/.test(rest) || /^(?:#|-(?:[ \t]|$))/.test(rest));
}

/**
 * `- - |`: the cursor context's item is the first item of the list the first dash's item holds
 * (one level per further dash); other contexts come back as they are.
 */
export function nestedItemContext(parsed: ParsedDocument, offset: number, ctx: CursorContext): CursorContext {
  if (!ctx.inListItem || ctx.flow) return ctx;
  const ls = parsed.lines.starts[parsed.lines.lineOf(offset)];
  const before = parsed.text.slice(ls, offset);
  const m = /^([ ]*)((?:-[ ]+)+)/.exec(before)!;
  if (!m || (m[2].match(/-/g)?.length ?? 0) < 2) return ctx;
  const key = ctx.mode === 'value' ? splitPointer(ctx.pointer).pop() : undefined;
  const item = containerFor(parsed, ctx.doc, ls, m[1].length + m[2].length, true, m[2]);
  if (key !== undefined) return { ...ctx, pointer: childPointer(item.pointer, key) };
  const present = new Set<string>();
  const value = valueAtPointer(ctx.doc.value, item.pointer);
  if (value && typeof value === 'object' && !Array.isArray(value) && !item.newItem) for (const k of Object.keys(value)) if (ctx.present.has(k)) present.add(k);
  return { ...ctx, pointer: item.pointer, present };
}

/** The rest of the line from `offset` (without the line break). */
function lineRest(text: string, offset: number): string {
  let e = text.indexOf('\n', offset);
  if (e < 0) e = text.length;
  if (e > offset && text[e - 1] === '\r') e--;
  return text.slice(offset, e);
}

/**
 * How much of `rest` (the line after the cursor) still belongs to the block scalar whose start
 * `typed` is: to the closing quote of a quoted scalar, else to a comment or the line's end,
 * trailing blanks left out.
 */
function scalarTail(typed: string, rest: string): number {
  const q = typed[0];
  if ((q === '"' || q === "'") && !(typed.length > 1 && typed.endsWith(q) && !(q === '"' && typed.endsWith('\\' + q)))) {
    const close = rest.indexOf(q);
    return close < 0 ? rest.length : close + 1;
  }
  let end = rest.length;
  const comment = /(?:^|[ \t])#/.exec(rest);
  if (comment && !(comment.index === 0 && typed !== '' && !/[ \t]$/.test(typed))) end = comment.index;
  while (end > 0 && (rest[end - 1] === ' ' || rest[end - 1] === '\t')) end--;
  return end;
}

/**
 * The cursor inside a flow collection written on one line (`key: {a: 1, |}`, `- [x, |]`):
 * `text` runs from the collection's opening bracket (the value at `base`) to the cursor. In a
 * mapping before a key's colon, keys are being written (those already written are present); after
 * it, that key's value; in a sequence, the next item. Undefined inside a quoted scalar.
 */
function inFlow(doc: YamlDocument, docIndex: number, base: string, text: string, offset: number, inListItem: boolean, rest: string, indent: number): CursorContext | undefined {
  interface Frame {
    map: boolean;
    pointer: string;
    index: number;
    key: string | undefined;
    keys: Set<string>;
  }
  const stack: Frame[] = [];
  let token = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const top = stack[stack.length - 1];
    if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      if (end < 0) return undefined;
      token += text.slice(i, end + 1);
      i = end;
      continue;
    }
    if (c === '{' || c === '[') {
      const pointer = !top ? base : top.map ? childPointer(top.pointer, top.key ?? unquote(token.trim())) : childPointer(top.pointer, top.index);
      stack.push({ map: c === '{', pointer, index: 0, key: undefined, keys: new Set() });
      token = '';
      continue;
    }
    if (!top) return undefined; // text after the collection closed
    if (c === '}' || c === ']') {
      stack.pop();
      token = '';
      if (stack.length === 0) return undefined;
      continue;
    }
    if (c === ',') {
      if (top.map) {
        if (top.key === undefined && token.trim()) top.keys.add(unquote(token.trim()));
        top.key = undefined;
      } else top.index++;
      token = '';
      continue;
    }
    if (c === ':' && top.map && top.key === undefined && (i + 1 === text.length || /[\s,\]}]/.test(text[i + 1]))) {
      top.key = unquote(token.trim());
      top.keys.add(top.key);
      token = '';
      continue;
    }
    token += c;
  }
  const top = stack[stack.length - 1];
  if (!top) return undefined;
  const prefix = token.replace(/^\s+/, '');
  const replaceStart = offset - prefix.length;
  // the rest of this item: up to the next `,`, `]`, `}` (or a key's `:`)
  const tail = /^(?:"[^"]*"?|'[^']*'?|[^,[\]{}#"']*)/.exec(rest)![0];
  if (top.map && top.key === undefined) {
    // keys of the mapping: those written here, and those the parse has (the rest of the line)
    const word = /^[^\s:,[\]{}#]*/.exec(rest)![0];
    const present = new Set(top.keys);
    const value = valueAtPointer(doc.value, top.pointer);
    if (value && typeof value === 'object' && !Array.isArray(value)) for (const k of Object.keys(value)) present.add(k);
    present.delete(unquote(prefix + word));
    const keyColon = /^[ \t]*:/.test(rest.slice(word.length));
    return { docIndex, doc, mode: 'key', pointer: top.pointer, prefix, replaceStart, replaceEnd: offset + word.length, keyColon, indent, flow: true, lead: '', present, inListItem };
  }
  const pointer = top.map ? childPointer(top.pointer, top.key!) : childPointer(top.pointer, top.index);
  let end = tail.length;
  while (end > 0 && (rest[end - 1] === ' ' || rest[end - 1] === '\t')) end--;
  return { docIndex, doc, mode: 'value', pointer, prefix, replaceStart, replaceEnd: offset + end, keyColon: false, indent, flow: true, lead: prefix === '' && text.endsWith(':') ? ' ' : '', present: new Set(), inListItem };
}

/**
 * The object that a key written at column `indent` on the line starting at `lineStart` belongs
 * to: the nearest key above at that column is a sibling, one further left is the parent.
 */
function containerFor(parsed: ParsedDocument, doc: YamlDocument, lineStart: number, indent: number, listItem: boolean, dashes = ''): { pointer: string; newItem: boolean } {
  // `- - x`: the first item of a list that is itself the item of the first dash
  const extra = listItem ? (dashes.match(/-/g)?.length ?? 1) - 1 : 0;
  if (extra > 0) {
    const first = /^-[ ]*/.exec(dashes)![0].length;
    let p = containerFor(parsed, doc, lineStart, indent - dashes.length + first, true).pointer;
    for (let i = 0; i < extra; i++) p = childPointer(p, 0);
    const v = valueAtPointer(doc.value, p);
    return { pointer: p, newItem: v === undefined || v === null };
  }
  const best = keyAbove(keyIndex(doc, parsed.lines), lineStart, indent);
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
      const line = parsed.lines.lineOf(lineStart);
      for (let i = 0; i < v.length; i++) {
        const s = doc.map.get(childPointer(p, i));
        if (s && parsed.lines.lineOf(s.value[0]) === line) return { pointer: childPointer(p, i), newItem: false };
      }
      return { pointer: childPointer(p, v.length), newItem: true };
    }
    return { pointer: childPointer(p, 0), newItem: true };
  }
  if (best.col < indent) return { pointer: best.pointer, newItem: false };
  return { pointer: parentPointer(best.pointer), newItem: false };
}

/**
 * The keys of a document in text order with their columns, built once per parse (the map and
 * line index are per version): `up[i]` is the nearest key before `i` at a smaller column, so
 * "the nearest key above at column ≤ c" is a few jumps, not a scan of the document.
 */
interface KeyIndex {
  lines: ParsedDocument['lines'];
  pointer: string[];
  start: number[];
  col: number[];
  up: number[];
}

const keyIndexes = new WeakMap<OffsetMap, KeyIndex>();

function keyIndex(doc: YamlDocument, lines: ParsedDocument['lines']): KeyIndex {
  const hit = keyIndexes.get(doc.map);
  if (hit && hit.lines === lines) return hit;
  const pointers: string[] = [];
  const starts: number[] = [];
  for (const [pointer, span] of doc.map) {
    if (!span.key) continue;
    pointers.push(pointer);
    starts.push(span.key[0]);
  }
  // text order; of two keys at one offset (an alias's copies) the first recorded comes first
  const order = sortedOrder(pointers.length, (a, b) => starts[a] - starts[b] || a - b);
  const idx: KeyIndex = { lines, pointer: new Array(order.length), start: new Array(order.length), col: new Array(order.length), up: new Array(order.length) };
  const lineStarts = lines.starts;
  const stack: number[] = [];
  let line = 0;
  for (let i = 0; i < order.length; i++) {
    const start = starts[order[i]];
    while (line + 1 < lineStarts.length && lineStarts[line + 1] <= start) line++;
    const col = start - lineStarts[line];
    idx.pointer[i] = pointers[order[i]];
    idx.start[i] = start;
    idx.col[i] = col;
    while (stack.length && idx.col[stack[stack.length - 1]] >= col) stack.pop();
    idx.up[i] = stack.length ? stack[stack.length - 1] : -1;
    stack.push(i);
  }
  keyIndexes.set(doc.map, idx);
  return idx;
}

/** 0..n-1 ordered by `cmp`; the map's own order (text order, as the parser records it) needs no sort. */
function sortedOrder(n: number, cmp: (a: number, b: number) => number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = 1; i < n; i++) if (cmp(i - 1, i) > 0) return order.sort(cmp);
  return order;
}

/** The last key starting before `before` at a column ≤ `indent` (the first recorded of equal offsets). */
function keyAbove(idx: KeyIndex, before: number, indent: number): { pointer: string; col: number } | undefined {
  // last key with start < before
  let lo = 0;
  let hi = idx.start.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (idx.start[mid] < before) lo = mid + 1;
    else hi = mid;
  }
  let i = lo - 1;
  // keys between up[i] and i sit at columns ≥ col[i], so when col[i] > indent they do too
  while (i >= 0 && idx.col[i] > indent) i = idx.up[i];
  if (i < 0) return undefined;
  while (i > 0 && idx.start[i - 1] === idx.start[i]) i--;
  return { pointer: idx.pointer[i], col: idx.col[i] };
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
  const idx = nodeIndex(doc);
  // the entries whose key or value holds `offset`: inside intervals that hold it…
  const found: number[] = [];
  const stack: number[] = [];
  for (let r = idx.firstRoot; r >= 0 && idx.lo[r] <= offset; r = idx.next[r]) stack.push(r);
  while (stack.length) {
    const i = stack.pop()!;
    if (offset > idx.hi[i]) continue;
    const span = idx.span[i];
    if ((span.key && span.key[0] <= offset && offset <= span.key[1]) || (span.value[0] <= offset && offset <= span.value[1])) found.push(i);
    for (let c = idx.first[i]; c >= 0 && idx.lo[c] <= offset; c = idx.next[c]) stack.push(c);
  }
  // …then the smallest, ties broken as a scan of the map in its order would
  found.sort((a, b) => a - b);
  let best: { pointer: string; onKey: boolean; span: OffsetSpan; size: number } | undefined;
  for (const i of found) {
    const span = idx.span[i];
    if (span.key && span.key[0] <= offset && offset <= span.key[1]) {
      const size = span.key[1] - span.key[0];
      if (!best || size <= best.size) best = { pointer: idx.pointer[i], onKey: true, span, size };
    } else if (span.value[0] <= offset && offset <= span.value[1]) {
      const size = span.value[1] - span.value[0];
      if (!best || size < best.size) best = { pointer: idx.pointer[i], onKey: false, span, size };
    }
  }
  return best && { pointer: best.pointer, onKey: best.onKey, span: best.span };
}

/**
 * The map's entries (numbered in map order) as a forest of intervals — each entry's interval
 * runs from its key or value start to its end — where every interval sits under the innermost
 * one that contains it, children in start order. Any interval holding an offset then lies under
 * intervals holding it too, so a lookup visits only those (nested or not: aliases). Built once
 * per parse, from one sort of a mostly sorted list.
 */
interface NodeIndex {
  pointer: string[];
  span: OffsetSpan[];
  lo: number[];
  hi: number[];
  /** First child and next sibling (-1: none). */
  first: Int32Array;
  next: Int32Array;
  firstRoot: number;
}

const nodeIndexes = new WeakMap<OffsetMap, NodeIndex>();

function nodeIndex(doc: YamlDocument): NodeIndex {
  const hit = nodeIndexes.get(doc.map);
  if (hit) return hit;
  const pointer: string[] = [];
  const span: OffsetSpan[] = [];
  const lo: number[] = [];
  const hi: number[] = [];
  for (const [p, s] of doc.map) {
    pointer.push(p);
    span.push(s);
    lo.push(s.key ? Math.min(s.key[0], s.value[0]) : s.value[0]);
    hi.push(s.key ? Math.max(s.key[1], s.value[1]) : s.value[1]);
  }
  const n = pointer.length;
  // outer intervals before the ones they contain: by start, then the longest first
  const order = sortedOrder(n, (a, b) => lo[a] - lo[b] || hi[b] - hi[a] || a - b);
  const first = new Int32Array(n).fill(-1);
  const next = new Int32Array(n).fill(-1);
  const last = new Int32Array(n).fill(-1);
  let firstRoot = -1;
  let lastRoot = -1;
  const stack: number[] = [];
  for (const i of order) {
    // (every interval on the stack starts at or before this one: the innermost that ends at or after it contains it)
    while (stack.length && hi[stack[stack.length - 1]] < hi[i]) stack.pop();
    const parent = stack.length ? stack[stack.length - 1] : -1;
    if (parent < 0) {
      if (lastRoot < 0) firstRoot = i;
      else next[lastRoot] = i;
      lastRoot = i;
    } else {
      if (last[parent] < 0) first[parent] = i;
      else next[last[parent]] = i;
      last[parent] = i;
    }
    stack.push(i);
  }
  const idx: NodeIndex = { pointer, span, lo, hi, first, next, firstRoot };
  nodeIndexes.set(doc.map, idx);
  return idx;
}
