/** Hover from the schema: title, description, type, default, the enum value's description, the schema's source. */
import { MarkupKind } from './protocol';
import type { Hover, Position } from 'vscode-languageserver';
import type { ParsedDocument } from './documents';
import type { SchemaService } from './schema/service';
import type { ServerSettings } from './settings';
import { cursorContext, docAt, nodeAt, valueAtPointer } from './cursor';
import type { DocSchema } from './schemaContext';
import { docSchema, NOT_READY, readyDocSchema, schemasAtCached } from './schemaCache';
import type { Schema } from './schema/navigate';
import type { OffsetSpan, YamlDocument } from '../core/yaml';
import { toRange } from './ranges';
import { catalogEntry } from '../core/checks/catalogMatch';
import { paramEnvName } from '../core/orchestrate/plan';
import { splitPointer } from '../core/yaml';
import { PARAM_FIELDS, sweepMatrix } from './completionSources';
import { isObj, type Obj } from './yamlNav';

type Result = Hover | null;

export class HoverService {
  /** Key hovers depend only on the schemas and the source: remembered per (shared) schema list. */
  private readonly keyDocs = new WeakMap<Schema[], Map<string, string | undefined>>();

  constructor(private readonly schemas: SchemaService) {}

  /** The hover at `position`; synchronous when the document's schema is ready. */
  hover(parsed: ParsedDocument, position: Position, settings: ServerSettings): Result | Promise<Result> {
    if (!parsed.yaml) return null;
    const offset = parsed.lines.offset(position.line, position.character);
    const docIndex = docAt(parsed, offset);
    const doc = parsed.yaml.docs[docIndex];
    const text = parsed.text;
    const ls = parsed.lines.starts[position.line] ?? 0;
    const before = text.slice(ls, offset);
    // in a line's indentation, on a blank line or an empty `- ` item: nothing is under the cursor
    const blank = offset >= text.length || /\s/.test(text[offset]);
    if (blank && /^[ \t]*(?:-[ \t]+)+$/.test(before) && /^[ \t]*(?:#.*)?\r?$/.test(lineText(text, offset))) return this.emptyItem(parsed, offset, settings);
    if (blank && /^[ \t]*-?$/.test(before)) return null;
    // right after `key:` with no value yet: the key's documentation
    const empty = /^([ \t]*(?:-[ \t]+)*)(?:[^\s#'"{[\]},:][^#]*?|"[^"]*"|'[^']*')[ \t]*:[ \t]*$/.exec(before);
    const node = empty && /^[ \t]*(?:[|>][-+0-9]*[ \t]*)?(?:#.*)?\r?$/.test(lineText(text, offset)) ? keyNodeAt(doc, ls + empty[1].length) : nodeAt(doc, offset);
    if (!node || node.pointer === '') return null;
    const merge = mergeHover(parsed, node);
    if (merge !== undefined) return merge;
    const own = paramHover(parsed, doc, node, offset) ?? needsHover(parsed, doc, node);
    if (own) return own;
    const known = readyDocSchema(this.schemas, parsed, docIndex, settings);
    if (known === NOT_READY) return docSchema(this.schemas, parsed, docIndex, settings).then((schema) => this.answer(parsed, doc, node, schema));
    return this.answer(parsed, doc, node, known);
  }

  /** An empty `- ` item: what the list's items are (the dash is the range). */
  private emptyItem(parsed: ParsedDocument, offset: number, settings: ServerSettings): Result | Promise<Result> {
    const ctx = cursorContext(parsed, offset);
    if (!ctx || ctx.mode !== 'key' || !ctx.inListItem) return null;
    const dash = parsed.text.lastIndexOf('-', offset);
    const answer = (schema: DocSchema | undefined): Result => {
      if (!schema) return null;
      const subs = schemasAtCached(schema, ctx.pointer, { v: ctx.doc.value });
      const md = subs.length ? this.keyDoc(subs, schema.source) : undefined;
      return md ? { contents: { kind: MarkupKind.Markdown, value: md }, range: toRange(parsed.lines, dash, dash + 1) } : null;
    };
    const known = readyDocSchema(this.schemas, parsed, ctx.docIndex, settings);
    return known === NOT_READY ? docSchema(this.schemas, parsed, ctx.docIndex, settings).then(answer) : answer(known);
  }

  /** The hover text of a key: it depends only on the schemas and the source, so it is made once per list. */
  private keyDoc(subs: Schema[], source: string): string | undefined {
    let bySource = this.keyDocs.get(subs);
    if (!bySource) this.keyDocs.set(subs, (bySource = new Map()));
    if (bySource.has(source)) return bySource.get(source);
    const md = describe(subs, undefined, true, source);
    bySource.set(source, md);
    return md;
  }

  private answer(parsed: ParsedDocument, doc: YamlDocument, node: { pointer: string; onKey: boolean; span: OffsetSpan }, schema: DocSchema | undefined): Result {
    if (!schema) return null;
    const subs = schemasAtCached(schema, node.pointer, { v: doc.value });
    if (subs.length === 0) return null;
    let md: string | undefined;
    if (node.onKey) md = this.keyDoc(subs, schema.source);
    else md = describe(subs, valueAtPointer(doc.value, node.pointer), false, schema.source);
    if (!md) return null;
    const span = node.onKey && node.span.key ? node.span.key : node.span.value;
    return { contents: { kind: MarkupKind.Markdown, value: md }, range: toRange(parsed.lines, span[0], span[1]) };
  }
}

/** The rest of the line from `offset`, without its line break. */
function lineText(text: string, offset: number): string {
  const nl = text.indexOf('\n', offset);
  return text.slice(offset, nl < 0 ? text.length : nl);
}

/** The member whose key starts at `keyStart`, as a hover on that key. */
function keyNodeAt(doc: YamlDocument, keyStart: number): { pointer: string; onKey: boolean; span: OffsetSpan } | undefined {
  const n = nodeAt(doc, keyStart);
  return n && n.onKey && n.span.key && n.span.key[0] === keyStart ? n : undefined;
}

/**
 * A merge key (`<<: *base`) holds the keys it copies in, so the node found there is one of them:
 * hovering `<<` or its alias explains the merge instead of showing that key's documentation.
 */
function mergeHover(parsed: ParsedDocument, node: { onKey: boolean; span: OffsetSpan }): Result | undefined {
  const key = node.span.key;
  if (!key || parsed.text.slice(key[0], key[1]) !== '<<') return undefined;
  const value = node.span.value;
  const alias = parsed.text.slice(value[0], value[1]);
  const md = `**Merge key** \`<<\`: the keys of ${/^\*[^\s,\]}]+$/.test(alias) ? `the mapping anchored as \`&${alias.slice(1)}\`` : 'the mapping(s) given here'} are copied into this mapping; a key written in this mapping itself wins over a copied one.`;
  const span = node.onKey ? key : value;
  return { contents: { kind: MarkupKind.Markdown, value: md }, range: toRange(parsed.lines, span[0], span[1]) };
}

/** `x` as inline code, fenced so a backtick inside it does not end it. */
function code(x: unknown): string {
  const t = typeof x === 'string' ? x : JSON.stringify(x) ?? String(x);
  return t.includes('`') ? `\`\` ${t} \`\`` : `\`${t}\``;
}

function names(keys: string[]): string {
  return keys.length > 20 ? `${keys.slice(0, 20).map(code).join(', ')}, …` : keys.map(code).join(', ');
}

/** `${{ params.<name> }}` (the runner's form), or what is typed of one so far. */
const PARAM_EXPR = /\$\{\{\s*params\.([A-Za-z0-9_.-]*)[ \t]*(?:\}\})?/g;
/** The names the runner substitutes (core/orchestrate/plan.ts `PARAM_RE`). */
const RUNNER_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Inside `${{ params.<name> }}` in a sweep's inline job: the parameter, from the sweep's matrix
 * (its values or range, and the `PARAM_<NAME>` variable the runner also sets), or that the sweep
 * has no such parameter. Only the cursor's line is read.
 */
function paramHover(parsed: ParsedDocument, doc: YamlDocument, node: { pointer: string; onKey: boolean }, offset: number): Result | undefined {
  const value = doc.value;
  if (!isObj(value) || value.kind !== 'sweep') return undefined;
  const segs = splitPointer(node.pointer);
  if (segs[0] !== 'job' || segs.length < 2) return undefined;
  const ls = parsed.lines.starts[parsed.lines.lineOf(offset)] ?? 0;
  const line = lineText(parsed.text, ls);
  if (!line.includes('${{')) return undefined;
  let hit: RegExpExecArray | undefined;
  for (const m of line.matchAll(PARAM_EXPR)) {
    if (ls + m.index! <= offset && offset < ls + m.index! + m[0].length) {
      hit = m as RegExpExecArray;
      break;
    }
  }
  if (!hit) return undefined;
  const name = hit[1];
  const start = ls + hit.index!;
  const range = toRange(parsed.lines, start, start + hit[0].length);
  const matrix = sweepMatrix(value);
  const parts: string[] = [];
  if (!matrix || !Object.prototype.hasOwnProperty.call(matrix, name)) {
    const known = matrix ? Object.keys(matrix) : [];
    parts.push(name ? `**Not a parameter of this sweep:** ${code(name)}` : '**Sweep parameter** (no name yet)');
    parts.push(
      !matrix
        ? "This sweep has no `matrix`, so it defines no parameters."
        : known.length
          ? `Its parameters (from \`matrix\`): ${names(known)}.`
          : 'Its `matrix` defines no parameters.',
    );
    if (name) parts.push('The runner leaves an unknown `${{ params.… }}` as written.');
    return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n') }, range };
  }
  const values = matrix[name];
  const random = value.strategy === 'random';
  const samples = typeof value.samples === 'number' ? ` (${value.samples} samples)` : ' (10 samples, the default)';
  parts.push(`**Sweep parameter** ${code(name)}`);
  if (Array.isArray(values)) {
    const shown = values.slice(0, 20).map((v) => code(JSON.stringify(v) ?? String(v))).join(', ') + (values.length > 20 ? ', …' : '');
    const how = random ? `each run draws one of them${samples}` : 'the grid runs each in turn';
    parts.push(`Values (${values.length}): ${shown} — ${how}.`);
  } else if (isObj(values)) {
    const bits = [values.scale === 'log' ? 'log scale' : 'linear scale'];
    if (values.integer === true) bits.push('whole numbers only');
    parts.push(`Range: ${code(values.min)} to ${code(values.max)} (inclusive; ${bits.join(', ')}) — ${random ? `each run draws a value${samples}` : '**a range needs `strategy: random`**; a grid sweep cannot expand it'}.`);
  } else {
    parts.push(`Values: ${code(values)}`);
  }
  if (RUNNER_NAME.test(name)) parts.push(`The job also gets it as the environment variable \`$${paramEnvName(name)}\`.`);
  else parts.push('The runner only substitutes names of letters, digits and `_` (not starting with a digit): this one stays as written.');
  if (!PARAM_FIELDS.includes(segs[1])) parts.push(`**Note:** parameters are substituted only in the job's ${PARAM_FIELDS.map((f) => `\`${f}\``).join(', ')}; in \`${segs[1]}\` this stays as written.`);
  return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n') }, range };
}

/**
 * A stage name in a pipeline stage's `needs` (a list item, or a scalar `needs: prepare`): what that
 * stage runs, what it needs and its target; or that the pipeline has no such stage.
 */
function needsHover(parsed: ParsedDocument, doc: YamlDocument, node: { pointer: string; onKey: boolean; span: OffsetSpan }): Result | undefined {
  if (node.onKey) return undefined;
  const value = doc.value;
  if (!isObj(value) || value.kind !== 'pipeline' || !isObj(value.stages)) return undefined;
  const segs = splitPointer(node.pointer);
  if (segs[0] !== 'stages' || segs[2] !== 'needs' || (segs.length !== 3 && segs.length !== 4)) return undefined;
  const name = valueAtPointer(value, node.pointer);
  if (typeof name !== 'string') return undefined;
  const stages = value.stages;
  const from = segs[1];
  const range = toRange(parsed.lines, node.span.value[0], node.span.value[1]);
  const md = (parts: string[]): Result => ({ contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n') }, range });
  if (!Object.prototype.hasOwnProperty.call(stages, name)) {
    const known = Object.keys(stages);
    return md([`**Unknown stage** ${code(name)}: this pipeline has no stage of that name.`, known.length ? `Its stages: ${names(known)}.` : 'It has no stages.']);
  }
  const parts = [`**Stage** ${code(name)}`];
  if (name === from) parts.push('**A stage cannot need itself.**');
  const st = stages[name];
  const body: Obj | undefined = isObj(st) ? (isObj(st.job) ? st.job : isObj(st.service) ? st.service : undefined) : undefined;
  if (!isObj(st)) parts.push('Not a stage definition (a stage is a mapping with `spec`, `job` or `service`).');
  else if (typeof st.spec === 'string') parts.push(`Runs the spec file ${code(st.spec)}.`);
  else if (body) {
    const what = isObj(st.job) ? 'job' : 'service';
    const run = typeof body.run === 'string' ? body.run.split('\n').find((l) => l.trim()) ?? '' : undefined;
    const more = body === st.service && typeof body.port === 'number' ? ` (port ${body.port})` : '';
    parts.push(run !== undefined ? `Inline ${what}${more}: ${code(run.trim().length > 100 ? `${run.trim().slice(0, 100)}…` : run.trim())}` : `Inline ${what}${more} (no \`run\` yet).`);
  } else parts.push('Defines none of `spec`, `job` or `service` yet.');
  const needs = isObj(st) ? st.needs : undefined;
  const list = Array.isArray(needs) ? needs : typeof needs === 'string' ? [needs] : [];
  parts.push(list.length ? `Needs: ${list.map(code).join(', ')}.` : 'Needs no other stage: it starts right away.');
  if (body && typeof body.target === 'string') parts.push(`Target: ${code(body.target)}.`);
  else if (typeof value.target === 'string') parts.push(`Target: ${code(value.target)} (the pipeline's default${isObj(st) && typeof st.spec === 'string' ? ', unless the spec file names one' : ''}).`);
  if (name !== from) parts.push(`${code(name)} must succeed before ${code(from)} starts.`);
  return md(parts);
}

function first<T>(subs: Schema[], f: (s: Schema) => T | undefined): T | undefined {
  for (const s of subs) {
    const v = f(s);
    if (v !== undefined) return v;
  }
  return undefined;
}

export function describe(subs: Schema[], value: unknown, onKey: boolean, source: string): string | undefined {
  const parts: string[] = [];
  const title = first(subs, (s) => (typeof s.title === 'string' ? s.title : undefined));
  if (title) parts.push(`**${title}**`);
  const text = first(subs, (s) => (typeof s.markdownDescription === 'string' ? s.markdownDescription : undefined)) ?? first(subs, (s) => (typeof s.description === 'string' ? s.description : undefined));
  if (text) parts.push(text);
  const deprecated = first(subs, (s) => (typeof s.deprecationMessage === 'string' ? s.deprecationMessage : s.deprecated === true ? '' : undefined));
  if (deprecated !== undefined) parts.push(deprecated ? `**Deprecated:** ${deprecated}` : '**Deprecated.**');
  const types = [...new Set(subs.flatMap((s) => (Array.isArray(s.type) ? s.type : typeof s.type === 'string' ? [s.type] : [])))];
  const facts: string[] = [];
  if (types.length) facts.push(`type: \`${types.join(' | ')}\``);
  const dflt = first(subs, (s) => s.default);
  if (dflt !== undefined) facts.push(`default: \`${JSON.stringify(dflt)}\``);
  const examples = first(subs, (s) => (Array.isArray(s.examples) && s.examples.length ? (s.examples as unknown[]) : undefined));
  if (examples) facts.push(`example${examples.length > 1 ? 's' : ''}: ${examples.slice(0, 3).map((x) => `\`${typeof x === 'string' ? x : JSON.stringify(x)}\``).join(', ')}`);
  if (facts.length) parts.push(facts.join(' · '));
  const values = enumValues(subs);
  const d = !onKey && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') ? values.find((e) => e.value === value)?.description : undefined;
  if (d) {
    if (d !== text) parts.push(`\`${String(value)}\`: ${d}`);
  } else if (values.length) {
    // (a value without a description of its own: what it may be)
    const shown = values.slice(0, 12);
    const more = values.length > 12 ? ', …' : '';
    if (shown.some((e) => e.description)) parts.push(shown.map((e) => `- \`${String(e.value)}\`${e.description ? `: ${e.description}` : ''}`).join('\n') + (more ? '\n- …' : ''));
    else parts.push(`one of ${shown.map((e) => `\`${String(e.value)}\``).join(', ')}${more}`);
  }
  if (parts.length === 0) return undefined;
  parts.push(`*Source: ${sourceText(source)}*`);
  return parts.join('\n\n');
}

/** Enum values with their descriptions: `enumDescriptions`, else the description of a `const` branch (`oneOf: [{const, description}]`). */
function enumValues(subs: Schema[]): Array<{ value: unknown; description?: string }> {
  const out: Array<{ value: unknown; description?: string }> = [];
  const seen = new Set<string>();
  const add = (value: unknown, description: unknown) => {
    const k = JSON.stringify(value);
    const have = out.find((e) => JSON.stringify(e.value) === k);
    if (have) {
      if (!have.description && typeof description === 'string') have.description = description;
      return;
    }
    if (seen.has(k) || (value !== null && typeof value === 'object')) return;
    seen.add(k);
    out.push(typeof description === 'string' ? { value, description } : { value });
  };
  for (const s of subs) {
    if (Array.isArray(s.enum)) {
      const d: unknown[] = s.markdownEnumDescriptions ?? s.enumDescriptions ?? [];
      s.enum.forEach((v: unknown, i: number) => add(v, d[i]));
    }
  }
  // const branches only count as a list of choices when there are several
  const consts = subs.filter((s) => s.const !== undefined);
  if (consts.length > 1 || out.length) for (const s of consts) add(s.const, s.markdownDescription ?? s.description);
  return out;
}

/** `skypilot — SkyPilot task YAML reference … (0.9/0.10)`: the catalog entry and where its facts come from. */
export function sourceText(source: string): string {
  const name = /^trainyard\b/.test(source) ? 'trainyard' : source;
  const entry = catalogEntry(name);
  if (!entry) {
    // a user schema: a link to its file or address
    const m = /^(?:file|https?):\/\/\S*?([^/\s]+?)(?:[?#]\S*)?$/.exec(source);
    return m ? `[${m[1].replace(/[[\]\\]/g, '\\$&')}](${source.replace(/[()\s]/g, encodeURIComponent)})` : source;
  }
  const from = entry.source ?? entry.description;
  return from ? `\`${source}\` — ${from}` : `\`${source}\``;
}
