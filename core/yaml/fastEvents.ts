/**
 * A fast scanner for the YAML most configuration files are written in: block mappings and
 * sequences (compact `- key: value` included), plain, quoted and block scalars on their own
 * lines, single-line flow collections, comments and `---` document markers. It yields exactly
 * the event stream js-yaml's `parseEvents` yields for the same text (same types, offsets,
 * styles, chomping and indentation), so the composer and everything after it cannot tell the
 * two apart. Anything outside that subset — anchors, aliases, tags, directives, multi-line
 * plain or quoted scalars, multi-line flow collections, explicit `?` keys, tabs, a CR outside
 * CR LF, unusual characters, and every syntax error — makes it answer `null`, and the caller
 * parses with js-yaml instead. So it can only be faster, never different (test/unit/yaml-fast.test.ts
 * compares the two streams on fixtures and on thousands of generated and mutated texts).
 *
 * Why: most of a big file's first parse is spent before V8 has optimised js-yaml's many small
 * functions; this scanner is a few tight loops over lines and characters that reach optimised
 * code quickly, so an open (a cold parse) costs a fraction of js-yaml's (docs/architecture.md).
 */
import type { YamlEvent } from './compose';

const DOCUMENT = 1;
const SEQUENCE = 2;
const MAPPING = 3;
const SCALAR = 4;
const POP = 6;
const PLAIN = 1;
const SINGLE = 2;
const DOUBLE = 3;
const LITERAL = 4;
const FOLDED = 5;
const BLOCK_COLLECTION = 1;
const FLOW_COLLECTION = 2;

/** An event with, where the scanner already knows it, the scalar's decoded text. */
export interface FastEvent extends YamlEvent {
  /** The scalar's value when the scanner decoded it (plain and single-line quoted scalars). */
  text?: string;
  /** Block scalars: js-yaml's chomping code and content indentation (for getScalarValue). */
  chomping?: number;
  indent?: number;
}

/** Characters this scanner leaves to js-yaml wherever they appear. */
const UNSUPPORTED_CHARS = /\r(?!\n)|[\t\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Line-start constructs left to js-yaml: directives and document end markers. */
const UNSUPPORTED_LINES = /^(?:%|\.\.\.(?:[ ]|$))/m;
/** Valid escapes in double-quoted scalars (one character after the backslash, or a hex form). */
const DOUBLE_ESCAPE = /^(?:[0abtnvfre "/\\N_LP]|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})/;
/** Collections nested deeper than this are left to js-yaml (which refuses depths over 100). */
const MAX_NESTING = 40;
/** Longest implicit key YAML allows. */
const MAX_KEY = 1024;

const SP = 32;
const NL = 10;
const CR = 13;
const HASH = 35;
const COLON = 58;
const DASH = 45;

class Bail extends Error {}
const BAIL = new Bail();

interface Frame {
  map: boolean;
  indent: number;
  /** A sequence at its parent mapping's indentation (`key:\n- a`). */
  indentless: boolean;
}

/** The events js-yaml would give for `src`, or null when `src` is outside the supported subset. */
export function fastEvents(src: string): FastEvent[] | null {
  const out: FastEvent[] = [];
  return scanInto(src, (e) => out.push(e), false) ? out : null;
}

/**
 * Hands the events of `src` to `sink` as they are found, each in one reused object (the sink
 * must copy what it keeps); false when `src` is outside the subset — the sink has then seen a
 * prefix of the stream and its state is to be thrown away.
 */
export function scanEvents(src: string, sink: (ev: FastEvent) => void): boolean {
  return scanInto(src, sink, true);
}

function scanInto(src: string, sink: (ev: FastEvent) => void, reuse: boolean): boolean {
  if (UNSUPPORTED_CHARS.test(src) || UNSUPPORTED_LINES.test(src)) return false;
  try {
    new Scanner(src, sink, reuse).run();
    return true;
  } catch (e) {
    if (e === BAIL) return false;
    throw e;
  }
}

const POP_EVENT: FastEvent = { type: POP };

function scalarEvent(valueStart: number, valueEnd: number, style: number, fast: boolean, text: string | undefined, chomping = 1, indent = -1): FastEvent {
  // (no anchor or tag fields: this scanner declines texts with anchors and tags, and the composer
  // reads an absent field as "none", like js-yaml's -1)
  return text !== undefined ? { type: SCALAR, valueStart, valueEnd, style, text } : { type: SCALAR, valueStart, valueEnd, style, chomping, indent, fast };
}

function collectionEvent(type: number, start: number, style: number): FastEvent {
  return { type, start, style };
}

class Scanner {
  /** Collections open now (block and flow); deeper texts are left to js-yaml and its depth limit. */
  private depth = 0;
  /** In reuse mode the one scalar and one collection event handed to the sink, refilled each time. */
  private readonly sev: FastEvent = { type: SCALAR, valueStart: -1, valueEnd: -1, style: PLAIN, chomping: 1, indent: -1, fast: false, text: undefined };
  private readonly cev: FastEvent = { type: MAPPING, start: 0, style: BLOCK_COLLECTION };
  private readonly stack: Frame[] = [];
  /** 0: nothing waits; 1: a mapping key waits for its value; 2: a sequence entry does. */
  private pending = 0;
  private inDoc = false;
  private rootDone = false;
  private readonly n: number;
  /** The last plain key looksLikeKey found: where it starts and its colon (so keyValue need not scan again). */
  private keyAt = -1;
  private keyColon = -1;
  /** Where the line after the current one starts (past its CR LF or LF). */
  private next = 0;

  constructor(
    private readonly s: string,
    private readonly sink: (ev: FastEvent) => void,
    private readonly reuse: boolean,
  ) {
    this.n = s.length;
  }

  private scalar(valueStart: number, valueEnd: number, style: number, fast: boolean, text: string | undefined, chomping = 1, indent = -1): void {
    if (!this.reuse) {
      this.sink(scalarEvent(valueStart, valueEnd, style, fast, text, chomping, indent));
      return;
    }
    const e = this.sev;
    e.valueStart = valueStart;
    e.valueEnd = valueEnd;
    e.style = style;
    e.fast = fast;
    e.text = text;
    e.chomping = chomping;
    e.indent = indent;
    this.sink(e);
  }

  private open(type: number, start: number, style: number): void {
    if (++this.depth > MAX_NESTING) throw BAIL;
    if (!this.reuse) {
      this.sink(collectionEvent(type, start, style));
      return;
    }
    const e = this.cev;
    e.type = type;
    e.start = start;
    e.style = style;
    this.sink(e);
  }

  private pop(): void {
    if (this.depth > 0) this.depth--;
    this.sink(POP_EVENT);
  }

  run(): void {
    const s = this.s;
    let ls = 0;
    while (ls < this.n) {
      let le = s.indexOf('\n', ls);
      if (le < 0) le = this.n;
      this.next = le + 1;
      if (le > ls && s.charCodeAt(le - 1) === CR) le--;
      let p = ls;
      while (p < le && s.charCodeAt(p) === SP) p++;
      if (p === le || s.charCodeAt(p) === HASH) {
        ls = this.next;
        continue;
      }
      if (p === ls && s.startsWith('---', ls) && (le === ls + 3 || s.charCodeAt(ls + 3) === SP)) {
        // a document start marker: only a comment may follow it on its line
        const q = this.skipSpaces(ls + 3, le);
        if (q < le && s.charCodeAt(q) !== HASH) throw BAIL;
        if (this.inDoc) {
          if (!this.rootDone && this.stack.length === 0 && this.pending === 0) throw BAIL; // an empty document
          this.endDocument();
        }
        this.startDocument(true);
        ls = this.next;
        continue;
      }
      if (!this.inDoc) this.startDocument(false);
      ls = this.line(ls, p, le);
    }
    if (this.inDoc) {
      if (!this.rootDone && this.stack.length === 0 && this.pending === 0) throw BAIL;
      this.endDocument();
    }
  }

  private startDocument(explicit: boolean): void {
    this.depth = 0;
    this.sink({ type: DOCUMENT, explicitStart: explicit, explicitEnd: false, directives: [] } as unknown as FastEvent);
    this.inDoc = true;
    this.rootDone = false;
  }

  private endDocument(): void {
    if (this.pending) this.emptyValue();
    while (this.stack.length) this.close();
    this.pop();
    this.inDoc = false;
  }

  private emptyValue(): void {
    this.scalar(-1, -1, PLAIN, false, undefined);
    this.pending = 0;
  }

  private close(): void {
    this.stack.pop();
    this.pop();
    if (this.stack.length === 0) this.rootDone = true;
  }

  private skipSpaces(i: number, le: number): number {
    while (i < le && this.s.charCodeAt(i) === SP) i++;
    return i;
  }

  /** One line with content at `p` (its indentation is p - ls); returns where the next line starts. */
  private line(ls: number, p: number, le: number): number {
    const ind = p - ls;
    const s = this.s;
    const isDash = s.charCodeAt(p) === DASH && (p + 1 === le || s.charCodeAt(p + 1) === SP);
    if (this.pending) {
      const top = this.stack[this.stack.length - 1];
      if (ind > top.indent) {
        this.pending = 0;
        return this.node(ls, p, le);
      }
      if (this.pending === 1 && ind === top.indent && isDash) {
        // `key:` then `- item` at the key's own indentation
        this.pending = 0;
        this.stack.push({ map: false, indent: ind, indentless: true });
        this.open(SEQUENCE, p, BLOCK_COLLECTION);
        return this.entry(ls, p, le);
      }
      this.emptyValue();
    }
    while (this.stack.length && this.stack[this.stack.length - 1].indent > ind) this.close();
    let top = this.stack[this.stack.length - 1];
    if (top && top.indentless && top.indent === ind && !isDash) {
      this.close();
      top = this.stack[this.stack.length - 1];
    }
    if (!top) {
      if (this.rootDone) throw BAIL;
      return this.node(ls, p, le);
    }
    if (top.indent !== ind) throw BAIL;
    if (top.map) return this.keyValue(p, le);
    if (!isDash) throw BAIL;
    return this.entry(ls, p, le);
  }

  /** A block node starting at `p` on its line: a sequence, a mapping (else unsupported). */
  private node(ls: number, p: number, le: number): number {
    const s = this.s;
    const ind = p - ls;
    if (s.charCodeAt(p) === DASH && (p + 1 === le || s.charCodeAt(p + 1) === SP)) {
      this.stack.push({ map: false, indent: ind, indentless: false });
      this.open(SEQUENCE, p, BLOCK_COLLECTION);
      return this.entry(ls, p, le);
    }
    if (!this.looksLikeKey(p, le)) throw BAIL;
    this.stack.push({ map: true, indent: ind, indentless: false });
    this.open(MAPPING, p, BLOCK_COLLECTION);
    return this.keyValue(p, le);
  }

  /** `- …` at `p`: the entry's content follows the dash on the same line, or on later lines. */
  private entry(ls: number, p: number, le: number): number {
    const s = this.s;
    const q = this.skipSpaces(p + 1, le);
    if (q === le || s.charCodeAt(q) === HASH) {
      this.pending = 2;
      return this.next;
    }
    const c = s.charCodeAt(q);
    if (c === DASH && (q + 1 === le || s.charCodeAt(q + 1) === SP)) throw BAIL; // `- - x`
    if (this.looksLikeKey(q, le)) {
      // a compact mapping: `- key: value`
      this.stack.push({ map: true, indent: q - ls, indentless: false });
      this.open(MAPPING, q, BLOCK_COLLECTION);
      return this.keyValue(q, le);
    }
    return this.value(q, le, this.stack[this.stack.length - 1].indent);
  }

  /** Whether the line from `p` is `key: …` / `key:` with a plain or quoted key. */
  private looksLikeKey(p: number, le: number): boolean {
    const s = this.s;
    const c = s.charCodeAt(p);
    if (c === 34 || c === 39) {
      const close = this.quoteEnd(p, le);
      return close >= 0 && close + 1 < le + 1 && s.charCodeAt(close + 1) === COLON && (close + 2 >= le || s.charCodeAt(close + 2) === SP);
    }
    const colon = this.plainKeyEnd(p, le);
    this.keyAt = p;
    this.keyColon = colon;
    return colon >= 0;
  }

  /** The offset of the closing quote of the quoted scalar opening at `p`, on this line; -1 if none. */
  private quoteEnd(p: number, le: number): number {
    const s = this.s;
    const q = s.charCodeAt(p);
    for (let i = p + 1; i < le; i++) {
      const c = s.charCodeAt(i);
      if (q === 34 && c === 92) {
        i++;
        continue;
      }
      if (c === q) {
        if (q === 39 && i + 1 < le && s.charCodeAt(i + 1) === 39) {
          i++;
          continue;
        }
        return i;
      }
    }
    return -1;
  }

  /** The offset of the `:` ending the plain key at `p`, or -1 when the line holds no plain key there. */
  private plainKeyEnd(p: number, le: number): number {
    const s = this.s;
    if (isIndicator(s.charCodeAt(p))) return -1;
    for (let i = p; i < le; i++) {
      const c = s.charCodeAt(i);
      if (c === COLON && (i + 1 === le || s.charCodeAt(i + 1) === SP)) {
        if (i === p || s.charCodeAt(i - 1) === SP || i - p > MAX_KEY) return -1;
        return i;
      }
      if (c === HASH && s.charCodeAt(i - 1) === SP) return -1;
    }
    return -1;
  }

  /** `key: value` at `p` (a key already checked by looksLikeKey or required here). */
  private keyValue(p: number, le: number): number {
    const s = this.s;
    const c = s.charCodeAt(p);
    let colon: number;
    if (c === 34 || c === 39) {
      const close = this.quoteEnd(p, le);
      if (close < 0 || s.charCodeAt(close + 1) !== COLON || (close + 2 < le && s.charCodeAt(close + 2) !== SP)) throw BAIL;
      this.quoted(p, close);
      colon = close + 1;
    } else {
      colon = this.keyAt === p ? this.keyColon : this.plainKeyEnd(p, le);
      if (colon < 0) throw BAIL;
      const key = s.slice(p, colon);
      if (key === '<<') throw BAIL;
      this.scalar(p, colon, PLAIN, true, key);
    }
    const q = this.skipSpaces(colon + 1, le);
    if (q === le || s.charCodeAt(q) === HASH) {
      this.pending = 1;
      return this.next;
    }
    return this.value(q, le, this.stack[this.stack.length - 1].indent);
  }

  /** A quoted scalar from `p` to its closing quote `close` (same line). */
  private quoted(p: number, close: number): void {
    const s = this.s;
    const single = s.charCodeAt(p) === 39;
    const body = s.slice(p + 1, close);
    if (single) {
      const fast = body.indexOf("''") < 0;
      this.scalar(p + 1, close, SINGLE, fast, fast ? body : body.replace(/''/g, "'"));
      return;
    }
    const bs = body.indexOf('\\');
    if (bs < 0) {
      this.scalar(p + 1, close, DOUBLE, true, body);
      return;
    }
    for (let i = bs; i < body.length; i++) {
      if (body.charCodeAt(i) !== 92) continue;
      const m = DOUBLE_ESCAPE.exec(body.slice(i + 1, i + 10));
      if (!m) throw BAIL;
      i += m[0].length;
    }
    this.scalar(p + 1, close, DOUBLE, false, undefined);
  }

  /** A value starting at `q` on its line, owned by the collection indented `owner`. */
  private value(q: number, le: number, owner: number): number {
    const s = this.s;
    const c = s.charCodeAt(q);
    switch (c) {
      case 124: // |
      case 62: // >
        return this.blockScalar(q, le, owner);
      case 34:
      case 39: {
        const close = this.quoteEnd(q, le);
        if (close < 0) throw BAIL;
        this.quoted(q, close);
        this.lineRest(close + 1, le);
        return this.next;
      }
      case 91: // [
      case 123: {
        // {
        const end = this.flow(q, le);
        this.lineRest(end, le);
        return this.next;
      }
      default:
        break;
    }
    if (isIndicator(c) && !(c === DASH && q + 1 < le && s.charCodeAt(q + 1) !== SP)) throw BAIL;
    // a plain scalar: to the end of the line or a comment
    let end = le;
    for (let i = q; i < le; i++) {
      const d = s.charCodeAt(i);
      if (d === HASH && s.charCodeAt(i - 1) === SP) {
        end = i;
        break;
      }
      if (d === COLON && (i + 1 === le || s.charCodeAt(i + 1) === SP)) throw BAIL;
    }
    while (end > q && s.charCodeAt(end - 1) === SP) end--;
    this.scalar(q, end, PLAIN, true, s.slice(q, end));
    return this.next;
  }

  /** After a quoted scalar or flow collection: only spaces and a comment may follow. */
  private lineRest(i: number, le: number): void {
    const j = this.skipSpaces(i, le);
    if (j === le) return;
    if (this.s.charCodeAt(j) === HASH && j > i) return;
    throw BAIL;
  }

  /** `|` or `>` at `q`: the header, then the lines indented deeper than `owner`. Returns the next line's start. */
  private blockScalar(q: number, le: number, owner: number): number {
    const s = this.s;
    const style = s.charCodeAt(q) === 124 ? LITERAL : FOLDED;
    let i = q + 1;
    let chomping = 1;
    const k = s.charCodeAt(i);
    if (k === DASH) {
      chomping = 2;
      i++;
    } else if (k === 43) {
      chomping = 3;
      i++;
    }
    if (i < le && s.charCodeAt(i) !== SP) throw BAIL; // an indentation indicator, or junk
    this.lineRest(i, le);
    const start = this.next;
    if (start > this.n) throw BAIL;
    // find the content indentation: the first non-blank line's
    let ls = start;
    let indent = -1;
    let maxBlank = 0;
    while (ls < this.n) {
      const { e, ce, p } = this.measure(ls);
      if (p < ce) {
        if (p - ls > owner) indent = p - ls;
        break;
      }
      if (e === this.n) throw BAIL; // spaces up to the end of the text
      if (p - ls > maxBlank) maxBlank = p - ls;
      ls = e + 1;
    }
    if (indent < 0) {
      // empty: ends where the next less-indented line starts (blank lines before it included)
      if (maxBlank > owner) throw BAIL;
      if (ls >= this.n && s.charCodeAt(this.n - 1) !== NL) throw BAIL;
      this.scalar(start, Math.min(ls, this.n), style, false, undefined, chomping, -1);
      return ls;
    }
    if (maxBlank > indent) throw BAIL;
    // content: lines indented at least `indent`, and blank lines
    let end = ls;
    while (ls < this.n) {
      const { e, ce, p } = this.measure(ls);
      if (p < ce && p - ls < indent) break;
      if (e === this.n) {
        if (p === ce) throw BAIL; // trailing spaces without a line break
        end = this.n;
        ls = this.n;
        break;
      }
      ls = e + 1;
      end = ls;
    }
    if (end !== ls) throw BAIL;
    this.scalar(start, end, style, false, undefined, chomping, indent);
    return end;
  }

  /** The line starting at `ls`: its line break (e), the end of its content before any CR (ce), its first non-space (p). */
  private measure(ls: number): { e: number; ce: number; p: number } {
    const s = this.s;
    let e = s.indexOf('\n', ls);
    if (e < 0) e = this.n;
    const ce = e > ls && s.charCodeAt(e - 1) === CR ? e - 1 : e;
    let p = ls;
    while (p < ce && s.charCodeAt(p) === SP) p++;
    return { e, ce, p };
  }

  /** A flow collection opening at `q` and closing on the same line; returns the offset after it. */
  private flow(q: number, le: number): number {
    const s = this.s;
    const isMap = s.charCodeAt(q) === 123;
    const closeCh = isMap ? 125 : 93;
    this.open(isMap ? MAPPING : SEQUENCE, q, FLOW_COLLECTION);
    let i = q + 1;
    let first = true;
    for (;;) {
      i = this.skipSpaces(i, le);
      if (i >= le) throw BAIL;
      const c = s.charCodeAt(i);
      if (c === closeCh) {
        this.pop();
        return i + 1;
      }
      if (c === 44 && first) throw BAIL; // [, …]
      if (isMap) {
        i = this.flowItem(i, le, true);
        i = this.skipSpaces(i, le);
        if (s.charCodeAt(i) !== COLON || (i + 1 < le && s.charCodeAt(i + 1) !== SP)) throw BAIL;
        i = this.skipSpaces(i + 1, le);
        const v = s.charCodeAt(i);
        if (i >= le || v === 44 || v === closeCh) throw BAIL; // an empty value
        i = this.flowItem(i, le, false);
      } else {
        i = this.flowItem(i, le, false);
      }
      i = this.skipSpaces(i, le);
      const d = s.charCodeAt(i);
      if (d === 44) {
        i++;
        first = false;
        continue;
      }
      if (d !== closeCh) throw BAIL;
    }
  }

  /** One flow item (scalar or nested collection) at `i`; returns the offset after it. */
  private flowItem(i: number, le: number, key: boolean): number {
    const s = this.s;
    const c = s.charCodeAt(i);
    if (c === 91 || c === 123) {
      if (key) throw BAIL;
      return this.flow(i, le);
    }
    if (c === 34 || c === 39) {
      const close = this.quoteEnd(i, le);
      if (close < 0) throw BAIL;
      this.quoted(i, close);
      const n = s.charCodeAt(close + 1);
      if (!(n === SP || n === 44 || n === 93 || n === 125 || (key && n === COLON))) throw BAIL;
      if (!key && n === COLON) throw BAIL;
      return close + 1;
    }
    if (isIndicator(c) && !(c === DASH && i + 1 < le && !isFlowBreak(s.charCodeAt(i + 1)))) throw BAIL;
    let j = i;
    for (; j < le; j++) {
      const d = s.charCodeAt(j);
      if (d === 44 || d === 91 || d === 93 || d === 123 || d === 125) break;
      if (d === COLON) {
        const n = j + 1 < le ? s.charCodeAt(j + 1) : SP;
        if (n === SP || n === 44 || n === 93 || n === 125 || n === 91 || n === 123) break;
      }
      if (d === HASH && s.charCodeAt(j - 1) === SP) throw BAIL;
    }
    let end = j;
    while (end > i && s.charCodeAt(end - 1) === SP) end--;
    if (end === i) throw BAIL;
    if (!key && s.charCodeAt(j) === COLON) throw BAIL; // `[a: b]` (a single-pair mapping)
    if (s.charCodeAt(j) === 91 || s.charCodeAt(j) === 123) throw BAIL;
    this.scalar(i, end, PLAIN, true, s.slice(i, end));
    return end;
  }
}

/** A space or a flow indicator: what may not follow a `-` that starts a plain scalar in a flow collection. */
function isFlowBreak(c: number): boolean {
  return c === SP || c === 44 || c === 91 || c === 93 || c === 123 || c === 125;
}

/** Characters that cannot start a plain scalar or key here (kept strict: `-`, `?`, `:` included). */
function isIndicator(c: number): boolean {
  switch (c) {
    case 45: // -
    case 63: // ?
    case 58: // :
    case 44: // ,
    case 91: // [
    case 93: // ]
    case 123: // {
    case 125: // }
    case 35: // #
    case 38: // &
    case 42: // *
    case 33: // !
    case 124: // |
    case 62: // >
    case 39: // '
    case 34: // "
    case 37: // %
    case 64: // @
    case 96: // `
      return true;
    default:
      return false;
  }
}
