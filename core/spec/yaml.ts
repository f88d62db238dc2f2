/**
 * YAML text → plain JSON value + SourceMap (JSON pointer → key/value ranges) + syntax problems.
 *
 * Uses the `yaml` package's Parser and Composer directly so the CST can be measured before it
 * is composed: the composer recurses per nesting level, and very deep input (10,000 levels)
 * must give a problem, not a stack overflow.
 */
import { yamlLib } from '../yamlLib';
import type { Document, Node as YamlNode, ParsedNode, YAMLMap, YAMLSeq, CST } from 'yaml';
import type { Problem, Range, SourceMap } from './model';
import { Lines, childPointer, makeProblem } from './positions';
import { parseYamlFast, resolvePlain } from '../yaml';

/** Deeper than this and the document is refused (real specs nest < 10 levels). */
export const MAX_DEPTH = 100;
/** Most JSON nodes aliases may expand to, against "billion laughs" documents. */
export const MAX_EXPANDED_NODES = 20_000;

export interface ParsedYaml {
  value: unknown;
  map: SourceMap;
  problems: Problem[];
  lines: Lines;
  /** False when there was no usable tree (empty document, fatal problem). */
  usable: boolean;
  /** True when the document has syntax errors (the tree may be partial). */
  syntaxErrors: boolean;
  /** Lines that syntax errors touch (schema problems there are likely consequences). */
  errorLines: Set<number>;
  /** Start offsets of the syntax errors. */
  errorOffsets: number[];
}

const FRIENDLY: Record<string, (msg: string, src: string) => string> = {
  DUPLICATE_KEY: (_m, src) => `duplicate key \`${src}\`; each key may appear once in a mapping`,
  TAB_AS_INDENT: () => 'tabs are not allowed as indentation in YAML; indent with spaces',
  MISSING_CHAR: (m) => (/quote/.test(m) ? `this quoted string is never closed; add the closing ${/"/.test(m) ? '"' : "'"}` : cleanMessage(m)),
  MULTIPLE_DOCS: () => 'a spec file holds one document; remove the second `---`',
  ALIAS_PROPS: () => 'an alias cannot have an anchor or a tag',
  BAD_ALIAS: (m) => lowerFirst(m),
};

function lowerFirst(s: string): string {
  return /^[A-Z](?![A-Z])/.test(s) ? s[0].toLowerCase() + s.slice(1) : s;
}

function cleanMessage(m: string): string {
  return lowerFirst(m.replace(/\s*at line \d+, column \d+:?[\s\S]*$/, '').replace(/\.$/, ''));
}

/**
 * A key indented deeper than the key on the line above (`  gpus: 1` then `   memory: 8Gi`, or a
 * key under `run: …`) reads as the continuation of that key's value, and the `yaml` package says
 * so twice, in its own words ("nested mappings are not allowed in compact mappings", "implicit
 * keys need to be on a single line"). Each such pair becomes one problem at the misplaced key,
 * reported through `report`; the other errors come back (echoes of a reported line dropped).
 */
function overIndented<E extends { code: string; pos: [number, number] }>(
  errors: E[],
  text: string,
  report: (start: number, end: number, message: string) => void,
): E[] {
  const out: E[] = [];
  const misplaced: number[] = []; // line starts of the keys reported
  const lineStart = (o: number) => text.lastIndexOf('\n', o - 1) + 1;
  for (let i = 0; i < errors.length; i++) {
    const e = errors[i];
    const next = errors[i + 1];
    if (e.code === 'BLOCK_AS_IMPLICIT_KEY' && next?.code === 'MULTILINE_IMPLICIT_KEY' && next.pos[0] === e.pos[0]) {
      const [s, en] = next.pos;
      const ownerStart = lineStart(s);
      const keyLineStart = lineStart(en - 1);
      const ownerEnd = text.indexOf('\n', ownerStart);
      i++; // the pair is handled here
      if (misplaced.includes(ownerStart)) continue; // the line above is itself misplaced: an echo
      const owner = /^([ ]*)(?:-[ ]+)?([^\s#:][^#:\n]*?)[ ]*:(?:[ ]|$)/.exec(text.slice(ownerStart, s));
      const key = /^([ ]*)([^\s#:][^#:\n]*?)[ ]*:(?:[ ]|$)/.exec(text.slice(keyLineStart, en + 1));
      if (owner && key && ownerEnd >= 0 && ownerEnd + 1 === keyLineStart) {
        misplaced.push(keyLineStart);
        const at = keyLineStart + key[1].length;
        report(
          at,
          at + key[2].length,
          `\`${key[2]}\` is indented deeper than \`${owner[2]}\` on the line above, so YAML reads it as part of the value of \`${owner[2]}\`; line it up with \`${owner[2]}\``,
        );
        continue;
      }
      out.push(e, next);
      continue;
    }
    out.push(e);
  }
  return out;
}

/** Nesting depth of the CST and the offset where it first exceeds `limit`, iteratively. */
function cstTooDeep(tokens: CST.Token[], limit: number): number | undefined {
  const stack: Array<[CST.Token | null | undefined, number]> = tokens.map((t) => [t, 0]);
  while (stack.length) {
    const [tok, depth] = stack.pop()!;
    if (!tok) continue;
    if (depth > limit) return (tok as { offset?: number }).offset ?? 0;
    switch (tok.type) {
      case 'document':
        stack.push([tok.value, depth]);
        break;
      case 'block-map':
      case 'block-seq':
      case 'flow-collection':
        for (const it of tok.items as CST.CollectionItem[]) {
          stack.push([it.key, depth + 1]);
          stack.push([it.value, depth + 1]);
        }
        break;
      default:
        break;
    }
  }
  return undefined;
}

export function parseYaml(text: string, file: string): ParsedYaml {
  return parseFast(text) ?? parseYamlWithPackage(text, file);
}

/** A block scalar's header (`|`, `>-`, `|+ # note`) at the end of the line before its content. */
const BLOCK_HEADER = /[|>][-+]?[ ]*(?:#.*)?\r?$/;

type Kind = 'empty' | 'scalar' | 'flow' | 'block' | 'collection';

/**
 * The common case through core/yaml's fast scanner (well-formed block YAML, one document, no
 * anchors or tags — core/yaml/fastEvents.ts), converted to this module's shapes with the `yaml`
 * package's range conventions: a block scalar runs from its `|`/`>` to its last non-blank line
 * (blank lines too with `+`); an empty value sits after its `:` or `-` and the spaces after it;
 * a block collection ends where its last value does, past that line's comment and line break
 * when the value is a scalar or flow collection. Undefined for anything else, which the `yaml`
 * package parses (its messages for broken input are the ones users see).
 * test/unit/spec-yaml-fast.test.ts checks both give the same on every YAML file of the repository.
 */
function parseFast(text: string): ParsedYaml | undefined {
  if (/^(?:---|\.\.\.)/m.test(text) || text.includes('\t')) return undefined;
  const parsed = parseYamlFast(text);
  if (!parsed || parsed.docs.length !== 1 || parsed.errors.length) return undefined;
  const doc = parsed.docs[0];
  if (doc.value === null || typeof doc.value !== 'object') return undefined;
  const entries = [...doc.map];
  const lastChild = new Map<string, string>();
  for (const [p] of entries) if (p !== '') lastChild.set(p.slice(0, p.lastIndexOf('/')), p);
  const adjusted = new Map<string, { v0: number; v1: number; kind: Kind }>();
  // The dash of each empty list item, in document order: the first dash after the item before
  // (the first item's empty value already sits right after its own dash).
  const itemDash = new Map<string, number>();
  const after = new Map<string, number>();
  for (const [pointer, span] of entries) {
    if (pointer === '') continue;
    const parent = pointer.slice(0, pointer.lastIndexOf('/'));
    const [v0, v1] = span.value;
    if (span.key || v0 !== v1) {
      after.set(parent, v1);
      continue;
    }
    let dash = v0 - 1;
    if (!pointer.endsWith('/0') || text.charCodeAt(dash) !== 45) {
      const m = /\n[ ]*-(?=[ \r\n]|$)/g;
      // (one back, so a dash at the very start of the line where the search begins is found too)
      m.lastIndex = Math.max(0, Math.max(v0, after.get(parent) ?? v0) - 1);
      const found = m.exec(text);
      if (!found) return undefined;
      dash = found.index + found[0].length - 1;
    }
    itemDash.set(pointer, dash);
    after.set(parent, dash + 1);
  }
  const skipSpaces = (i: number) => {
    while (text.charCodeAt(i) === 32) i++;
    return i;
  };
  for (let i = entries.length - 1; i >= 0; i--) {
    const [pointer, span] = entries[i];
    if (span.key && !isQuote(text.charCodeAt(span.key[0])) && typeof resolvePlain(text.slice(span.key[0], span.key[1])) !== 'string') {
      return undefined; // a plain key such as `0x1F` or `true`: the yaml package's key conversion
    }
    let [v0, v1] = span.value;
    let kind: Kind;
    const header = !lastChild.has(pointer) && v0 > 0 && text.charCodeAt(v0 - 1) === 10 ? blockHeaderBefore(text, v0) : -1;
    if (header >= 0) {
      kind = 'block';
      if (/^[\s]*$/.test(text.slice(v0, v1))) return undefined; // an empty block scalar: the yaml package's own range rules
      const keep = text.charCodeAt(header + 1) === 43;
      if (keep) return undefined; // `|+`: the yaml package's trailing-line rules, left to it
      v0 = header;
      while (!keep && v1 > v0) {
        const ls = text.lastIndexOf('\n', v1 - 2) + 1;
        const line = text.slice(ls, v1);
        if (ls <= v0 || !/^[ ]*\r?\n$/.test(line)) break;
        if (line.charCodeAt(0) === 32) return undefined; // a trailing line of spaces: the yaml package's rules
        v1 = ls;
      }
    } else if (lastChild.has(pointer)) {
      kind = 'collection';
      const last = adjusted.get(lastChild.get(pointer)!);
      // (a collection ending in an empty value: the yaml package's end depends on comments around it)
      if (!last || last.kind === 'empty') return undefined;
      v1 = last.v1;
      if (last.kind === 'scalar' || last.kind === 'flow') {
        const rest = /^[ ]*(?:#[^\n]*)?\r?\n/.exec(text.slice(v1, v1 + 1000));
        if (rest) v1 += rest[0].length;
      }
      if (text.charCodeAt(v0) === 91 || text.charCodeAt(v0) === 123) return undefined; // a non-empty flow collection
      // Comments or space-only lines after a collection's last value: the yaml package may count
      // them in (its comment attachment); leave such texts to it.
      if (!cleanGapAfter(text, v1)) return undefined;
    } else if (v0 === v1) {
      kind = 'empty';
      if (span.key) v0 = skipSpaces(span.key[1] + 1);
      else {
        const dash = itemDash.get(pointer);
        if (dash === undefined) return undefined;
        v0 = skipSpaces(dash + 1);
      }
      v1 = v0;
    } else {
      const c = text.charCodeAt(v0);
      kind = c === 91 || c === 123 ? 'flow' : 'scalar';
    }
    adjusted.set(pointer, { v0, v1, kind });
  }
  const lines = Lines.of(text);
  const map: SourceMap = new Map();
  for (const [pointer, span] of entries) {
    const a = adjusted.get(pointer)!;
    const value = lines.range(a.v0, a.v1);
    map.set(pointer, span.key ? { key: lines.range(span.key[0], span.key[1]), value } : { value });
  }
  return { value: doc.value, map, problems: [], lines, usable: true, syntaxErrors: false, errorLines: new Set(), errorOffsets: [] };
}

function isQuote(c: number): boolean {
  return c === 34 || c === 39;
}

/** Whether only empty lines (no comments, no spaces) lie between `at` and the next content line or the end. */
function cleanGapAfter(text: string, at: number): boolean {
  let i = at;
  // the rest of the current line (when `at` is inside one) must be empty
  while (i < text.length && text.charCodeAt(i) !== 10) {
    if (text.charCodeAt(i) !== 13) return false;
    i++;
  }
  while (i < text.length) {
    const ls = i + 1;
    let e = text.indexOf('\n', ls);
    if (e < 0) e = text.length;
    const line = text.slice(ls, e).replace(/\r$/, '');
    if (line.length === 0) {
      i = e;
      continue;
    }
    return !/^[ ]*(?:#|$)/.test(line);
  }
  return true;
}

/** The offset of the block scalar header ending the line before `contentStart`, or -1. */
function blockHeaderBefore(text: string, contentStart: number): number {
  const prevStart = text.lastIndexOf('\n', contentStart - 2) + 1;
  const line = text.slice(prevStart, contentStart - 1);
  if (/^[ ]*#/.test(line)) return -1; // a comment line that happens to end in `|` or `>`
  const m = BLOCK_HEADER.exec(line);
  return m ? prevStart + m.index : -1;
}

/** The `yaml` package's parse: everything the fast path declines, and all broken input. */
export function parseYamlWithPackage(text: string, file: string): ParsedYaml {
  const problems: Problem[] = [];
  const errorLines = new Set<number>();
  const tokens = Array.from(new (yamlLib().Parser)().parse(text));
  const lines = Lines.of(text);
  const map: SourceMap = new Map();
  const result: ParsedYaml = { value: undefined, map, problems, lines, usable: false, syntaxErrors: false, errorLines, errorOffsets: [] };

  const deepAt = cstTooDeep(tokens, MAX_DEPTH);
  if (deepAt !== undefined) {
    problems.push(
      makeProblem(file, 'too-deep', `the document nests deeper than ${MAX_DEPTH} levels, so it was not checked`, lines.range(deepAt, deepAt + 1)),
    );
    result.syntaxErrors = true;
    return result;
  }

  const composer = new (yamlLib().Composer)({ uniqueKeys: true, merge: true, prettyErrors: false, keepSourceTokens: false });
  const docs = Array.from(composer.compose(tokens, true, text.length)) as Document.Parsed[];
  const doc = docs[0];
  for (const d of docs.slice(1, 2)) {
    const at = d.range[0];
    const end = text.startsWith('---', at) ? at + 3 : at + 1;
    problems.push(makeProblem(file, 'multiple-documents', FRIENDLY.MULTIPLE_DOCS('', ''), lines.range(at, end)));
  }
  if (!doc) return result;

  for (const [list, severity] of [
    [
      overIndented(doc.errors, text, (s, en, message) => {
        const range = lines.range(s, en);
        problems.push(makeProblem(file, 'yaml-syntax', message, range));
        result.syntaxErrors = true;
        result.errorOffsets.push(s);
        for (let l = range.start.line; l <= range.end.line; l++) errorLines.add(l);
      }),
      'error',
    ],
    [doc.warnings, 'warning'],
  ] as const) {
    for (const e of list) {
      let [s, en] = e.pos;
      if (e.code === 'DUPLICATE_KEY') {
        // Widen to the whole key (yaml points at its first character).
        const m = /^("(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^:\n]*?)(?=\s*:)/.exec(text.slice(s, s + 200));
        if (m && m[1]) en = s + m[1].length;
      }
      if (e.code === 'MISSING_CHAR' && /quote/.test(e.message)) {
        // yaml points at the end of the input; the opening quote is where to look.
        const q = /"/.test(e.message) ? '"' : "'";
        const open = text.lastIndexOf(q, s - 1);
        if (open >= 0) {
          s = open;
          const nl = text.indexOf('\n', open);
          en = nl < 0 ? text.length : nl;
        }
      }
      const src = text.slice(s, Math.min(en, s + 60));
      const friendly = FRIENDLY[e.code];
      const message = friendly ? friendly(e.message, src) : cleanMessage(e.message);
      const code = e.code === 'RESOURCE_EXHAUSTION' ? 'too-deep' : severity === 'error' ? 'yaml-syntax' : 'yaml-warning';
      const range = lines.range(s, Math.max(en, s + 1) > text.length ? Math.max(s, text.length) : Math.max(en, s + 1));
      problems.push(makeProblem(file, code, message, range, { severity }));
      if (severity === 'error') {
        result.syntaxErrors = true;
        result.errorOffsets.push(s);
        for (let l = range.start.line; l <= range.end.line; l++) errorLines.add(l);
      }
    }
  }

  if (doc.contents === null || doc.contents === undefined) return result;
  const conv = new Converter(doc, lines, file, problems, map);
  try {
    result.value = conv.convert(doc.contents as YamlNode, '', undefined, 0);
    result.usable = !conv.aborted;
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    problems.push(makeProblem(file, 'too-deep', 'the document nests too deeply to check', lines.range(0, 1)));
  }
  if (conv.aborted) result.value = undefined;
  return result;
}

function rangeOf(lines: Lines, node: { range?: [number, number, number] | null } | null | undefined): Range | undefined {
  const r = node?.range;
  if (!r) return undefined;
  return lines.range(r[0], r[1]);
}

class Converter {
  aborted = false;
  private expanded = 0;
  private inAlias = 0;
  private readonly active = new Set<YamlNode>();

  constructor(
    private readonly doc: Document.Parsed,
    private readonly lines: Lines,
    private readonly file: string,
    private readonly problems: Problem[],
    private readonly map: SourceMap,
  ) {}

  private fail(code: string, message: string, range: Range): void {
    this.problems.push(makeProblem(this.file, code, message, range));
  }

  /** Converts `node` (recording spans under `pointer`); `key` is the key's range for members. */
  convert(node: YamlNode | null | undefined, pointer: string, key: Range | undefined, depth: number): unknown {
    if (this.aborted) return undefined;
    if (this.inAlias > 0 && ++this.expanded > MAX_EXPANDED_NODES) {
      this.aborted = true;
      this.fail(
        'yaml-alias-limit',
        `aliases expand to more than ${MAX_EXPANDED_NODES.toLocaleString('en-US')} values; is this an alias bomb?`,
        rangeOf(this.lines, node as ParsedNode) ?? this.lines.range(0, 1),
      );
      return undefined;
    }
    const here = rangeOf(this.lines, node as ParsedNode) ?? key ?? this.lines.range(0, 0);
    this.map.set(pointer, key ? { key, value: here } : { value: here });
    if (node === null || node === undefined) return null;

    if (yamlLib().isAlias(node)) {
      const target = node.resolve(this.doc) as YamlNode | undefined;
      if (!target) {
        this.fail('yaml-syntax', `unknown alias \`*${node.source}\`; define the anchor \`&${node.source}\` before using it`, here);
        return null;
      }
      if (this.active.has(target) || depth > MAX_DEPTH) {
        this.fail('yaml-syntax', `alias \`*${node.source}\` refers to a value that contains it`, here);
        return null;
      }
      this.active.add(target);
      this.inAlias++;
      const v = this.convert(target, pointer, key, depth + 1);
      this.inAlias--;
      this.active.delete(target);
      // The alias itself is where the user wrote this value.
      this.map.set(pointer, key ? { key, value: here } : { value: here });
      return v;
    }
    if (yamlLib().isScalar(node)) {
      const v = node.value;
      if (typeof v === 'bigint') return Number(v);
      if (v instanceof Date) return v.toISOString();
      if (typeof v === 'symbol') return String(node.source ?? '');
      return v === undefined ? null : v;
    }
    if (yamlLib().isSeq(node)) {
      const out: unknown[] = [];
      (node as YAMLSeq).items.forEach((item, i) => {
        out.push(this.convert(item as YamlNode, childPointer(pointer, i), undefined, depth + 1));
      });
      return out;
    }
    if (yamlLib().isMap(node)) return this.convertMap(node as YAMLMap, pointer, depth);
    return null;
  }

  private keyString(k: unknown): string | undefined {
    if (k === null || k === undefined) return '';
    if (yamlLib().isScalar(k)) {
      const v = k.value;
      return v === null || v === undefined ? '' : String(v);
    }
    return undefined;
  }

  private convertMap(node: YAMLMap, pointer: string, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = Object.create(null);
    const explicit = new Set<string>();
    for (const pair of node.items) {
      if (yamlLib().isPair(pair) && !isMergeKey(pair.key)) {
        const k = this.keyString(pair.key);
        if (k !== undefined) explicit.add(k);
      }
    }
    for (const pair of node.items) {
      if (!yamlLib().isPair(pair)) continue;
      if (isMergeKey(pair.key)) {
        this.merge(pair.value as YamlNode, out, explicit, pointer, depth);
        continue;
      }
      const k = this.keyString(pair.key);
      const keyRange = rangeOf(this.lines, pair.key as ParsedNode) ?? rangeOf(this.lines, node as ParsedNode)!;
      if (k === undefined) {
        this.fail('yaml-key', 'keys must be plain scalars such as `name`; a list or mapping cannot be a key', keyRange);
        continue;
      }
      const childPtr = childPointer(pointer, k);
      if (pair.value === null || pair.value === undefined) {
        this.map.set(childPtr, { key: keyRange, value: { start: keyRange.end, end: keyRange.end } });
        out[k] = null;
        continue;
      }
      out[k] = this.convert(pair.value as YamlNode, childPtr, keyRange, depth + 1);
    }
    return { ...out };
  }

  /** `<<: *base` / `<<: [*a, *b]`: keys from the merged maps, unless written here or merged earlier. */
  private merge(value: YamlNode | null, out: Record<string, unknown>, explicit: Set<string>, pointer: string, depth: number): void {
    const sources: YamlNode[] = yamlLib().isSeq(value) ? ((value as YAMLSeq).items as YamlNode[]) : value ? [value] : [];
    for (const src of sources) {
      const resolved = yamlLib().isAlias(src) ? (src.resolve(this.doc) as YamlNode | undefined) : src;
      if (!resolved || !yamlLib().isMap(resolved)) {
        this.fail(
          'yaml-syntax',
          'a merge key `<<` takes an alias to a mapping (`<<: *defaults`) or a list of them',
          rangeOf(this.lines, src as ParsedNode) ?? this.lines.range(0, 1),
        );
        continue;
      }
      if (this.active.has(resolved)) continue;
      this.active.add(resolved);
      this.inAlias++;
      for (const pair of (resolved as YAMLMap).items) {
        if (!yamlLib().isPair(pair)) continue;
        if (isMergeKey(pair.key)) {
          this.merge(pair.value as YamlNode, out, explicit, pointer, depth + 1);
          continue;
        }
        const k = this.keyString(pair.key);
        if (k === undefined || explicit.has(k) || Object.prototype.hasOwnProperty.call(out, k)) continue;
        const keyRange = rangeOf(this.lines, pair.key as ParsedNode) ?? this.lines.range(0, 1);
        out[k] = this.convert(pair.value as YamlNode, childPointer(pointer, k), keyRange, depth + 1);
      }
      this.inAlias--;
      this.active.delete(resolved);
    }
  }
}

function isMergeKey(key: unknown): boolean {
  return yamlLib().isScalar(key) && typeof key.value === 'symbol' && key.source === '<<';
}
