/**
 * Schema validation: `kind` first, then the kind's schema; Ajv errors become Problems a user
 * can act on, positioned at the key (unknown/missing keys) or the value (everything else).
 */
import type { ErrorObject } from 'ajv';
import { SPEC_KINDS } from './model';
import type { Problem, Range, SourceMap, SpecKind } from './model';
import {
  childSchema,
  deref,
  getKindSchema,
  getSchemaAt,
  getValidator,
  originalSchemaOf,
  jsonType,
  propertyNames,
  regexError,
  shortDescription,
  typeAdmits,
} from './schemas';
import type { JsonSchema } from './schemas';
import { firstLine, isEmptyRange, makeProblem, parentPointer, spanAt, splitPointer, FILE_START, childPointer } from './positions';
import { didYouMean } from './suggest';
import { badTarget } from './targets';
import { explainPlacement } from './placement';
import { meantBoolean, meantCpus, meantDuration, meantMemory } from './hints';
import { TARGET_PATTERN } from '../targets/parse';

/** The `target` field's schema (common.schema.json#/$defs/target). */
function isTargetSchema(s: JsonSchema): boolean {
  return s.pattern === TARGET_PATTERN;
}

export interface Locator {
  file: string;
  text: string;
  map: SourceMap;
  kind?: SpecKind;
  /** Pointers whose values came from `--set` (messages say so). */
  overridden?: Map<string, string>;
}

// ---------- locating ----------

/** Range of the value at `pointer` (its key when the value is empty; nearest ancestor's key when unknown). */
export function valueRange(loc: Locator, pointer: string): Range {
  const { span, exact } = spanAt(loc.map, pointer);
  if (!span) return FILE_START;
  if (!exact) return span.key ?? firstLine(span.value, loc.text);
  if (isEmptyRange(span.value) && span.key) return span.key;
  return trimEnd(span.value, loc.text);
}

/** A block collection's span ends after its last line break: end it at its last character instead. */
function trimEnd(r: Range, text: string): Range {
  let end = r.end.offset;
  while (end > r.start.offset && /\s/.test(text[end - 1])) end--;
  if (end === r.end.offset || end === r.start.offset) return r;
  const lineStart = text.lastIndexOf('\n', end - 1) + 1;
  let line = r.end.line;
  for (let i = text.lastIndexOf('\n', r.end.offset - 1); i >= end; i = text.lastIndexOf('\n', i - 1)) line--;
  return { start: r.start, end: { line, column: end - lineStart + 1, offset: end } };
}

/** Range of the key at `pointer`; the first line of the value for list items and the root. */
export function keyRange(loc: Locator, pointer: string): Range {
  const { span } = spanAt(loc.map, pointer);
  if (!span) return FILE_START;
  return span.key ?? firstLine(span.value, loc.text);
}

// ---------- wording ----------

/** How messages name the value at `pointer`: "`gpus`", "stage `train`", "item 2 of `outputs`". */
export function labelFor(pointer: string, kind?: SpecKind): string {
  const segs = splitPointer(pointer);
  const n = segs.length;
  if (n === 0) return kind ?? 'the spec';
  const last = segs[n - 1];
  const parent = n >= 2 ? segs[n - 2] : undefined;
  if (/^(0|[1-9][0-9]*)$/.test(last) && parent !== undefined && parent !== 'env' && parent !== 'stages' && parent !== 'matrix') {
    return `item ${Number(last) + 1} of ${labelFor(parentPointer(pointer), kind)}`;
  }
  if (parent === 'env') return `env value \`${last}\``;
  if (parent === 'stages' && n === 2) return `stage \`${last}\``;
  if (parent === 'matrix' && n === 2) return `parameter \`${last}\``;
  return `\`${last}\``;
}

function clip(s: string, n = 40): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** "string `\"two\"`", "a list", "nothing". */
export function describeValue(v: unknown): string {
  switch (jsonType(v)) {
    case 'null':
      return 'nothing';
    case 'array':
      return 'a list';
    case 'object':
      return 'a mapping';
    case 'string':
      return `string \`${clip(JSON.stringify(v))}\``;
    default:
      return `${jsonType(v) === 'integer' ? 'number' : jsonType(v)} \`${clip(String(v))}\``;
  }
}

const TYPE_NOUN: Record<string, string> = {
  string: 'string',
  number: 'number',
  integer: 'integer',
  boolean: 'boolean',
  object: 'mapping',
  array: 'list',
  null: 'null',
};

function article(noun: string): string {
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

/** "a string, number, boolean or `{ secret: NAME }`". */
function joinAlternatives(phrases: string[]): string {
  const uniq = [...new Set(phrases)];
  if (uniq.length === 0) return 'something else';
  const first = uniq[0].startsWith('`') ? uniq[0] : article(uniq[0]);
  const all = [first, ...uniq.slice(1)];
  return all.length === 1 ? all[0] : `${all.slice(0, -1).join(', ')} or ${all[all.length - 1]}`;
}

function branchPhrases(b: JsonSchema): string[] {
  if (b.type !== undefined) {
    const types: string[] = Array.isArray(b.type) ? b.type : [b.type];
    if (types.length === 1 && types[0] === 'object' && Array.isArray(b.required) && b.required.length > 0) {
      const props = Object.keys(b.properties ?? {});
      if (props.length <= 2) {
        const label = b.defaultSnippets?.[0]?.label;
        if (typeof label === 'string' && /^\{.*\}$/.test(label.trim())) {
          return [`\`${label.trim().replace(/^\{\s*/, '{ ').replace(/\s*\}$/, ' }')}\``];
        }
        return [`\`{ ${b.required.map((k: string) => `${k}: …`).join(', ')} }\``];
      }
    }
    return types.map((t) => TYPE_NOUN[t] ?? t);
  }
  if (b.const !== undefined) return [`\`${JSON.stringify(b.const)}\``];
  if (Array.isArray(b.enum)) return b.enum.map((x: unknown) => `\`${String(x)}\``);
  return [];
}

function typeMessage(label: string, expected: string | string[], data: unknown): string {
  const types = Array.isArray(expected) ? expected : [expected];
  return `${label} must be ${joinAlternatives(types.map((t) => TYPE_NOUN[t] ?? t))}, got ${describeValue(data)}`;
}

/**
 * `needs: prepare` or `outputs: model.pt` where a list is expected: the one-item flow list
 * (`[prepare]`) written from the value's own text, when a list of it would be valid.
 */
function listOfOne(loc: Locator, pointer: string, expected: string | string[], parent: JsonSchema, data: unknown): string | undefined {
  if (expected !== 'array' && !(Array.isArray(expected) && expected.length === 1 && expected[0] === 'array')) return undefined;
  if (typeof data !== 'string' || data === '' || loc.overridden?.size) return undefined;
  const items = deref(parent.items) ?? {};
  if (items.type !== undefined && items.type !== 'string') return undefined;
  const span = loc.map.get(pointer);
  if (!span) return undefined;
  const raw = loc.text.slice(span.value.start.offset, span.value.end.offset);
  if (raw === '' || /[\r\n]/.test(raw) || /^[|>]/.test(raw)) return undefined;
  // a plain `a, b` was meant as two items
  const parts = /^["']/.test(raw) ? [data] : data.split(/\s*,\s*/);
  if (typeof items.pattern === 'string' && !parts.every((x) => new RegExp(items.pattern).test(x))) return undefined;
  return `[${raw}]`;
}

/** Keys other tools use for what our fields say, by our field. */
const SYNONYMS: Record<string, string[]> = {
  needs: ['depends_on', 'dependson', 'depends', 'dependencies', 'deps', 'after', 'requires', 'upstream'],
  run: ['command', 'cmd', 'script', 'entrypoint', 'exec', 'commands'],
  setup: ['install', 'before_script', 'prepare', 'init'],
  gpus: ['gpu_count', 'num_gpus', 'n_gpus', 'ngpus', 'gpu_num', 'nvidia.com/gpu', 'accelerators'],
  gpu: ['gpu_type', 'gpu_model', 'accelerator', 'accelerator_type'],
  cpus: ['cpu', 'num_cpus', 'cores', 'vcpus'],
  memory: ['mem', 'ram'],
  env: ['environment', 'envs', 'variables', 'vars', 'env_vars'],
  workdir: ['cwd', 'working_dir', 'workingdir', 'working_directory', 'dir', 'directory'],
  image: ['container', 'docker_image', 'docker'],
  outputs: ['artifacts', 'output', 'outs'],
  timeout: ['time_limit', 'max_duration', 'timeout_minutes'],
  retries: ['retry', 'max_retries', 'restarts'],
  health: ['healthcheck', 'health_check', 'readiness', 'readiness_path'],
  replicas: ['instances', 'count'],
  matrix: ['parameters', 'params', 'grid', 'search_space', 'space'],
  metric: ['objective', 'optimize'],
  parallel: ['concurrency', 'max_parallel', 'parallelism', 'max_concurrent'],
  samples: ['trials', 'n_trials', 'num_samples', 'max_trials', 'runs'],
  strategy: ['method', 'algorithm', 'search'],
  stages: ['steps', 'jobs', 'tasks'],
  target: ['host', 'runs_on', 'runs-on', 'backend'],
};

function synonymOf(key: string, known: string[]): string | undefined {
  const k = key.toLowerCase();
  for (const [field, words] of Object.entries(SYNONYMS)) if (known.includes(field) && words.includes(k)) return field;
  return undefined;
}

/** The other spec kind whose files have `key` at the top (`port` → service), if the key is no field of `kind`. */
function otherKindWith(kind: SpecKind, key: string): SpecKind | undefined {
  if (propertyNames(getKindSchema(kind)).includes(key)) return undefined;
  return SPEC_KINDS.find((k) => k !== kind && propertyNames(getKindSchema(k)).includes(key));
}

/** `"8080"` where a number is expected (or `"true"` for a boolean): the value without quotes. */
function unquotedScalar(expected: string | string[], data: unknown): string | undefined {
  if (typeof data !== 'string') return undefined;
  const types = Array.isArray(expected) ? expected : [expected];
  const t = data.trim();
  if ((types.includes('integer') && /^-?\d+$/.test(t)) || (types.includes('number') && /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t))) return t;
  if (types.includes('boolean') && /^(true|false)$/.test(t)) return t;
  return undefined;
}

/**
 * The value a slip meant, by the field it is in: a duration (`10 min` → `10m`), memory (`32GB`
 * → `32Gi`), CPUs (`500m` → `0.5`) or a YAML 1.1 boolean (`yes` → `true`). `typed`: the fix is
 * a number or boolean, which a text replacement would write as a string, so the problem names
 * it without offering it as a quick fix.
 */
function meantValue(
  field: string | undefined,
  expected: string | string[],
  data: unknown,
): { text: string; why: string; typed: boolean; expected?: string; note?: string } | undefined {
  const types = Array.isArray(expected) ? expected : [expected];
  if (field === 'timeout' && types.includes('string')) {
    const d = meantDuration(data);
    if (d) return { text: d, why: '', typed: false, ...(typeof data === 'number' ? { expected: 'a duration such as `2h30m`, `45m` or `90s`', note: ` (${data} seconds)` } : {}) };
  }
  if (field === 'memory' && types.includes('string')) {
    const m = meantMemory(data);
    if (m) return { text: m, why: '', typed: false, ...(typeof data === 'number' ? { expected: 'a Kubernetes quantity such as `32Gi` or `512Mi`' } : {}) };
  }
  if (types.includes('number') || types.includes('integer')) {
    const c = field === 'cpus' ? meantCpus(data) : undefined;
    if (c) return { text: c, why: ' (a number of cores; fractions are allowed)', typed: true };
  }
  if (types.includes('boolean')) {
    const b = meantBoolean(data);
    if (b) return { text: b, why: ' (YAML 1.2 reads `yes`, `no`, `on` and `off` as strings)', typed: true };
  }
  return undefined;
}

function withOverride(loc: Locator, pointer: string, message: string): string {
  if (!loc.overridden) return message;
  for (const [p, text] of loc.overridden) {
    if (pointer === p || pointer.startsWith(p + '/')) return `${message} (set by \`--set ${text}\`)`;
  }
  return message;
}

// ---------- kind ----------

export function checkKind(value: unknown, loc: Locator): { kind?: SpecKind; problems: Problem[] } {
  const file = loc.file;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {
      problems: [
        makeProblem(
          file,
          'type',
          `a spec must be a mapping of keys such as \`kind: job\`, got ${describeValue(value)}`,
          firstLine(valueRange(loc, ''), loc.text),
          { pointer: '' },
        ),
      ],
    };
  }
  const kind = (value as Record<string, unknown>).kind;
  if (kind === undefined) {
    return {
      problems: [
        makeProblem(file, 'missing-required', `missing required key \`kind\` (one of ${SPEC_KINDS.join(', ')})`, FILE_START, {
          pointer: '/kind',
        }),
      ],
    };
  }
  if (typeof kind !== 'string') {
    return {
      problems: [
        makeProblem(file, 'type', `\`kind\` must be one of ${SPEC_KINDS.join(', ')}, got ${describeValue(kind)}`, valueRange(loc, '/kind'), {
          pointer: '/kind',
        }),
      ],
    };
  }
  if (!(SPEC_KINDS as readonly string[]).includes(kind)) {
    const suggestion = didYouMean(kind, SPEC_KINDS);
    return {
      problems: [
        makeProblem(
          file,
          'enum',
          withOverride(
            loc,
            '/kind',
            `\`kind\` must be one of ${SPEC_KINDS.join(', ')}${suggestion ? `; did you mean \`${suggestion}\`?` : `, got \`${clip(kind)}\``}`,
          ),
          valueRange(loc, '/kind'),
          { pointer: '/kind', suggestion },
        ),
      ],
    };
  }
  return { kind: kind as SpecKind, problems: [] };
}

// ---------- schema ----------

interface ErrNode {
  err: ErrorObject;
  children?: ErrNode[];
}

function under(path: string, base: string): boolean {
  return path === base || path.startsWith(base + '/');
}

function schemaParent(schemaPath: string): string {
  return schemaPath.slice(0, schemaPath.lastIndexOf('/'));
}

/**
 * Ajv (allErrors) reports a combinator's branch errors just before the combinator's own error,
 * and evaluates combinators before the type-specific keywords of the same schema. So the
 * branch errors of a `oneOf` are the run of errors right before it at or under its instance
 * path, stopping at an error of a sibling keyword of the same schema.
 */
function buildTree(errors: ErrorObject[]): ErrNode[] {
  const items: ErrNode[] = [];
  for (const e of errors) {
    if (e.keyword === 'oneOf' || e.keyword === 'anyOf') {
      const kids: ErrNode[] = [];
      while (items.length) {
        const last = items[items.length - 1].err;
        if (!under(last.instancePath, e.instancePath)) break;
        if (
          last.instancePath === e.instancePath &&
          schemaParent(last.schemaPath) === schemaParent(e.schemaPath) &&
          !last.schemaPath.startsWith(e.schemaPath + '/')
        ) {
          break;
        }
        kids.unshift(items.pop()!);
      }
      items.push({ err: e, children: kids });
    } else {
      items.push({ err: e });
    }
  }
  return items;
}

interface Mapped {
  problem: Problem;
  instancePath: string;
  isType: boolean;
  /** For `one-of` over required-only branches: the keys of which exactly one is needed. */
  choices?: string[];
}

/** An error of a precompiled validator with the bundled schema objects in place of its copies. */
function withOriginalSchemas(e: ErrorObject): ErrorObject {
  const parent = originalSchemaOf(e.parentSchema, e.schemaPath, e.keyword);
  return parent ? { ...e, parentSchema: parent, schema: parent[e.keyword] } : e;
}

export function validateSchema(kind: SpecKind, value: unknown, loc: Locator): Problem[] {
  const validate = getValidator(kind);
  if (validate(value)) return [];
  const tree = buildTree((validate.errors ?? []).map(withOriginalSchemas));
  return explainPlacement(oneProblemPerTypo(new Mapper(loc, kind, value).mapNodes(tree)), kind, value, loc);
}

/**
 * A misspelt required key (`rnu: …` for `run`, `jobb:` for a stage's `job`) is one mistake: the
 * unknown key, whose did-you-mean names the missing key, stays; the "missing required key" (or
 * "needs exactly one of") complaint about the same object goes, and the key's message says
 * the suggestion is required.
 */
function oneProblemPerTypo(mapped: Mapped[]): Problem[] {
  const problems = mapped.map((m) => m.problem);
  const meant = new Map<string, Problem>(); // pointer of the key the typo meant → the unknown-key problem
  for (const p of problems) {
    if (p.code === 'unknown-key' && p.suggestion !== undefined && p.pointer !== undefined) meant.set(childPointer(parentPointer(p.pointer), p.suggestion), p);
  }
  if (meant.size === 0) return problems;
  const covered = new Set<Problem>();
  const required = new Set<Problem>();
  for (const { problem: p, choices } of mapped) {
    if (p.pointer === undefined) continue;
    if (p.code === 'missing-required' && meant.has(p.pointer)) {
      covered.add(p);
      required.add(meant.get(p.pointer)!);
    } else if (p.code === 'one-of' && choices?.some((k) => meant.has(childPointer(p.pointer!, k)))) {
      covered.add(p);
    }
  }
  return problems
    .filter((p) => !covered.has(p))
    .map((p) => (required.has(p) ? { ...p, message: p.message.replace(/\?$/, ` (required)?`) } : p));
}

class Mapper {
  constructor(
    private readonly loc: Locator,
    private readonly kind: SpecKind,
    private readonly root: unknown,
  ) {}

  private make(code: string, message: string, range: Range, pointer: string, suggestion?: string): Problem {
    return makeProblem(this.loc.file, code, withOverride(this.loc, pointer, message), range, { pointer, suggestion });
  }

  mapNodes(nodes: ErrNode[]): Mapped[] {
    const out: Mapped[] = [];
    for (const n of nodes) {
      if (n.children) out.push(...this.mapCombinator(n.err, n.children));
      else {
        const m = this.mapSimple(n.err);
        if (m) out.push(m);
      }
    }
    // A value of the wrong type makes every other complaint about it noise.
    const typeFailed = new Set(out.filter((m) => m.isType).map((m) => m.instancePath));
    return out.filter((m) => m.isType || ![...typeFailed].some((p) => under(m.instancePath, p)));
  }

  private mapCombinator(e: ErrorObject, kids: ErrNode[]): Mapped[] {
    const at = e.instancePath;
    const label = labelFor(at, this.kind);
    const branches: JsonSchema[] = (Array.isArray(e.schema) ? e.schema : []).map((b: any) => deref(b) ?? {});
    const data = e.data;
    const passing = (e.params as { passingSchemas?: number[] | null }).passingSchemas;
    const exactly = e.keyword === 'oneOf';

    const requiredOnly = branches.length > 0 && branches.every((b) => b.type === undefined && Array.isArray(b.required) && b.required.length > 0);
    if (requiredOnly) {
      const names = branches.flatMap((b) => b.required as string[]).map((k) => `\`${k}\``);
      const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names[0];
      const present =
        data && typeof data === 'object' ? branches.flatMap((b) => b.required as string[]).filter((k) => k in (data as object)) : [];
      const msg =
        present.length > 1
          ? `${label} has ${present.map((k) => `\`${k}\``).join(' and ')}; it needs exactly one of ${list}`
          : `${label} needs ${exactly ? 'exactly' : 'at least'} one of ${list}`;
      return [{ problem: this.make('one-of', msg, keyRange(this.loc, at), at), instancePath: at, isType: false, choices: branches.flatMap((b) => b.required as string[]) }];
    }
    if (passing) {
      return [{ problem: this.make('one-of', `${label} matches more than one of its allowed forms`, valueRange(this.loc, at), at), instancePath: at, isType: false }];
    }
    const generic = (): Mapped[] => [
      {
        problem: this.make('type', `${label} must be ${joinAlternatives(branches.flatMap(branchPhrases))}, got ${describeValue(data)}`, valueRange(this.loc, at), at),
        instancePath: at,
        isType: true,
      },
    ];
    const admitting = branches.map((b, i) => (typeAdmits(b, data) ? i : -1)).filter((i) => i >= 0);
    if (admitting.length === 0) return generic();

    const branchOf = (n: ErrNode): number | undefined => {
      const sp = n.err.schemaPath;
      const prefix = e.schemaPath + '/';
      if (!sp.startsWith(prefix)) return undefined;
      const idx = Number(sp.slice(prefix.length).split('/')[0]);
      return Number.isInteger(idx) ? idx : undefined;
    };
    const kidsOf = (i: number): ErrNode[] =>
      kids.filter((n) => {
        const b = branchOf(n);
        if (b !== undefined) return b === i;
        // From a $ref'd branch: belongs to the admitting branch unless it is a type mismatch right here.
        return !(n.err.keyword === 'type' && n.err.instancePath === at);
      });

    let chosen: number;
    if (admitting.length === 1) chosen = admitting[0];
    else {
      const counted = admitting.map((i) => ({ i, n: kids.filter((k) => branchOf(k) === i).length })).filter((x) => x.n > 0);
      if (counted.length === 0) return generic();
      counted.sort((a, b) => a.n - b.n);
      chosen = counted[0].i;
    }
    const b = branches[chosen];
    if (data !== null && typeof data === 'object' && !Array.isArray(data) && b.properties) {
      const props = Object.keys(b.properties);
      // a key of the branch, or a near miss of one (`{secrt: X}` for `{secret: X}`)
      const shares = Object.keys(data as object).some((k) => props.includes(k) || didYouMean(k, props) !== undefined);
      if (!shares && props.length < 4) return generic();
    }
    const mapped = this.mapNodes(kidsOf(chosen));
    return mapped.length ? mapped : generic();
  }

  private mapSimple(e: ErrorObject): Mapped | undefined {
    const at = e.instancePath;
    const params = e.params as Record<string, any>;
    const parent = (e.parentSchema ?? {}) as JsonSchema;
    const label = labelFor(at, this.kind);
    const data = e.data;
    const value = (code: string, message: string, suggestion?: string): Mapped => ({
      problem: this.make(code, message, valueRange(this.loc, at), at, suggestion),
      instancePath: at,
      isType: code === 'type',
    });
    const propName = (e as { propertyName?: string }).propertyName;
    if (propName !== undefined) {
      // An error about a key itself (propertyNames).
      const ptr = childPointer(at, propName);
      const why = typeof parent.patternErrorMessage === 'string' ? parent.patternErrorMessage : `it must match \`${params.pattern ?? ''}\``;
      return {
        problem: this.make('invalid-key', `invalid key \`${clip(propName)}\` in ${labelFor(at, this.kind)}: ${why}`, keyRange(this.loc, ptr), ptr),
        instancePath: ptr,
        isType: false,
      };
    }
    switch (e.keyword) {
      case 'if':
      case 'propertyNames':
        return undefined;
      case 'additionalProperties':
      case 'unevaluatedProperties': {
        const key = String(params.additionalProperty ?? params.unevaluatedProperty);
        const ptr = childPointer(at, key);
        // (a key the object has already is no suggestion: the fix would write it twice)
        const have = data !== null && typeof data === 'object' ? Object.keys(data as object) : [];
        const known = propertyNames(parent).filter((k) => !have.includes(k));
        const elsewhere = at === '' ? otherKindWith(this.kind, key) : undefined;
        const where = at === '' ? this.kind : labelFor(at, this.kind);
        const inline = at !== '' && (key === 'kind' || key === 'version') && propertyNames(parent).includes('run');
        // a field of another kind (`port` in a job) or of a whole file (`kind` in an inline job)
        // says so; otherwise the key that was meant: a usual synonym (`depends_on` → `needs`), else the closest
        const suggestion = elsewhere || inline ? undefined : synonymOf(key, known) ?? didYouMean(key, known);
        const why = elsewhere
          ? `; \`${key}\` is a field of ${elsewhere} specs (\`kind: ${elsewhere}\`)`
          : inline
            ? `: a ${splitPointer(at).pop() === 'service' ? 'service' : 'job'} written in place takes no \`version\` or \`kind\``
            : suggestion
              ? `; did you mean \`${suggestion}\`?`
              : '';
        return {
          problem: this.make('unknown-key', `unknown key \`${clip(key)}\` in ${where}${why}`, keyRange(this.loc, ptr), ptr, suggestion),
          instancePath: ptr,
          isType: false,
        };
      }
      case 'required': {
        const key = String(params.missingProperty);
        const gloss = shortDescription(childSchema(parent, key));
        const where = at === '' ? '' : ` in ${labelFor(at, this.kind)}`;
        return {
          problem: this.make('missing-required', `missing required key \`${key}\`${where}${gloss ? ` (${gloss})` : ''}`, keyRange(this.loc, at), childPointer(at, key)),
          instancePath: at,
          isType: false,
        };
      }
      case 'type': {
        if (this.kind === 'sweep' && /^\/matrix\/[^/]+$/.test(at) && e.schemaPath.includes('/then/')) {
          return value(
            'type',
            `${label} is a range, which only random sweeps can draw from; list its values or set \`strategy: random\``,
          );
        }
        const list = listOfOne(this.loc, at, params.type, parent, data);
        if (list) return value('type', `${typeMessage(label, params.type, data)}; did you mean \`${list}\`?`, list);
        const unquoted = unquotedScalar(params.type, data);
        if (unquoted !== undefined) return value('type', `${typeMessage(label, params.type, data)}; did you mean \`${unquoted}\` (without quotes)?`, unquoted);
        const last = splitPointer(at).pop();
        if (this.kind === 'sweep' && at === '/metric' && typeof data === 'string' && /^[A-Za-z_][\w./-]*$/.test(data)) {
          // the metric's name alone: the goal is a guess from the name (losses and errors go down)
          const goal = /loss|err|perplexity|mse|mae|wer|cer|latency|time/i.test(data) ? 'minimize' : 'maximize';
          const fix = `{name: ${data}, goal: ${goal}}`;
          return value('type', `${typeMessage(label, params.type, data)}: a metric has a \`name\` and a \`goal\`; did you mean \`${fix}\`?`, fix);
        }
        const meant = meantValue(last, params.type, data);
        if (meant) {
          const what = meant.expected ? `${label} must be ${meant.expected}, got ${describeValue(data)}` : `${typeMessage(label, params.type, data)}${meant.why}`;
          return value('type', `${what}; did you mean \`${meant.text}\`${meant.note ?? ''}?`, meant.typed ? undefined : meant.text);
        }
        if (params.type === 'string' && Array.isArray(data) && (last === 'run' || last === 'setup')) {
          return value('type', `${typeMessage(label, params.type, data)}; write several commands as a block, \`${last}: |\` with one command per line`);
        }
        return value('type', typeMessage(label, params.type, data));
      }
      case 'enum': {
        const allowed = (params.allowedValues ?? parent.enum ?? []) as unknown[];
        const suggestion = typeof data === 'string' ? didYouMean(data, allowed.map(String)) : undefined;
        return value(
          'enum',
          `${label} must be one of ${allowed.map(String).join(', ')}${suggestion ? `; did you mean \`${suggestion}\`?` : `, got ${describeValue(data)}`}`,
          suggestion,
        );
      }
      case 'const':
        return value(
          'const',
          `${label} must be \`${JSON.stringify(params.allowedValue)}\`, got ${describeValue(data)}${at === '/version' ? '; version 1 is the only version of the format so far' : ''}`,
        );
      case 'pattern': {
        if (isTargetSchema(parent) && typeof data === 'string') {
          const bad = badTarget(data);
          if (bad) return value('target', bad.message, bad.suggestion);
        }
        const pem = parent.patternErrorMessage;
        const meant = meantValue(splitPointer(at).pop(), 'string', data);
        return value(
          'pattern',
          (typeof pem === 'string'
            ? `invalid ${label} ${typeof data === 'string' ? `\`${clip(data)}\`` : ''}: ${pem}`.replace(/ :/, ':')
            : `${label} must match the pattern \`${params.pattern}\`, got ${describeValue(data)}`) + (meant ? `; did you mean \`${meant.text}\`?` : ''),
          meant?.text,
        );
      }
      case 'format': {
        if (params.format === 'regex' && typeof data === 'string') {
          return value('format', `${label} is not a valid regular expression: ${regexError(data) ?? 'invalid'}`);
        }
        return value('format', `${label} must be a valid ${params.format}, got ${describeValue(data)}`);
      }
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum': {
        const word = { minimum: 'at least', maximum: 'at most', exclusiveMinimum: 'more than', exclusiveMaximum: 'less than' }[e.keyword];
        return value('range', `${label} must be ${word} ${params.limit}, got ${describeValue(data)}`);
      }
      case 'multipleOf':
        return value('range', `${label} must be a multiple of ${params.multipleOf}, got ${describeValue(data)}`);
      case 'minLength':
        return value(
          'length',
          params.limit === 1 ? `${label} must not be empty` : `${label} must be at least ${params.limit} characters long`,
        );
      case 'maxLength':
        return value('length', `${label} must be at most ${params.limit} characters long (it has ${String(data).length})`);
      case 'minItems':
        return value('size', params.limit === 1 ? `${label} must not be an empty list` : `${label} needs at least ${params.limit} items`);
      case 'maxItems':
        return value('size', `${label} may have at most ${params.limit} items`);
      case 'minProperties':
        return value('size', params.limit === 1 ? `${label} must not be empty` : `${label} needs at least ${params.limit} entries`);
      case 'maxProperties':
        return value('size', `${label} may have at most ${params.limit} entries`);
      case 'uniqueItems': {
        const later = Math.max(Number(params.i), Number(params.j));
        const ptr = childPointer(at, later);
        const dup = Array.isArray(data) ? data[later] : undefined;
        return {
          problem: this.make('duplicate-item', `${label} lists ${typeof dup === 'string' ? `\`${clip(dup)}\`` : describeValue(dup)} more than once`, valueRange(this.loc, ptr), ptr),
          instancePath: ptr,
          isType: false,
        };
      }
      case 'dependentRequired':
        return value('missing-required', `${label} needs \`${params.missingProperty}\` when it has \`${params.property}\``);
      case 'false schema':
        return {
          problem: this.make('unknown-key', `${label} is not allowed here`, keyRange(this.loc, at), at),
          instancePath: at,
          isType: false,
        };
      default:
        return value('schema', `${label} ${e.message ?? 'is not valid'}`);
    }
  }
}

/** Warnings for keys whose schema carries a `deprecationMessage`. */
export function deprecations(kind: SpecKind, value: unknown, loc: Locator): Problem[] {
  if (!hasDeprecations(kind)) return [];
  const out: Problem[] = [];
  for (const pointer of loc.map.keys()) {
    if (pointer === '') continue;
    const s = getSchemaAt(kind, pointer, value);
    if (s && typeof s.deprecationMessage === 'string') {
      out.push(
        makeProblem(loc.file, 'deprecated', `${labelFor(pointer, kind)} is deprecated: ${s.deprecationMessage}`, keyRange(loc, pointer), {
          severity: 'warning',
          pointer,
        }),
      );
    }
  }
  return out;
}

const deprecationCache = new Map<SpecKind, boolean>();
function hasDeprecations(kind: SpecKind): boolean {
  let v = deprecationCache.get(kind);
  if (v === undefined) {
    v = JSON.stringify(getKindSchema(kind)).includes('deprecationMessage') || JSON.stringify(deref({ $ref: 'common.schema.json' }) ?? {}).includes('deprecationMessage');
    deprecationCache.set(kind, v);
  }
  return v;
}
