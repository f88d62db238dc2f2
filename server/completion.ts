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
 *
 * Edits: the range covers the whole word or scalar under the cursor (also what follows it); a
 * key already followed by its colon gets only its name; multi-line texts are indented for the
 * column they land at (the key's, or a list item's content) and sent with `insertTextMode: asIs`,
 * so they are right whether or not the client re-indents; inside flow collections items stay on
 * one line; string values that would read back as another type are quoted.
 */
import { CompletionItemKind, CompletionItemTag, InsertTextFormat, InsertTextMode } from './protocol';
import type { CompletionItem, CompletionList, Position, Range } from 'vscode-languageserver';
import type { ParsedDocument } from './documents';
import type { SchemaService } from './schema/service';
import { isJsonUri } from './schema/association';
import { fieldMatches } from './schema/catalog';
import type { ServerSettings } from './settings';
import { cursorContext, nestedItemContext, nothingToWrite, type CursorContext } from './cursor';
import type { DocSchema } from './schemaContext';
import { cachedDeref, docSchema, NOT_READY, readyDocSchema, schemasAtCached } from './schemaCache';
import type { Schema } from './schema/navigate';
import { toRange } from './ranges';
import { deref as specDeref, getRootSchema } from '../core/spec';
import { splitPointer } from '../core/yaml';
import { isTargetField, paramCompletions, pathCompletions, targetCompletions } from './completionSources';
import { keyTemplates, ownSnippets, snippetText, valueItems, type KeyTemplate, type Template } from './completionTemplates';

/** How a client wants completion items (the LSP handler's choice; tests take the defaults). */
export interface CompletionOptions {
  /** Leave out what the client does not read: `insertText` when the item has a `textEdit`. */
  lean?: boolean;
  /** The client resolves items (completionItem/resolve): long lists send documentation on resolve. */
  lazyDocs?: boolean;
  /** false: the client takes no snippets (`completionItem.snippetSupport`), items go as plain text. */
  snippets?: boolean;
}

/** Lists whose documentation adds up to more than this send it on completionItem/resolve. */
export const LAZY_DOCS_MIN_CHARS = 16 * 1024;
/** How many lists' documentation is kept for completionItem/resolve (clients resolve items of the latest). */
const RESOLVE_KEEP = 8;

type Result = CompletionList | null;


export class CompletionService {
  private readonly keyTemplates = new WeakMap<Schema[], KeyTemplate[]>();
  private readonly valueTemplates = new WeakMap<Schema[], Template[]>();
  private readonly ownSnippets = new WeakMap<Schema[], Template[]>();
  private readonly resolvable = new Map<number, Array<CompletionItem['documentation']>>();
  private nextList = 1;

  constructor(private readonly schemas: SchemaService) {}

  /** The completion at `position`; synchronous when the document's schema is ready. */
  complete(parsed: ParsedDocument, position: Position, settings: ServerSettings, opts: CompletionOptions = {}): Result | Promise<Result> {
    if (!parsed.yaml) return null;
    const offset = parsed.lines.offset(position.line, position.character);
    const params = paramCompletions(parsed, offset);
    if (params) return { isIncomplete: false, items: params };
    const found = cursorContext(parsed, offset);
    if (!found || nothingToWrite(parsed, offset, found)) return null;
    const ctx = nestedItemContext(parsed, offset, found);
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

  private items(parsed: ParsedDocument, ctx: CursorContext & { json?: string }, offset: number, schema: DocSchema | undefined, settings: ServerSettings, opts: CompletionOptions): Result {
    if (!schema) return this.kindItems(parsed, ctx, offset, settings);
    const docValue = parsed.yaml?.docs[ctx.docIndex]?.value;
    let here: Schema[];
    if (ctx.mode === 'value') {
      // the value being written does not choose the branch it is written in (`type: |hf` offers every type)
      const at = ctx.pointer === '/kind' && schema.source.startsWith('trainyard') ? specRoot() : schema;
      here = schemasAtCached(at, ctx.pointer, { v: withoutMember(docValue, ctx.pointer) });
    } else here = schemasAtCached(schema, ctx.pointer, { v: docValue });
    const range = toRange(parsed.lines, ctx.replaceStart, Math.max(offset, ctx.replaceEnd));
    // JSON files get JSON, with the comma a following member needs
    if (isJsonUri(parsed.uri)) ctx = { ...ctx, json: /^\s*["{[\w-]/.test(parsed.text.slice(Math.max(offset, ctx.replaceEnd), Math.max(offset, ctx.replaceEnd) + 200)) ? ',' : '' };
    const lean = opts.lean === true;
    let items: CompletionItem[] = [];
    if (ctx.mode === 'key') {
      let templates = this.keyTemplates.get(here);
      if (!templates) this.keyTemplates.set(here, (templates = keyTemplates(here, cachedDeref(schema))));
      for (const t of templates) if (!ctx.present.has(t.name)) for (const it of t.items) push(items, it, ctx, range, lean);
      if (ctx.inListItem && !ctx.keyColon && isItemStart(parsed.text, ctx.replaceStart)) {
        // `- |`: the item may be a scalar, or have snippets of its own
        let values = this.valueTemplates.get(here);
        if (!values) this.valueTemplates.set(here, (values = valueItems(here)));
        for (const it of values) if (it.itemText !== null) push(items, it, ctx, range, lean, true);
      } else if (!ctx.keyColon && ctx.present.size === 0 && isEmptyAt(docValue, ctx.pointer)) {
        // an empty mapping: the skeletons its own schema suggests
        let own = this.ownSnippets.get(here);
        if (!own) this.ownSnippets.set(here, (own = ownSnippets(here)));
        for (const it of own) push(items, it, ctx, range, lean);
      }
    } else {
      let templates = this.valueTemplates.get(here);
      if (!templates) this.valueTemplates.set(here, (templates = valueItems(here)));
      for (const it of templates) push(items, it, ctx, range, lean);
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
        for (const t of targets) t.textEdit = { range, newText: ctx.lead + t.label };
        const have = new Set(targets.map((t) => t.label));
        items = [...targets, ...items.filter((i) => i.detail !== 'example' && !have.has(i.label))];
        extra = true;
      }
    }
    // `.` and `/` trigger completion for params, paths and targets only, not in the middle of any value
    const before = parsed.text[offset - 1];
    if ((before === '.' || before === '/') && !extra) return null;
    if (opts.snippets === false) for (const it of items) if (it.insertTextFormat === InsertTextFormat.Snippet) asPlainText(it);
    if (opts.lazyDocs) this.deferDocs(items);
    return { isIncomplete: false, items };
  }

  /**
   * A manifest being started (`apiVersion: apps/v1`, `kind: |`) has no schema until its kind is
   * written: offer the kinds the catalog bundles for that apiVersion (their schemas then apply).
   */
  private kindItems(parsed: ParsedDocument, ctx: CursorContext, offset: number, settings: ServerSettings): Result {
    if (settings.claim !== 'all' || ctx.mode !== 'value' || ctx.pointer !== '/kind' || ctx.flow) return null;
    const value = parsed.yaml?.docs[ctx.docIndex]?.value as Record<string, unknown> | null | undefined;
    const apiVersion = value && typeof value === 'object' ? value.apiVersion : undefined;
    if (typeof apiVersion !== 'string' || !apiVersion) return null;
    const range = toRange(parsed.lines, ctx.replaceStart, Math.max(offset, ctx.replaceEnd));
    const items: CompletionItem[] = [];
    for (const e of this.schemas.catalog.entries) {
      const f = e.signature?.fields;
      const kind = f?.kind ? /^\^([A-Za-z]+)\$$/.exec(f.kind)?.[1] : undefined;
      if (!kind || !f?.apiVersion || !fieldMatches(f.apiVersion, apiVersion) || items.some((i) => i.label === kind)) continue;
      items.push({ label: kind, kind: CompletionItemKind.Value, detail: e.description, textEdit: { range, newText: ctx.lead + kind } });
    }
    return items.length ? { isIncomplete: false, items } : null;
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

/** The Trainyard root schema (every kind), for the value of a spec's `kind`. */
let specRootSchema: DocSchema | undefined;
function specRoot(): DocSchema {
  return (specRootSchema ??= { root: getRootSchema() as Schema, deref: (s) => specDeref(s) as Schema | undefined, source: 'trainyard' });
}

/** `root` without the member at `pointer` (copies along the path only). */
function withoutMember(root: unknown, pointer: string): unknown {
  const segs = splitPointer(pointer);
  if (segs.length === 0) return root;
  const copy = (v: unknown, i: number): unknown => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const seg = segs[i];
    if (!Object.prototype.hasOwnProperty.call(v, seg)) return v;
    const out = { ...(v as Record<string, unknown>) };
    if (i === segs.length - 1) delete out[seg];
    else out[seg] = copy(out[seg], i + 1);
    return out;
  };
  if (Array.isArray(root)) return root;
  return copy(root, 0);
}

function isEmptyAt(root: unknown, pointer: string): boolean {
  let cur = root;
  for (const seg of splitPointer(pointer)) {
    if (cur === null || typeof cur !== 'object') return cur === null || cur === undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur === null || cur === undefined || (typeof cur === 'object' && Object.keys(cur as object).length === 0);
}

/** Whether `at` is the first thing after a line's dashes (`- |`, `- - |`). */
function isItemStart(text: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && text[i] === ' ') i--;
  return i >= 0 && text[i] === '-';
}

/** A template's copy for this request, when it fits where the cursor is. */
function push(out: CompletionItem[], t: Template, ctx: CursorContext & { json?: string }, range: Range, lean: boolean, asItem = false): void {
  let text: string;
  let snippet = t.snippet;
  if (ctx.json !== undefined) {
    if (t.jsonText === null || t.jsonText === undefined) return;
    if (ctx.keyColon) {
      if (t.bare === undefined) return;
      out.push(withEdit(t, range, lean, JSON.stringify(t.label), false, false, undefined));
      return;
    }
    text = ctx.lead + t.jsonText + ctx.json;
    out.push(withEdit(t, range, lean, text, snippet, false, ctx.prefix.startsWith('"') ? text : undefined));
    return;
  }
  if (ctx.keyColon) {
    if (t.bare === undefined) return;
    text = t.bare;
    snippet = false;
  } else if (ctx.flow) {
    if (t.flowText === null) return;
    text = t.flowText ?? t.text;
  } else if (asItem) {
    if (t.itemText === null) return;
    text = t.itemText ?? t.text;
  } else text = t.text;
  let filterText: string | undefined;
  if (t.raw !== undefined && !snippet) {
    // the user opened a quoted scalar: keep its quotes
    const q = ctx.prefix[0];
    if (q === '"') text = JSON.stringify(t.raw);
    else if (q === "'") text = `'${t.raw.replace(/'/g, "''")}'`;
    if (q === '"' || q === "'") filterText = text;
  }
  const multi = text.includes('\n');
  if (multi && ctx.indent > 0) text = text.replace(/\n/g, `\n${' '.repeat(ctx.indent)}`);
  if (!text.startsWith('\n')) text = ctx.lead + text;
  out.push(withEdit(t, range, lean, text, snippet, multi, filterText));
}

/** A snippet item for a client without snippets: placeholders become their text, tab stops nothing. */
function asPlainText(it: CompletionItem): void {
  it.insertTextFormat = InsertTextFormat.PlainText;
  if (it.textEdit && 'newText' in it.textEdit) it.textEdit = { ...it.textEdit, newText: snippetText(it.textEdit.newText) };
  if (it.insertText !== undefined) it.insertText = snippetText(it.insertText);
}

/**
 * A template item for one request: its own copy, with the edit that replaces the word typed.
 * (Built field by field, in one order: copies stay one object shape, cheap to make and to send.)
 */
function withEdit(t: Template, range: Range, lean: boolean, newText: string, snippet: boolean, multi: boolean, filterText: string | undefined): CompletionItem {
  const it: CompletionItem = { label: t.label, kind: t.kind };
  if (t.detail !== undefined) it.detail = t.detail;
  if (t.sortText !== undefined) it.sortText = t.sortText;
  if (filterText !== undefined) it.filterText = filterText;
  if (snippet) it.insertTextFormat = InsertTextFormat.Snippet;
  // (indented here for the column it lands at: the client must not indent it again)
  if (multi) it.insertTextMode = InsertTextMode.asIs;
  if (t.deprecated) it.tags = [CompletionItemTag.Deprecated];
  // (a client takes textEdit over insertText: the lean copy leaves it out)
  if (!lean) it.insertText = newText;
  if (t.documentation !== undefined) it.documentation = t.documentation;
  it.textEdit = { range, newText };
  return it;
}
