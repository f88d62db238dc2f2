/**
 * Compiled validators, cached per schema URI, compiled lazily on first use. One Ajv instance
 * per draft family (07/06 and rewritten 04; 2019-09; 2020-12). Ajv is told about the
 * annotation keywords editors use, and `deprecationMessage` is a keyword that records where a
 * deprecated value was used.
 */
import Ajv from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import type { AnySchema, ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { draftOf, fromDraft04, type Draft } from './draft';

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
  validate(value: unknown): { errors: ErrorObject[]; deprecations: Deprecation[] };
  /** A validator for the subschema at `#<pointer>` of this schema (anyOf branches). */
  sub(pointer: string): ValidateFunction | undefined;
}

export type CompileResult = { ok: true; compiled: CompiledSchema } | { ok: false; error: string };

let deprecations: Deprecation[] | undefined;

function makeAjv(draft: Draft): AjvLike {
  const opts = { allErrors: true, strict: false, verbose: true, logger: false as const, unicodeRegExp: false, validateSchema: false, inlineRefs: false, code: { optimize: false } } as const;
  // (optimize: false halves compile time of big schemas — ~100 ms instead of ~210 for
  // SchemaStore's github-workflow — and validation stays well under a millisecond per KB)
  const ajv: AjvLike = draft === '2020-12' ? new Ajv2020(opts) : draft === '2019-09' ? new Ajv2019(opts) : new Ajv(opts);
  addFormats(ajv as Ajv);
  for (const k of ANNOTATIONS) ajv.addKeyword({ keyword: k });
  ajv.addKeyword({
    keyword: 'deprecationMessage',
    schemaType: 'string',
    errors: false,
    validate: (message: string, _data: unknown, _parent: unknown, cxt?: { instancePath: string }) => {
      deprecations?.push({ instancePath: cxt?.instancePath ?? '', message });
      return true;
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

export class SchemaCompiler {
  private readonly instances = new Map<string, AjvLike>();
  private readonly compiled = new Map<string, CompileResult>();

  /** Compiles `schema` (known under `uri`) once; later calls return the cached result. */
  compile(uri: string, raw: unknown): CompileResult {
    const hit = this.compiled.get(uri);
    if (hit) return hit;
    const result = this.doCompile(uri, raw);
    this.compiled.set(uri, result);
    return result;
  }

  forget(uri: string): void {
    this.compiled.delete(uri);
  }

  private doCompile(uri: string, raw: unknown): CompileResult {
    const draft = draftOf(raw);
    const schema = draft === '04' ? fromDraft04(raw) : raw;
    // Each schema gets its own Ajv (ids of different schemas may clash, e.g. two versions).
    const ajv = makeAjv(draft);
    let root: ValidateFunction;
    const withId = typeof schema === 'object' && schema !== null ? { ...(schema as object) } : schema;
    const id = (withId as Record<string, unknown>)?.$id;
    const key = typeof id === 'string' && id ? id : uri;
    if (typeof withId === 'object' && withId !== null && !(withId as Record<string, unknown>).$id) (withId as Record<string, unknown>).$id = uri;
    try {
      ajv.addSchema(withId as AnySchema);
      root = ajv.getSchema(key) as ValidateFunction;
      if (!root) throw new Error('the schema did not compile');
    } catch (e) {
      return { ok: false, error: `schema ${uri} is invalid: ${String((e as Error).message).split('\n')[0]}` };
    }
    const subs = new Map<string, ValidateFunction | undefined>();
    const compiled: CompiledSchema = {
      uri,
      schema: withId,
      draft,
      validate(value) {
        deprecations = [];
        try {
          root(value);
          return { errors: root.errors ?? [], deprecations };
        } finally {
          deprecations = undefined;
        }
      },
      sub(pointer) {
        if (subs.has(pointer)) return subs.get(pointer);
        let v: ValidateFunction | undefined;
        try {
          v = ajv.getSchema(`${key}#${pointer}`) as ValidateFunction | undefined;
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
