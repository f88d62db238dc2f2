/**
 * The text edits of quick fixes (server/codeActions.ts): a replacement written the way its place
 * needs it (quoted when the old text was, or when plain text would read back as something else;
 * JSON strings in JSON files), members inserted at the object's indentation (block, flow or JSON
 * style) with a value that satisfies the member's schema where one can be found, and a member
 * removed with its nested lines but not the comments around it.
 */
import type { TextEdit } from 'vscode-languageserver';
import type { YamlDocument } from '../core/yaml';
import { childPointer, parentPointer, resolvePlain } from '../core/yaml';
import type { ParsedDocument } from './documents';
import type { DocSchema } from './schemaContext';
import { propertiesOf, schemasAt, type Deref, type Schema } from './schema/navigate';
import { valueAtPointer } from './cursor';
import { toRange } from './ranges';
import { isObj, trimEnd } from './yamlNav';
import { isJsonUri } from './schema/association';
import { yamlKey, yamlValue } from './yamlText';


/** Whether the node at `pointer` sits inside a flow collection (`[a, b]`, `{a: 1}`). */
export function inFlow(text: string, doc: YamlDocument, pointer: string): boolean {
  for (let p = pointer; p !== ''; ) {
    p = parentPointer(p);
    const s = doc.map.get(p);
    if (!s) continue;
    const c = text[s.value[0]];
    return c === '[' || c === '{';
  }
  return false;
}

/** Plain YAML text that reads back as exactly `s` (a string), in block or flow context. */
function plainSafe(s: string, flow: boolean): boolean {
  if (s === '' || /^[\s\-?:,[\]{}#&*!|>'"%@`]/.test(s) || /\s$/.test(s) || /: |:$|\s#|[\n\r\t]/.test(s)) return false;
  if (flow && /[,[\]{}]/.test(s)) return false;
  return resolvePlain(s) === s;
}

function unquoted(old: string): string | undefined {
  const q = old[0];
  if (!((q === '"' || q === "'") && old.length >= 2 && old[old.length - 1] === q)) return undefined;
  if (q === "'") return old.slice(1, -1).replace(/''/g, "'");
  try {
    return JSON.parse(old) as string;
  } catch {
    return old.slice(1, -1);
  }
}

/**
 * How `suggestion` replaces `old` (a key or a scalar value as written): a structure (`[a]`,
 * `{ secret: X }`) goes in as written; the content of a quoted value without its quotes (`"8080"`
 * where a number is wanted) loses them; otherwise a quoted value stays quoted in its own style,
 * JSON files get JSON strings, and plain text is quoted only where it would not read back as
 * the same string (`true`, `1.0`, `a: b`, `,` inside a flow collection).
 */
export function replacementText(old: string, suggestion: string, opts: { flow: boolean; json: boolean }): string {
  const content = unquoted(old);
  const was = content ?? old;
  if (/^[[{]/.test(suggestion) && !/^[[{]/.test(was)) return suggestion;
  if (content !== undefined && content === suggestion) return suggestion;
  if (opts.json) return JSON.stringify(suggestion);
  if (content !== undefined) return old[0] === '"' ? JSON.stringify(suggestion) : `'${suggestion.replace(/'/g, "''")}'`;
  return plainSafe(suggestion, opts.flow) ? suggestion : JSON.stringify(suggestion);
}

/** `key: value` lines for `keys`, inserted where the object's members are (or as its first ones). */
export function insertKeys(parsed: ParsedDocument, doc: YamlDocument, object: string, keys: string[], schema: DocSchema | undefined): TextEdit | undefined {
  const text = parsed.text;
  const lines = parsed.lines;
  const value = valueAtPointer(doc.value, object);
  const span = doc.map.get(object);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const valueOf = (k: string) => (schema ? initialValue(schemasAt(schema.root, childPointer(object, k), schema.deref), schema.deref, 0) : undefined);
  if (value !== null && value !== undefined && !isObj(value)) return undefined;
  if (span && text[span.value[0]] === '{') return insertFlow(parsed, doc, object, keys, valueOf);
  const members = directMembers(doc, object);
  let indent: number;
  let at: number;
  if (members.length && span) {
    indent = lines.position(members[0][1].key![0]).character;
    const last = lastContentEnd(text, doc, object);
    const line = lines.lineOf(Math.max(span.value[0], last - 1));
    at = line + 1 < lines.lineCount ? lines.starts[line + 1] : text.length;
    // comments at the members' indentation or deeper after the last one belong to the object: below them
    for (let l = line + 1; l < lines.lineCount; l++) {
      const m = /^([ \t]*)#/.exec(text.slice(lines.starts[l], lines.starts[l] + 200));
      if (!m || m[1].length < indent) break;
      at = l + 1 < lines.lineCount ? lines.starts[l + 1] : text.length;
    }
  } else if (object === '' || !span) {
    indent = 0;
    at = object === '' ? doc.start : text.length;
    // an empty document (only comments, or nothing): after its last line
    if (object === '' && doc.value === null) at = text.length;
  } else {
    // `key:` with no value yet (or an empty `-` item): the lines right below it, one level deeper
    if (text.slice(span.value[0], span.value[1]).trim() !== '') return undefined; // `key: null` / `~`: written, not empty
    const dash = !span.key && text[span.value[0] - 1] === '-';
    const keyStart = span.key ? span.key[0] : dash ? span.value[0] - 1 : span.value[0];
    indent = lines.position(keyStart).character + 2;
    const line = lines.lineOf(keyStart);
    at = line + 1 < lines.lineCount ? lines.starts[line + 1] : text.length;
  }
  let newText = keys.map((k) => ' '.repeat(indent) + memberText(k, valueOf(k), indent, eol) + eol).join('');
  if (at === text.length && text.length > 0 && !text.endsWith('\n')) newText = eol + newText.slice(0, -eol.length);
  return { range: toRange(lines, at, at), newText };
}

function directMembers(doc: YamlDocument, object: string): Array<[string, { key?: readonly [number, number]; value: readonly [number, number] }]> {
  return [...doc.map.entries()].filter(([p, s]) => s.key && p.startsWith(object + '/') && p.indexOf('/', object.length + 1) < 0);
}

/** Where the last value inside `pointer` ends (scalars exactly; comments after it are not part of it). */
function lastContentEnd(text: string, doc: YamlDocument, pointer: string): number {
  const own = doc.map.get(pointer);
  let end = own ? own.key?.[1] ?? own.value[0] : 0;
  const c = own ? text[own.value[0]] : '';
  // flow collections and scalars: their own span is exact
  if (own && (c === '[' || c === '{' || !isCollection(valueAtPointer(doc.value, pointer)))) return Math.max(end, trimEnd(text, own.value[0], own.value[1]));
  for (const [p, s] of doc.map) {
    if (p !== pointer && !p.startsWith(pointer + '/')) continue;
    if (p === pointer) continue;
    if (isCollection(valueAtPointer(doc.value, p)) && text[s.value[0]] !== '[' && text[s.value[0]] !== '{') {
      end = Math.max(end, s.key?.[1] ?? s.value[0]);
      continue;
    }
    end = Math.max(end, trimEnd(text, s.value[0], s.value[1]), s.key?.[1] ?? 0);
  }
  return end;
}

const isCollection = (v: unknown): boolean => v !== null && typeof v === 'object';

function insertFlow(parsed: ParsedDocument, doc: YamlDocument, object: string, keys: string[], valueOf: (k: string) => unknown): TextEdit | undefined {
  const text = parsed.text;
  const span = doc.map.get(object)!;
  const close = text.lastIndexOf('}', span.value[1]);
  if (close < span.value[0]) return undefined;
  const members = directMembers(doc, object);
  // JSON files, and flow mappings written with JSON's quoted keys, get JSON members
  const json = isJsonUri(parsed.uri) || (members.length > 0 && text[members[0][1].key![0]] === '"');
  const member = (k: string) => {
    const v = valueOf(k);
    const value = v === undefined ? 'null' : !json && typeof v === 'string' && plainSafe(v, true) ? v : JSON.stringify(v);
    return `${json ? JSON.stringify(k) : yamlKey(k)}: ${value}`;
  };
  const at = trimEnd(text, span.value[0] + 1, close);
  if (!members.length) return { range: toRange(parsed.lines, at, at), newText: keys.map(member).join(', ') };
  const comma = text[at - 1] === ',' ? '' : ',';
  const firstKey = members[0][1].key![0];
  if (/\n/.test(text.slice(span.value[0], close))) {
    // one member a line: the new ones each on their own line, at the first member's column
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    const pad = ' '.repeat(parsed.lines.position(firstKey).character);
    return { range: toRange(parsed.lines, at, at), newText: comma + keys.map((k) => eol + pad + member(k)).join(',') };
  }
  return { range: toRange(parsed.lines, at, at), newText: `${comma} ${keys.map(member).join(', ')}` };
}

/** `key: value` (or a block below the key) for one missing property. */
function memberText(key: string, v: unknown, indent: number, eol: string): string {
  const name = yamlKey(key);
  if (v === undefined) return `${name}: `;
  if (v === null || typeof v !== 'object' || Object.keys(v).length === 0) return `${name}: ${yamlValue(v, 0, eol)}`;
  return `${name}:${yamlValue(v, indent + 2, eol)}`;
}

/**
 * A value for a new member: the schema's default, const, first example or first enum value;
 * else one of its type (`""`, the minimum or 0, false, [], and for objects their required
 * members, filled the same way a few levels deep), so the fix adds no error of its own.
 */
export function initialValue(subs: Schema[], deref: Deref, depth: number): unknown {
  for (const f of [(s: Schema) => s.default, (s: Schema) => s.const, (s: Schema) => (Array.isArray(s.examples) ? s.examples[0] : undefined), (s: Schema) => (Array.isArray(s.enum) ? s.enum[0] : undefined)]) {
    for (const s of subs) {
      const v = f(s);
      if (v !== undefined) return v;
    }
  }
  const types = new Set(subs.flatMap((s) => (Array.isArray(s.type) ? s.type : typeof s.type === 'string' ? [s.type] : [])));
  const objectish = types.has('object') || (types.size === 0 && subs.some((s) => isObj(s.properties) || Array.isArray(s.required)));
  if (objectish && (types.size <= 1 || !types.has('string'))) {
    const out: Record<string, unknown> = {};
    if (depth < 3) {
      for (const [k, p] of propertiesOf(subs, deref)) {
        if (!p.required) continue;
        const v = initialValue(p.schemas, deref, depth + 1);
        out[k] = v === undefined ? null : v;
      }
    }
    return out;
  }
  if (types.size !== 1) return undefined;
  if (types.has('array')) return [];
  if (types.has('boolean')) return false;
  if (types.has('string')) return '';
  if (types.has('null')) return null;
  if (types.has('integer') || types.has('number')) {
    const min = subs.map((s) => s.minimum).find((m) => typeof m === 'number');
    const xmin = subs.map((s) => s.exclusiveMinimum).find((m) => typeof m === 'number');
    if (typeof min === 'number') return types.has('integer') ? Math.ceil(min) : min;
    if (typeof xmin === 'number') return Math.floor(xmin) + 1;
    return 0;
  }
  return undefined;
}

/**
 * Removes the member at `pointer` (a mapping key and its value): in a block mapping its lines
 * (comments above and below stay), in a flow mapping the member and one comma. Undefined for
 * a key that shares its line with a `- ` (removing it would change the item's indentation).
 */
export function removeMember(parsed: ParsedDocument, doc: YamlDocument, pointer: string): TextEdit | undefined {
  const text = parsed.text;
  const lines = parsed.lines;
  const span = doc.map.get(pointer);
  if (!span?.key) return undefined;
  const end = lastContentEnd(text, doc, pointer);
  if (inFlow(text, doc, pointer)) {
    let s = span.key[0];
    let e = end;
    let b = s;
    while (b > 0 && /[ \t\r\n]/.test(text[b - 1])) b--;
    let a = e;
    while (a < text.length && /[ \t\r\n]/.test(text[a])) a++;
    if (text[b - 1] === ',') s = b - 1; // `, key: v`
    else if (text[a] === ',') {
      e = a + 1; // `key: v, ` (the first member)
      while (e < text.length && (text[e] === ' ' || text[e] === '\t')) e++;
    }
    // alone on its line (a flow mapping written one member a line): the whole line
    const ls = lines.starts[lines.lineOf(s)];
    const le = text.indexOf('\n', e);
    if (text.slice(ls, s).trim() === '' && text.slice(e, le < 0 ? text.length : le).trim() === '' && le >= 0) return { range: toRange(lines, ls, le + 1), newText: '' };
    return { range: toRange(lines, s, e), newText: '' };
  }
  const line = lines.lineOf(span.key[0]);
  const before = text.slice(lines.starts[line], span.key[0]);
  if (before.trim() !== '') return undefined;
  const lastLine = lines.lineOf(Math.max(span.key[0], end - 1));
  const stop = lastLine + 1 < lines.lineCount ? lines.starts[lastLine + 1] : text.length;
  // the last line of the file: take the line break before it instead
  if (stop === text.length && !/\n$/.test(text) && line > 0) {
    const prevEnd = lines.starts[line] - (text[lines.starts[line] - 2] === '\r' ? 2 : 1);
    return { range: toRange(lines, prevEnd, text.length), newText: '' };
  }
  return { range: toRange(lines, lines.starts[line], stop), newText: '' };
}
