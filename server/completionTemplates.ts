/**
 * The items completion remembers per subschema list (completion.ts copies them per request):
 * each property's key item and its `defaultSnippets`, the values a schema offers (enum, const,
 * booleans, default, examples, default snippets), a mapping's own snippets; each with the texts it
 * can insert — in block YAML, on one line in a flow collection, after `- `, in JSON — and the text
 * a snippet inserts for clients without snippets.
 */
import { CompletionItemKind, MarkupKind } from './protocol';
import type { CompletionItem } from 'vscode-languageserver';
import { propertiesOf, type Schema } from './schema/navigate';
import { yamlScalar } from './yamlText';

/**
 * A remembered item: the standard fields a copy carries, and the texts it can insert. `text` is
 * relative to the column of the key (value mode: the member's key; a list item: its content).
 */
export interface Template {
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
 * The items a property offers (itself and its default snippets), before filtering out present
 * keys.
 */
export interface KeyTemplate {
  name: string;
  items: Template[];
}

/** Every property's items (the key, then its `defaultSnippets`); a request drops the keys present. */
export function keyTemplates(schemas: Schema[], deref: (s: Schema) => Schema | undefined): KeyTemplate[] {
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
export function ownSnippets(schemas: Schema[]): Template[] {
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
export function valueItems(schemas: Schema[]): Template[] {
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
