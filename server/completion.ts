/**
 * Completion from the schema: keys (required first, never one already present; snippets for
 * objects and lists; `defaultSnippets`, `default`, `examples`) and values (enum, const,
 * booleans, defaults, examples) with their descriptions.
 *
 * Per request only the cursor is worked out: the schema of the document, the subschemas at the
 * pointer (schemaCache.ts) and the items they offer (templates, per shared subschema list) are
 * remembered, so an answer is a copy of the templates with this request's edit range. Items
 * go out lean (`textEdit` only); a long list's documentation waits for completionItem/resolve
 * when the client resolves items.
 */
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type CompletionList, type Position, type Range } from 'vscode-languageserver';
import type { ParsedDocument } from './documents';
import type { SchemaService } from './schema/service';
import type { ServerSettings } from './settings';
import { cursorContext, type CursorContext } from './cursor';
import type { DocSchema } from './schemaContext';
import { cachedDeref, docSchema, NOT_READY, readyDocSchema, schemasAtCached } from './schemaCache';
import { propertiesOf, type Schema } from './schema/navigate';
import { toRange } from './ranges';
import { isTargetField, paramCompletions, pathCompletions, targetCompletions } from './completionSources';

/** How a client wants completion items (the LSP handler's choice; tests take the defaults). */
export interface CompletionOptions {
  /** Leave out what the client does not read: `insertText` when the item has a `textEdit`. */
  lean?: boolean;
  /** The client resolves items (completionItem/resolve): long lists send documentation on resolve. */
  lazyDocs?: boolean;
}

/** Lists whose documentation adds up to more than this send it on completionItem/resolve. */
export const LAZY_DOCS_MIN_CHARS = 16 * 1024;
/** How many lists' documentation is kept for completionItem/resolve (clients resolve items of the latest). */
const RESOLVE_KEEP = 8;

type Result = CompletionList | null;

export class CompletionService {
  private readonly keyTemplates = new WeakMap<Schema[], KeyTemplate[]>();
  private readonly valueTemplates = new WeakMap<Schema[], CompletionItem[]>();
  private readonly resolvable = new Map<number, Array<CompletionItem['documentation']>>();
  private nextList = 1;

  constructor(private readonly schemas: SchemaService) {}

  /** The completion at `position`; synchronous when the document's schema is ready. */
  complete(parsed: ParsedDocument, position: Position, settings: ServerSettings, opts: CompletionOptions = {}): Result | Promise<Result> {
    if (!parsed.yaml) return null;
    const offset = parsed.lines.offset(position.line, position.character);
    const params = paramCompletions(parsed, offset);
    if (params) return { isIncomplete: false, items: params };
    const ctx = cursorContext(parsed, offset);
    if (!ctx) return null;
    const known = readyDocSchema(this.schemas, parsed, ctx.docIndex, settings);
    if (known === NOT_READY) return docSchema(this.schemas, parsed, ctx.docIndex, settings).then((schema) => this.items(parsed, ctx, offset, schema, settings, opts));
    return this.items(parsed, ctx, offset, known, settings, opts);
  }

  /** Documentation left out of a long list (`lazyDocs`), for completionItem/resolve. */
  resolve(item: CompletionItem): CompletionItem {
    const data = item.data as { trainyardList?: unknown; i?: unknown } | undefined;
    if (item.documentation !== undefined || !data || typeof data.trainyardList !== 'number' || typeof data.i !== 'number') return item;
    const docs = this.resolvable.get(data.trainyardList);
    const documentation = docs?.[data.i];
    return documentation === undefined ? item : { ...item, documentation };
  }

  private items(parsed: ParsedDocument, ctx: CursorContext, offset: number, schema: DocSchema | undefined, settings: ServerSettings, opts: CompletionOptions): Result {
    if (!schema) return null;
    const here = schemasAtCached(schema, ctx.pointer, { v: parsed.yaml?.docs[ctx.docIndex]?.value });
    const range = toRange(parsed.lines, ctx.replaceStart, offset);
    const lean = opts.lean === true;
    let items: CompletionItem[] = [];
    if (ctx.mode === 'key') {
      let templates = this.keyTemplates.get(here);
      if (!templates) this.keyTemplates.set(here, (templates = keyTemplates(here, cachedDeref(schema))));
      for (const t of templates) if (!ctx.present.has(t.name)) for (const it of t.items) items.push(withEdit(it, range, lean));
    } else {
      let templates = this.valueTemplates.get(here);
      if (!templates) this.valueTemplates.set(here, (templates = valueItems(here)));
      for (const it of templates) items.push(withEdit(it, range, lean));
    }
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
    if (opts.lazyDocs) this.deferDocs(items);
    return { isIncomplete: false, items };
  }

  /** A long list's documentation stays here until the client resolves an item. */
  private deferDocs(items: CompletionItem[]): void {
    let chars = 0;
    for (const it of items) {
      const d = it.documentation;
      if (d !== undefined) chars += typeof d === 'string' ? d.length : d.value.length;
    }
    if (chars <= LAZY_DOCS_MIN_CHARS) return;
    const id = this.nextList++;
    const docs: Array<CompletionItem['documentation']> = [];
    for (let i = 0; i < items.length; i++) {
      const it = items[i];
      if (it.documentation === undefined) continue;
      docs[i] = it.documentation;
      const { documentation: _d, ...rest } = it;
      items[i] = { ...rest, data: { trainyardList: id, i } };
    }
    this.resolvable.set(id, docs);
    if (this.resolvable.size > RESOLVE_KEEP) this.resolvable.delete(this.resolvable.keys().next().value!);
  }
}

/**
 * A template item for one request: its own copy, with the edit that replaces the word typed.
 * (Built field by field, in one order: copies stay one object shape, cheap to make and to send.)
 */
function withEdit(t: CompletionItem, range: Range, lean: boolean): CompletionItem {
  const it: CompletionItem = { label: t.label, kind: t.kind };
  if (t.detail !== undefined) it.detail = t.detail;
  if (t.sortText !== undefined) it.sortText = t.sortText;
  if (t.insertTextFormat !== undefined) it.insertTextFormat = t.insertTextFormat;
  // (a client takes textEdit over insertText: the lean copy leaves it out)
  if (t.insertText !== undefined && !lean) it.insertText = t.insertText;
  if (t.documentation !== undefined) it.documentation = t.documentation;
  it.textEdit = { range, newText: t.insertText ?? t.label };
  return it;
}

/**
 * The items a property offers (itself and its default snippets), before filtering out present
 * keys. Templates hold only the fields withEdit copies.
 */
interface KeyTemplate {
  name: string;
  items: CompletionItem[];
}

/** Every property's items (the key, then its `defaultSnippets`); a request drops the keys present. */
function keyTemplates(schemas: Schema[], deref: (s: Schema) => Schema | undefined): KeyTemplate[] {
  const props = propertiesOf(schemas, deref);
  const out: KeyTemplate[] = [];
  for (const [name, { schemas: subs, required }] of props) {
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
    const items = [item];
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
    out.push({ name, items });
  }
  return out;
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
