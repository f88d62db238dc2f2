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

/** A deref for one self-contained schema document. */
export function documentDeref(root: Schema): Deref {
  const ids = new Map<string, Schema>();
  const stack: unknown[] = [root];
  const seen = new Set<unknown>();
  while (stack.length) {
    const cur = stack.pop();
    if (!cur || typeof cur !== 'object' || seen.has(cur)) continue;
    seen.add(cur);
    const id = (cur as Schema).$id ?? (cur as Schema).id;
    if (typeof id === 'string' && cur !== root) ids.set(id, cur as Schema);
    const anchor = (cur as Schema).$anchor;
    if (typeof anchor === 'string') ids.set('#' + anchor, cur as Schema);
    for (const v of Object.values(cur)) if (v && typeof v === 'object') stack.push(v);
  }
  const deref: Deref = (s) => {
    let cur: Schema | undefined = s;
    for (let i = 0; i < 32 && cur && typeof cur.$ref === 'string'; i++) {
      const ref: string = cur.$ref;
      const { $ref: _r, ...rest } = cur;
      let target: Schema | undefined;
      if (ref === '#') target = root;
      else if (ref.startsWith('#/')) target = walk(root, ref.slice(1));
      else if (ids.has(ref)) target = ids.get(ref);
      else {
        const hash = ref.indexOf('#');
        const base = hash >= 0 ? ref.slice(0, hash) : ref;
        const doc = base === root.$id || base === '' ? root : ids.get(base);
        target = doc && hash >= 0 ? walk(doc, ref.slice(hash + 1)) : doc;
      }
      if (!target) return Object.keys(rest).length ? rest : undefined;
      cur = Object.keys(rest).length ? { ...target, ...rest } : target;
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
export function expand(s: Schema | boolean | undefined, deref: Deref, depth = 0): Schema[] {
  if (s === undefined || s === false) return [];
  if (s === true) return [{}];
  const d = deref(s);
  if (!d || depth > 12) return d ? [d] : [];
  const out: Schema[] = [d];
  for (const k of ['allOf', 'anyOf', 'oneOf']) if (Array.isArray(d[k])) for (const b of d[k]) out.push(...expand(b, deref, depth + 1));
  for (const k of ['then', 'else']) if (d[k] && typeof d[k] === 'object') out.push(...expand(d[k], deref, depth + 1));
  return out;
}

/** Subschemas of one step into the instance. */
export function childSchemas(parents: Schema[], segment: string, deref: Deref): Schema[] {
  const out: Schema[] = [];
  const isIndex = /^(0|[1-9][0-9]*|-)$/.test(segment);
  for (const s of parents) {
    if (s.properties && Object.prototype.hasOwnProperty.call(s.properties, segment)) {
      out.push(...expand(s.properties[segment], deref));
      continue;
    }
    let matched = false;
    if (s.patternProperties) {
      for (const [pat, sub] of Object.entries<any>(s.patternProperties)) {
        try {
          if (regExp(pat, 'u').test(segment)) {
            out.push(...expand(sub, deref));
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
      if (Array.isArray(s.prefixItems) && i < s.prefixItems.length) out.push(...expand(s.prefixItems[i], deref));
      else if (Array.isArray(s.items)) out.push(...expand(i < s.items.length ? s.items[i] : s.additionalItems, deref));
      else if (s.items !== undefined) out.push(...expand(s.items, deref));
      continue;
    }
    if (s.additionalProperties && typeof s.additionalProperties === 'object') out.push(...expand(s.additionalProperties, deref));
  }
  return out;
}

export function schemasAt(root: Schema, pointer: string, deref: Deref): Schema[] {
  let cur = expand(root, deref);
  for (const seg of splitPointer(pointer)) {
    cur = childSchemas(cur, seg, deref);
    if (cur.length === 0) break;
  }
  return cur;
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
