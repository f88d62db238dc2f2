/**
 * The bundled Trainyard JSON Schemas (schemas/trainyard/*.schema.json): one lazily built
 * Ajv2020 instance, per-kind validators compiled once, and navigation helpers (the subschema
 * for a JSON pointer) that hover and completion use.
 *
 * The schemas are JSON imports, so esbuild bundles them and tsx loads them as they are.
 */
import type Ajv2020 from 'ajv/dist/2020';
import type { ValidateFunction } from 'ajv';
import { fullFormats } from 'ajv-formats/dist/formats';
import { ajvLib } from '../ajvLib';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ajvRuntimeModules, asciiCode, builtValidatorDirs, runAjvCode } from '../ajvCode';
import type { SpecKind } from './model';
import { splitPointer } from './positions';

/** A JSON Schema object (draft 2020-12) with our annotation keywords; loosely typed on purpose. */
export type JsonSchema = { [keyword: string]: any };

export const SCHEMA_BASE = 'https://trainyard.dev/schemas/v1/';

/** Annotation keywords of VS Code's JSON language service that our schemas use. */
export const ANNOTATION_KEYWORDS = [
  'markdownDescription',
  'enumDescriptions',
  'markdownEnumDescriptions',
  'patternErrorMessage',
  'deprecationMessage',
  'defaultSnippets',
  'errorMessage',
  'doNotSuggest',
  'suggestSortText',
  // ours: the field names a file (`spec`, `dir`, `output`), for the language server
  'x-trainyard-path',
] as const;

interface SpecSchemas {
  kinds: Record<SpecKind, JsonSchema>;
  all: JsonSchema[];
  byId: Map<string, JsonSchema>;
  /** The umbrella schema (`kind` picks one of the others). */
  root: JsonSchema;
}
let specSchemas: SpecSchemas | undefined;

/**
 * The bundled schemas, built at first use: a language server that never opens a Trainyard spec
 * never makes their objects (they are plain data in the bundle until then).
 */
function schemas(): SpecSchemas {
  if (!specSchemas) {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const common = require('../../schemas/trainyard/common.schema.json') as JsonSchema;
    const job = require('../../schemas/trainyard/job.schema.json') as JsonSchema;
    const service = require('../../schemas/trainyard/service.schema.json') as JsonSchema;
    const pipeline = require('../../schemas/trainyard/pipeline.schema.json') as JsonSchema;
    const sweep = require('../../schemas/trainyard/sweep.schema.json') as JsonSchema;
    const root = require('../../schemas/trainyard/trainyard.schema.json') as JsonSchema;
    /* eslint-enable @typescript-eslint/no-require-imports */
    const all = [common, job, service, pipeline, sweep, root];
    specSchemas = { kinds: { job, service, pipeline, sweep }, all, byId: new Map(all.map((x) => [String(x.$id), x])), root };
  }
  return specSchemas;
}

/** Every subschema object → the `$id` of the document it belongs to (for resolving `#/…` refs). */
let owners: WeakMap<object, string> | undefined;
function ownerOf(schema: object): string | undefined {
  if (!owners) {
    owners = new WeakMap();
    for (const root of schemas().all) {
      const id = String(root.$id);
      const stack: unknown[] = [root];
      while (stack.length) {
        const cur = stack.pop();
        if (cur === null || typeof cur !== 'object' || owners.has(cur)) continue;
        owners.set(cur, id);
        for (const v of Object.values(cur)) if (v && typeof v === 'object') stack.push(v);
      }
    }
  }
  return owners.get(schema);
}

let ajvInstance: Ajv2020 | undefined;
const validators = new Map<SpecKind, ValidateFunction>();

/** The formats spec validators check; `regex` is a JavaScript regex (metrics.pattern), not ajv-formats' `u`-mode one. */
export const SPEC_FORMATS: Record<string, unknown> = { ...fullFormats, regex: { type: 'string', validate: (s: string) => regexError(s) === undefined } };

/** An Ajv with every bundled schema registered; `forCode` makes one whose validators can be written out as code. */
function newAjv(forCode: boolean): Ajv2020 {
  const { Ajv2020, addFormats, _ } = ajvLib();
  const ajv = new Ajv2020({
    allErrors: true,
    strict: false,
    verbose: true,
    validateSchema: false,
    code: forCode ? { optimize: false, source: true, formats: _`require("trainyard:spec-formats")` } : { optimize: false },
  });
  addFormats(ajv);
  ajv.addFormat('regex', SPEC_FORMATS.regex as { type: 'string'; validate: (s: string) => boolean });
  for (const k of ANNOTATION_KEYWORDS) ajv.addKeyword({ keyword: k });
  for (const s of schemas().all) ajv.addSchema(s);
  return ajv;
}

/** The one Ajv instance, built on first use, with every bundled schema registered. */
export function getAjv(): Ajv2020 {
  if (!ajvInstance) ajvInstance = newAjv(false);
  return ajvInstance;
}

/**
 * What the precompiled spec validators were generated from: the schemas, Ajv's version and
 * this file's configuration. A file with another key is not used (the schemas changed since).
 */
let specKey: string | undefined;
function specValidatorsKey(): string {
  if (!specKey) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ajvVersion = (require('ajv/package.json') as { version: string }).version;
    specKey = createHash('sha256').update(`spec-validators 1\najv@${ajvVersion}\n${JSON.stringify(schemas().all)}`).digest('hex').slice(0, 40);
  }
  return specKey;
}

const SPEC_HEADER = '// trainyard spec validators';

/** Whether `code` (a spec.js file's text) was generated from the schemas and Ajv this build has. */
export function isCurrentSpecValidators(code: string): boolean {
  return code.startsWith(`${SPEC_HEADER} ${specValidatorsKey()}\n`);
}

/** The four kinds' validators as one CommonJS module of code (written at build time into dist/validators/spec.js). */
export function specValidatorsCode(): string {
  const ajv = newAjv(true);
  const refs: Record<string, string> = {};
  for (const [kind, schema] of Object.entries(schemas().kinds)) refs[kind] = String(schema.$id);
  return `${SPEC_HEADER} ${specValidatorsKey()}\n${asciiCode(ajvLib().standaloneCode(ajv, refs))}`;
}

/** The build's validators (dist/validators/spec.js next to the bundle, or from the sources' dist/), when current. */
let precompiled: Partial<Record<SpecKind, ValidateFunction>> | null | undefined;
function precompiledValidators(): Partial<Record<SpecKind, ValidateFunction>> | null {
  if (precompiled !== undefined) return precompiled;
  precompiled = null;
  if (process.env.TRAINYARD_SPEC_VALIDATORS === 'compile') return null;
  for (const dir of builtValidatorDirs(__dirname)) {
    let code: string;
    try {
      code = fs.readFileSync(path.join(dir, 'spec.js'), 'utf8');
    } catch {
      continue;
    }
    if (!isCurrentSpecValidators(code)) continue;
    try {
      const exports = runAjvCode(code, 'spec-validators.js', ajvRuntimeModules({ 'trainyard:spec-formats': SPEC_FORMATS })).exports as Record<string, ValidateFunction>;
      if (Object.keys(schemas().kinds).every((k) => typeof exports[k] === 'function')) {
        precompiled = exports as Partial<Record<SpecKind, ValidateFunction>>;
        return precompiled;
      }
    } catch {
      // damaged: compile instead
    }
  }
  return null;
}

/** Tests: use the build's validators (`auto`, the default) or compile them (`compile`); clears what was loaded. */
export function setSpecValidatorSource(source: 'auto' | 'compile'): void {
  validators.clear();
  precompiled = source === 'compile' ? null : undefined;
}

/** Whether the build's precompiled spec validators are in use (else they are compiled on first use). */
export function usingPrecompiledSpecValidators(): boolean {
  return precompiledValidators() !== null;
}

/** The validator of a kind: the build's precompiled one, else compiled once on first use. */
export function getValidator(kind: SpecKind): ValidateFunction {
  let v = validators.get(kind);
  if (!v) {
    v = precompiledValidators()?.[kind] ?? (getAjv().getSchema(String(schemas().kinds[kind].$id)) as ValidateFunction);
    validators.set(kind, v);
  }
  return v;
}

/**
 * Precompiled validators report copies of the schema objects in verbose errors; put the bundled
 * objects back (found by the error's schema path and equal content), so `$ref`s inside them
 * resolve against the document they belong to.
 */
export function originalSchemaOf(copy: unknown, schemaPath: string, keyword: string): JsonSchema | undefined {
  if (!copy || typeof copy !== 'object' || ownerOf(copy) !== undefined) return undefined;
  const parentPath = schemaPath.replace(/^#/, '').split('/').slice(0, -1).join('/');
  const text = JSON.stringify(copy);
  for (const doc of schemas().all) {
    const cand = walkFragment(doc, `#${parentPath}`);
    if (cand && keyword in cand && JSON.stringify(cand) === text) return cand;
  }
  return undefined;
}

/** Why `source` is not a JavaScript regex, or undefined when it is one. */
export function regexError(source: string): string | undefined {
  try {
    new RegExp(source);
    return undefined;
  } catch (e) {
    // V8 writes `Invalid regular expression: /<source>/<flags>: <reason>`; the source is known
    const m = String((e as Error).message);
    const head = `Invalid regular expression: /${source}/`;
    return m.startsWith(head) ? m.slice(head.length).replace(/^[a-z]*: /, '') : m.replace(/^Invalid regular expression: /, '');
  }
}

export function getKindSchema(kind: SpecKind): JsonSchema {
  return schemas().kinds[kind];
}

/** The umbrella schema (`kind` picks one of the others); the one the catalog associates. */
export function getRootSchema(): JsonSchema {
  return schemas().root;
}

export function getSchemaById(id: string): JsonSchema | undefined {
  return schemas().byId.get(id);
}

/** Looks a `$ref` up, relative to the document `base` (an `$id`). */
export function resolveRef(ref: string, base?: string): JsonSchema | undefined {
  let url: URL;
  try {
    url = new URL(ref, base ?? SCHEMA_BASE);
  } catch {
    return undefined;
  }
  const docId = url.href.replace(/#.*$/, '');
  let doc = schemas().byId.get(docId);
  if (!doc && !base && ref.startsWith('#')) {
    // A fragment-only ref whose document we do not know: the first document that has it.
    for (const d of schemas().all) if (walkFragment(d, url.hash) !== undefined) return walkFragment(d, url.hash);
  }
  if (!doc) return undefined;
  return walkFragment(doc, url.hash);
}

function walkFragment(doc: JsonSchema, hash: string): JsonSchema | undefined {
  let cur: any = doc;
  for (const seg of splitPointer(decodeURIComponent(hash.replace(/^#/, '')))) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = cur[seg];
  }
  return cur && typeof cur === 'object' ? cur : undefined;
}

/**
 * Follows `$ref`s. Keywords written next to a `$ref` win over the target's (our schemas
 * override `description` that way), so the result may be a merged copy.
 */
export function deref(schema: JsonSchema | boolean | undefined, seen = 0): JsonSchema | undefined {
  if (schema === undefined || typeof schema === 'boolean') return schema === true ? {} : undefined;
  if (typeof schema.$ref !== 'string' || seen > 32) return schema;
  const target = resolveRef(schema.$ref, ownerOf(schema));
  if (!target) return schema;
  const resolved = deref(target, seen + 1) ?? target;
  const { $ref: _ref, ...rest } = schema;
  if (Object.keys(rest).length === 0) return resolved;
  const merged: JsonSchema = { ...resolved, ...rest };
  if (owners && ownerOf(resolved)) owners.set(merged, ownerOf(resolved)!);
  return merged;
}

/** JSON type name of a value, as JSON Schema `type` names it (integers are `integer`). */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Whether `schema`'s `type` (if any) admits `value`. */
export function typeAdmits(schema: JsonSchema | undefined, value: unknown): boolean {
  const s = deref(schema);
  if (!s) return false;
  if (s.type === undefined) {
    if (s.const !== undefined) return jsonType(s.const) === jsonType(value) || typeof s.const === typeof value;
    return true;
  }
  const types: string[] = Array.isArray(s.type) ? s.type : [s.type];
  const t = jsonType(value);
  return types.includes(t) || (t === 'integer' && types.includes('number'));
}

/** The branches of a schema's `oneOf` / `anyOf` / `allOf`, dereferenced. */
function branches(s: JsonSchema): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const k of ['allOf', 'oneOf', 'anyOf']) {
    if (Array.isArray(s[k])) for (const b of s[k]) {
      const d = deref(b);
      if (d) out.push(d);
    }
  }
  return out;
}

/** The subschema for one step into an instance (a property name or an array index). */
export function childSchema(schema: JsonSchema | undefined, segment: string, value?: unknown): JsonSchema | undefined {
  const s = deref(schema);
  if (!s) return undefined;
  if (s.properties && Object.prototype.hasOwnProperty.call(s.properties, segment)) return deref(s.properties[segment]);
  if (s.patternProperties) {
    for (const [pat, sub] of Object.entries<any>(s.patternProperties)) {
      try {
        if (new RegExp(pat, 'u').test(segment)) return deref(sub);
      } catch {
        /* a bad pattern in a schema is not the user's problem */
      }
    }
  }
  if (/^(0|[1-9][0-9]*)$/.test(segment)) {
    const i = Number(segment);
    if (Array.isArray(s.prefixItems) && i < s.prefixItems.length) return deref(s.prefixItems[i]);
    if (s.items !== undefined && typeof s.items !== 'boolean') return deref(s.items);
  }
  if (s.additionalProperties && typeof s.additionalProperties === 'object') return deref(s.additionalProperties);
  // Look into combinators: the branch whose type admits the value, else the first that has it.
  const bs = branches(s);
  const ordered = value === undefined ? bs : [...bs.filter((b) => typeAdmits(b, value)), ...bs.filter((b) => !typeAdmits(b, value))];
  for (const b of ordered) {
    const c = childSchema(b, segment, undefined);
    if (c && Object.keys(c).length > 0) return c;
  }
  return undefined;
}

/**
 * The subschema that describes the value at `pointer` (`/resources/gpus`) in a spec of `kind`,
 * dereferenced. Pass the document to pick the right branch of a `oneOf` (e.g. a sweep's `job`,
 * a path or an inline body). Undefined when the schema has nothing there (an unknown key).
 */
export function getSchemaAt(kind: SpecKind, pointer: string, doc?: unknown): JsonSchema | undefined {
  let schema: JsonSchema | undefined = deref(schemas().kinds[kind]);
  let value: unknown = doc;
  for (const seg of splitPointer(pointer)) {
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[seg] : undefined;
    schema = childSchema(schema, seg, value);
    if (!schema) return undefined;
  }
  if (!schema) return undefined;
  // A value-level oneOf (env values, sweep job): prefer the branch that fits the value.
  if (value !== undefined && (schema.oneOf || schema.anyOf) && !schema.type) {
    const fits = branches(schema).filter((b) => typeAdmits(b, value));
    if (fits.length === 1) return { ...fits[0], ...withoutCombinators(schema) };
  }
  return schema;
}

function withoutCombinators(s: JsonSchema): JsonSchema {
  const { oneOf: _o, anyOf: _a, allOf: _l, ...rest } = s;
  return rest;
}

/** Property names an object schema declares (through combinators too), for completion and did-you-mean. */
export function propertyNames(schema: JsonSchema | undefined): string[] {
  const s = deref(schema);
  if (!s) return [];
  const out = new Set<string>(Object.keys(s.properties ?? {}));
  for (const b of branches(s)) for (const k of propertyNames(b)) out.add(k);
  return [...out];
}

/** The first sentence of a schema's description, lower-cased, without its period: a short gloss. */
export function shortDescription(schema: JsonSchema | undefined): string | undefined {
  const s = deref(schema);
  const d: unknown = s?.description;
  if (typeof d !== 'string' || !d.trim()) return undefined;
  let first = d.trim().split(/(?<=[.!?])\s+/)[0].replace(/[.!?]$/, '');
  if (first.length > 90) first = first.slice(0, 87).replace(/\s+\S*$/, '') + '…';
  return /^[A-Z][a-z]/.test(first) ? first[0].toLowerCase() + first.slice(1) : first;
}
