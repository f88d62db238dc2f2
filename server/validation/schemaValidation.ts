/** JSON Schema validation of one parsed YAML/JSON document → LSP diagnostics with precise ranges. */
import { DiagnosticSeverity, DiagnosticTag } from '../protocol';
import type { Diagnostic } from 'vscode-languageserver';
import type { LineIndex, OffsetSpan, YamlDocument } from '../../core/yaml';
import { lookupSpan } from '../yamlNav';
import type { CompiledSchema } from '../schema/compiler';
import { reduceErrors, type SchemaProblem } from './reduce';
import { messageFor, suggestionFor } from './messages';
import type { FixData } from '../fixData';
import { toRange } from '../ranges';
import { documentDeref, expand, propertiesOf, schemasAt, type Deref, type Schema } from '../schema/navigate';
import { splitPointer } from '../../core/yaml';

export interface ValidationInput {
  doc: YamlDocument;
  text: string;
  lines: LineIndex;
  schema: CompiledSchema;
  /** Offsets of syntax errors: problems on those lines are likely echoes and are dropped. */
  syntaxLines: Set<number>;
  /** Offset spans of the syntax errors (a key named on a broken line is still checked unless the error is in it). */
  syntaxSpans?: ReadonlyArray<readonly [number, number]>;
  /** An explicit empty document (`---` alone): its marker, where its problems are reported. */
  emptyAt?: readonly [number, number];
  /** False for a document's first check: nothing is recorded for later checks (CompiledSchema.validate). */
  remember?: boolean;
}

/**
 * A top-level `$schema: <string>` names the document's schema (JSON Schema's own convention, and
 * how this file may have been associated): it is not one of the document's properties, so a
 * closed schema that does not list it does not make it "not allowed".
 */
function isSchemaPointerKey(e: { keyword: string; instancePath: string; params: Record<string, unknown> }, value: unknown): boolean {
  if (e.instancePath !== '' || (e.keyword !== 'additionalProperties' && e.keyword !== 'unevaluatedProperties')) return false;
  const key = e.params.additionalProperty ?? e.params.unevaluatedProperty;
  return key === '$schema' && typeof (value as Record<string, unknown> | null)?.$schema === 'string';
}

/**
 * The bundled Kubernetes and Kubeflow schemas describe API objects, and the API server reads a
 * member written with nothing after it (`env:` whose items are commented out, `annotations:`) as
 * absent: Go's JSON decoding leaves such a field unset, and nulls are pruned from custom resources.
 * Those members are left out before validating, so only a required one is reported (as missing).
 */
const NULL_AS_ABSENT = /^https:\/\/trainyard\.dev\/schemas\/thirdparty\/(?:kubernetes|kubeflow)\//;

/**
 * `v` without object members whose value is null, at every depth (list items stay, so instance
 * paths do not move). Parts without such members are the very same objects (the validators'
 * memory of unchanged parts, core/ajvCode.ts, goes by identity).
 */
export function withoutNullMembers(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x = withoutNullMembers(v[i]);
      if (x !== v[i]) (out ??= v.slice())[i] = x;
    }
    return out ?? v;
  }
  let out: Record<string, unknown> | undefined;
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    const x = o[k] === null ? undefined : withoutNullMembers(o[k]);
    if (x === o[k]) continue;
    out ??= { ...o };
    if (x === undefined) delete out[k];
    else out[k] = x;
  }
  return out ?? v;
}

/** Whether `schema` is one of the bundled Kubernetes and Kubeflow object schemas. */
function isApiObjectSchema(schema: CompiledSchema): boolean {
  const id = (schema.schema as { $id?: unknown } | null | undefined)?.$id;
  return typeof id === 'string' && NULL_AS_ABSENT.test(id);
}

/** What `schema` checks of a document whose value is `value` (CompiledSchema.validate's input). */
export function validationValue(schema: CompiledSchema, value: unknown): unknown {
  return isApiObjectSchema(schema) ? withoutNullMembers(value) : value;
}

/**
 * Manifests are often templates for `envsubst` (`image: ${IMAGE}`, `replicas: $REPLICAS`): a
 * value holding such a placeholder is not judged by its type, form or allowed values — it is
 * whatever the variable will hold.
 */
const PLACEHOLDER = /\$(?:\{[A-Za-z_][A-Za-z0-9_]*(?::?[-=?+][^}]*)?\}|[A-Za-z_][A-Za-z0-9_]*)/;
const VALUE_KEYWORDS = new Set(['type', 'pattern', 'format', 'enum', 'const', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minLength', 'maxLength']);
function placeholderValue(schema: CompiledSchema, e: { keyword: string; data?: unknown }): boolean {
  return VALUE_KEYWORDS.has(e.keyword) && typeof e.data === 'string' && PLACEHOLDER.test(e.data) && isApiObjectSchema(schema);
}

export function validateDocument(input: ValidationInput): Diagnostic[] {
  const { doc, schema } = input;
  if (doc.value === undefined) return [];
  // an empty file (nothing, or only comments) holds no document: nothing written yet to check
  const empty = doc.value === null && doc.start === doc.end;
  if (empty && !input.emptyAt) return [];
  const value = validationValue(schema, doc.value);
  const { errors, deprecations } = schema.validate(value, input.remember ?? true);
  const out: Diagnostic[] = [];
  if (errors.length) {
    const problems = reduceErrors(errors, value, (p) => schema.sub(p), 0, (o) => schema.locate(o), (x) => derefOf(schema)?.(x));
    for (const p of problems) {
      const span = empty ? input.emptyAt : locate(input, p);
      if (!span) continue;
      if (echoesSyntaxError(input, p, span)) continue;
      if (isSchemaPointerKey(p.error, value)) continue;
      if (placeholderValue(schema, p.error)) continue;
      const d: Diagnostic = { range: toRange(input.lines, span[0], span[1]), severity: DiagnosticSeverity.Error, source: 'trainyard', code: p.error.keyword, message: withPlacement(messageFor(p), p, schema, value) };
      const data = fixData(p);
      if (data) d.data = data;
      out.push(d);
    }
  }
  for (const d of deprecations) {
    const s = lookupSpan(doc, d.instancePath);
    if (!s) continue;
    const span = s.span.key ?? s.span.value;
    out.push({ range: toRange(input.lines, span[0], span[1]), severity: DiagnosticSeverity.Warning, source: 'trainyard', code: 'deprecated', message: d.message, tags: [DiagnosticTag.Deprecated] });
  }
  return out;
}

const derefs = new WeakMap<object, Deref>();

/** `$ref` resolution in the compiled schema (and the documents it refers to), made once per schema. */
function derefOf(schema: CompiledSchema): Deref | undefined {
  const root = schema.schema;
  if (!root || typeof root !== 'object') return undefined;
  let d = derefs.get(root);
  if (!d) derefs.set(root, (d = documentDeref(root as Schema)));
  return d;
}

function fixData(p: SchemaProblem): FixData | undefined {
  if (p.error.keyword === 'required' && p.at === 'object') return { object: p.pointer, missing: String((p.error.params as { missingProperty?: unknown }).missingProperty) };
  const suggestion = suggestionFor(p);
  return suggestion ? { suggestion } : undefined;
}

/** Key for unknown properties, the object's key for missing ones (first line for the root), else the value. */
function locate(input: ValidationInput, p: SchemaProblem): readonly [number, number] | undefined {
  const found = lookupSpan(input.doc, p.pointer);
  if (!found) return undefined;
  const { span, exact } = found;
  if (p.at === 'key' || p.at === 'object' || !exact) {
    if (span.key) return span.key;
    return firstLine(input.text, span.value);
  }
  if (span.value[0] === span.value[1] && span.key) return span.key;
  return span.value[0] === span.value[1] ? emptyItem(input.text, span.value[0]) : span.value;
}

/**
 * An empty list item (`-` alone): its dash. The parser's empty span sits right after the dash, or
 * at the end of the item above (`- name: b⏎  -`), so the dash is the one just before or the next one.
 */
function emptyItem(text: string, at: number): readonly [number, number] {
  if (text[at - 1] === '-') return [at - 1, at];
  let i = at;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  if (text[i] === '-' && (i + 1 >= text.length || /\s/.test(text[i + 1]))) return [i, i + 1];
  return [at, at + 1];
}

function firstLine(text: string, s: readonly [number, number]): readonly [number, number] {
  let nl = text.indexOf('\n', s[0]);
  if (nl < 0 || nl > s[1]) nl = s[1];
  if (nl > s[0] && text[nl - 1] === '\r') nl--;
  return [s[0], Math.max(nl, s[0] + 1)];
}

/** The first line from `line` on that holds more than white space (undefined: none). */
function nextContentLine(input: ValidationInput, line: number): number | undefined {
  const { text, lines } = input;
  let at = line < lines.lineCount ? lines.offset(line, 0) : text.length;
  for (let l = line; at < text.length; l++) {
    let e = text.indexOf('\n', at);
    if (e < 0) e = text.length;
    if (/\S/.test(text.slice(at, e))) return l;
    at = e + 1;
  }
  return undefined;
}

function echoesSyntaxError(input: ValidationInput, p: SchemaProblem, span: readonly [number, number]): boolean {
  if (input.syntaxLines.size === 0) return false;
  if (p.at === 'key' && input.syntaxSpans) return input.syntaxSpans.some(([s, e]) => s < span[1] && span[0] < e);
  const a = input.lines.lineOf(span[0]);
  const b = input.lines.lineOf(span[1]);
  for (let l = a; l <= b; l++) if (input.syntaxLines.has(l)) return true;
  // an empty value whose content sat on a broken line below (`list:` then a tab-indented `- a`)
  const own = lookupSpan(input.doc, p.pointer);
  if (own && own.exact && own.span.value[0] === own.span.value[1]) {
    const next = nextContentLine(input, input.lines.lineOf(own.span.value[0]) + 1);
    if (next !== undefined && input.syntaxLines.has(next)) return true;
  }
  if (p.at === 'object') {
    // a missing key may be on the broken line inside this object
    const own = input.doc.map.get(p.pointer)?.value;
    if (own) {
      const s = input.lines.lineOf(own[0]);
      const e = input.lines.lineOf(own[1]) + 1;
      for (const l of input.syntaxLines) if (l >= s && l <= e) return true;
    }
  }
  return false;
}

/**
 * A key not allowed where it is written but declared, spelt just so, nearby: under one of this
 * object's members (`accelerators` beside `resources`, `image` in a pod spec rather than in a
 * container) or in an object above (`nodeSelector` in a container). The message says where it
 * belongs instead of guessing a spelling (`image` is not a slip of `imagePullSecrets`).
 */
function withPlacement(message: string, p: SchemaProblem, schema: CompiledSchema, value: unknown): string {
  const e = p.error;
  if (e.keyword !== 'additionalProperties' && e.keyword !== 'unevaluatedProperties') return message;
  const where = placement(p, schema, value);
  return where ? `${message.replace(/ \(did you mean [^)]*\)|; allowed: .*$/, '')}; it belongs ${where}` : message;
}

function placement(p: SchemaProblem, schema: CompiledSchema, value: unknown): string | undefined {
  const e = p.error;
  const params = e.params as { additionalProperty?: unknown; unevaluatedProperty?: unknown };
  const key = String(params.additionalProperty ?? params.unevaluatedProperty);
  const deref = derefOf(schema);
  const root = schema.schema;
  if (!deref || !root || typeof root !== 'object') return undefined;
  const at = splitPointer(e.instancePath);
  const here = schemasAt(root as Schema, e.instancePath, deref, { v: value });
  // one level down: a member of this object whose object (or whose list's items) declares the key
  for (const [member, info] of propertiesOf(here, deref)) {
    const inner = info.schemas.flatMap((s) => [s, ...expand(s.items as Schema | undefined, deref)]);
    if (propertiesOf(inner, deref).has(key)) return `under \`${member}\``;
  }
  // up: the nearest object above that declares it
  for (let n = at.length - 1, up = 1; n >= 0 && up <= 4; n--, up++) {
    const ptr = at.slice(0, n);
    const above = schemasAt(root as Schema, ptr.length ? `/${ptr.map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}` : '', deref, { v: value });
    if (propertiesOf(above, deref).has(key)) {
      return ptr.length ? `in \`${ptr.map((s, i) => (/^\d+$/.test(s) && i > 0 ? `[${s}]` : (i ? '.' : '') + s)).join('')}\`` : 'at the top level';
    }
  }
  return undefined;
}
