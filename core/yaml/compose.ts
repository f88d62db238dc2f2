/**
 * js-yaml's positioned event stream → plain JSON values + offset source maps, one pass.
 * Handles anchors and aliases (shared values, no expansion), merge keys (`<<`), duplicate
 * keys (reported), non-scalar keys (reported) and alias-expansion limits.
 */
import type { Span, YamlDocument, YamlError } from './types';
import { resolvePlain, resolveTagged } from './scalars';
import { KEY_ROOT_ID, LazyOffsetMap, MERGE_ROOT_ID, PointerTable, ROOT_ID } from './lazyMap';

// js-yaml EVENT_ID values
const DOCUMENT = 1;
const SEQUENCE = 2;
const MAPPING = 3;
const SCALAR = 4;
const ALIAS = 5;
const POP = 6;
const PLAIN = 1;
const FLOW = 2;

/** Most values aliases may stand for in one document, against "billion laughs" input. */
export const MAX_EXPANDED_NODES = 1_000_000;

export interface YamlEvent {
  type: number;
  start?: number;
  valueStart?: number;
  valueEnd?: number;
  anchorStart?: number;
  anchorEnd?: number;
  tagStart?: number;
  tagEnd?: number;
  style?: number;
  fast?: boolean;
}

type ScalarDecoder = (source: string, ev: YamlEvent) => string;

interface Frame {
  kind: 'map' | 'seq';
  value: Record<string, unknown> | unknown[];
  /** Pointer id (PointerTable) of this collection. */
  pointer: number;
  start: number;
  end: number;
  flow: boolean;
  anchor?: string;
  /** Nodes below, counting alias expansions. */
  size: number;
  // mapping state: a key read, its value not yet (the keys written so far are `value`'s own keys)
  hasKey: boolean;
  key: string;
  keyStart: number;
  keyEnd: number;
  keyMerge: boolean;
  /** The key read last is known not to be in `value` yet (checked when it was read). */
  keyNew: boolean;
  merges?: Array<{ value: unknown; span: Span; keySpan: Span }>;
  index: number;
  /** The span recorded for this frame's key in its parent (members only; keyStart -1 when none). */
  ownKeyStart: number;
  ownKeyEnd: number;
}

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

interface Anchored {
  value: unknown;
  size: number;
}

/** Composes the documents of one event stream. */
export function composeEvents(source: string, events: YamlEvent[], decode: ScalarDecoder): YamlDocument[] {
  return new Composer(source, decode).run(events);
}

/** Composes events as a producer hands them over (`feed`), then `end`. */
export function eventComposer(source: string, decode: ScalarDecoder): { feed(ev: YamlEvent): void; end(): YamlDocument[] } {
  return new Composer(source, decode);
}

class Composer {
  private docs: YamlDocument[] = [];
  private stack: Frame[] = [];
  private anchors = new Map<string, Anchored>();
  private open = new Set<string>();
  private pointers = new PointerTable();
  private map = new LazyOffsetMap(this.pointers);
  // where the next value goes (set by `slot`): its pointer id and, for mapping values, the key's span
  private slotPointer = ROOT_ID;
  private slotKeyStart = -1;
  private slotKeyEnd = -1;
  private errors: YamlError[] = [];
  private docValue: unknown = null;
  private docStart = -1;
  private docEnd = -1;
  private expanded = 0;
  private aborted = false;
  private inDoc = false;

  constructor(
    private readonly src: string,
    private readonly decode: ScalarDecoder,
  ) {}

  run(events: YamlEvent[]): YamlDocument[] {
    for (let i = 0; i < events.length; i++) this.feed(events[i]);
    return this.end();
  }

  /** One event; the composer keeps nothing of `ev` itself (a producer may reuse the object). */
  feed(ev: YamlEvent): void {
    switch (ev.type) {
      case DOCUMENT:
        if (this.stack.length === 0 && this.inDoc) this.endDoc();
        this.inDoc = true;
        break;
      case SEQUENCE:
      case MAPPING:
        this.openCollection(ev);
        break;
      case SCALAR:
        this.scalar(ev);
        break;
      case ALIAS:
        this.alias(ev);
        break;
      case POP:
        if (this.stack.length) this.closeCollection();
        else if (this.inDoc) {
          this.endDoc();
          this.inDoc = false;
        }
        break;
      default:
        break;
    }
  }

  /** The documents composed from the events fed so far. */
  end(): YamlDocument[] {
    if (this.inDoc) this.endDoc();
    this.inDoc = false;
    return this.docs;
  }

  private endDoc(): void {
    this.docs.push({
      value: this.aborted ? undefined : this.docValue,
      map: this.map,
      start: Math.max(0, this.docStart),
      end: Math.max(0, this.docEnd),
      errors: this.errors,
    });
    this.anchors = new Map();
    this.open.clear();
    this.pointers = new PointerTable();
    this.map = new LazyOffsetMap(this.pointers);
    this.errors = [];
    this.docValue = null;
    this.docStart = -1;
    this.docEnd = -1;
    this.expanded = 0;
    this.aborted = false;
  }

  private error(code: YamlError['code'], message: string, start: number, end: number): void {
    this.errors.push({ code, message, start, end: Math.max(end, start + 1), severity: 'error' });
  }

  private anchorName(ev: YamlEvent): string | undefined {
    return ev.anchorStart !== undefined && ev.anchorStart >= 0 ? this.src.slice(ev.anchorStart, ev.anchorEnd) : undefined;
  }

  /** Where the next value goes (a value slot, never called when a key is expected): sets slotPointer/slotKey*. */
  private slot(): void {
    const top = this.stack[this.stack.length - 1];
    this.slotKeyStart = -1;
    this.slotKeyEnd = -1;
    if (!top) {
      this.slotPointer = ROOT_ID;
      return;
    }
    if (top.kind === 'seq') {
      this.slotPointer = this.pointers.child(top.pointer, top.index);
      return;
    }
    if (top.keyMerge) {
      this.slotPointer = MERGE_ROOT_ID;
      return;
    }
    this.slotPointer = this.pointers.child(top.pointer, top.key);
    this.slotKeyStart = top.keyStart;
    this.slotKeyEnd = top.keyEnd;
  }

  /** Whether the top collection is a mapping that expects a key next. */
  private expectsKey(top: Frame | undefined): boolean {
    return top !== undefined && top.kind === 'map' && !top.hasKey;
  }

  private setKey(top: Frame, key: string, start: number, end: number, merge: boolean, known = false): void {
    top.hasKey = true;
    top.key = key;
    top.keyStart = start;
    top.keyEnd = end;
    top.keyMerge = merge;
    top.keyNew = known;
  }

  private place(value: unknown, start: number, end: number, size: number): void {
    if (end > this.docEnd) this.docEnd = end;
    if (this.docStart < 0 || start < this.docStart) this.docStart = start;
    const top = this.stack[this.stack.length - 1];
    if (!top) {
      this.docValue = value;
      return;
    }
    top.size += size;
    if (end > top.end) top.end = end;
    if (top.kind === 'seq') {
      (top.value as unknown[]).push(value);
      top.index++;
      return;
    }
    top.hasKey = false;
    if (top.keyMerge) {
      (top.merges ??= []).push({ value, span: [start, end], keySpan: [top.keyStart, top.keyEnd] });
      return;
    }
    const obj = top.value as Record<string, unknown>;
    const key = top.key;
    if (!top.keyNew && hasOwn(obj, key)) return; // duplicate: reported at the key, first value kept
    if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
    else obj[key] = value;
  }

  private record(pointer: number, start: number, end: number, keyStart: number, keyEnd: number): void {
    if (pointer === MERGE_ROOT_ID) return;
    this.map.set(pointer, start, end, keyStart, keyEnd);
  }

  private scalar(ev: YamlEvent): void {
    const top = this.stack[this.stack.length - 1];
    let start = ev.valueStart!;
    let end = ev.valueEnd!;
    const text = start < 0 ? '' : this.decode(this.src, ev);
    const quoted = ev.style === 2 || ev.style === 3;
    if (start >= 0 && quoted) {
      start -= 1;
      end += 1;
    }
    const tag = ev.tagStart !== undefined && ev.tagStart >= 0 ? this.src.slice(ev.tagStart, ev.tagEnd) : undefined;
    const plain = ev.style === PLAIN;
    if (top && this.expectsKey(top)) {
      // a key
      if (start < 0) {
        start = end = this.lastEnd(top);
      }
      const merge = plain && text === '<<' && !tag;
      const key = text;
      if (!merge && hasOwn(top.value, key)) {
        this.error('duplicate-key', `duplicate key \`${clip(key)}\`; each key may appear once in a mapping`, start, end);
        this.setKey(top, key, start, end, false);
        return;
      }
      this.setKey(top, key, start, end, merge, !merge);
      return;
    }
    this.slot();
    let value: unknown;
    if (start < 0) {
      // an empty value: it sits right after its key (or at the parent's end)
      const at = this.slotKeyStart >= 0 ? this.slotKeyEnd : top ? top.end : 0;
      start = end = at;
      value = tag ? resolveTagged(tag, '', true) : null;
    } else if (tag) value = resolveTagged(tag, text, plain);
    else value = plain ? resolvePlain(text) : text;
    this.record(this.slotPointer, start, end, this.slotKeyStart, this.slotKeyEnd);
    const anchor = this.anchorName(ev);
    if (anchor) this.anchors.set(anchor, { value, size: 1 });
    this.place(value, start, end, 1);
  }

  private lastEnd(top: Frame): number {
    return top.end;
  }

  private alias(ev: YamlEvent): void {
    const top = this.stack[this.stack.length - 1];
    const name = this.src.slice(ev.anchorStart!, ev.anchorEnd);
    const span: Span = [ev.anchorStart! - 1, ev.anchorEnd!];
    if (top && this.expectsKey(top)) {
      this.error('yaml-key', 'keys must be plain scalars such as `name`; an alias cannot be a key here', span[0], span[1]);
      this.setKey(top, `*${name}`, span[0], span[1], false);
      return;
    }
    this.slot();
    let value: unknown = null;
    let size = 1;
    if (this.open.has(name)) {
      this.error('yaml-alias', `alias \`*${name}\` refers to a value that contains it`, span[0], span[1]);
    } else {
      const a = this.anchors.get(name);
      if (!a) this.error('yaml-alias', `unknown alias \`*${name}\`; define the anchor \`&${name}\` before using it`, span[0], span[1]);
      else {
        value = a.value;
        size = a.size;
        this.expanded += a.size;
        if (this.expanded > MAX_EXPANDED_NODES && !this.aborted) {
          this.aborted = true;
          this.error('yaml-alias-limit', `aliases expand to more than ${MAX_EXPANDED_NODES.toLocaleString('en-US')} values; is this an alias bomb?`, span[0], span[1]);
        }
      }
    }
    this.record(this.slotPointer, span[0], span[1], this.slotKeyStart, this.slotKeyEnd);
    this.place(value, span[0], span[1], size);
  }

  private openCollection(ev: YamlEvent): void {
    const top = this.stack[this.stack.length - 1];
    const start = ev.start!;
    const flow = ev.style === FLOW;
    if (top && this.expectsKey(top)) {
      // a collection as a key: report, and swallow it
      // valid YAML, but JSON (and most tools' maps) has text keys only: read as the key's text
      this.errors.push({ code: 'yaml-key', message: 'a list or mapping as a key: JSON keys are text, so this one is read as its text; most tools reject it', start, end: start + 1, severity: 'warning' });
      this.setKey(top, `\u0000complex${start}`, start, start + 1, false);
      this.stack.push(frame('seq', [], KEY_ROOT_ID, start, flow, undefined, 0, -1, -1));
      return;
    }
    this.slot();
    const anchor = this.anchorName(ev);
    if (anchor) this.open.add(anchor);
    const f = ev.type === MAPPING ? frame('map', {}, this.slotPointer, start, flow, anchor, 1, this.slotKeyStart, this.slotKeyEnd) : frame('seq', [], this.slotPointer, start, flow, anchor, 1, this.slotKeyStart, this.slotKeyEnd);
    // Recorded now so that the map stays in document order; the span is fixed on close.
    this.record(this.slotPointer, start, start + 1, this.slotKeyStart, this.slotKeyEnd);
    this.stack.push(f);
  }

  private closeCollection(): void {
    const f = this.stack.pop()!;
    if (f.kind === 'map' && f.hasKey) {
      // a key without a value event (should not happen with js-yaml): treat as null
      this.stack.push(f);
      this.scalar({ type: SCALAR, valueStart: -1, valueEnd: -1, style: PLAIN });
      this.stack.pop();
    }
    let end = f.end;
    if (f.flow) {
      const open = this.src[f.start];
      const close = open === '{' ? '}' : open === '[' ? ']' : f.kind === 'map' ? '}' : ']';
      const i = this.src.indexOf(close, end);
      if (i >= 0) end = i + 1;
    }
    f.end = end;
    if (f.merges) this.applyMerges(f);
    if (f.pointer === KEY_ROOT_ID) {
      // the swallowed key's value follows: the key is its text (`[a, b]`), one space for each run of white space
      const top = this.stack[this.stack.length - 1];
      if (top && top.kind === 'map' && top.hasKey) {
        const key = this.src.slice(f.start, end).replace(/\s+/g, ' ').trim();
        if (hasOwn(top.value, key)) {
          this.error('duplicate-key', `duplicate key \`${clip(key)}\`; each key may appear once in a mapping`, f.start, end);
          this.setKey(top, key, f.start, end, false);
        } else this.setKey(top, key, f.start, end, false, true);
      }
      return;
    }
    this.record(f.pointer, f.start, end, f.ownKeyStart, f.ownKeyEnd);
    if (f.anchor) {
      this.open.delete(f.anchor);
      this.anchors.set(f.anchor, { value: f.value, size: f.size });
    }
    this.place(f.value, f.start, end, f.size);
  }

  /** `<<: *base` / `<<: [*a, *b]`: keys of the merged maps unless written here or merged earlier. */
  private applyMerges(f: Frame): void {
    const obj = f.value as Record<string, unknown>;
    for (const m of f.merges!) {
      const sources = Array.isArray(m.value) ? m.value : [m.value];
      for (const src of sources) {
        if (src === null || typeof src !== 'object' || Array.isArray(src)) {
          this.error('yaml-alias', 'a merge key `<<` takes an alias to a mapping (`<<: *defaults`) or a list of them', m.span[0], m.span[1]);
          continue;
        }
        for (const [k, v] of Object.entries(src as Record<string, unknown>)) {
          if (Object.prototype.hasOwnProperty.call(obj, k)) continue;
          Object.defineProperty(obj, k, { value: v, enumerable: true, writable: true, configurable: true });
          this.map.setIfAbsent(this.pointers.child(f.pointer, k), m.span[0], m.span[1], m.keySpan[0], m.keySpan[1]);
        }
      }
    }
  }
}

function frame(kind: 'map' | 'seq', value: Frame['value'], pointer: number, start: number, flow: boolean, anchor: string | undefined, size: number, ownKeyStart: number, ownKeyEnd: number): Frame {
  return { kind, value, pointer, start, end: start + 1, flow, anchor, size, hasKey: false, key: '', keyStart: -1, keyEnd: -1, keyMerge: false, keyNew: false, index: 0, ownKeyStart, ownKeyEnd };
}

function clip(s: string, n = 40): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
