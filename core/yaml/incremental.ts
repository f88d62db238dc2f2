/**
 * Incremental parsing for big files. The text is cut into chunks at top-level keys (and, for a
 * large `key:` block, at the keys of its mapping); each chunk is parsed on its own and cached
 * by its text, so an edit re-parses only the chunk it touches. The chunks are put back
 * together into one value, one source map (a view that shifts offsets on access) and one
 * problem list; duplicate keys across chunks are reported as usual.
 *
 * Cutting is only done where it cannot change the meaning: no anchors, aliases, merge keys,
 * tags' directives or document markers, and a chunk with syntax errors is re-checked together
 * with the next one (an unclosed quote or bracket would swallow it); anything else takes the
 * whole-text parse. The result is a pure function of the text.
 */
import type { OffsetMap, OffsetSpan, ParsedYaml, Span, YamlDocument, YamlError } from './types';
import { MAX_RECOVERIES, parseYaml } from './parse';
import { escapeSegment } from './pointer';
import { LineIndex } from './lines';
import { isLineBreak, isWhite } from './chars';

/** Below this size the whole-text parse is fast enough (a 13 KB file with a syntax error: ~2.5 ms whole, ~1 ms chunked). */
const MIN_CHUNKED = 8 * 1024;
/** A `key:` block longer than this many lines is cut at its own keys. */
const SPLIT_LINES = 64;
/**
 * Whether `text` has a construct whose meaning crosses chunk boundaries (document markers and
 * directives, anchors, aliases and tags, merge keys, explicit `?` keys); such texts are parsed
 * whole. The same test as the regular expression
 * `/^(?:---|\.\.\.|%)|(?:^|[\s[{,])[&*!][^\s,\]}]|<<\s*:|^\s*\?(?:\s|$)/m` (the unit tests
 * compare them), written as searches for the few characters involved: the expression tried
 * every position and took ~3.7 ms on a 260 KB file at every edit, this takes ~0.1 ms.
 */
export function hasUnsafeConstruct(text: string): boolean {
  // `---`, `...`, `%` at a line start
  for (const mark of ['---', '...', '%']) {
    for (let i = text.indexOf(mark); i >= 0; i = text.indexOf(mark, i + 1)) if (i === 0 || isLineBreak(text.charCodeAt(i - 1))) return true;
  }
  // `&`, `*`, `!` after a line start, white space, `[`, `{` or `,`, followed by a character other than white space, `,`, `]`, `}`
  // (one indexOf per character: a character-class expression is ~40 times slower here)
  for (const mark of ['&', '*', '!']) {
    for (let i = text.indexOf(mark); i >= 0; i = text.indexOf(mark, i + 1)) {
      if (i + 1 >= text.length) continue;
      const before = i === 0 ? -1 : text.charCodeAt(i - 1);
      if (before !== -1 && !isWhite(before) && before !== 0x5b && before !== 0x7b && before !== 0x2c) continue;
      const after = text.charCodeAt(i + 1);
      if (!isWhite(after) && after !== 0x2c && after !== 0x5d && after !== 0x7d) return true;
    }
  }
  // `<<`, optional white space, `:`
  for (let i = text.indexOf('<<'); i >= 0; i = text.indexOf('<<', i + 1)) {
    let j = i + 2;
    while (j < text.length && isWhite(text.charCodeAt(j))) j++;
    if (text.charCodeAt(j) === 0x3a) return true;
  }
  // `?` with only white space back to a line start (white space includes line breaks), then white space or the end
  for (let i = text.indexOf('?'); i >= 0; i = text.indexOf('?', i + 1)) {
    if (i + 1 < text.length && !isWhite(text.charCodeAt(i + 1))) continue;
    let j = i - 1;
    for (; j >= 0; j--) {
      const c = text.charCodeAt(j);
      if (isLineBreak(c)) return true;
      if (!isWhite(c)) break;
    }
    if (j < 0) return true;
  }
  return false;
}

const KEY_START = /^(?:[A-Za-z0-9_$"'][^#\n]*?):(?:[ \t]|$)/;
const EMPTY_VALUE_KEY = /^[ ]*(?:[A-Za-z0-9_$][^:#\n]*|"[^"\n]*"|'[^'\n]*'):[ \t]*(?:#.*)?$/;

interface Chunk {
  start: number;
  end: number;
  /** Pointer prefix of the chunk's values (`` for top-level chunks, `/jobs` below `jobs:`). */
  prefix: string;
}

export class IncrementalYaml {
  private cache = new Map<string, ParsedYaml>();
  private next = new Map<string, ParsedYaml>();

  private primed = false;

  /** Whether `parse` will use chunks (else the caller may `prime` the cache when idle). */
  get isPrimed(): boolean {
    return this.primed;
  }

  /**
   * Parses `text`. Until `prime` has run once, a big text is parsed whole (faster cold, for
   * the open); call `prime` when idle so that edits afterwards only re-parse their chunk.
   */
  parse(text: string, lines?: LineIndex): ParsedYaml {
    if (!this.primed || text.length < MIN_CHUNKED || hasUnsafeConstruct(text)) return parseYaml(text);
    return this.parseChunked(text, lines);
  }

  prime(text: string, lines?: LineIndex): void {
    this.primed = true;
    if (text.length >= MIN_CHUNKED && !hasUnsafeConstruct(text)) this.parseChunked(text, lines);
  }

  /** `lines`: the text's line index when the caller has it (else made here). */
  private parseChunked(text: string, lines?: LineIndex): ParsedYaml {
    const chunks = cut(text, (lines ?? LineIndex.of(text)).starts);
    if (!chunks) return parseYaml(text);
    this.next = new Map();
    try {
      return this.compose(text, chunks) ?? parseYaml(text);
    } finally {
      this.cache = this.next;
    }
  }

  private parsed(s: string): ParsedYaml {
    const hit = this.next.get(s) ?? this.cache.get(s);
    if (hit) {
      this.next.set(s, hit);
      return hit;
    }
    // A chunk outlives the text it was cut from (it is reused by later versions), and a slice
    // of a string keeps the whole string alive in V8 (so would every longer scalar the parse
    // slices out of it): parse, and keep, a copy of the chunk alone.
    const own = ownCopy(s);
    const p = parseYaml(own);
    this.next.set(own, p);
    return p;
  }

  private compose(text: string, chunks: Chunk[]): ParsedYaml | undefined {
    const root: Record<string, unknown> = {};
    const containers = new Map<string, Record<string, unknown>>([['', root]]);
    const parts: Array<{ chunk: Chunk; doc: YamlDocument }> = [];
    const errors: YamlError[] = [];
    const headerSpans = new Map<string, OffsetSpan>();
    for (let i = 0; i < chunks.length; i++) {
      const c = chunks[i];
      const src = text.slice(c.start, c.end);
      const p = this.parsed(src);
      if (p.docs.length !== 1) return undefined;
      if (p.errors.some((e) => e.code === 'yaml-syntax' || e.code === 'too-deep')) {
        const n = chunks[i + 1];
        if (n && !this.errorsStayLocal(text, c, n, p)) return undefined;
      }
      const doc = p.docs[0];
      for (const e of p.errors) errors.push({ ...e, start: e.start + c.start, end: e.end + c.start });
      const v = doc.value;
      if (v === null) continue; // comments only
      if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
      if (c.prefix === 'header') {
        // `key:` of a block that is cut further: its value is built from the chunks below
        const [k] = Object.keys(v);
        if (k === undefined || Object.keys(v).length !== 1) return undefined;
        const span = doc.map.get('/' + escapeSegment(k))!;
        const ptr = '/' + escapeSegment(k);
        if (!this.put(root, k, {}, shiftSpan(span, c.start), errors)) continue;
        containers.set(ptr, root[k] as Record<string, unknown>);
        headerSpans.set(ptr, shiftSpan(span, c.start));
        continue;
      }
      const target = containers.get(c.prefix);
      if (!target) return undefined;
      for (const [k, val] of Object.entries(v)) {
        const span = doc.map.get('/' + escapeSegment(k));
        this.put(target, k, val, span ? shiftSpan(span, c.start) : undefined, errors);
      }
      parts.push({ chunk: c, doc });
    }
    // Block spans: from the key's value start to the last chunk inside it.
    for (const [ptr, span] of headerSpans) {
      const inside = parts.filter((x) => x.chunk.prefix === ptr);
      const first = inside[0]?.doc.start ?? 0;
      const last = inside[inside.length - 1];
      if (last) headerSpans.set(ptr, { key: span.key, value: [inside[0].chunk.start + first, last.chunk.start + last.doc.end] });
    }
    // A text this broken may exhaust the whole-text parse's recoveries (it then skips the rest),
    // which chunks parsed one by one never do: let the whole-text parse decide.
    if (errors.filter((e) => e.code === 'yaml-syntax' || e.code === 'too-deep').length >= MAX_RECOVERIES - 2) return undefined;
    errors.sort((a, b) => a.start - b.start || a.end - b.end);
    const end = parts.length ? parts[parts.length - 1].chunk.start + parts[parts.length - 1].doc.end : 0;
    const start = parts.length ? parts[0].chunk.start + parts[0].doc.start : 0;
    const map = new ChunkMap(parts, headerSpans, [start, end]);
    const docErrors = errors.slice();
    return { docs: [{ value: root, map, start, end, errors: docErrors }], errors, recovered: errors.length > 0 };
  }

  private put(target: Record<string, unknown>, k: string, v: unknown, span: OffsetSpan | undefined, errors: YamlError[]): boolean {
    if (Object.prototype.hasOwnProperty.call(target, k)) {
      const ks = span?.key ?? span?.value;
      if (ks) errors.push({ code: 'duplicate-key', message: `duplicate key \`${k.length > 40 ? k.slice(0, 39) + '…' : k}\`; each key may appear once in a mapping`, start: ks[0], end: ks[1], severity: 'error' });
      return false;
    }
    // (plain assignment, except for the one key assignment would treat as the prototype)
    if (k === '__proto__') Object.defineProperty(target, k, { value: v, enumerable: true, writable: true, configurable: true });
    else target[k] = v;
    return true;
  }

  /** The chunk's problems are the same when it is parsed together with the next chunk. */
  private errorsStayLocal(text: string, c: Chunk, n: Chunk, alone: ParsedYaml): boolean {
    const both = parseYaml(text.slice(c.start, n.end));
    const next = this.parsed(text.slice(n.start, n.end));
    const key = (e: YamlError, d: number) => `${e.code}:${e.start + d}:${e.end + d}:${e.message}`;
    const expected = [...alone.errors.map((e) => key(e, 0)), ...next.errors.map((e) => key(e, n.start - c.start))].sort();
    const got = both.errors.map((e) => key(e, 0)).sort();
    return expected.length === got.length && expected.every((x, i) => x === got[i]);
  }
}

function shiftSpan(s: OffsetSpan, d: number): OffsetSpan {
  const value: Span = [s.value[0] + d, s.value[1] + d];
  return s.key ? { key: [s.key[0] + d, s.key[1] + d], value } : { value };
}

/** Chunks of `text`, or undefined when it does not have the shape chunking needs. */
function cut(text: string, starts: Int32Array): Chunk[] | undefined {
  const lineAt = (l: number) => text.slice(starts[l], l + 1 < starts.length ? starts[l + 1] - 1 : text.length);
  const n = starts.length;
  const top: number[] = [];
  for (let l = 0; l < n; l++) {
    const c = text.charCodeAt(starts[l]);
    if (c === 32 || c === 10 || c === 13 || c === 35 || Number.isNaN(c)) continue; // space, blank, #
    if (!KEY_START.test(lineAt(l))) return undefined; // a top-level list or something unusual
    top.push(l);
  }
  if (top.length === 0) return undefined;
  const chunks: Chunk[] = [];
  if (top[0] > 0) chunks.push({ start: 0, end: starts[top[0]], prefix: '' });
  for (let i = 0; i < top.length; i++) {
    const a = top[i];
    const b = i + 1 < top.length ? top[i + 1] : n;
    const start = starts[a];
    const end = b < n ? starts[b] : text.length;
    const inner = b - a > SPLIT_LINES && EMPTY_VALUE_KEY.test(lineAt(a)) ? cutBlock(text, starts, a, b) : undefined;
    if (!inner) {
      chunks.push({ start, end, prefix: '' });
      continue;
    }
    const m = /^([^:]*?)[ \t]*:/.exec(lineAt(a))!;
    const key = m[1].replace(/^(["'])(.*)\1$/, '$2');
    chunks.push({ start, end: starts[a + 1], prefix: 'header' });
    const prefix = '/' + escapeSegment(key);
    for (let j = 0; j < inner.length; j++) {
      const s = starts[inner[j]];
      const e = j + 1 < inner.length ? starts[inner[j + 1]] : end;
      chunks.push({ start: j === 0 ? starts[a + 1] : s, end: e, prefix });
    }
  }
  return chunks;
}

/** Lines (a, b) of a `key:` block whose mapping keys sit at one indent, or undefined. */
function cutBlock(text: string, starts: Int32Array, a: number, b: number): number[] | undefined {
  let indent = -1;
  const out: number[] = [];
  // Lines are read in place (no string per line: this runs over a big block at every edit).
  for (let l = a + 1; l < b; l++) {
    const ls = starts[l];
    const le = l + 1 < starts.length ? starts[l + 1] - 1 : text.length;
    // indentation as trimStart() counts it (any white space, so a lone `\r` is blank)
    let p = ls;
    while (p < le && isWhite(text.charCodeAt(p))) p++;
    const ind = p - ls;
    if (p === le || text.charCodeAt(p) === 0x23) continue; // blank, or a comment
    if (indent < 0) {
      if (ind === 0 || text.charCodeAt(p) === 0x2d || !keyStartsAt(text, p)) return undefined;
      indent = ind;
    }
    if (ind < indent) return undefined;
    if (ind === indent) {
      if (!keyStartsAt(text, p)) return undefined;
      out.push(l);
    }
  }
  return out.length > 1 ? out : undefined;
}

/** KEY_START tested on the rest of the line from `p`, without cutting the line out. */
const KEY_START_AT = /(?:[A-Za-z0-9_$"'][^#\n]*?):(?:[ \t\n]|$)/y;
function keyStartsAt(text: string, p: number): boolean {
  KEY_START_AT.lastIndex = p;
  return KEY_START_AT.test(text);
}

/** The source map of chunked parses: looks pointers up in the right chunk, shifting offsets. */
class ChunkMap implements OffsetMap {
  private readonly byKey = new Map<string, { part: { chunk: Chunk; doc: YamlDocument }; strip: number }>();

  constructor(
    private readonly parts: Array<{ chunk: Chunk; doc: YamlDocument }>,
    private readonly headers: Map<string, OffsetSpan>,
    private readonly rootSpan: Span,
  ) {
    for (const part of parts) {
      for (const k of Object.keys(part.doc.value as object)) {
        const full = `${part.chunk.prefix}/${escapeSegment(k)}`;
        if (!this.byKey.has(full)) this.byKey.set(full, { part, strip: part.chunk.prefix.length });
      }
    }
  }

  get size(): number {
    let n = 1 + this.headers.size;
    for (const p of this.parts) n += p.doc.map.size - 1;
    return n;
  }

  get(pointer: string): OffsetSpan | undefined {
    if (pointer === '') return { value: this.rootSpan };
    const h = this.headers.get(pointer);
    if (h) return h;
    // the member this pointer starts with, at the top level or below a cut block
    let i = pointer.indexOf('/', 1);
    let head = i < 0 ? pointer : pointer.slice(0, i);
    let hit = this.byKey.get(head);
    if (!hit && this.headers.has(head) && i >= 0) {
      const j = pointer.indexOf('/', i + 1);
      head = j < 0 ? pointer : pointer.slice(0, j);
      hit = this.byKey.get(head);
      i = j;
    }
    if (!hit) return undefined;
    const s = hit.part.doc.map.get(pointer.slice(hit.strip));
    return s ? shiftSpan(s, hit.part.chunk.start) : undefined;
  }

  has(pointer: string): boolean {
    return this.get(pointer) !== undefined;
  }

  *entries(): MapIterator<[string, OffsetSpan]> {
    yield ['', { value: this.rootSpan }];
    const emitted = new Set<string>();
    for (const part of this.parts) {
      const h = this.headers.get(part.chunk.prefix);
      if (h && !emitted.has(part.chunk.prefix)) {
        emitted.add(part.chunk.prefix);
        yield [part.chunk.prefix, h];
      }
      for (const [p, s] of part.doc.map) {
        if (p === '') continue;
        yield [part.chunk.prefix + p, shiftSpan(s, part.chunk.start)];
      }
    }
  }

  *keys(): MapIterator<string> {
    for (const [k] of this.entries()) yield k;
  }

  *values(): MapIterator<OffsetSpan> {
    for (const [, v] of this.entries()) yield v;
  }

  [Symbol.iterator](): MapIterator<[string, OffsetSpan]> {
    return this.entries();
  }

  forEach(cb: (value: OffsetSpan, key: string, map: ReadonlyMap<string, OffsetSpan>) => void): void {
    for (const [k, v] of this.entries()) cb(v, k, this);
  }
}

/** `s` as a string of its own (not a slice that pins the text it was cut from). */
function ownCopy(s: string): string {
  // concatenation then slice: V8 flattens the (chunk-sized) concatenation into a new string
  return (` ${s}`).slice(1);
}
