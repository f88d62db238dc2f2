/**
 * Completion from the schema: keys (required first, never one already present; snippets for
 * objects and lists; `defaultSnippets`, `default`, `examples`) and values (enum, const,
 * booleans, defaults, examples) with their descriptions.
 */
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type CompletionList, type Position } from 'vscode-languageserver';
import type { ParsedDocument } from './documents';
import type { SchemaService } from './schema/service';
import type { ServerSettings } from './settings';
import { cursorContext } from './cursor';
import { schemaFor } from './schemaContext';
import { propertiesOf, schemasAt, type Schema } from './schema/navigate';
import { toRange } from './ranges';
import { isTargetField, paramCompletions, pathCompletions, targetCompletions } from './completionSources';

export class CompletionService {
  constructor(private readonly schemas: SchemaService) {}

  async complete(parsed: ParsedDocument, position: Position, settings: ServerSettings): Promise<CompletionList | null> {
    if (!parsed.yaml) return null;
    const offset = parsed.lines.offset(position.line, position.character);
    const params = paramCompletions(parsed, offset);
    if (params) return { isIncomplete: false, items: params };
    const ctx = cursorContext(parsed, offset);
    if (!ctx) return null;
    const schema = await schemaFor(this.schemas, parsed, ctx.docIndex, settings);
    if (!schema) return null;
    const here = schemasAt(schema.root, ctx.pointer, schema.deref);
    const range = toRange(parsed.lines, ctx.replaceStart, offset);
    let items = ctx.mode === 'key' ? keyItems(here, ctx.present, schema.deref) : valueItems(here);
    for (const it of items) if (!it.textEdit) it.textEdit = { range, newText: it.insertText ?? it.label };
    // sources beyond the schema: files for path fields, this machine's targets
    let extra = false;
    if (ctx.mode === 'value' || ctx.inListItem) {
      const files = pathCompletions(parsed, ctx, offset, here);
      if (files) {
        items = [...files, ...items.filter((i) => i.detail !== 'example')];
        extra = true;
      } else if (ctx.mode === 'value' && schema.source.startsWith('trainyard') && isTargetField(ctx.pointer)) {
        const targets = targetCompletions(settings);
        for (const t of targets) t.textEdit = { range, newText: t.label };
        const have = new Set(targets.map((t) => t.label));
        items = [...targets, ...items.filter((i) => i.detail !== 'example' && !have.has(i.label))];
        extra = true;
      }
    }
    // `.` and `/` trigger completion for params, paths and targets only, not in the middle of any value
    const before = parsed.text[offset - 1];
    if ((before === '.' || before === '/') && !extra) return null;
    return { isIncomplete: false, items };
  }
}

function keyItems(schemas: Schema[], present: Set<string>, deref: (s: Schema) => Schema | undefined): CompletionItem[] {
  const props = propertiesOf(schemas, deref);
  const items: CompletionItem[] = [];
  for (const [name, { schemas: subs, required }] of props) {
    if (present.has(name)) continue;
    if (subs.some((s) => s.doNotSuggest === true || s.deprecationMessage !== undefined)) continue;
    const s = merged(subs);
    const item: CompletionItem = {
      label: name,
      kind: CompletionItemKind.Property,
      sortText: `${required ? '0' : '1'}${s.suggestSortText ?? name}`,
      insertTextFormat: InsertTextFormat.Snippet,
      insertText: keySnippet(name, s),
      documentation: doc(s),
    };
    if (required) item.detail = 'required';
    items.push(item);
    for (const ds of Array.isArray(s.defaultSnippets) ? s.defaultSnippets : []) {
      if (!ds || ds.body === undefined) continue;
      items.push({
        label: ds.label ?? `${name} (snippet)`,
        kind: CompletionItemKind.Snippet,
        sortText: `${required ? '0' : '1'}${name}~`,
        insertTextFormat: InsertTextFormat.Snippet,
        insertText: `${name}:${renderBody(ds.body, 1)}`,
        documentation: ds.markdownDescription ? { kind: MarkupKind.Markdown, value: ds.markdownDescription } : ds.description,
      });
    }
  }
  return items;
}

function merged(schemas: Schema[]): Schema {
  const out: Schema = {};
  for (const s of schemas) for (const [k, v] of Object.entries(s)) if (out[k] === undefined) out[k] = v;
  return out;
}

function typesOf(s: Schema): string[] {
  return Array.isArray(s.type) ? s.type : typeof s.type === 'string' ? [s.type] : s.properties ? ['object'] : s.items ? ['array'] : [];
}

function keySnippet(name: string, s: Schema): string {
  const key = /^[A-Za-z_][\w.-]*$/.test(name) ? name : JSON.stringify(name);
  const types = typesOf(s);
  if (types.length === 1 && types[0] === 'object') return `${key}:\n  $1`;
  if (types.length === 1 && types[0] === 'array') return `${key}:\n  - $1`;
  if (s.default !== undefined && (typeof s.default !== 'object' || s.default === null)) return `${key}: \${1:${escapeSnippet(String(s.default))}}`;
  if (Array.isArray(s.enum) && s.enum.length) return `${key}: \${1|${s.enum.slice(0, 20).map((v: unknown) => escapeChoice(String(v))).join(',')}|}`;
  return `${key}: $1`;
}

function escapeSnippet(s: string): string {
  return s.replace(/[$}\\]/g, '\\$&');
}

function escapeChoice(s: string): string {
  return s.replace(/[$}\\,|]/g, '\\$&');
}

/** A defaultSnippets body as YAML text (strings keep their `${1:…}` placeholders). */
function renderBody(body: unknown, indent: number): string {
  const pad = '  '.repeat(indent);
  if (Array.isArray(body)) return body.map((v) => `\n${pad}- ${renderBody(v, indent + 1).replace(/^\n\s*/, '')}`).join('');
  if (body && typeof body === 'object') return Object.entries(body).map(([k, v]) => `\n${pad}${k}:${renderBody(v, indent + 1).startsWith('\n') ? '' : ' '}${renderBody(v, indent + 1)}`).join('');
  return typeof body === 'string' ? body.replace(/^\^/, '') : JSON.stringify(body);
}

function valueItems(schemas: Schema[]): CompletionItem[] {
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  const add = (v: unknown, description: string | undefined, kind: CompletionItemKind, detail?: string) => {
    const text = typeof v === 'string' ? v : JSON.stringify(v);
    if (seen.has(text) || (typeof v === 'object' && v !== null)) return;
    seen.add(text);
    const item: CompletionItem = { label: text, kind, insertText: text };
    if (description) item.documentation = { kind: MarkupKind.Markdown, value: description };
    if (detail) item.detail = detail;
    items.push(item);
  };
  for (const s of schemas) {
    if (Array.isArray(s.enum)) {
      const md: unknown[] = s.markdownEnumDescriptions ?? s.enumDescriptions ?? [];
      s.enum.forEach((v: unknown, i: number) => add(v, typeof md[i] === 'string' ? (md[i] as string) : undefined, CompletionItemKind.EnumMember));
    }
    if (s.const !== undefined) add(s.const, s.markdownDescription ?? s.description, CompletionItemKind.Constant);
    if (typesOf(s).includes('boolean')) {
      add(true, undefined, CompletionItemKind.Value);
      add(false, undefined, CompletionItemKind.Value);
    }
    if (s.default !== undefined) add(s.default, undefined, CompletionItemKind.Value, 'default');
    for (const ex of Array.isArray(s.examples) ? s.examples : []) add(ex, undefined, CompletionItemKind.Value, 'example');
  }
  return items;
}

function doc(s: Schema): CompletionItem['documentation'] {
  const text = s.markdownDescription ?? s.description;
  return typeof text === 'string' ? { kind: MarkupKind.Markdown, value: text } : undefined;
}
