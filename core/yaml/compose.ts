/**
 * js-yaml's positioned event stream → plain JSON values + offset source maps, one pass.
 * Handles anchors and aliases (shared values, no expansion), merge keys (`<<`), duplicate
 * keys (reported), non-scalar keys (reported) and alias-expansion limits.
 */
import type { OffsetSpan, Span, YamlDocument, YamlError } from './types';
import { resolvePlain, resolveTagged } from './scalars';
import { childPointer } from './pointer';

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
  pointer: string;
  start: number;
  end: number;
  flow: boolean;
  anchor?: string;
  /** Nodes below, counting alias expansions. */
  size: number;
  // mapping state
  pendingKey?: { key: string; span: Span; merge: boolean } | null;
  awaitingKey?: boolean;
  explicit?: Set<string>;
  merges?: Array<{ value: unknown; span: Span; keySpan: Span }>;
  index?: number;
  /** The span recorded for this frame's key in its parent (members only). */
  keySpan?: Span;
}

interface Anchored {
  value: unknown;
  size: number;
}

/** Composes the documents of one event stream. */
export function composeEvents(source: string, events: YamlEvent[], decode: ScalarDecoder): YamlDocument[] {
  return new Composer(source, decode).run(events);
}

class Composer {
  private docs: YamlDocument[] = [];
  private stack: Frame[] = [];
  private anchors = new Map<string, Anchored>();
  private open = new Set<string>();
  private map = new Map<string, OffsetSpan>();
  private errors: YamlError[] = [];
  private docValue: unknown = null;
  private docStart = -1;
  private docEnd = -1;
  private expanded = 0;
  private aborted = false;

  constructor(
    private readonly src: string,
    private readonly decode: ScalarDecoder,
  ) {}

  run(events: YamlEvent[]): YamlDocument[] {
    let inDoc = false;
    for (let i = 0; i < events.length; i++) {
      const ev = events[i];
      switch (ev.type) {
        case DOCUMENT:
          if (this.stack.length === 0 && inDoc) this.endDoc();
          inDoc = true;
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
          else if (inDoc) {
            this.endDoc();
            inDoc = false;
          }
          break;
        default:
          break;
      }
    }
    if (inDoc) this.endDoc();
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
    this.map = new Map();
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

  /** Where the next value goes: its pointer and, for mapping values, the key's span. */
  private slot(): { pointer: string; keySpan?: Span } | { key: true } {
    const top = this.stack[this.stack.length - 1];
    if (!top) return { pointer: '' };
    if (top.kind === 'seq') return { pointer: childPointer(top.pointer, top.index!) };
    if (top.awaitingKey) return { key: true };
    const pk = top.pendingKey;
    if (!pk) return { key: true };
    if (pk.merge) return { pointer: '\u0000merge' };
    return { pointer: childPointer(top.pointer, pk.key), keySpan: pk.span };
  }

  private place(value: unknown, span: Span, size: number): void {
    if (span[1] > this.docEnd) this.docEnd = span[1];
    if (this.docStart < 0 || span[0] < this.docStart) this.docStart = span[0];
    const top = this.stack[this.stack.length - 1];
    if (!top) {
      this.docValue = value;
      return;
    }
    top.size += size;
    if (span[1] > top.end) top.end = span[1];
    if (top.kind === 'seq') {
      (top.value as unknown[]).push(value);
      top.index!++;
      return;
    }
    const pk = top.pendingKey!;
    top.pendingKey = null;
    top.awaitingKey = true;
    if (pk.merge) {
      (top.merges ??= []).push({ value, span, keySpan: pk.span });
      return;
    }
    const obj = top.value as Record<string, unknown>;
    if (top.explicit!.has(pk.key)) return; // duplicate: reported at the key, first value kept
    top.explicit!.add(pk.key);
    if (pk.key === '__proto__') Object.defineProperty(obj, pk.key, { value, enumerable: true, writable: true, configurable: true });
    else obj[pk.key] = value;
  }

  private record(pointer: string, span: Span, keySpan?: Span): void {
    if (pointer === '\u0000merge') return;
    const entry: OffsetSpan = keySpan ? { key: keySpan, value: span } : { value: span };
    this.map.set(pointer, entry);
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
    if (top && top.kind === 'map' && (top.awaitingKey || !top.pendingKey)) {
      // a key
      if (start < 0) {
        start = end = this.lastEnd(top);
      }
      const merge = plain && text === '<<' && !tag;
      const key = text;
      const span: Span = [start, end];
      if (!merge && top.explicit!.has(key)) {
        this.error('duplicate-key', `duplicate key \`${clip(key)}\`; each key may appear once in a mapping`, start, end);
        top.pendingKey = { key, span, merge: false };
        top.awaitingKey = false;
        return;
      }
      top.pendingKey = { key, span, merge };
      top.awaitingKey = false;
      return;
    }
    const s = this.slot() as { pointer: string; keySpan?: Span };
    let value: unknown;
    if (start < 0) {
      // an empty value: it sits right after its key (or at the parent's end)
      const at = s.keySpan ? s.keySpan[1] : top ? top.end : 0;
      start = end = at;
      value = tag ? resolveTagged(tag, '', true) : null;
    } else if (tag) value = resolveTagged(tag, text, plain);
    else value = plain ? resolvePlain(text) : text;
    const span: Span = [start, end];
    this.record(s.pointer, span, s.keySpan);
    const anchor = this.anchorName(ev);
    if (anchor) this.anchors.set(anchor, { value, size: 1 });
    this.place(value, span, 1);
  }

  private lastEnd(top: Frame): number {
    return top.end;
  }

  private alias(ev: YamlEvent): void {
    const top = this.stack[this.stack.length - 1];
    const name = this.src.slice(ev.anchorStart!, ev.anchorEnd);
    const span: Span = [ev.anchorStart! - 1, ev.anchorEnd!];
    if (top && top.kind === 'map' && (top.awaitingKey || !top.pendingKey)) {
      this.error('yaml-key', 'keys must be plain scalars such as `name`; an alias cannot be a key here', span[0], span[1]);
      top.pendingKey = { key: `*${name}`, span, merge: false };
      top.awaitingKey = false;
      return;
    }
    const s = this.slot() as { pointer: string; keySpan?: Span };
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
    this.record(s.pointer, span, s.keySpan);
    this.place(value, span, size);
  }

  private openCollection(ev: YamlEvent): void {
    const top = this.stack[this.stack.length - 1];
    const start = ev.start!;
    const flow = ev.style === FLOW;
    if (top && top.kind === 'map' && (top.awaitingKey || !top.pendingKey)) {
      // a collection as a key: report, and swallow it
      this.error('yaml-key', 'keys must be plain scalars such as `name`; a list or mapping cannot be a key', start, start + 1);
      top.pendingKey = { key: `\u0000complex${start}`, span: [start, start + 1], merge: false };
      top.awaitingKey = false;
      this.stack.push({ kind: 'seq', value: [], pointer: '\u0000key', start, end: start + 1, flow, size: 0, index: 0 });
      return;
    }
    const s = this.slot() as { pointer: string; keySpan?: Span };
    const anchor = this.anchorName(ev);
    if (anchor) this.open.add(anchor);
    const frame: Frame =
      ev.type === MAPPING
        ? { kind: 'map', value: {}, pointer: s.pointer, start, end: start + 1, flow, anchor, size: 1, pendingKey: null, awaitingKey: true, explicit: new Set(), keySpan: s.keySpan }
        : { kind: 'seq', value: [], pointer: s.pointer, start, end: start + 1, flow, anchor, size: 1, index: 0, keySpan: s.keySpan };
    // Recorded now so that the map stays in document order; the span is fixed on close.
    this.record(s.pointer, [start, start + 1], s.keySpan);
    this.stack.push(frame);
  }

  private closeCollection(): void {
    const f = this.stack.pop()!;
    if (f.kind === 'map' && f.pendingKey && !f.awaitingKey) {
      // a key without a value event (should not happen with js-yaml): treat as null
      this.stack.push(f);
      this.scalar({ type: SCALAR, valueStart: -1, valueEnd: -1, style: PLAIN });
      this.stack.pop();
    }
    let end = f.end;
    if (f.flow) {
      const close = f.kind === 'map' ? '}' : ']';
      const i = this.src.indexOf(close, end);
      if (i >= 0) end = i + 1;
    }
    f.end = end;
    if (f.merges) this.applyMerges(f);
    if (f.pointer === '\u0000key') {
      this.place(null, [f.start, end], 0);
      // the swallowed key's value follows; nothing recorded for the key itself
      return;
    }
    const span: Span = [f.start, end];
    this.record(f.pointer, span, f.keySpan);
    if (f.anchor) {
      this.open.delete(f.anchor);
      this.anchors.set(f.anchor, { value: f.value, size: f.size });
    }
    this.place(f.value, span, f.size);
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
          const p = childPointer(f.pointer, k);
          if (!this.map.has(p)) this.map.set(p, { key: m.keySpan, value: m.span });
        }
      }
    }
  }
}

function clip(s: string, n = 40): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
