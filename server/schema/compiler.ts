/**
 * Compiled validators, cached per schema URI, compiled lazily on first use. One Ajv instance
 * per schema, of the schema's draft family (07/06 and rewritten 04; 2019-09; 2020-12). Ajv is
 * told about the annotation keywords editors use, and `deprecationMessage` is a keyword that
 * records where a deprecated value was used.
 *
 * A validator's code outlives the server (validatorCache.ts): generated at build time for the
 * bundled catalog, or stored after the first compile of any other schema, it is loaded in
 * milliseconds by the next server instead of being compiled again. Sub-validators (the
 * branches of an `anyOf` that failed) are compiled lazily from the schema itself.
 */
import type Ajv from 'ajv';
import type Ajv2019 from 'ajv/dist/2019';
import type Ajv2020 from 'ajv/dist/2020';
import type { AnySchema, ErrorObject, KeywordCxt, ValidateFunction } from 'ajv';
import { ajvLib } from '../../core/ajvLib';
import { escapeSegment, unescapeSegment } from '../../core/yaml';
import { draftOf, fromDraft04, type Draft } from './draft';
import { regExp } from './regexp';
import { setReferencedDocuments } from './navigate';
import { validatorKey, ValidatorCache, type LoadedValidator } from './validatorCache';

type AjvLike = Ajv | Ajv2019 | Ajv2020;

const ANNOTATIONS = [
  'markdownDescription',
  'enumDescriptions',
  'markdownEnumDescriptions',
  'patternErrorMessage',
  'errorMessage',
  'defaultSnippets',
  'doNotSuggest',
  'suggestSortText',
  'allowComments',
  'allowTrailingCommas',
  'x-intellij-html-description',
  'x-intellij-language-injection',
  'x-intellij-enum-metadata',
  'tsType',
];

export interface Deprecation {
  instancePath: string;
  message: string;
}

export interface CompiledSchema {
  uri: string;
  /** The schema as compiled (draft-04 rewritten to 07). */
  schema: unknown;
  draft: Draft;
  /**
   * `remember` false: no later check will meet these objects again (a document's first check),
   * so the sub-validators record nothing (core/ajvCode.ts memoizeSubValidators).
   */
  validate(value: unknown, remember?: boolean): { errors: ErrorObject[]; deprecations: Deprecation[] };
  /** A validator for the subschema at `#<pointer>` of this schema (anyOf branches). */
  sub(pointer: string): ValidateFunction | undefined;
  /** The pointer (as `sub` takes it) of a schema object holding an `anyOf`/`oneOf`, found by its content. */
  locate(schemaObject: unknown): string | undefined;
}

export type CompileResult = { ok: true; compiled: CompiledSchema } | { ok: false; error: string };

let deprecations: Deprecation[] | undefined;

function recordDeprecation(message: string, instancePath: string): void {
  deprecations?.push({ instancePath, message });
}


/** What generated validator code may require beyond Ajv's runtime (see validatorCache.ts). */
export const RUNTIME = { 'trainyard:runtime': { recordDeprecation, regExp } };

const AJV_OPTIONS = { multipleOfPrecision: 9, allErrors: true, strict: false, verbose: true, logger: false as const, unicodeRegExp: true, validateSchema: false, inlineRefs: false, code: { optimize: false, source: true, regExp } } as const;
// (multipleOfPrecision: `19.99` is a multiple of `0.01` though 19.99 / 0.01 is 1998.9999999999998
// in floating point; optimize: false halves compile time of big schemas — ~100 ms instead of ~210 for
// SchemaStore's github-workflow — and validation stays well under a millisecond per KB;
// source: true keeps the generated code, which the validator cache stores)

/** Everything besides the schema that shapes a validator's code: part of its cache key. */
export const COMPILER_FINGERPRINT = JSON.stringify({ options: AJV_OPTIONS, regExp: 'unicode-with-fallback-inline-flags-python-3', patterns: 'invalid-dropped-1', annotations: ANNOTATIONS, keywords: ['deprecationMessage:code-1'] });

function makeAjv(draft: Draft): AjvLike {
  const opts = AJV_OPTIONS;
  const { Ajv, Ajv2019, Ajv2020, addFormats, _, strConcat, names } = ajvLib();
  const ajv: AjvLike = draft === '2020-12' ? new Ajv2020(opts) : draft === '2019-09' ? new Ajv2019(opts) : new Ajv(opts);
  addFormats(ajv as Ajv);
  for (const k of ANNOTATIONS) ajv.addKeyword({ keyword: k });
  ajv.addKeyword({
    keyword: 'deprecationMessage',
    schemaType: 'string',
    // generated code (not a function reference), so the validator can be stored as code
    code(cxt: KeywordCxt) {
      const fn = cxt.gen.scopeValue('func', { ref: recordDeprecation, code: _`require("trainyard:runtime").recordDeprecation` });
      cxt.gen.code(_`${fn}(${cxt.schemaCode}, ${strConcat(names.instancePath, cxt.it.errorPath)})`);
    },
  });
  if (draft === '06' || draft === '07' || draft === '04') {
    try {
      // draft-06 meta-schema for schemas that declare it
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      (ajv as Ajv).addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
    } catch {
      // already there
    }
  }
  return ajv;
}

/** A schema document another one refers to (a relative `$ref` to a file next to it), under the URI Ajv resolves the `$ref` to. */
export interface ExtraSchema {
  uri: string;
  schema: unknown;
}

/** A schema prepared for compiling: draft rewritten, `$id` set, and the key of its code. */
export interface PreparedSchema {
  /** The documents its `$ref`s name (draft-04 ones rewritten), added to Ajv under their URIs. */
  extras: ExtraSchema[];
  draft: Draft;
  /** The schema as compiled (with `$id`). */
  schema: unknown;
  /** The id Ajv knows the root by. */
  id: string;
  key: string;
}

function validPattern(p: string): boolean {
  try {
    regExp(p, 'u');
    return true;
  } catch {
    return false;
  }
}

/** Keywords whose values are data, not schemas. */
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'examples', 'defaultSnippets', 'required']);

/**
 * `schema` without the patterns JavaScript cannot read (`pattern`s and `patternProperties` keys):
 * such a pattern would fail the whole schema's compile; instead it is ignored (a `pattern` holds
 * for every string, a `patternProperties` key matches no name), as other editors do. The same
 * object when there are none.
 */
export function dropInvalidPatterns(node: unknown, depth = 0): unknown {
  if (!node || typeof node !== 'object' || depth > 256) return node;
  if (Array.isArray(node)) {
    let out: unknown[] | undefined;
    node.forEach((x, i) => {
      const y = dropInvalidPatterns(x, depth + 1);
      if (y !== x) (out ??= node.slice())[i] = y;
    });
    return out ?? node;
  }
  const src = node as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(src)) {
    if (DATA_KEYWORDS.has(k)) continue;
    if (k === 'pattern' && typeof v === 'string') {
      if (!validPattern(v)) delete (out ??= { ...src }).pattern;
      continue;
    }
    let y: unknown;
    if (k === 'patternProperties' && v && typeof v === 'object' && !Array.isArray(v)) {
      let pp: Record<string, unknown> | undefined;
      for (const [pk, pv] of Object.entries(v as Record<string, unknown>)) {
        if (!validPattern(pk)) {
          delete (pp ??= { ...(v as Record<string, unknown>) })[pk];
          continue;
        }
        const z = dropInvalidPatterns(pv, depth + 1);
        if (z !== pv) (pp ??= { ...(v as Record<string, unknown>) })[pk] = z;
      }
      y = pp ?? v;
    } else y = dropInvalidPatterns(v, depth + 1);
    if (y !== v) (out ??= { ...src })[k] = y;
  }
  return out ?? node;
}

export function prepareSchema(uri: string, raw: unknown, extraSchemas: ExtraSchema[] = []): PreparedSchema {
  const draft = draftOf(raw);
  // a boolean schema (`true`: anything, `false`: nothing) as an object Ajv can know by its `$id`
  const obj = typeof raw === 'boolean' ? (raw ? {} : { allOf: [false] }) : raw;
  const schema = dropInvalidPatterns(draft === '04' ? fromDraft04(obj) : obj);
  const withId = typeof schema === 'object' && schema !== null ? { ...(schema as object) } : schema;
  const own = (withId as Record<string, unknown>)?.$id;
  const id = typeof own === 'string' && own ? own : uri;
  if (typeof withId === 'object' && withId !== null && !(withId as Record<string, unknown>).$id) (withId as Record<string, unknown>).$id = uri;
  const extras = extraSchemas.map((x) => ({ uri: x.uri, schema: dropInvalidPatterns(draftOf(x.schema) === '04' ? fromDraft04(x.schema) : x.schema) }));
  const text = (JSON.stringify(withId) ?? String(withId)) + (extras.length ? `\n${JSON.stringify(extras)}` : '');
  return { draft, schema: withId, id, extras, key: validatorKey(draft, text, COMPILER_FINGERPRINT) };
}

function addSchemas(ajv: AjvLike, p: PreparedSchema): void {
  for (const x of p.extras) {
    if (x.uri === p.id) continue;
    try {
      ajv.addSchema(x.schema as AnySchema, x.uri);
    } catch {
      // the same document under its own `$id` already (a clash is reported when a `$ref` misses)
    }
  }
  ajv.addSchema(p.schema as AnySchema);
}

/** Compiles a prepared schema with Ajv; returns the Ajv instance and the root validator (throws when invalid). */
export function compileWithAjv(p: PreparedSchema): { ajv: AjvLike; root: ValidateFunction } {
  const ajv = makeAjv(p.draft);
  addSchemas(ajv, p);
  const root = ajv.getSchema(p.id) as ValidateFunction | undefined;
  if (!root) throw new Error('the schema did not compile');
  return { ajv, root };
}

/** The standalone code of a compiled validator (what the validator cache stores). */
export function validatorCode(ajv: AjvLike, root: ValidateFunction): string {
  return ajvLib().standaloneCode(ajv as Ajv, root);
}

/**
 * The JSON pointers (as Ajv writes schema paths: segments escaped with `~0`/`~1` and then
 * URI-encoded) of every `anyOf`/`oneOf` branch in a schema document: the sub-validators
 * error reduction may ask for.
 */
export function branchPointers(schema: unknown): string[] {
  const out: string[] = [];
  const seg = (k: string) => encodeURIComponent(escapeSegment(k));
  const seen = new Set<unknown>();
  const walk = (node: unknown, ptr: string, depth: number) => {
    if (!node || typeof node !== 'object' || seen.has(node) || depth > 64) return;
    seen.add(node);
    if (Array.isArray(node)) {
      node.forEach((x, i) => walk(x, `${ptr}/${i}`, depth + 1));
      return;
    }
    for (const [k, v] of Object.entries(node)) {
      const p = `${ptr}/${seg(k)}`;
      if ((k === 'anyOf' || k === 'oneOf') && Array.isArray(v)) for (let i = 0; i < v.length; i++) out.push(`${p}/${i}`);
      if (k !== 'enum' && k !== 'const' && k !== 'default' && k !== 'examples') walk(v, p, depth + 1);
    }
  };
  walk(schema, '', 0);
  return out;
}

/** Schema objects holding an `anyOf`/`oneOf` (as JSON) → their pointer, the first one where several are equal. */
export function combinatorHolders(schema: unknown): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of branchPointers(schema)) {
    const holder = p.replace(/\/(anyOf|oneOf)\/\d+$/, '');
    if (out.has(holder)) continue;
    out.set(holder, holder);
  }
  const byJson = new Map<string, string>();
  for (const ptr of out.keys()) {
    let node: unknown = schema;
    for (const raw of ptr.split('/').slice(1)) node = (node as Record<string, unknown>)?.[unescapeSegment(decodeURIComponent(raw))];
    const key = JSON.stringify(node);
    if (key !== undefined && !byJson.has(key)) byJson.set(key, ptr);
  }
  return byJson;
}

/** The standalone code of every branch sub-validator, exported by pointer. */
export function subValidatorsCode(ajv: AjvLike, id: string, schema: unknown): string {
  const refs: Record<string, string> = {};
  for (const p of branchPointers(schema)) {
    try {
      if (ajv.getSchema(`${id}#${p}`)) refs[p] = `${id}#${p}`;
    } catch {
      // a branch Ajv cannot compile on its own: compiled lazily (and failing) if ever asked
    }
  }
  return ajvLib().standaloneCode(ajv as Ajv, refs);
}

/**
 * Why a schema did not compile, in one sentence: Ajv's reason and, when the meta-schema of the
 * schema's draft can tell, where in the schema (`at /properties/name/type`).
 */
function invalidSchemaMessage(uri: string, p: PreparedSchema, e: unknown): string {
  const reason = String((e as Error)?.message ?? e).split('\n')[0];
  let where: string | undefined;
  try {
    const ajv = makeAjv(p.draft);
    const meta = p.draft === '2020-12' ? 'https://json-schema.org/draft/2020-12/schema' : p.draft === '2019-09' ? 'https://json-schema.org/draft/2019-09/schema' : p.draft === '06' ? 'http://json-schema.org/draft-06/schema#' : 'http://json-schema.org/draft-07/schema#';
    const v = ajv.getSchema(meta);
    if (v && !v(p.schema) && v.errors?.length) {
      // the deepest place the meta-schema complains about is the one to fix
      const deepest = v.errors.reduce((a, b) => (b.instancePath.split('/').length > a.instancePath.split('/').length ? b : a));
      if (deepest.instancePath) where = deepest.instancePath;
    }
  } catch {
    where = undefined;
  }
  const missing = /^can't resolve reference (\S+)/.exec(reason);
  if (missing) return `schema ${uri} is invalid: its $ref \`${missing[1]}\` points to nothing`;
  return `schema ${uri} is invalid${where ? ` at \`${where}\`` : ''}: ${reason}`;
}

export class SchemaCompiler {
  private readonly compiled = new Map<string, CompileResult>();
  private readonly writes = new Set<Promise<void>>();

  /** `cache` undefined: no validator cache (every schema compiled by Ajv). */
  constructor(private readonly cache: ValidatorCache | undefined = new ValidatorCache()) {}

  /** Compiles `schema` (known under `uri`) once; later calls return the cached result. */
  compile(uri: string, raw: unknown, extras: ExtraSchema[] = []): CompileResult {
    const hit = this.compiled.get(uri);
    if (hit) return hit;
    const result = this.doCompile(uri, raw, extras);
    this.compiled.set(uri, result);
    return result;
  }

  forget(uri: string): void {
    this.compiled.delete(uri);
  }

  private track(w: Promise<void>): void {
    this.writes.add(w);
    void w.finally(() => this.writes.delete(w));
  }

  /** Resolves when the validator cache writes started so far are done (tests, shutdown). */
  async idle(): Promise<void> {
    await Promise.all([...this.writes]);
  }

  private doCompile(uri: string, raw: unknown, extras: ExtraSchema[]): CompileResult {
    const prepared = prepareSchema(uri, raw, extras);
    const { draft, id } = prepared;
    // Each schema gets its own Ajv (ids of different schemas may clash, e.g. two versions),
    // made only when needed: on a cache hit, only for sub-validators.
    let ajv: AjvLike | undefined;
    const ajvWithSchema = (): AjvLike => {
      if (!ajv) {
        ajv = makeAjv(draft);
        addSchemas(ajv, prepared);
      }
      return ajv;
    };
    let root: (value: unknown) => boolean;
    let loaded: LoadedValidator | undefined;
    try {
      loaded = this.cache?.load(prepared.key, RUNTIME);
    } catch {
      loaded = undefined;
    }
    if (loaded) root = loaded.validate;
    else {
      try {
        const c = compileWithAjv(prepared);
        ajv = c.ajv;
        root = c.root;
        const a = c.ajv;
        const r = c.root;
        const cache = this.cache;
        if (cache) {
          this.track(
            cache.store(prepared.key, () => validatorCode(a, r), () => subValidatorsCode(a, id, prepared.schema)).then(() => {
              // From now on the stored code validates (the same answers; its sub-validators
              // remember theirs, so edits re-check only what changed: core/ajvCode.ts).
              let l: LoadedValidator | undefined;
              try {
                l = cache.load(prepared.key, RUNTIME);
              } catch {
                l = undefined;
              }
              if (l) {
                root = l.validate;
                loaded = l;
                runs = 0;
              }
            }),
          );
        }
      } catch (e) {
        return { ok: false, error: invalidSchemaMessage(uri, prepared, e) };
      }
    }
    // completion and hover follow `$ref`s into the other documents too
    if (prepared.extras.length && prepared.schema && typeof prepared.schema === 'object') setReferencedDocuments(prepared.schema as object, id, prepared.extras);
    const subs = new Map<string, ValidateFunction | undefined>();
    let stored: Record<string, ValidateFunction> | undefined | null = loaded ? null : undefined;
    const cache = this.cache;
    let subsStored = false;
    const track = (w: Promise<void>) => this.track(w);
    let runs = 0;
    let holders: Map<string, string> | undefined;
    const compiled: CompiledSchema = {
      locate(schemaObject) {
        holders ??= combinatorHolders(prepared.schema);
        let key: string | undefined;
        try {
          key = JSON.stringify(schemaObject);
        } catch {
          return undefined;
        }
        return key === undefined ? undefined : holders.get(key);
      },
      uri,
      schema: prepared.schema,
      draft,
      validate(value, remember = true) {
        deprecations = [];
        const memo = root as { forget?: boolean };
        try {
          if (!remember) memo.forget = true;
          root(value);
          return { errors: (root as { errors?: ErrorObject[] | null }).errors ?? [], deprecations };
        } finally {
          deprecations = undefined;
          if (!remember) memo.forget = false;
          if (loaded && runs++ === 0) {
            const l = loaded;
            setImmediate(() => l.saveCodeCache());
          }
        }
      },
      sub(pointer) {
        if (subs.has(pointer)) return subs.get(pointer);
        let v: ValidateFunction | undefined;
        if (stored === null) {
          try {
            stored = cache?.loadSubs(prepared.key, RUNTIME) as Record<string, ValidateFunction> | undefined;
          } catch {
            stored = undefined;
          }
        }
        if (stored && Object.prototype.hasOwnProperty.call(stored, pointer)) {
          v = stored[pointer];
          subs.set(pointer, v);
          return v;
        }
        if (stored === undefined && loaded && !subsStored && cache) {
          // the root came from the cache without its sub-validators: store them for next time
          subsStored = true;
          const a = ajvWithSchema();
          track(cache.store(prepared.key, undefined, () => subValidatorsCode(a, id, prepared.schema)));
        }
        try {
          v = ajvWithSchema().getSchema(`${id}#${pointer}`) as ValidateFunction | undefined;
        } catch {
          v = undefined;
        }
        subs.set(pointer, v);
        return v;
      },
    };
    return { ok: true, compiled };
  }
}
