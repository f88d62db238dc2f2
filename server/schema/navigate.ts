/**
 * Schema navigation for completion and hover: the (dereferenced, flattened) subschemas that
 * describe the value at a JSON pointer. Combinators are followed and unioned: a key offered
 * by any branch is offered. `$ref`s resolve inside the schema document (`#/…`, `$id`s of
 * subschemas) or through the resolver passed in (Trainyard's multi-file schemas).
 */
import { splitPointer } from '../../core/yaml';
import { regExp } from './regexp';

export type Schema = { [keyword: string]: any };
export type Deref = (s: Schema) => Schema | undefined;

/** The other documents a compiled schema's `$ref`s name, by the root object Ajv compiled (set by the compiler). */
const referenced = new WeakMap<object, { id: string; docs: ReadonlyArray<{ uri: string; schema: unknown }> }>();

export function setReferencedDocuments(root: object, id: string, docs: ReadonlyArray<{ uri: string; schema: unknown }>): void {
  referenced.set(root, { id, docs });
}

function resolveUri(ref: string, base: string): string | undefined {
  if (!base) return undefined;
  try {
    return new URL(ref, base).href;
  } catch {
    return undefined;
  }
}

const DATA = new Set(['enum', 'const', 'default', 'examples']);

/**
 * A deref for a schema document and the documents it refers to (`setReferencedDocuments`). A
 * `$ref` resolves against the base URI of the schema object holding it (its document's, or an
 * embedded `$id`'s): `#/…` pointers, `$anchor`s and `$dynamicAnchor`s, other documents (by URI
 * or `$id`). `$dynamicRef` and `$recursiveRef` resolve statically, like a `$ref`.
 */
export function documentDeref(root: Schema): Deref {
  const extra = referenced.get(root);
  const ownId = typeof root.$id === 'string' ? root.$id : typeof root.id === 'string' ? root.id : undefined;
  const rootBase = (ownId && resolveUri(ownId, extra?.id ?? ownId)) ?? extra?.id ?? '';
  const strip = (u: string) => (u.indexOf('#') >= 0 ? u.slice(0, u.indexOf('#')) : u);
  /** `$id`/`$anchor` as written (`"$ref": "item.json"` when the base cannot resolve it). */
  const ids = new Map<string, Schema>();
  const byUri = new Map<string, Schema>();
  const anchors = new Map<string, Schema>();
  const baseOf = new WeakMap<object, string>();
  const seen = new Set<unknown>();
  const index = (doc: unknown, docBase: string) => {
    const stack: Array<[unknown, string]> = [[doc, docBase]];
    while (stack.length) {
      const [cur, b] = stack.pop()!;
      if (!cur || typeof cur !== 'object' || seen.has(cur)) continue;
      seen.add(cur);
      let base = b;
      if (!Array.isArray(cur)) {
        const o = cur as Schema;
        const id = o.$id ?? o.id;
        if (typeof id === 'string') {
          if (cur !== root) ids.set(id, o);
          if (id.startsWith('#')) anchors.set(strip(base) + id, o);
          else {
            base = resolveUri(id, base) ?? base;
            byUri.set(strip(base), o);
          }
        }
        for (const a of [o.$anchor, o.$dynamicAnchor]) {
          if (typeof a !== 'string') continue;
          ids.set('#' + a, o);
          anchors.set(`${strip(base)}#${a}`, o);
        }
        baseOf.set(o, base);
      }
      for (const [k, v] of Object.entries(cur)) if (v && typeof v === 'object' && !(DATA.has(k) && !Array.isArray(cur))) stack.push([v, base]);
    }
  };
  if (rootBase) byUri.set(strip(rootBase), root);
  index(root, rootBase);
  for (const x of extra?.docs ?? []) {
    if (!x.schema || typeof x.schema !== 'object') continue;
    if (!byUri.has(strip(x.uri))) byUri.set(strip(x.uri), x.schema as Schema);
    index(x.schema, x.uri);
  }
  const lookup = (ref: string, base: string): Schema | undefined => {
    const abs = resolveUri(ref, base);
    if (abs) {
      const h = abs.indexOf('#');
      const docUri = h >= 0 ? abs.slice(0, h) : abs;
      const frag = h >= 0 ? abs.slice(h + 1) : '';
      const doc = byUri.get(docUri);
      if (doc) {
        if (frag === '') return doc;
        if (frag.startsWith('/')) return walk(doc, frag);
        const a = anchors.get(`${docUri}#${decodeURIComponent(frag)}`);
        if (a) return a;
      }
    }
    if (ref === '#') return root;
    if (ref.startsWith('#/')) return walk(root, ref.slice(1));
    if (ids.has(ref)) return ids.get(ref);
    const hash = ref.indexOf('#');
    const b = hash >= 0 ? ref.slice(0, hash) : ref;
    const doc = b === root.$id || b === '' ? root : ids.get(b);
    return doc && hash >= 0 ? walk(doc, ref.slice(hash + 1)) : doc;
  };
  const REFS = ['$ref', '$dynamicRef', '$recursiveRef'] as const;
  const deref: Deref = (s) => {
    let cur: Schema | undefined = s;
    for (let i = 0; i < 32 && cur; i++) {
      const kw = REFS.find((k) => typeof cur![k] === 'string');
      if (!kw) break;
      const ref: string = cur[kw];
      const { [kw]: _r, ...rest } = cur;
      const target = lookup(ref, baseOf.get(cur) ?? rootBase);
      if (!target) return Object.keys(rest).length ? rest : undefined;
      if (Object.keys(rest).length) {
        const merged: Schema = { ...target, ...rest };
        baseOf.set(merged, baseOf.get(target) ?? rootBase);
        cur = merged;
      } else cur = target;
    }
    return cur;
  };
  return deref;
}

function walk(doc: Schema, pointer: string): Schema | undefined {
  let cur: any = doc;
  for (const seg of splitPointer(decodeURIComponent(pointer))) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = cur[seg];
  }
  return cur && typeof cur === 'object' ? cur : cur === true ? {} : undefined;
}

/** `s` and everything it combines (allOf/anyOf/oneOf/then/else), dereferenced. */
export function expand(s: Schema | boolean | undefined, deref: Deref, depth = 0, value?: Instance): Schema[] {
  if (s === undefined || s === false) return [];
  if (s === true) return [{}];
  const d = deref(s);
  if (!d || depth > 12) return d ? [d] : [];
  const out: Schema[] = [d];
  if (Array.isArray(d.allOf)) for (const b of d.allOf) out.push(...expand(b, deref, depth + 1, value));
  for (const k of ['anyOf', 'oneOf']) if (Array.isArray(d[k])) for (const b of branchesFor(d[k], value, deref)) out.push(...expand(b as Schema | boolean, deref, depth + 1, value));
  // `if`: with the instance at hand and an `if` simple enough to decide, only the branch that
  // applies (a List item of `kind: Service` gets the Service keys); else both
  const holds = value !== undefined && value.v !== undefined && d.if !== undefined ? ifHolds(d.if, value.v, deref) : undefined;
  if (holds !== false && d.then && typeof d.then === 'object') out.push(...expand(d.then, deref, depth + 1, value));
  if (holds !== true && d.else && typeof d.else === 'object') out.push(...expand(d.else, deref, depth + 1, value));
  return out;
}

/**
 * The branches of an `anyOf`/`oneOf` that the object at hand can still be: those whose
 * discriminating properties (a `const` or `enum`) do not contradict a value the object has
 * (`type: hf` rules out the branch whose `type` is `const: local`). All of them when the value
 * is not known, not an object, or contradicts every branch (a half-typed value).
 */
export function branchesFor(branches: unknown[], value: Instance | undefined, deref: Deref): unknown[] {
  const v = value?.v;
  if (v === null || typeof v !== 'object' || Array.isArray(v) || branches.length < 2) return branches;
  const fits = branches.filter((b) => !contradicts(b, v as Record<string, unknown>, deref, 0));
  return fits.length ? fits : branches;
}

function contradicts(branch: unknown, obj: Record<string, unknown>, deref: Deref, depth: number): boolean {
  if (!branch || typeof branch !== 'object' || depth > 4) return false;
  const b = deref(branch as Schema);
  if (!b) return false;
  if (b.properties && typeof b.properties === 'object') {
    for (const [p, ps] of Object.entries<any>(b.properties)) {
      if (!Object.prototype.hasOwnProperty.call(obj, p)) continue;
      const x = obj[p];
      if (x === null || typeof x === 'object') continue; // (not written yet, or not a discriminator)
      const d = ps && typeof ps === 'object' ? deref(ps) : undefined;
      if (!d) continue;
      if (d.const !== undefined && d.const !== x) return true;
      if (Array.isArray(d.enum) && !d.enum.includes(x)) return true;
    }
  }
  return Array.isArray(b.allOf) && b.allOf.some((a: unknown) => contradicts(a, obj, deref, depth + 1));
}

/** Whether some `anyOf`/`oneOf` of `s` has branches told apart by a `const`/`enum` property. */
export function discriminated(s: Schema, deref: Deref): boolean {
  for (const k of ['anyOf', 'oneOf']) {
    const bs = s[k];
    if (!Array.isArray(bs) || bs.length < 2) continue;
    for (const b of bs) {
      const d = b && typeof b === 'object' ? deref(b) : undefined;
      for (const ps of Object.values<any>(d?.properties ?? {})) {
        const p = ps && typeof ps === 'object' ? deref(ps) : undefined;
        if (p && (p.const !== undefined || Array.isArray(p.enum))) return true;
      }
    }
  }
  return false;
}

/** An instance value, when known (`undefined` inside means the member is absent). */
export interface Instance {
  v: unknown;
}

const IF_ANNOTATIONS = new Set(['$comment', 'title', 'description', 'markdownDescription', '$id', '$schema', 'examples', 'default', 'deprecated', 'readOnly', 'writeOnly']);

/**
 * Whether `value` satisfies `schema`, for the simple schemas `if`s are written with (required
 * keys; properties with const/enum/type/pattern; allOf/anyOf/not of such): true or false when
 * decided, undefined when the schema uses anything else.
 */
export function ifHolds(schema: unknown, value: unknown, deref: Deref, depth = 0): boolean | undefined {
  if (schema === true) return true;
  if (schema === false) return false;
  if (!schema || typeof schema !== 'object' || depth > 8) return undefined;
  const d = deref(schema as Schema);
  if (!d) return undefined;
  let result = true as boolean | undefined;
  const and = (r: boolean | undefined) => {
    result = r === false || result === false ? false : r === undefined ? undefined : result;
  };
  const isObj = value !== null && typeof value === 'object' && !Array.isArray(value);
  for (const [k, sub] of Object.entries<any>(d)) {
    if (result === false) return false;
    if (IF_ANNOTATIONS.has(k)) continue;
    switch (k) {
      case '$ref':
        break; // (deref followed it)
      case 'const':
        and(value !== undefined && JSON.stringify(value) === JSON.stringify(sub));
        break;
      case 'enum':
        and(Array.isArray(sub) ? value !== undefined && sub.some((e) => JSON.stringify(e) === JSON.stringify(value)) : undefined);
        break;
      case 'type': {
        const types: unknown[] = Array.isArray(sub) ? sub : [sub];
        and(value === undefined ? false : types.some((t) => typeMatches(t, value)));
        break;
      }
      case 'pattern':
        if (typeof value !== 'string') break;
        try {
          and(regExp(String(sub), 'u').test(value));
        } catch {
          and(undefined);
        }
        break;
      case 'required':
        // (a null or half-typed scalar where keys are being written is an empty mapping: no key is there yet)
        if (!isObj && value !== undefined && !Array.isArray(value) && Array.isArray(sub)) and(sub.length === 0);
        else if (isObj && Array.isArray(sub)) and(sub.every((r) => Object.prototype.hasOwnProperty.call(value, r)));
        else if (!Array.isArray(sub)) and(undefined);
        break;
      case 'properties':
        if (!isObj || !sub || typeof sub !== 'object') break;
        for (const [pk, ps] of Object.entries<any>(sub)) {
          if (Object.prototype.hasOwnProperty.call(value, pk)) and(ifHolds(ps, (value as Record<string, unknown>)[pk], deref, depth + 1));
        }
        break;
      case 'allOf':
        if (Array.isArray(sub)) for (const b of sub) and(ifHolds(b, value, deref, depth + 1));
        else and(undefined);
        break;
      case 'anyOf': {
        if (!Array.isArray(sub)) {
          and(undefined);
          break;
        }
        const rs = sub.map((b) => ifHolds(b, value, deref, depth + 1));
        and(rs.some((r) => r === true) ? true : rs.every((r) => r === false) ? false : undefined);
        break;
      }
      case 'not': {
        const r = ifHolds(sub, value, deref, depth + 1);
        and(r === undefined ? undefined : !r);
        break;
      }
      default:
        and(undefined);
    }
  }
  return result;
}

function typeMatches(t: unknown, v: unknown): boolean {
  switch (t) {
    case 'null':
      return v === null;
    case 'boolean':
      return typeof v === 'boolean';
    case 'string':
      return typeof v === 'string';
    case 'number':
      return typeof v === 'number';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'array':
      return Array.isArray(v);
    case 'object':
      return v !== null && typeof v === 'object' && !Array.isArray(v);
    default:
      return false;
  }
}

/** Subschemas of one step into the instance. */
export function childSchemas(parents: Schema[], segment: string, deref: Deref, value?: Instance): Schema[] {
  const out: Schema[] = [];
  const isIndex = /^(0|[1-9][0-9]*|-)$/.test(segment);
  for (const s of parents) {
    if (s.properties && Object.prototype.hasOwnProperty.call(s.properties, segment)) {
      out.push(...expand(s.properties[segment], deref, 0, value));
      continue;
    }
    let matched = false;
    if (s.patternProperties) {
      for (const [pat, sub] of Object.entries<any>(s.patternProperties)) {
        try {
          if (regExp(pat, 'u').test(segment)) {
            out.push(...expand(sub, deref, 0, value));
            matched = true;
          }
        } catch {
          // a pattern JavaScript cannot read
        }
      }
    }
    if (matched) continue;
    if (isIndex) {
      const i = segment === '-' ? Infinity : Number(segment);
      if (Array.isArray(s.prefixItems) && i < s.prefixItems.length) out.push(...expand(s.prefixItems[i], deref, 0, value));
      else if (Array.isArray(s.items)) out.push(...expand(i < s.items.length ? s.items[i] : s.additionalItems, deref, 0, value));
      else if (s.items !== undefined) out.push(...expand(s.items, deref, 0, value));
      continue;
    }
    if (s.additionalProperties && typeof s.additionalProperties === 'object') out.push(...expand(s.additionalProperties, deref, 0, value));
  }
  return out;
}

export function schemasAt(root: Schema, pointer: string, deref: Deref, rootValue?: Instance): Schema[] {
  let value = rootValue;
  let cur = expand(root, deref, 0, value);
  for (const seg of splitPointer(pointer)) {
    value = value === undefined ? undefined : { v: memberOf(value.v, seg) };
    cur = childSchemas(cur, seg, deref, value);
    if (cur.length === 0) break;
  }
  return cur;
}

function memberOf(v: unknown, seg: string): unknown {
  if (v === null || typeof v !== 'object') return undefined;
  if (Array.isArray(v)) return /^(0|[1-9][0-9]*)$/.test(seg) ? v[Number(seg)] : undefined;
  return Object.prototype.hasOwnProperty.call(v, seg) ? (v as Record<string, unknown>)[seg] : undefined;
}

/** Declared properties across the schemas: name → the schemas that describe it, required flag. */
export function propertiesOf(schemas: Schema[], deref: Deref): Map<string, { schemas: Schema[]; required: boolean }> {
  const out = new Map<string, { schemas: Schema[]; required: boolean }>();
  for (const s of schemas) {
    for (const [k, v] of Object.entries<any>(s.properties ?? {})) {
      const e = out.get(k) ?? { schemas: [], required: false };
      e.schemas.push(...expand(v, deref));
      out.set(k, e);
    }
  }
  for (const s of schemas) for (const r of Array.isArray(s.required) ? s.required : []) {
    const e = out.get(r);
    if (e) e.required = true;
  }
  return out;
}
