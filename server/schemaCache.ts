/**
 * What completion and hover look up per request, remembered: the schema of a YAML document
 * (per parse, settings and compiled schema) and the subschemas at a JSON pointer (per schema).
 * Requests then cost a few map lookups instead of an association, a walk of the schema and the
 * dereferencing on the way. Everything here is a pure function of what it is keyed on.
 */
import type { ParsedDocument } from './documents';
import type { SchemaService, SchemaResult } from './schema/service';
import type { ServerSettings } from './settings';
import { schemaWithOrigin, type DocSchema } from './schemaContext';
import { branchesFor, childSchemas, discriminated, expand, ifHolds, type Deref, type Instance, type Schema } from './schema/navigate';
import { splitPointer } from '../core/yaml';

interface DocSchemaEntry {
  settings: ServerSettings;
  schema: DocSchema | undefined;
  /** The compiled schema it came from (undefined: a Trainyard spec, nothing compiled). */
  uri?: string;
  res?: SchemaResult;
}

const docSchemas = new WeakMap<ParsedDocument, Map<number, DocSchemaEntry>>();

/** The schema of document `docIndex` when known without waiting, else the `NOT_READY` marker. */
export const NOT_READY: unique symbol = Symbol('not ready');

export function readyDocSchema(schemas: SchemaService, parsed: ParsedDocument, docIndex: number, settings: ServerSettings): DocSchema | undefined | typeof NOT_READY {
  const e = docSchemas.get(parsed)?.get(docIndex);
  // (the compiled schema is looked up again: one forgotten or reloaded since is not used)
  if (e && e.settings === settings && (e.uri === undefined || schemas.ready(e.uri) === e.res)) return e.schema;
  return NOT_READY;
}

/** `schemaFor`, remembered per parse (a version of the document), document and settings. */
export async function docSchema(schemas: SchemaService, parsed: ParsedDocument, docIndex: number, settings: ServerSettings): Promise<DocSchema | undefined> {
  const known = readyDocSchema(schemas, parsed, docIndex, settings);
  if (known !== NOT_READY) return known;
  const { schema, uri, res } = await schemaWithOrigin(schemas, parsed, docIndex, settings);
  if (!parsed.yaml?.docs[docIndex]) return schema;
  const entry: DocSchemaEntry = { settings, schema, uri, res: uri === undefined ? undefined : schemas.ready(uri) };
  // not kept (downloads off, or loading failed for now): ask again next time
  if (uri !== undefined && !entry.res) return schema;
  let byDoc = docSchemas.get(parsed);
  if (!byDoc) docSchemas.set(parsed, (byDoc = new Map()));
  byDoc.set(docIndex, entry);
  return schema;
}

/**
 * Subschema lists, interned: each list of schema objects exists once, so one step from a list
 * (`childSchemas`) is computed once per segment, whatever pointer led there (`/jobs/a/steps/0`
 * and `/jobs/b/steps/3` share their steps). Dereferencing is remembered per schema object,
 * which keeps the objects `$ref`s with siblings produce the same from one request to the next.
 */
class SchemaWalker {
  readonly deref: Deref;
  private readonly ids = new WeakMap<object, number>();
  private nextId = 1;
  private readonly interned = new Map<string, Schema[]>();
  private readonly steps = new WeakMap<Schema[], Map<string, Schema[]>>();
  private readonly byPointer = new Map<string, { list: Schema[]; conditional: boolean }>();
  private readonly ifLists = new WeakMap<Schema[], boolean>();
  private readonly refined = new WeakMap<Schema[], Map<string, Schema[]>>();
  private readonly expansions = new WeakMap<object, Schema[]>();
  private readonly rootList: Schema[];

  constructor(
    private readonly root: Schema,
    deref: Deref,
  ) {
    const memo = new WeakMap<object, Schema | undefined>();
    this.deref = (s) => {
      if (s === null || typeof s !== 'object') return deref(s);
      if (memo.has(s)) return memo.get(s);
      const d = deref(s);
      memo.set(s, d);
      return d;
    };
    this.rootList = this.intern(expand(root, this.deref));
  }

  /**
   * The schemas at `pointer`. Where an `if`/`then`/`else` is met on the way and the document's
   * value is given, the branches that do not apply to the value there are left out (walked
   * again for each request, since it depends on the value; the list is still interned).
   */
  at(pointer: string, rootValue?: Instance): Schema[] {
    let hit = this.byPointer.get(pointer);
    if (!hit) {
      let cur = this.rootList;
      let conditional = this.hasIf(cur);
      for (const seg of splitPointer(pointer)) {
        cur = this.step(cur, seg);
        if (cur.length === 0) break;
        conditional ||= this.hasIf(cur);
      }
      if (this.byPointer.size >= 10_000) this.byPointer.clear();
      this.byPointer.set(pointer, (hit = { list: cur, conditional }));
    }
    if (!hit.conditional || rootValue === undefined) return hit.list;
    // the same walk, each list narrowed to what applies to the value there (remembered per list and decision)
    let value = rootValue.v;
    let cur = this.refine(this.rootList, value);
    for (const seg of splitPointer(pointer)) {
      value = memberOf(value, seg);
      cur = this.step(cur, seg);
      if (cur.length === 0) break;
      cur = this.refine(cur, value);
    }
    return cur;
  }

  /**
   * `list` without the schemas that do not apply to `value`: the `then` or `else` an `if`
   * decides against, the `anyOf`/`oneOf` branches the value contradicts (navigate.ts's
   * `ifHolds` and `branchesFor`, as `expand` applies them with a value).
   */
  private refine(list: Schema[], value: unknown): Schema[] {
    if (value === undefined || !this.hasIf(list)) return list;
    let sig = '';
    const drop: unknown[] = [];
    const keep: unknown[] = [];
    for (const s of list) {
      if (s.if !== undefined && (s.then !== undefined || s.else !== undefined)) {
        const holds = ifHolds(s.if, value, this.deref);
        if (holds !== undefined) {
          const [no, yes] = holds ? [s.else, s.then] : [s.then, s.else];
          if (no && typeof no === 'object') drop.push(no);
          if (yes && typeof yes === 'object') keep.push(yes);
          sig += `${this.idOf(s)}${holds ? 't' : 'f'},`;
        }
      }
      for (const k of ['anyOf', 'oneOf']) {
        const bs = s[k];
        if (!Array.isArray(bs)) continue;
        const fits = branchesFor(bs, { v: value }, this.deref);
        if (fits.length === bs.length) continue;
        sig += `${this.idOf(s)}${k}`;
        for (let i = 0; i < bs.length; i++) {
          if (fits.includes(bs[i])) keep.push(bs[i]);
          else {
            drop.push(bs[i]);
            sig += `.${i}`;
          }
        }
        sig += ',';
      }
    }
    if (drop.length === 0) return list;
    let bySig = this.refined.get(list);
    if (!bySig) this.refined.set(list, (bySig = new Map()));
    let out = bySig.get(sig);
    if (!out) {
      const dropped = new Set<Schema>();
      for (const b of drop) for (const x of this.expanded(b)) dropped.add(x);
      // (a schema a kept branch also reaches stays)
      for (const b of keep) for (const x of this.expanded(b)) dropped.delete(x);
      out = this.intern(list.filter((x) => !dropped.has(x)));
      if (bySig.size >= 256) bySig.clear();
      bySig.set(sig, out);
    }
    return out;
  }

  private expanded(b: unknown): Schema[] {
    if (!b || typeof b !== 'object') return [];
    let e = this.expansions.get(b);
    if (!e) this.expansions.set(b, (e = expand(b as Schema, this.deref)));
    return e;
  }

  private idOf(s: Schema): number {
    let id = this.ids.get(s);
    if (id === undefined) this.ids.set(s, (id = this.nextId++));
    return id;
  }

  private hasIf(list: Schema[]): boolean {
    let r = this.ifLists.get(list);
    if (r === undefined) this.ifLists.set(list, (r = list.some((s) => (s.if !== undefined && (s.then !== undefined || s.else !== undefined)) || discriminated(s, this.deref))));
    return r;
  }

  private step(list: Schema[], seg: string): Schema[] {
    let next = this.steps.get(list);
    if (!next) this.steps.set(list, (next = new Map()));
    let out = next.get(seg);
    if (!out) {
      out = this.intern(childSchemas(list, seg, this.deref));
      // (segments a pattern or `additionalProperties` matches are the user's: keep a bound)
      if (next.size >= 1000) next.clear();
      next.set(seg, out);
    }
    return out;
  }

  private intern(list: Schema[]): Schema[] {
    let key = '';
    for (const s of list) {
      let id = this.ids.get(s);
      if (id === undefined) this.ids.set(s, (id = this.nextId++));
      key += `${id},`;
    }
    const have = this.interned.get(key);
    if (have) return have;
    this.interned.set(key, list);
    return list;
  }
}

function memberOf(v: unknown, seg: string): unknown {
  if (v === null || typeof v !== 'object') return undefined;
  if (Array.isArray(v)) return /^(0|[1-9][0-9]*)$/.test(seg) ? v[Number(seg)] : undefined;
  return Object.prototype.hasOwnProperty.call(v, seg) ? (v as Record<string, unknown>)[seg] : undefined;
}

const walkers = new WeakMap<Schema, SchemaWalker>();

function walker(schema: DocSchema): SchemaWalker {
  let w = walkers.get(schema.root);
  if (!w) walkers.set(schema.root, (w = new SchemaWalker(schema.root, schema.deref)));
  return w;
}

/**
 * `schemasAt(schema.root, pointer, schema.deref)`, remembered. The list returned is shared:
 * read it, never change it; equal lists are the same array, so results may be cached on it.
 */
export function schemasAtCached(schema: DocSchema, pointer: string, rootValue?: Instance): Schema[] {
  return walker(schema).at(pointer, rootValue);
}

/** The remembering deref of `schema` (same results as `schema.deref`, the same objects each time). */
export function cachedDeref(schema: DocSchema): Deref {
  return walker(schema).deref;
}
