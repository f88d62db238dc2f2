/**
 * The source map of a composed document, recorded cheaply and built on first use. Composing
 * records each node as a few numbers (its pointer as a parent id + a segment, and its spans);
 * the JSON-pointer strings and the Map are only made when someone reads the map. A valid file
 * whose diagnostics need no position never pays for them, which is most of an open's parse.
 *
 * Building replays the recorded operations in order on a real Map, so the result (entries,
 * their order, which of two records of one pointer wins) is exactly what eager recording gave.
 */
import type { OffsetSpan } from './types';
import { escapeSegment } from './pointer';

/** Pointer ids of the roots: the document, a complex key's swallowed value, a merge value. */
export const ROOT_ID = 0;
export const KEY_ROOT_ID = 1;
export const MERGE_ROOT_ID = 2;
const ROOTS = ['', '\u0000key', '\u0000merge'];

/** Pointers as ids: a child is its parent's id and a segment; strings are made on demand. */
export class PointerTable {
  private readonly parent: number[] = [-1, -1, -1];
  private readonly seg: Array<string | number> = ['', '', ''];
  private strings: Array<string | undefined> = [...ROOTS];

  child(parentId: number, seg: string | number): number {
    this.parent.push(parentId);
    this.seg.push(seg);
    return this.parent.length - 1;
  }

  pointer(id: number): string {
    const known = this.strings[id];
    if (known !== undefined) return known;
    // iterative: deep documents must not overflow the stack
    const chain: number[] = [];
    let cur = id;
    while (this.strings[cur] === undefined) {
      chain.push(cur);
      cur = this.parent[cur];
    }
    let s = this.strings[cur]!;
    for (let i = chain.length - 1; i >= 0; i--) {
      const c = chain[i];
      const seg = this.seg[c];
      s = `${s}/${typeof seg === 'number' ? seg : escapeSegment(seg)}`;
      this.strings[c] = s;
    }
    return s;
  }
}

const SET = 0;
const SET_IF_ABSENT = 1;
const STRIDE = 7;

export class LazyOffsetMap implements ReadonlyMap<string, OffsetSpan> {
  /** [kind, pointerId, keyStart, keyEnd, valueStart, valueEnd, unused] per operation; keyStart -1: no key. */
  private ops: number[] = [];
  private built: Map<string, OffsetSpan> | undefined;

  constructor(private readonly pointers: PointerTable) {}

  set(pointerId: number, vs: number, ve: number, ks = -1, ke = -1): void {
    if (this.built) {
      this.apply(SET, pointerId, ks, ke, vs, ve);
      return;
    }
    this.ops.push(SET, pointerId, ks, ke, vs, ve, 0);
  }

  /** Records `pointer` only if nothing recorded it before (merge keys). */
  setIfAbsent(pointerId: number, vs: number, ve: number, ks = -1, ke = -1): void {
    if (this.built) {
      this.apply(SET_IF_ABSENT, pointerId, ks, ke, vs, ve);
      return;
    }
    this.ops.push(SET_IF_ABSENT, pointerId, ks, ke, vs, ve, 0);
  }

  private apply(kind: number, id: number, ks: number, ke: number, vs: number, ve: number): void {
    const map = this.built!;
    const p = this.pointers.pointer(id);
    if (kind === SET_IF_ABSENT && map.has(p)) return;
    map.set(p, ks >= 0 ? { key: [ks, ke], value: [vs, ve] } : { value: [vs, ve] });
  }

  private map(): Map<string, OffsetSpan> {
    if (!this.built) {
      this.built = new Map();
      const ops = this.ops;
      this.ops = [];
      for (let i = 0; i < ops.length; i += STRIDE) this.apply(ops[i], ops[i + 1], ops[i + 2], ops[i + 3], ops[i + 4], ops[i + 5]);
    }
    return this.built;
  }

  get(key: string): OffsetSpan | undefined {
    return this.map().get(key);
  }

  has(key: string): boolean {
    return this.map().has(key);
  }

  get size(): number {
    return this.map().size;
  }

  forEach(cb: (value: OffsetSpan, key: string, map: ReadonlyMap<string, OffsetSpan>) => void, thisArg?: unknown): void {
    this.map().forEach((v, k) => cb.call(thisArg, v, k, this));
  }

  entries(): MapIterator<[string, OffsetSpan]> {
    return this.map().entries();
  }

  keys(): MapIterator<string> {
    return this.map().keys();
  }

  values(): MapIterator<OffsetSpan> {
    return this.map().values();
  }

  [Symbol.iterator](): MapIterator<[string, OffsetSpan]> {
    return this.map()[Symbol.iterator]();
  }
}
