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
import { CompletionItemKind, CompletionItemTag, InsertTextFormat, InsertTextMode, MarkupKind, type CompletionItem, type CompletionList, type Position, type Range } from 'vscode-languageserver';
import type { ParsedDocument } from './documents';
import type { SchemaService } from './schema/service';
import type { ServerSettings } from './settings';
import { cursorContext, nestedItemContext, nothingToWrite, type CursorContext } from './cursor';
import type { DocSchema } from './schemaContext';
import { cachedDeref, docSchema, NOT_READY, readyDocSchema, schemasAtCached } from './schemaCache';
import { propertiesOf, type Schema } from './schema/navigate';
import { toRange } from './ranges';
import { yamlScalar } from './yamlText';
import { deref as specDeref, getRootSchema } from '../core/spec';
import { splitPointer } from '../core/yaml';
import { isTargetField, paramCompletions, pathCompletions, targetCompletions } from './completionSources';

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

/**
 * A remembered item: the standard fields a copy carries, and the texts it can insert. `text` is
 * relative to the column of the key (value mode: the member's key; a list item: its content).
 */
interface Template {
  label: string;
  kind: CompletionItemKind;
  detail?: string;
  sortText?: string;
  documentation?: CompletionItem['documentation'];
  deprecated?: boolean;
  snippet: boolean;
  text: string;
  /** Key items: the key alone (the colon is already written). */
  bare?: string;
  /** On one line inside a flow collection; null: not offered there. */
  flowText?: string | null;
  /** After `- ` (a list item's value); null: not offered there; undefined: `text`. */
  itemText?: string | null;
  /** A string value: re-quoted when the user started a quoted scalar. */
  raw?: string;
  /** In a JSON file (keys and strings quoted, collections in brackets); null: not offered there. */
  jsonText?: string | null;
}

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
    if (/\.jsonc?$/i.test(parsed.uri)) ctx = { ...ctx, json: /^\s*["{[\w-]/.test(parsed.text.slice(Math.max(offset, ctx.replaceEnd), Math.max(offset, ctx.replaceEnd) + 200)) ? ',' : '' };
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
      if (!kind || !f?.apiVersion) continue;
      let fits = false;
      try {
        fits = new RegExp(f.apiVersion).test(apiVersion);
      } catch {
        fits = false;
      }
      if (!fits || items.some((i) => i.label === kind)) continue;
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
 * The text a snippet inserts when nothing is typed into it (LSP snippet syntax): `$1`, `${2}` and
 * variables → nothing, `${1:text}` → text (nested too), `${1|a,b|}` → `a`, `\$` → `$`.
 */
export function snippetText(snippet: string): string {
  let i = 0;
  const body = (until: string): string => {
    let out = '';
    while (i < snippet.length) {
      const c = snippet[i];
      if (c === '\\' && i + 1 < snippet.length) {
        out += snippet[i + 1];
        i += 2;
      } else if (until.includes(c)) return out;
      else if (c === '$') out += dollar();
      else {
        out += c;
        i++;
      }
    }
    return out;
  };
  const dollar = (): string => {
    const simple = /^\$(\d+|[A-Za-z_]\w*)/.exec(snippet.slice(i, i + 64));
    if (simple) {
      i += simple[0].length;
      return '';
    }
    if (snippet[i + 1] !== '{') {
      i++;
      return '$';
    }
    const head = /^\$\{(\d+|[A-Za-z_]\w*)/.exec(snippet.slice(i, i + 64));
    if (!head) {
      i++;
      return '$';
    }
    i += head[0].length;
    let text = '';
    if (snippet[i] === ':') {
      i++;
      text = body('}');
    } else if (snippet[i] === '|') {
      i++;
      text = body(',|');
      // (the other choices are skipped)
      while (i < snippet.length && snippet[i] !== '|') i += snippet[i] === '\\' ? 2 : 1;
      i++;
    } else if (snippet[i] === '/') {
      // a transform: the variable's value is not known here
      while (i < snippet.length && snippet[i] !== '}') i += snippet[i] === '\\' ? 2 : 1;
    }
    if (snippet[i] === '}') i++;
    return text;
  };
  return body('');
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

/**
 * The items a property offers (itself and its default snippets), before filtering out present
 * keys.
 */
interface KeyTemplate {
  name: string;
  items: Template[];
}

/** Every property's items (the key, then its `defaultSnippets`); a request drops the keys present. */
function keyTemplates(schemas: Schema[], deref: (s: Schema) => Schema | undefined): KeyTemplate[] {
  const props = propertiesOf(schemas, deref);
  const out: KeyTemplate[] = [];
  for (const [name, { schemas: subs, required }] of props) {
    if (subs.some((s) => s.doNotSuggest === true)) continue;
    const s = merged(subs);
    // (required keys filled in only when one schema says which: not across anyOf/oneOf branches)
    const single = !subs.some((x) => Array.isArray(x.anyOf) || Array.isArray(x.oneOf)) && subs.filter((x) => Array.isArray(x.required)).length <= 1;
    // deprecated keys come last, marked as such
    const deprecated = subs.some((x) => x.deprecationMessage !== undefined || x.deprecated === true);
    const rank = required && !deprecated ? '0' : deprecated ? '2' : '1';
    const key = yamlKey(name);
    const item: Template = {
      label: name,
      kind: CompletionItemKind.Property,
      sortText: `${rank}${typeof s.suggestSortText === 'string' ? s.suggestSortText : name}`,
      snippet: true,
      text: keySnippet(key, s, single ? deref : undefined),
      flowText: keySnippet(key, s, undefined, true),
      bare: key,
      jsonText: `${JSON.stringify(name)}: ${jsonValueSnippet(s)}`,
      documentation: doc(s),
    };
    if (required) item.detail = 'required';
    if (deprecated) {
      item.deprecated = true;
      const msg = typeof s.deprecationMessage === 'string' ? s.deprecationMessage : undefined;
      item.detail = msg ? `deprecated: ${msg}` : 'deprecated';
    }
    const items = [item];
    for (const ds of Array.isArray(s.defaultSnippets) ? s.defaultSnippets : []) {
      const body = snippetBody(ds);
      if (!body) continue;
      items.push({
        label: typeof ds.label === 'string' ? ds.label : `${name} (snippet)`,
        kind: CompletionItemKind.Snippet,
        sortText: `${rank}${name}~`,
        snippet: true,
        text: `${key}:${body.block.startsWith('\n') ? '' : ' '}${body.block}`,
        flowText: body.block.includes('\n') ? null : `${key}: ${body.block}`,
        documentation: snippetDoc(ds),
      });
    }
    out.push({ name, items });
  }
  return out;
}

function yamlKey(name: string): string {
  return /^[A-Za-z0-9_][\w./-]*$/.test(name) && yamlScalar(name) === name ? name : JSON.stringify(name);
}

function merged(schemas: Schema[]): Schema {
  const out: Schema = {};
  for (const s of schemas) for (const [k, v] of Object.entries(s)) if (out[k] === undefined) out[k] = v;
  return out;
}

function typesOf(s: Schema): string[] {
  return Array.isArray(s.type) ? s.type : typeof s.type === 'string' ? [s.type] : s.properties ? ['object'] : s.items ? ['array'] : [];
}

/** `key: …` for a key item: a block for objects and lists (one line in flow collections), the default or the choices for scalars. */
function keySnippet(key: string, s: Schema, deref: ((s: Schema) => Schema | undefined) | undefined, flow = false): string {
  const types = typesOf(s);
  if (types.length === 1 && types[0] === 'object') return flow ? `${key}: {$1}` : `${key}:\n  ${(deref && requiredLines(s, deref)) ?? '$1'}`;
  if (types.length === 1 && types[0] === 'array') return flow ? `${key}: [$1]` : `${key}:\n  - $1`;
  if (s.const !== undefined && (typeof s.const !== 'object' || s.const === null)) return `${key}: ${escapeSnippet(yamlScalar(s.const))}`;
  if (s.default !== undefined && (typeof s.default !== 'object' || s.default === null)) return `${key}: \${1:${escapeSnippet(yamlScalar(s.default))}}`;
  if (Array.isArray(s.enum) && s.enum.length) {
    const values = s.enum.filter((v: unknown) => v === null || typeof v !== 'object');
    if (values.length === 1) return `${key}: ${escapeSnippet(yamlScalar(values[0]))}`;
    if (values.length) return `${key}: \${1|${values.slice(0, 20).map((v: unknown) => escapeChoice(yamlScalar(v))).join(',')}|}`;
  }
  return `${key}: $1`;
}

/** The required keys of an object schema as snippet lines (`a: $1\nb: $2`), when it has a few simple ones. */
function requiredLines(s: Schema, deref: (s: Schema) => Schema | undefined): string | undefined {
  const req: unknown[] = Array.isArray(s.required) ? s.required : [];
  if (req.length === 0 || req.length > 6 || !s.properties) return undefined;
  const lines: string[] = [];
  let n = 1;
  for (const r of req) {
    if (typeof r !== 'string' || !s.properties[r]) return undefined;
    const p = deref(s.properties[r]) ?? {};
    const types = typesOf(p);
    // nested collections: leave them to the user's next completion
    if (types.length === 1 && (types[0] === 'object' || types[0] === 'array')) return undefined;
    const one = keySnippet(yamlKey(r), p, undefined);
    lines.push(one.replace(/\$\{1([|:])/, `\${${n}$1`).replace(/\$1$/, `$${n}`));
    n++;
  }
  return lines.join('\n  ');
}

/** A key's value in a JSON file: brackets for collections, the default or the choices for scalars, quotes for strings. */
function jsonValueSnippet(s: Schema): string {
  const types = typesOf(s);
  const scalar = (v: unknown) => v === null || typeof v !== 'object';
  if (types.length === 1 && types[0] === 'object') return '{$1}';
  if (types.length === 1 && types[0] === 'array') return '[$1]';
  if (s.const !== undefined && scalar(s.const)) return escapeSnippet(JSON.stringify(s.const));
  if (s.default !== undefined && scalar(s.default)) return `\${1:${escapeSnippet(JSON.stringify(s.default))}}`;
  if (Array.isArray(s.enum)) {
    const values = s.enum.filter(scalar);
    if (values.length === 1) return escapeSnippet(JSON.stringify(values[0]));
    if (values.length) return `\${1|${values.slice(0, 20).map((v: unknown) => escapeChoice(JSON.stringify(v))).join(',')}|}`;
  }
  return types.length === 1 && types[0] === 'string' ? '"$1"' : '$1';
}

function escapeSnippet(s: string): string {
  return s.replace(/[$}\\]/g, '\\$&');
}

function escapeChoice(s: string): string {
  return s.replace(/[$}\\,|]/g, '\\$&');
}

/** A defaultSnippets entry's text: `block` follows `key:` (a line break first for collections), `joined` stands where a key or a list item starts. */
function snippetBody(ds: unknown): { block: string; joined: string } | undefined {
  if (!ds || typeof ds !== 'object') return undefined;
  const d = ds as Schema;
  if (typeof d.bodyText === 'string') {
    const multi = d.bodyText.includes('\n');
    return { block: multi ? `\n  ${d.bodyText.replace(/\n/g, '\n  ')}` : d.bodyText, joined: d.bodyText };
  }
  if (d.body === undefined) return undefined;
  const block = renderBody(d.body, 1);
  const joined = d.body !== null && typeof d.body === 'object' ? renderBody(d.body, 0).replace(/^\n/, '') : block;
  return { block, joined };
}

function snippetDoc(ds: Schema): CompletionItem['documentation'] {
  return typeof ds.markdownDescription === 'string' ? { kind: MarkupKind.Markdown, value: ds.markdownDescription } : typeof ds.description === 'string' ? ds.description : undefined;
}

/** A defaultSnippets body as YAML text (strings keep their `${1:…}` placeholders). */
function renderBody(body: unknown, indent: number): string {
  const pad = '  '.repeat(indent);
  if (Array.isArray(body)) return body.length === 0 ? '[]' : body.map((v) => `\n${pad}- ${renderBody(v, indent + 1).replace(/^\n\s*/, '')}`).join('');
  if (body && typeof body === 'object') {
    const entries = Object.entries(body);
    if (entries.length === 0) return '{}';
    return entries
      .map(([k, v]) => {
        const inner = renderBody(v, indent + 1);
        return `\n${pad}${k}:${inner.startsWith('\n') ? '' : ' '}${inner}`;
      })
      .join('');
  }
  return typeof body === 'string' ? body.replace(/^\^/, '') : JSON.stringify(body);
}

/** The schema's own `defaultSnippets` with object bodies, written where its first key goes (an empty mapping). */
function ownSnippets(schemas: Schema[]): Template[] {
  const out: Template[] = [];
  for (const s of schemas) {
    for (const ds of Array.isArray(s.defaultSnippets) ? s.defaultSnippets : []) {
      if (!ds || typeof ds !== 'object' || (typeof ds.bodyText !== 'string' && (ds.body === null || typeof ds.body !== 'object' || Array.isArray(ds.body)))) continue;
      const body = snippetBody(ds);
      if (!body) continue;
      out.push({ label: typeof ds.label === 'string' ? ds.label : body.joined.split('\n')[0], kind: CompletionItemKind.Snippet, sortText: `3${out.length}`, snippet: true, text: body.joined, flowText: null, documentation: snippetDoc(ds) });
    }
  }
  return out;
}

/** Values the schemas offer: enum and const members, booleans, the default, examples, default snippets. */
function valueItems(schemas: Schema[]): Template[] {
  const items: Template[] = [];
  const seen = new Set<string>();
  const add = (v: unknown, description: string | undefined, kind: CompletionItemKind, detail?: string) => {
    if (typeof v === 'object' && v !== null) return;
    const label = typeof v === 'string' ? v : JSON.stringify(v);
    if (seen.has(label)) return;
    seen.add(label);
    const text = yamlScalar(v);
    const item: Template = { label, kind, snippet: false, text, jsonText: JSON.stringify(v) };
    if (typeof v === 'string') item.raw = v;
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
  }
  for (const s of schemas) {
    if (typesOf(s).includes('boolean')) {
      add(true, undefined, CompletionItemKind.Value);
      add(false, undefined, CompletionItemKind.Value);
    }
    if (typesOf(s).includes('null') && !seen.has('null')) add(null, undefined, CompletionItemKind.Value);
  }
  for (const s of schemas) {
    if (s.default !== undefined) add(s.default, undefined, CompletionItemKind.Value, 'default');
    for (const ex of Array.isArray(s.examples) ? s.examples : []) add(ex, undefined, CompletionItemKind.Value, 'example');
  }
  // default snippets: a block after `key:`, the first line joined after `- `
  for (const s of schemas) {
    for (const ds of Array.isArray(s.defaultSnippets) ? s.defaultSnippets : []) {
      const body = snippetBody(ds);
      if (!body) continue;
      const label = typeof ds.label === 'string' ? ds.label : body.joined.split('\n')[0];
      if (seen.has(`snippet:${label}`)) continue;
      seen.add(`snippet:${label}`);
      items.push({ label, kind: CompletionItemKind.Snippet, sortText: `~${label}`, snippet: true, text: body.block, flowText: body.block.includes('\n') ? null : body.block, itemText: body.joined, documentation: snippetDoc(ds) });
    }
  }
  return items;
}

function doc(s: Schema): CompletionItem['documentation'] {
  const text = s.markdownDescription ?? s.description;
  return typeof text === 'string' ? { kind: MarkupKind.Markdown, value: text } : undefined;
}
