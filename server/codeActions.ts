/**
 * Quick fixes from the data diagnostics carry (server/fixData.ts) and from the schema at the
 * diagnostic's place:
 * - "did you mean" replaces a misspelt key or value with the suggestion (preferred), written
 *   as its place needs it (server/fixEdits.ts: quotes kept, JSON strings in JSON files);
 * - with no close match, an unknown key may be removed or renamed to a property the object
 *   lacks, and a value outside an enum changed to each allowed value;
 * - "add missing properties" inserts `key: value` members at the object's indentation (block,
 *   flow or JSON) with the schema's default, const, first example or enum value, else a value of
 *   its type; an empty `key:` where an object with required members belongs gets those members.
 * The single best fix of a diagnostic is marked preferred.
 */
import { CodeActionKind } from './protocol';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver';
import type { YamlDocument } from '../core/yaml';
import { parentPointer, splitPointer } from '../core/yaml';
import type { ParsedDocument } from './documents';
import type { SchemaService } from './schema/service';
import type { ServerSettings } from './settings';
import { docAt, valueAtPointer } from './cursor';
import { schemaFor, type DocSchema } from './schemaContext';
import { propertiesOf, schemasAt, type Schema } from './schema/navigate';
import { fixDataOf } from './fixData';
import { inFlow, insertKeys, removeMember, replacementText } from './fixEdits';
import { isJsonUri } from './schema/association';
import { isObj } from './yamlNav';
import { yamlScalar } from './yamlText';

/** More alternatives than this are left to completion. */
const MAX_ALTERNATIVES = 20;

const UNKNOWN_KEY = new Set(['unknown-key', 'additionalProperties', 'unevaluatedProperties']);

export class CodeActionService {
  constructor(private readonly schemas: SchemaService) {}

  async actions(parsed: ParsedDocument, diagnostics: Diagnostic[], settings: ServerSettings): Promise<CodeAction[]> {
    if (!parsed.yaml) return [];
    const out: CodeAction[] = [];
    const missing = new Map<string, { docIndex: number; object: string; keys: string[]; diags: Diagnostic[] }>();
    const schemaOf = (i: number) => schemaFor(this.schemas, parsed, i, settings);
    for (const d of diagnostics) {
      if (d.source !== undefined && d.source !== 'trainyard') continue;
      const data = fixDataOf(d);
      const start = parsed.lines.offset(d.range.start.line, d.range.start.character);
      const end = parsed.lines.offset(d.range.end.line, d.range.end.character);
      const docIndex = docAt(parsed, start);
      const doc = parsed.yaml.docs[docIndex];
      if (data?.suggestion !== undefined) {
        const fix = this.replace(parsed, doc, d, start, end, data.suggestion);
        if (fix) out.push(fix);
        continue;
      }
      if (data?.missing !== undefined && data.object !== undefined) {
        const key = `${docIndex}\0${data.object}`;
        const g = missing.get(key) ?? { docIndex, object: data.object, keys: [], diags: [] };
        if (!g.keys.includes(data.missing)) g.keys.push(data.missing);
        g.diags.push(d);
        missing.set(key, g);
        continue;
      }
      if (!doc || doc.value === undefined) continue;
      const code = String(d.code ?? '');
      const at = pointerOf(doc, start, end);
      if (!at) continue;
      if (UNKNOWN_KEY.has(code) && at.onKey) out.push(...(await this.unknownKey(parsed, doc, d, at.pointer, await schemaOf(docIndex))));
      else if ((code === 'enum' || code === 'const') && !at.onKey) out.push(...this.otherValues(parsed, doc, d, at.pointer, await schemaOf(docIndex)));
      else if (code === 'type' && valueAtPointer(doc.value, at.pointer) === null) {
        const schema = await schemaOf(docIndex);
        const fix = schema && this.fillEmpty(parsed, doc, d, at.pointer, schema);
        if (fix) out.push(fix);
      }
    }
    for (const g of missing.values()) {
      const doc = parsed.yaml.docs[g.docIndex];
      const present = valueAtPointer(doc.value, g.object);
      const keys = g.keys.filter((k) => !(isObj(present) && Object.prototype.hasOwnProperty.call(present, k)));
      if (!keys.length) continue;
      const schema = await schemaOf(g.docIndex);
      const many = keys.length > 1;
      if (many) {
        const edit = insertKeys(parsed, doc, g.object, keys, schema);
        if (edit) out.push(action(`Add missing properties: ${keys.join(', ')}`, parsed.uri, edit, g.diags, true));
      }
      for (const k of keys) {
        const edit = insertKeys(parsed, doc, g.object, [k], schema);
        const diags = g.diags.filter((d) => fixDataOf(d)?.missing === k);
        if (edit) out.push(action(`Add missing property \`${k}\``, parsed.uri, edit, diags, !many));
      }
    }
    return out;
  }

  private replace(parsed: ParsedDocument, doc: YamlDocument | undefined, d: Diagnostic, start: number, end: number, suggestion: string): CodeAction | undefined {
    const old = parsed.text.slice(start, end);
    const at = doc ? pointerOf(doc, start, end) : undefined;
    const flow = !!(doc && at && inFlow(parsed.text, doc, at.pointer));
    const newText = replacementText(old, suggestion, { flow, json: isJsonUri(parsed.uri) });
    if (old === newText) return undefined;
    const structured = /^[[{]/.test(suggestion) && newText === suggestion;
    const title = suggestion.startsWith('{') ? `Replace with \`${suggestion}\`` : `Change to \`${suggestion}\``;
    // a value replaced by a mapping changes what the spec means: offered, not preferred
    return action(title, parsed.uri, { range: d.range, newText }, [d], !(structured && suggestion.startsWith('{')));
  }

  /** An unknown key with no close match: remove it, or rename it to a property the object lacks. */
  private async unknownKey(parsed: ParsedDocument, doc: YamlDocument, d: Diagnostic, pointer: string, schema: DocSchema | undefined): Promise<CodeAction[]> {
    const out: CodeAction[] = [];
    const key = splitPointer(pointer).pop()!;
    const remove = removeMember(parsed, doc, pointer);
    if (remove) out.push(action(`Remove \`${key}\``, parsed.uri, remove, [d], false));
    if (!schema) return out;
    const object = parentPointer(pointer);
    const present = valueAtPointer(doc.value, object);
    const props = propertiesOf(schemasAt(schema.root, object, schema.deref, { v: doc.value }), schema.deref);
    const span = doc.map.get(pointer)!;
    const old = parsed.text.slice(span.key![0], span.key![1]);
    const flow = inFlow(parsed.text, doc, pointer);
    // renames the value fits (`lrr: 0.1` → `lr`, not → `betas`, a list)
    const v = valueAtPointer(doc.value, pointer);
    const names = [...props].filter(([k, p]) => !(isObj(present) && Object.prototype.hasOwnProperty.call(present, k)) && fits(v, p.schemas)).map(([k]) => k);
    for (const k of names.slice(0, MAX_ALTERNATIVES)) {
      out.push(action(`Change to \`${k}\``, parsed.uri, { range: d.range, newText: replacementText(old, k, { flow, json: isJsonUri(parsed.uri) }) }, [d], false));
    }
    return out;
  }

  /** A value outside an enum with no close match: each allowed value. */
  private otherValues(parsed: ParsedDocument, doc: YamlDocument, d: Diagnostic, pointer: string, schema: DocSchema | undefined): CodeAction[] {
    if (!schema) return [];
    const values: unknown[] = [];
    const seen = new Set<string>();
    for (const s of schemasAt(schema.root, pointer, schema.deref, { v: doc.value }) as Schema[]) {
      for (const v of Array.isArray(s.enum) ? s.enum : s.const !== undefined ? [s.const] : []) {
        if (v !== null && typeof v === 'object') continue;
        const k = JSON.stringify(v);
        if (seen.has(k)) continue;
        seen.add(k);
        values.push(v);
      }
    }
    const span = doc.map.get(pointer);
    if (!span) return [];
    const old = parsed.text.slice(span.value[0], span.value[1]);
    const flow = inFlow(parsed.text, doc, pointer);
    const json = isJsonUri(parsed.uri);
    return values.slice(0, MAX_ALTERNATIVES).map((v) => {
      const text = typeof v === 'string' ? replacementText(old, v, { flow, json }) : json ? JSON.stringify(v) : yamlScalar(v);
      return action(`Change to \`${typeof v === 'string' ? v : JSON.stringify(v)}\``, parsed.uri, { range: d.range, newText: text }, [d], values.length === 1);
    });
  }

  /** `key:` with nothing after it where an object with required members belongs: those members. */
  private fillEmpty(parsed: ParsedDocument, doc: YamlDocument, d: Diagnostic, pointer: string, schema: DocSchema): CodeAction | undefined {
    const subs = schemasAt(schema.root, pointer, schema.deref, { v: doc.value });
    if (!subs.some((s) => s.type === 'object' || (Array.isArray(s.type) && s.type.includes('object')))) return undefined;
    const required = [...propertiesOf(subs, schema.deref)].filter(([, p]) => p.required).map(([k]) => k);
    if (!required.length) return undefined;
    const edit = insertKeys(parsed, doc, pointer, required, schema);
    return edit ? action(`Add required properties: ${required.join(', ')}`, parsed.uri, edit, [d], true) : undefined;
  }
}

/** Whether the schemas' `type`s, enums and consts (where they say) take the value `v`. */
function fits(v: unknown, schemas: Schema[]): boolean {
  for (const s of schemas) {
    if (Array.isArray(s.enum) && !s.enum.some((e: unknown) => JSON.stringify(e) === JSON.stringify(v))) return false;
    if (s.const !== undefined && JSON.stringify(s.const) !== JSON.stringify(v)) return false;
  }
  const types = new Set(schemas.flatMap((s) => (Array.isArray(s.type) ? s.type : typeof s.type === 'string' ? [s.type] : [])));
  if (!types.size) return true;
  const t = v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v;
  return types.has(t) || (t === 'integer' && types.has('number'));
}

/** The map entry a diagnostic's range is on: a key, or a value. */
function pointerOf(doc: YamlDocument, start: number, end: number): { pointer: string; onKey: boolean } | undefined {
  let best: { pointer: string; onKey: boolean } | undefined;
  for (const [p, s] of doc.map) {
    if (s.key && s.key[0] === start && s.key[1] === end) return { pointer: p, onKey: true };
    if (best) continue;
    if (s.value[0] === start && (s.value[1] === end || start === end)) best = { pointer: p, onKey: false };
    // an empty `-` item: the diagnostic is on its dash, the (empty) value right after it
    else if (!s.key && s.value[0] === s.value[1] && s.value[0] >= start && s.value[0] <= end) best = { pointer: p, onKey: false };
  }
  return best;
}

function action(title: string, uri: string, edit: TextEdit, diagnostics: Diagnostic[], preferred: boolean): CodeAction {
  return { title, kind: CodeActionKind.QuickFix, diagnostics, isPreferred: preferred, edit: { changes: { [uri]: [edit] } } };
}
