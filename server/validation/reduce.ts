/**
 * Ajv's flat error list → the few problems a human needs. `anyOf`/`oneOf` failures are merged:
 * each branch is validated on its own (cached sub-validators), so branch errors are known
 * exactly; when every branch fails on the value's type (or const/enum) one message lists what
 * is allowed, otherwise the closest branch's own problems are reported instead. `if`/`then`
 * wrappers and errors implied by others are dropped.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { childPointer } from '../../core/yaml';
import { valueAtPointer } from '../cursor';
import type { Deref, Schema } from '../schema/navigate';
import { regExp } from '../schema/regexp';

export interface SchemaProblem {
  /** Where: the instance pointer and which part of it to underline. */
  pointer: string;
  /** `key`: the key of the member at pointer; `object`: the key of the object at pointer (missing props); `value`. */
  at: 'key' | 'object' | 'value';
  error: ErrorObject;
  /** For merged anyOf/oneOf type errors: everything the branches accept. */
  alternatives?: ErrorObject[];
  /** The same, per branch (in the schema's order). */
  branches?: ErrorObject[][];
}

type SubValidator = (pointer: string) => ValidateFunction | undefined;
/**
 * Where (JSON pointer in the root schema) the schema object holding a combinator is. Ajv's
 * schema paths are relative to the `$ref` target they are in, so they only say where for
 * combinators outside any `$ref`; this finds the others by the schema object (`parentSchema`).
 */
type SchemaLocator = (parentSchema: unknown) => string | undefined;

const COMBINATORS = new Set(['anyOf', 'oneOf']);
const SHAPE = new Set(['type', 'const', 'enum', 'false schema']);

function sig(e: ErrorObject): string {
  return `${e.instancePath}\u0000${e.schemaPath}\u0000${e.keyword}\u0000${JSON.stringify(e.params)}`;
}

/** Same error, whether reported by the whole schema or by a branch's own validator (whose schema paths are relative to the branch). */
function loose(e: ErrorObject): string {
  return `${e.instancePath}\u0000${e.keyword}\u0000${JSON.stringify(e.params)}`;
}

/** Errors of `validator` on `value`, re-rooted at `base`. */
function branchErrors(v: ValidateFunction, value: unknown, base: string): ErrorObject[] {
  v(value);
  return (v.errors ?? []).map((e) => ({ ...e, instancePath: base + e.instancePath }));
}

/** How many items of the list a failed `contains` matched (known from the errors its subschema left behind). */
const containsMatched = new WeakMap<ErrorObject, number>();

export function matchedByContains(e: ErrorObject): number | undefined {
  return containsMatched.get(e);
}

/** A keyword beside `contains` whose errors about the items Ajv reports before the `contains` ones. */
const ARRAY_SIBLING = /^(items|prefixItems|additionalItems|unevaluatedItems|not|anyOf|oneOf|allOf|if|then|else)(\/|$)/;

/**
 * A failed `contains` leaves, just before its own error, the errors of every item its subschema
 * rejected: not problems of the document (an item need not match), so they are dropped, and the
 * items that did match are counted for the message.
 */
function dropContainsNoise(errors: ErrorObject[]): ErrorObject[] {
  let drop: Set<number> | undefined;
  for (let i = 0; i < errors.length; i++) {
    const c = errors[i];
    if (c.keyword !== 'contains') continue;
    const prefix = c.instancePath + '/';
    const own = c.schemaPath + '/';
    const parent = c.schemaPath.slice(0, c.schemaPath.lastIndexOf('/') + 1);
    const failing = new Set<string>();
    let last = Infinity;
    for (let j = i - 1; j >= 0; j--) {
      if (drop?.has(j)) continue;
      const e = errors[j];
      if (!e.instancePath.startsWith(prefix)) break;
      if (!e.schemaPath.startsWith(own) && e.schemaPath.startsWith(parent) && ARRAY_SIBLING.test(e.schemaPath.slice(parent.length))) break;
      // `contains` checks the items in order: a higher index (going back) is another keyword's
      // (`items` behind a `$ref`, whose schema paths do not say where they come from)
      const index = e.instancePath.slice(prefix.length).split('/')[0];
      if (Number(index) > last) break;
      last = Number(index);
      (drop ??= new Set()).add(j);
      failing.add(index);
    }
    if (Array.isArray(c.data)) containsMatched.set(c, c.data.length - failing.size);
  }
  return drop ? errors.filter((_, i) => !drop!.has(i)) : errors;
}

/** Errors of a `propertyNames` subschema carry the name; the generic `propertyNames` error beside them adds nothing. */
function dropPropertyNamesEchoes(errors: ErrorObject[]): ErrorObject[] {
  // errors from behind a `$ref` in the subschema lack the name: they are the ones just before
  // the generic error, at the same object, about the name as data
  let copied = false;
  for (let i = 0; i < errors.length; i++) {
    const c = errors[i];
    const name = c.keyword === 'propertyNames' ? (c.params as { propertyName?: string }).propertyName : undefined;
    if (name === undefined) continue;
    for (let j = i - 1; j >= 0; j--) {
      const e = errors[j];
      if (e.instancePath !== c.instancePath || e.keyword === 'propertyNames' || e.data !== name) break;
      if (e.propertyName === undefined) {
        if (!copied) {
          errors = errors.slice();
          copied = true;
        }
        errors[j] = { ...e, propertyName: name };
      }
    }
  }
  const named = new Set<string>();
  for (const e of errors) if (e.propertyName !== undefined && e.keyword !== 'propertyNames') named.add(`${e.instancePath}\u0000${e.propertyName}`);
  if (named.size === 0) return errors;
  return errors.filter((e) => e.keyword !== 'propertyNames' || !named.has(`${e.instancePath}\u0000${(e.params as { propertyName?: string }).propertyName}`));
}

export function reduceErrors(errors: ErrorObject[], root: unknown, sub: SubValidator, depth = 0, locate?: SchemaLocator, deref?: Deref): SchemaProblem[] {
  let work = dropPropertyNamesEchoes(dropContainsNoise(dropUnevaluatedEchoes(errors, deref).filter((e) => e.keyword !== 'if')));
  const out: SchemaProblem[] = [];
  const replaced = new Map<string, SchemaProblem[]>();
  const removed = new Set<string>();
  // Outermost combinators first (shortest instance path, then schema path).
  const combos = work.filter((e) => COMBINATORS.has(e.keyword)).sort((a, b) => a.instancePath.length - b.instancePath.length || a.schemaPath.length - b.schemaPath.length);
  for (const c of combos) {
    if (removed.has(sig(c))) continue;
    const holder = locate && c.parentSchema !== undefined ? locate(c.parentSchema) : undefined;
    const schemaPtr = holder !== undefined ? `${holder}/${c.keyword}` : c.schemaPath.replace(/^#/, '');
    const branches = Array.isArray(c.schema) ? (c.schema as unknown[]) : [];
    if (c.keyword === 'oneOf' && (c.params as { passingSchemas?: unknown }).passingSchemas) {
      replaced.set(sig(c), [{ pointer: c.instancePath, at: 'value', error: c }]);
      continue;
    }
    const value = valueAtPointer(root, c.instancePath);
    const per: ErrorObject[][] = [];
    let ok = depth < 8 && branches.length > 0 && (holder !== undefined || !c.schemaPath.includes('://'));
    for (let i = 0; ok && i < branches.length; i++) {
      const v = sub(`${schemaPtr}/${i}`);
      if (!v) {
        ok = false;
        break;
      }
      per.push(branchErrors(v, value, c.instancePath));
    }
    if (!ok) {
      replaced.set(sig(c), [{ pointer: c.instancePath, at: 'value', error: c }]);
      continue;
    }
    const inside = new Map<string, string[]>();
    for (const list of per) for (const e of list) inside.set(loose(e), [...(inside.get(loose(e)) ?? []), e.schemaPath.replace(/^#/, '')]);
    for (const e of work) {
      if (e === c || !e.schemaPath.startsWith(c.schemaPath.replace(/\/(anyOf|oneOf)$/, ''))) {
        const tails = inside.get(loose(e));
        if (!tails || !tails.some((t) => e.schemaPath.endsWith(t))) continue;
      } else if (!inside.has(loose(e))) continue;
      if (e !== c) removed.add(sig(e));
    }
    const shapeMiss = (list: ErrorObject[]) => list.some((e) => e.instancePath === c.instancePath && SHAPE.has(e.keyword)) || list.length === 0;
    const candidates = per.map((list, i) => ({ list, i })).filter(({ list }) => !shapeMiss(list));
    if (candidates.length === 0) {
      const branchShapes = per.map((list) => list.filter((e) => e.instancePath === c.instancePath && SHAPE.has(e.keyword)));
      replaced.set(sig(c), [{ pointer: c.instancePath, at: 'value', error: c, alternatives: branchShapes.flat(), branches: branchShapes }]);
      continue;
    }
    // The closest branch: fewest problems after its own merging, deeper problems preferred.
    let best: SchemaProblem[] | undefined;
    let bestScore = Infinity;
    // A branch whose discriminator (a `const`/`enum` on one of the value's own keys, `kind: a`)
    // the value does not match is not the one meant: a branch whose discriminators all match wins.
    const discMisses = (list: ErrorObject[]) => list.filter((e) => (e.keyword === 'const' || e.keyword === 'enum') && isChild(c.instancePath, e.instancePath));
    const matching = candidates.length > 1 ? candidates.filter(({ list }) => discMisses(list).length === 0) : candidates;
    if (matching.length === 0 && !hasCustomMessage(c)) {
      // no branch's discriminator matches: the one thing to say is which values it takes
      const merged = mergedDiscriminator(candidates.map(({ list }) => discMisses(list)));
      if (merged) {
        replaced.set(sig(c), [merged]);
        continue;
      }
    }
    for (const { list } of matching.length ? matching : candidates) {
      const reduced = reduceErrors(list, root, sub, depth + 1, locate, deref);
      const score = reduced.length * 10 - Math.min(9, reduced.reduce((m, p) => Math.max(m, p.pointer.split('/').length), 0));
      if (score < bestScore) {
        best = reduced;
        bestScore = score;
      }
    }
    // The schema's own words for this combinator (`errorMessage`) win over the closest branch's.
    if (hasCustomMessage(c)) {
      const v = valueAtPointer(root, c.instancePath);
      replaced.set(sig(c), [{ pointer: c.instancePath, at: v !== null && typeof v === 'object' && !Array.isArray(v) ? 'object' : 'value', error: c }]);
      continue;
    }
    replaced.set(sig(c), best ?? []);
  }
  work = work.filter((e) => !removed.has(sig(e)) || replaced.has(sig(e)));
  for (const e of work) {
    const r = replaced.get(sig(e));
    if (r) {
      out.push(...r);
      continue;
    }
    out.push(toProblem(e));
  }
  return dedupe(dropVacuousOneOf(out));
}

function isChild(parent: string, p: string): boolean {
  return p.length > parent.length + 1 && p.startsWith(parent) && p[parent.length] === '/' && p.indexOf('/', parent.length + 1) < 0;
}

/**
 * Every branch misses its discriminator: when they all test the same key, one problem at that
 * key listing every value the branches take (`expected \`a\` or \`b\`, got "c"`).
 */
function mergedDiscriminator(misses: ErrorObject[][]): SchemaProblem | undefined {
  if (misses.length === 0) return undefined;
  for (const first of misses[0]) {
    const at = first.instancePath;
    const all: ErrorObject[] = [];
    let everywhere = true;
    for (const list of misses) {
      const here = list.filter((e) => e.instancePath === at);
      if (here.length === 0) {
        everywhere = false;
        break;
      }
      all.push(...here);
    }
    if (everywhere) return { pointer: at, at: 'value', error: first, alternatives: all };
  }
  return undefined;
}

/**
 * When an `anyOf`/`oneOf` (or an `if`'s `then`/`else`) fails, the properties its branches
 * would have evaluated count as unevaluated, so `unevaluatedProperties: false` reports every one
 * of them: echoes of the failing branch, not unknown keys. A property no branch names is kept.
 */
function dropUnevaluatedEchoes(errors: ErrorObject[], deref: Deref | undefined): ErrorObject[] {
  if (!errors.some((e) => e.keyword === 'unevaluatedProperties')) return errors;
  const failed = new Map<string, unknown[]>();
  for (const e of errors) {
    let branches: unknown[] | undefined;
    if ((e.keyword === 'anyOf' || e.keyword === 'oneOf') && Array.isArray(e.schema)) branches = e.schema as unknown[];
    else if (e.keyword === 'if') {
      const parent = (e.parentSchema ?? {}) as Record<string, unknown>;
      const kw = (e.params as { failingKeyword?: string }).failingKeyword;
      if (kw === 'then' || kw === 'else') branches = [parent[kw]];
    }
    if (!branches) continue;
    const list = failed.get(e.instancePath) ?? [];
    list.push(...branches);
    failed.set(e.instancePath, list);
  }
  if (failed.size === 0) return errors;
  return errors.filter((e) => {
    if (e.keyword !== 'unevaluatedProperties') return true;
    const branches = failed.get(e.instancePath);
    if (!branches) return true;
    const name = String((e.params as { unevaluatedProperty?: unknown }).unevaluatedProperty);
    return !branches.some((b) => mayEvaluate(b, name, deref, 0));
  });
}

/** Whether schema `s` could evaluate property `name` (true when it cannot tell). */
function mayEvaluate(s: unknown, name: string, deref: Deref | undefined, depth: number): boolean {
  if (s === true) return false;
  if (!s || typeof s !== 'object' || depth > 12) return false;
  let o = s as Schema;
  if (typeof o.$ref === 'string' || typeof o.$dynamicRef === 'string' || typeof o.$recursiveRef === 'string') {
    const t = deref?.(o);
    if (!t) return true;
    o = t;
  }
  const props = o.properties;
  if (props && typeof props === 'object' && Object.prototype.hasOwnProperty.call(props, name)) return true;
  const pp = o.patternProperties;
  if (pp && typeof pp === 'object') {
    for (const k of Object.keys(pp)) {
      try {
        if (regExp(k, 'u').test(name)) return true;
      } catch {
        return true;
      }
    }
  }
  if (o.additionalProperties !== undefined && o.additionalProperties !== false) return true;
  if (o.unevaluatedProperties !== undefined && o.unevaluatedProperties !== false) return true;
  for (const k of ['allOf', 'anyOf', 'oneOf'] as const) if (Array.isArray(o[k]) && o[k].some((b: unknown) => mayEvaluate(b, name, deref, depth + 1))) return true;
  for (const k of ['if', 'then', 'else'] as const) if (mayEvaluate(o[k], name, deref, depth + 1)) return true;
  const ds = o.dependentSchemas;
  if (ds && typeof ds === 'object' && Object.values(ds).some((b) => mayEvaluate(b, name, deref, depth + 1))) return true;
  return false;
}

/** Whether the schema holding combinator error `c` words its failure itself (`errorMessage` as a string, or for that keyword). */
function hasCustomMessage(c: ErrorObject): boolean {
  const parent = c.parentSchema as { errorMessage?: unknown } | undefined;
  const em = parent?.errorMessage;
  return typeof em === 'string' || (!!em && typeof em === 'object' && typeof (em as Record<string, unknown>)[c.keyword] === 'string');
}

/**
 * A value of the wrong type passes every `oneOf` branch that only constrains other types (an
 * empty `- ` step where each branch says `required: [uses]` or `required: [run]`): "matches more
 * than one form" is then noise beside the type error at the same place.
 */
function dropVacuousOneOf(ps: SchemaProblem[]): SchemaProblem[] {
  const typed = new Set(ps.filter((p) => p.error.keyword === 'type' && p.at === 'value').map((p) => p.pointer));
  if (!typed.size) return ps;
  return ps.filter((p) => !(p.error.keyword === 'oneOf' && (p.error.params as { passingSchemas?: unknown }).passingSchemas && typed.has(p.pointer)));
}

function toProblem(e: ErrorObject): SchemaProblem {
  // an error of a `propertyNames` subschema: about the name, so at the key
  if (e.propertyName !== undefined && e.keyword !== 'propertyNames') return { pointer: childPointer(e.instancePath, e.propertyName), at: 'key', error: e };
  switch (e.keyword) {
    case 'additionalProperties': {
      const p = (e.params as { additionalProperty: string }).additionalProperty;
      return { pointer: childPointer(e.instancePath, p), at: 'key', error: e };
    }
    case 'unevaluatedProperties': {
      const p = (e.params as { unevaluatedProperty: string }).unevaluatedProperty;
      return { pointer: childPointer(e.instancePath, p), at: 'key', error: e };
    }
    case 'propertyNames': {
      const p = (e.params as { propertyName?: string }).propertyName;
      return p !== undefined ? { pointer: childPointer(e.instancePath, p), at: 'key', error: e } : { pointer: e.instancePath, at: 'value', error: e };
    }
    case 'dependencies':
    case 'dependentRequired': {
      // at the key that needs the missing one
      const p = (e.params as { property?: string }).property;
      return p !== undefined ? { pointer: childPointer(e.instancePath, p), at: 'key', error: e } : { pointer: e.instancePath, at: 'object', error: e };
    }
    case 'items':
    case 'additionalItems':
    case 'unevaluatedItems': {
      // too many items: at the first one too many
      const limit = (e.params as { limit?: unknown }).limit;
      return typeof limit === 'number' && Array.isArray(e.data) && e.data.length > limit ? { pointer: `${e.instancePath}/${limit}`, at: 'value', error: e } : { pointer: e.instancePath, at: 'value', error: e };
    }
    case 'uniqueItems': {
      // at the later of the two equal items
      const i = (e.params as { i?: unknown }).i;
      return typeof i === 'number' ? { pointer: `${e.instancePath}/${i}`, at: 'value', error: e } : { pointer: e.instancePath, at: 'value', error: e };
    }
    case 'false schema':
      // a property the schema forbids (`"name": false`): at its key
      if (/\/(properties|patternProperties)\/[^/]+\/false schema$/.test(e.schemaPath) && e.instancePath) return { pointer: e.instancePath, at: 'key', error: e };
      return { pointer: e.instancePath, at: 'value', error: e };
    case 'required':
    case 'minProperties':
    case 'maxProperties':
      return { pointer: e.instancePath, at: 'object', error: e };
    default:
      return { pointer: e.instancePath, at: 'value', error: e };
  }
}

/** Keywords that say a key is not allowed at all: other complaints about the same key's name add nothing. */
const KEY_FORBIDDEN = new Set(['additionalProperties', 'unevaluatedProperties', 'false schema']);

function dedupe(ps: SchemaProblem[]): SchemaProblem[] {
  const seen = new Set<string>();
  const out: SchemaProblem[] = [];
  // a key both "not allowed here" and failing a `propertyNames` rule (an if/then that lists the
  // keys a variant may have) is one problem: keep the first
  const forbidden = new Set(ps.filter((p) => p.at === 'key' && KEY_FORBIDDEN.has(p.error.keyword)).map((p) => p.pointer));
  if (forbidden.size) ps = ps.filter((p) => !(p.at === 'key' && forbidden.has(p.pointer) && (p.error.keyword === 'propertyNames' || p.error.propertyName !== undefined)));
  for (const p of ps) {
    // propertyNames also reports the name's own failing keyword at the same key
    const k = `${p.pointer}\u0000${p.at}\u0000${p.error.keyword}\u0000${JSON.stringify(p.error.params)}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(p);
  }
  return out;
}
