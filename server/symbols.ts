/**
 * Document symbols, hierarchical: a Trainyard spec is one `kind/name` symbol holding its keys
 * (pipeline stages as functions, with what they need); each Kubernetes object of a multi-document
 * file is `Kind/metadata.name`; any other YAML is its keys (one symbol per document when there
 * are several). List items are named by their `name`/`id` field when they have one.
 */
import { SymbolKind } from './protocol';
import type { DocumentSymbol } from 'vscode-languageserver';
import * as path from 'node:path';
import type { OffsetSpan, YamlDocument } from '../core/yaml';
import { childPointer } from '../core/yaml';
import type { ParsedDocument } from './documents';
import { isSpecUri } from './diagnostics';
import { toRange } from './ranges';
import { isObj, memberSpan, trimEnd } from './yamlNav';
import { uriPath } from './schema/association';

/** Enough for any file a person reads; huge generated files stop here. */
const MAX_SYMBOLS = 5000;
const MAX_DEPTH = 100;
const SPEC_KINDS = new Set(['job', 'service', 'pipeline', 'sweep']);

export function documentSymbols(parsed: ParsedDocument): DocumentSymbol[] {
  const yaml = parsed.yaml;
  if (!yaml) return [];
  const budget = { left: MAX_SYMBOLS };
  const out: DocumentSymbol[] = [];
  const spec = isSpecUri(parsed.uri);
  yaml.docs.forEach((doc, i) => {
    if (budget.left <= 0) return;
    const v = doc.value;
    const keys = () => children(parsed, doc, '', v, budget, 0, spec && isObj(v) && v.kind === 'pipeline');
    const whole = docRange(parsed, doc);
    if (isObj(v) && typeof v.kind === 'string' && typeof v.apiVersion === 'string') {
      const meta = isObj(v.metadata) ? v.metadata : {};
      const name = typeof meta.name === 'string' ? meta.name : typeof meta.generateName === 'string' ? `${meta.generateName}…` : '(unnamed)';
      const sel = doc.map.get('/kind');
      out.push({ name: `${v.kind}/${name}`, detail: v.apiVersion, kind: SymbolKind.Class, range: whole, selectionRange: sel ? toRange(parsed.lines, sel.value[0], sel.value[1]) : whole, children: keys() });
    } else if (isObj(v) && typeof v.kind === 'string' && SPEC_KINDS.has(v.kind) && (spec || v.version !== undefined)) {
      const name = typeof v.name === 'string' ? v.name : path.basename(uriPath(parsed.uri)).replace(/\.trainyard\.ya?ml$/i, '');
      const sel = doc.map.get('/kind');
      out.push({ name: `${v.kind}/${name}`, detail: typeof v.description === 'string' ? clip(v.description) : undefined, kind: SymbolKind.Class, range: whole, selectionRange: sel ? toRange(parsed.lines, sel.value[0], sel.value[1]) : whole, children: keys() });
    } else if (yaml.docs.length > 1) {
      if (doc.value === null) return;
      out.push({ name: `document ${i + 1}`, kind: SymbolKind.Namespace, range: whole, selectionRange: { start: whole.start, end: whole.start }, children: keys() });
    } else out.push(...keys());
  });
  return out;
}

function docRange(parsed: ParsedDocument, doc: YamlDocument) {
  return toRange(parsed.lines, doc.start, Math.max(doc.start, trimEnd(parsed.text, doc.start, doc.end)));
}

function children(parsed: ParsedDocument, doc: YamlDocument, pointer: string, value: unknown, budget: { left: number }, depth: number, pipeline: boolean): DocumentSymbol[] {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return [];
  const out: DocumentSymbol[] = [];
  const entries: Array<[string | number, unknown]> = Array.isArray(value) ? value.map((x, i) => [i, x]) : Object.entries(value);
  for (const [k, v] of entries) {
    if (budget.left <= 0) break;
    const p = childPointer(pointer, k);
    const span = doc.map.get(p);
    if (!span) continue;
    budget.left--;
    const stage = pipeline && depth === 1 && pointer === '/stages';
    const sym = symbol(parsed, span, typeof k === 'number' ? itemName(v, k) : k, v, stage);
    const kids = children(parsed, doc, p, v, budget, depth + 1, pipeline);
    if (kids.length) sym.children = kids;
    out.push(sym);
  }
  // text order: JavaScript lists integer-like keys (`1:`) first, and merged keys (`<<: *base`) last
  for (let i = 1; i < out.length; i++) if (before(out[i].selectionRange.start, out[i - 1].selectionRange.start)) return out.sort((a, b) => (before(a.selectionRange.start, b.selectionRange.start) ? -1 : before(b.selectionRange.start, a.selectionRange.start) ? 1 : 0));
  return out;
}

const before = (a: { line: number; character: number }, b: { line: number; character: number }) => a.line < b.line || (a.line === b.line && a.character < b.character);

/**
 * Where a value starts as written: a block scalar's content is recorded from its first content
 * line, but it starts at its `|`/`>` header (the line of its `- ` item).
 */
export function valueStart(text: string, at: number): number {
  let ls = at;
  while (ls > 0 && text[ls - 1] !== '\n') ls--;
  if (text.slice(ls, at).trim() !== '' || ls === 0) return at;
  let pe = ls - 1;
  if (text[pe - 1] === '\r') pe--;
  let ps = pe;
  while (ps > 0 && text[ps - 1] !== '\n') ps--;
  const m = /(^|[\s:-])([|>][-+1-9]{0,2})[ \t]*(#.*)?$/.exec(text.slice(ps, pe));
  return m ? ps + m.index + m[1].length : at;
}

function symbol(parsed: ParsedDocument, span: OffsetSpan, name: string, v: unknown, stage: boolean): DocumentSymbol {
  const [s0, e] = memberSpan(parsed.text, span);
  const s = span.key || typeof v !== 'string' ? s0 : valueStart(parsed.text, s0);
  const range = toRange(parsed.lines, s, e);
  const sel = span.key ? toRange(parsed.lines, span.key[0], span.key[1]) : toRange(parsed.lines, s, Math.min(e, lineEnd(parsed.text, s)));
  if (stage) {
    const st = isObj(v) ? v : {};
    const what = typeof st.spec === 'string' ? st.spec : isObj(st.service) ? 'service' : isObj(st.job) ? 'job' : undefined;
    const needs = Array.isArray(st.needs) ? st.needs.filter((x) => typeof x === 'string') : typeof st.needs === 'string' ? [st.needs] : [];
    const detail = [what, needs.length ? `needs ${needs.join(', ')}` : undefined].filter(Boolean).join(' · ');
    return { name: shown(name), detail: detail || undefined, kind: SymbolKind.Function, range, selectionRange: sel };
  }
  return { name: shown(name), detail: detailOf(v), kind: kindOf(v), range, selectionRange: sel };
}

/** A key as an outline shows it: one line (line breaks as ↵), `""` for the empty key. */
function shown(name: string): string {
  return name === '' ? '""' : name.replace(/\r\n|\r|\n/g, '↵');
}

function lineEnd(text: string, at: number): number {
  const nl = text.indexOf('\n', at);
  return nl < 0 ? text.length : nl;
}

function itemName(v: unknown, i: number): string {
  if (isObj(v)) for (const k of ['name', 'id', 'key']) if (typeof v[k] === 'string' && v[k]) return `${v[k] as string}`;
  return `[${i}]`;
}

function kindOf(v: unknown): SymbolKind {
  if (Array.isArray(v)) return SymbolKind.Array;
  if (v === null) return SymbolKind.Null;
  switch (typeof v) {
    case 'object':
      return SymbolKind.Module;
    case 'string':
      return SymbolKind.String;
    case 'number':
      return SymbolKind.Number;
    case 'boolean':
      return SymbolKind.Boolean;
    default:
      return SymbolKind.Variable;
  }
}

function detailOf(v: unknown): string | undefined {
  if (v === null || typeof v === 'object') return undefined;
  return clip(String(v));
}

function clip(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > 60 ? one.slice(0, 59) + '…' : one;
}
