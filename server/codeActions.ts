/**
 * Quick fixes from the data diagnostics carry (server/fixData.ts): "did you mean" replaces a
 * misspelt key or value with the suggestion; "add missing properties" inserts `key: value` lines
 * at the object's indentation, with the schema's default, const, first example or first enum
 * value. The single best fix of a diagnostic is marked preferred.
 */
import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import type { YamlDocument } from '../core/yaml';
import { childPointer } from '../core/yaml';
import type { ParsedDocument } from './documents';
import type { SchemaService } from './schema/service';
import type { ServerSettings } from './settings';
import { docAt, valueAtPointer } from './cursor';
import { schemaFor, type DocSchema } from './schemaContext';
import { schemasAt, type Schema } from './schema/navigate';
import { fixDataOf } from './fixData';
import { toRange } from './ranges';
import { isObj, trimEnd } from './yamlNav';
import { yamlValue } from './yamlText';

export class CodeActionService {
  constructor(private readonly schemas: SchemaService) {}

  async actions(parsed: ParsedDocument, diagnostics: Diagnostic[], settings: ServerSettings): Promise<CodeAction[]> {
    if (!parsed.yaml) return [];
    const out: CodeAction[] = [];
    const missing = new Map<string, { docIndex: number; object: string; keys: string[]; diags: Diagnostic[] }>();
    for (const d of diagnostics) {
      const data = fixDataOf(d);
      if (!data) continue;
      if (data.suggestion !== undefined) {
        const fix = this.replace(parsed, d, data.suggestion);
        if (fix) out.push(fix);
      }
      if (data.missing !== undefined && data.object !== undefined) {
        const docIndex = docAt(parsed, parsed.lines.offset(d.range.start.line, d.range.start.character));
        const key = `${docIndex}\0${data.object}`;
        const g = missing.get(key) ?? { docIndex, object: data.object, keys: [], diags: [] };
        if (!g.keys.includes(data.missing)) g.keys.push(data.missing);
        g.diags.push(d);
        missing.set(key, g);
      }
    }
    for (const g of missing.values()) {
      const doc = parsed.yaml.docs[g.docIndex];
      const present = valueAtPointer(doc.value, g.object);
      const keys = g.keys.filter((k) => !(isObj(present) && Object.prototype.hasOwnProperty.call(present, k)));
      if (!keys.length) continue;
      const schema = await schemaFor(this.schemas, parsed, g.docIndex, settings);
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

  private replace(parsed: ParsedDocument, d: Diagnostic, suggestion: string): CodeAction | undefined {
    const start = parsed.lines.offset(d.range.start.line, d.range.start.character);
    const end = parsed.lines.offset(d.range.end.line, d.range.end.character);
    const old = parsed.text.slice(start, end);
    if (old === suggestion) return undefined;
    const q = old[0];
    const quoted = (q === '"' || q === "'") && old.length >= 2 && old[old.length - 1] === q;
    const structured = suggestion.startsWith('{');
    const newText = quoted && !structured ? (q === '"' ? JSON.stringify(suggestion) : `'${suggestion.replace(/'/g, "''")}'`) : suggestion;
    const title = structured ? `Replace with \`${suggestion}\`` : `Change to \`${suggestion}\``;
    // a value replaced by a structure changes what the spec means: offered, not preferred
    return action(title, parsed.uri, { range: d.range, newText }, [d], !structured);
  }
}

function action(title: string, uri: string, edit: TextEdit, diagnostics: Diagnostic[], preferred: boolean): CodeAction {
  return { title, kind: CodeActionKind.QuickFix, diagnostics, isPreferred: preferred, edit: { changes: { [uri]: [edit] } } };
}

/** `key: value` lines for `keys`, inserted where the object's members are (or as its first ones). */
export function insertKeys(parsed: ParsedDocument, doc: YamlDocument, object: string, keys: string[], schema: DocSchema | undefined): TextEdit | undefined {
  const text = parsed.text;
  const lines = parsed.lines;
  const value = valueAtPointer(doc.value, object);
  const span = doc.map.get(object);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const member = (k: string, indent: number) => memberText(k, schema ? schemasAt(schema.root, childPointer(object, k), schema.deref) : [], indent, eol);
  if (value !== null && value !== undefined && !isObj(value)) return undefined;
  if (span && text[span.value[0]] === '{') {
    // flow mapping: before the closing brace
    const close = text.lastIndexOf('}', span.value[1]);
    if (close < span.value[0]) return undefined;
    const empty = text.slice(span.value[0] + 1, close).trim() === '';
    const body = keys.map((k) => member(k, -1)).join(', ');
    const at = trimEnd(text, span.value[0] + 1, close);
    return { range: toRange(lines, at, at), newText: empty ? body : `, ${body}` };
  }
  const members = [...doc.map.entries()].filter(([p, s]) => s.key && p.startsWith(object + '/') && p.indexOf('/', object.length + 1) < 0);
  let indent: number;
  let at: number;
  if (members.length && span) {
    indent = lines.position(members[0][1].key![0]).character;
    const last = trimEnd(text, span.value[0], span.value[1]);
    const line = lines.lineOf(Math.max(span.value[0], last - 1));
    at = line + 1 < lines.lineCount ? lines.starts[line + 1] : text.length;
  } else if (object === '' || !span) {
    indent = 0;
    at = object === '' ? doc.start : text.length;
    if (object === '' && doc.value === null) {
      // an empty document: after its last line
      at = text.length;
    }
  } else {
    // `key:` with no value yet: the lines right below it, one level deeper
    const keyStart = span.key ? span.key[0] : span.value[0];
    indent = lines.position(keyStart).character + 2;
    const line = lines.lineOf(keyStart);
    at = line + 1 < lines.lineCount ? lines.starts[line + 1] : text.length;
  }
  let newText = keys.map((k) => ' '.repeat(indent) + member(k, indent) + eol).join('');
  if (at === text.length && text.length > 0 && !text.endsWith('\n')) newText = eol + newText.slice(0, -eol.length);
  return { range: toRange(lines, at, at), newText };
}

/** `key: value` (or a block below the key) for one missing property; indent -1 means flow style. */
function memberText(key: string, subs: Schema[], indent: number, eol: string): string {
  const name = /^[A-Za-z_][\w.-]*$/.test(key) ? key : JSON.stringify(key);
  const v = initialValue(subs);
  if (v === undefined) return `${name}: `;
  if (indent < 0 || v === null || typeof v !== 'object' || Object.keys(v).length === 0) return `${name}: ${indent < 0 ? JSON.stringify(v) : yamlValue(v, 0, eol)}`;
  return `${name}:${yamlValue(v, indent + 2, eol)}`;
}

function initialValue(subs: Schema[]): unknown {
  for (const f of [(s: Schema) => s.default, (s: Schema) => s.const, (s: Schema) => (Array.isArray(s.examples) ? s.examples[0] : undefined), (s: Schema) => (Array.isArray(s.enum) ? s.enum[0] : undefined)]) {
    for (const s of subs) {
      const v = f(s);
      if (v !== undefined) return v;
    }
  }
  const types = new Set(subs.flatMap((s) => (Array.isArray(s.type) ? s.type : typeof s.type === 'string' ? [s.type] : [])));
  if (types.size === 1 && types.has('object')) return {};
  if (types.size === 1 && types.has('array')) return [];
  if (types.size === 1 && types.has('boolean')) return false;
  return undefined;
}
