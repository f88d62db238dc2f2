/**
 * Checks JSON Schema cannot express: pipeline graphs, referenced files, sweep sizes, regexes,
 * durations, targets, secrets written in plain text. They run on whatever parts of the value
 * have the right shape, and stay quiet where the schema already reported a problem.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { LoadedSpec, Problem, SpecKind } from './model';
import { childPointer, makeProblem } from './positions';
import { keyRange, valueRange } from './validate';
import type { Locator } from './validate';
import { didYouMean } from './suggest';
import { parseDuration } from './duration';
import { regexError } from './schemas';
import { badTarget } from './targets';
import { TARGET_DEPENDENT } from './ml';

export const MAX_GRID = 10_000;
const SECRET_NAME = /(SECRET|TOKEN|PASSWORD|API_KEY|ACCESS_KEY)/i;

export interface SemanticOptions {
  /** Check referenced specs and workdirs on disk. */
  checkFiles: boolean;
  /** Folder relative paths in the spec are resolved against. */
  baseDir: string;
  /** Loads a referenced spec (synchronously); only called when checkFiles. */
  loadRef?: (absPath: string) => LoadedSpec;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

export function semanticChecks(
  kind: SpecKind,
  value: unknown,
  loc: Locator,
  schemaProblems: Problem[],
  opts: SemanticOptions,
): Problem[] {
  return new Checker(kind, loc, schemaProblems, opts).run(value);
}

class Checker {
  private readonly out: Problem[] = [];
  private readonly flagged: string[];

  constructor(
    private readonly kind: SpecKind,
    private readonly loc: Locator,
    schemaProblems: Problem[],
    private readonly opts: SemanticOptions,
  ) {
    this.flagged = schemaProblems.filter((p) => p.severity === 'error' && p.pointer !== undefined).map((p) => p.pointer!);
  }

  /** Whether the schema already complained about `pointer` (or something inside it). */
  private hasSchemaProblem(pointer: string): boolean {
    return this.flagged.some((p) => p === pointer || p.startsWith(pointer + '/'));
  }

  private error(code: string, message: string, pointer: string, opts: { atKey?: boolean; suggestion?: string } = {}): void {
    const range = opts.atKey ? keyRange(this.loc, pointer) : valueRange(this.loc, pointer);
    this.out.push(makeProblem(this.loc.file, code, message, range, { pointer, suggestion: opts.suggestion }));
  }

  private warn(code: string, message: string, pointer: string, opts: { atKey?: boolean; suggestion?: string } = {}): void {
    const range = opts.atKey ? keyRange(this.loc, pointer) : valueRange(this.loc, pointer);
    this.out.push(makeProblem(this.loc.file, code, message, range, { severity: 'warning', pointer, suggestion: opts.suggestion }));
  }

  run(value: unknown): Problem[] {
    if (!isObj(value)) return this.out;
    switch (this.kind) {
      case 'job':
      case 'service':
        this.body(value, '');
        break;
      case 'pipeline':
        this.target(value.target, '/target');
        this.env(value.env, '/env');
        this.pipeline(value);
        break;
      case 'sweep':
        this.target(value.target, '/target');
        this.sweep(value);
        break;
    }
    return this.out;
  }

  // ---- jobs and services (top level or inline) ----

  private body(b: Obj, ptr: string): void {
    this.target(b.target, `${ptr}/target`);
    this.env(b.env, `${ptr}/env`);
    if (typeof b.timeout === 'string' && !this.hasSchemaProblem(`${ptr}/timeout`)) {
      const secs = parseDuration(b.timeout);
      if (Number.isNaN(secs)) this.error('duration', `\`timeout\` must be a duration such as \`2h30m\`, \`45m\` or \`90s\``, `${ptr}/timeout`);
      else if (secs <= 0) this.error('duration', '`timeout` must be longer than 0 seconds; leave it out for no limit', `${ptr}/timeout`);
    }
    const metrics = b.metrics;
    if (isObj(metrics) && typeof metrics.pattern === 'string' && !this.hasSchemaProblem(`${ptr}/metrics/pattern`)) {
      const p = `${ptr}/metrics/pattern`;
      const why = regexError(metrics.pattern);
      if (why !== undefined) this.error('metrics-pattern', `\`pattern\` is not a valid regular expression: ${why}`, p);
      else if (!/\(\?<[A-Za-z_$][\w$]*>/.test(metrics.pattern)) {
        this.error('metrics-pattern', '`pattern` needs at least one named group, such as `loss=(?<loss>[0-9.]+)`', p);
      }
    }
    if (typeof b.workdir === 'string' && this.opts.checkFiles && !this.hasSchemaProblem(`${ptr}/workdir`)) {
      this.workdir(b.workdir, `${ptr}/workdir`);
    }
  }

  private target(t: unknown, ptr: string): void {
    if (typeof t !== 'string' || this.hasSchemaProblem(ptr)) return;
    const bad = badTarget(t);
    if (bad) this.error('target', bad.message, ptr, { suggestion: bad.suggestion });
  }

  private env(env: unknown, ptr: string): void {
    if (!isObj(env)) return;
    for (const [name, v] of Object.entries(env)) {
      if (typeof v !== 'string' || !SECRET_NAME.test(name) || v === '' || v.startsWith('$')) continue;
      this.warn(
        'plain-secret',
        `\`${name}\` looks like a secret written into the spec; keep the value outside it: did you mean \`{ secret: ${name} }\`?`,
        childPointer(ptr, name),
        { suggestion: `{ secret: ${name} }` },
      );
    }
  }

  private resolve(p: string): string {
    const expanded = p === '~' || p.startsWith('~/') ? path.join(os.homedir(), p.slice(1)) : p;
    return path.resolve(this.opts.baseDir, expanded);
  }

  private workdir(dir: string, ptr: string): void {
    if (dir.includes('$')) return; // expanded on the target; cannot check here
    const abs = this.resolve(dir);
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(abs);
    } catch {
      st = undefined;
    }
    if (!st) this.error('file-not-found', `the workdir \`${dir}\` does not exist (looked for ${abs})`, ptr);
    else if (!st.isDirectory()) this.error('not-a-directory', `the workdir \`${dir}\` is a file, not a folder`, ptr);
  }

  /** A referenced spec file: must exist and (when loadable) be a spec of one of `kinds` without errors. */
  private reference(rel: string, ptr: string, kinds: SpecKind[], what: string): void {
    if (!this.opts.checkFiles || this.hasSchemaProblem(ptr)) return;
    const abs = this.resolve(rel);
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(abs);
    } catch {
      st = undefined;
    }
    if (!st) {
      this.error('file-not-found', `\`${rel}\` does not exist (looked for ${abs})`, ptr);
      return;
    }
    if (!st.isFile()) {
      this.error('file-not-found', `\`${rel}\` is a folder, not a spec file`, ptr);
      return;
    }
    if (!this.opts.loadRef) return;
    const ref = this.opts.loadRef(abs);
    // (a Kubernetes target without image is checked here, with this spec's target if it has none)
    const errors = ref.problems.filter((p) => p.severity === 'error' && !TARGET_DEPENDENT.has(p.code));
    if (ref.kind && !kinds.includes(ref.kind)) {
      this.error('referenced-spec', `\`${rel}\` is a ${ref.kind} spec; ${what} must be a ${kinds.join(' or ')} spec`, ptr);
    } else if (errors.length > 0) {
      const first = errors[0];
      const n = errors.length;
      this.error(
        'referenced-spec',
        `${path.basename(rel)} has ${n} error${n === 1 ? '' : 's'}; the first, at ${first.range.start.line}:${first.range.start.column}: ${first.message}`,
        ptr,
      );
    }
  }

  // ---- pipelines ----

  private pipeline(v: Obj): void {
    const stages = v.stages;
    if (!isObj(stages)) return;
    const names = Object.keys(stages);
    const edges = new Map<string, Array<{ to: string; ptr: string }>>();
    for (const name of names) {
      const st = stages[name];
      const sp = childPointer('/stages', name);
      const list: Array<{ to: string; ptr: string }> = [];
      edges.set(name, list);
      if (!isObj(st)) continue;
      if (isObj(st.job)) this.body(st.job, `${sp}/job`);
      if (isObj(st.service)) this.body(st.service, `${sp}/service`);
      if (typeof st.spec === 'string') this.reference(st.spec, `${sp}/spec`, ['job', 'service'], "a stage's `spec`");
      if (!Array.isArray(st.needs)) continue;
      st.needs.forEach((need, i) => {
        const np = childPointer(`${sp}/needs`, i);
        if (typeof need !== 'string') return;
        if (need === name) {
          this.error('pipeline-cycle', `stage \`${name}\` needs itself`, np);
        } else if (!Object.prototype.hasOwnProperty.call(stages, need)) {
          const suggestion = didYouMean(need, names.filter((n) => n !== name));
          this.error(
            'unknown-stage',
            `stage \`${name}\` needs \`${need}\`, which is not a stage of this pipeline${suggestion ? `; did you mean \`${suggestion}\`?` : ''}`,
            np,
            { suggestion },
          );
        } else {
          list.push({ to: need, ptr: np });
        }
      });
    }
    this.cycles(names, edges);
  }

  /** Reports each cycle once, at the `needs` entry that closes it (iterative DFS). */
  private cycles(names: string[], edges: Map<string, Array<{ to: string; ptr: string }>>): void {
    const state = new Map<string, 1 | 2>(); // 1 on the stack, 2 done
    const reported = new Set<string>();
    for (const start of names) {
      if (state.has(start)) continue;
      const stack: Array<{ node: string; i: number }> = [{ node: start, i: 0 }];
      state.set(start, 1);
      while (stack.length) {
        const top = stack[stack.length - 1];
        const out = edges.get(top.node) ?? [];
        if (top.i >= out.length) {
          state.set(top.node, 2);
          stack.pop();
          continue;
        }
        const e = out[top.i++];
        const s = state.get(e.to);
        if (s === undefined) {
          state.set(e.to, 1);
          stack.push({ node: e.to, i: 0 });
        } else if (s === 1) {
          const from = stack.findIndex((f) => f.node === e.to);
          const cycle = stack.slice(from).map((f) => f.node);
          const key = [...cycle].sort().join('\0');
          if (reported.has(key)) continue;
          reported.add(key);
          // Written from the stage whose `needs` closes the cycle: a → b means "a needs b".
          const path = [top.node, ...cycle.slice(0, cycle.length - 1), top.node];
          this.error('pipeline-cycle', `pipeline cycle: ${path.join(' → ')}`, e.ptr);
        }
      }
    }
  }

  // ---- sweeps ----

  private sweep(v: Obj): void {
    if (typeof v.job === 'string') this.reference(v.job, '/job', ['job'], "a sweep's `job`");
    else if (isObj(v.job)) this.body(v.job, '/job');
    const strategy = v.strategy === undefined ? 'grid' : v.strategy;
    if (strategy === 'grid') {
      // random-only fields on a grid sweep: most likely `strategy: random` was meant (one
      // warning, at the first of them)
      const random = ['samples', 'seed'].filter((k) => v[k] !== undefined && !this.hasSchemaProblem(`/${k}`));
      if (random.length) {
        const how = v.strategy === undefined ? 'add `strategy: random`' : 'set `strategy: random`';
        const which = random.map((k) => `\`${k}\``).join(' and ');
        this.warn(
          'ignored-field',
          `${which} ${random.length > 1 ? 'are' : 'is'} ignored: a grid sweep runs every combination of the matrix; to draw random runs instead, ${how}`,
          `/${random[0]}`,
          { atKey: true },
        );
      }
    }
    const matrix = v.matrix;
    if (!isObj(matrix)) return;
    let grid = 1;
    let allLists = true;
    for (const [name, param] of Object.entries(matrix)) {
      const pp = childPointer('/matrix', name);
      if (this.hasSchemaProblem(pp)) {
        allLists = false;
        continue;
      }
      if (Array.isArray(param)) {
        if (param.length === 0) this.error('empty-param', `parameter \`${name}\` has no values; list at least one`, pp);
        grid = Math.min(grid * Math.max(param.length, 1), Number.MAX_SAFE_INTEGER);
      } else if (isObj(param)) {
        allLists = false;
        const { min, max, scale } = param;
        if (typeof min === 'number' && typeof max === 'number' && max < min) {
          this.error('range', `parameter \`${name}\` has \`max\` (${max}) below \`min\` (${min})`, `${pp}/max`);
        }
        if (scale === 'log' && typeof min === 'number' && min <= 0) {
          this.error('range', `parameter \`${name}\` uses \`scale: log\`, which needs \`min\` above 0 (it is ${min})`, `${pp}/min`);
        }
      }
    }
    if (strategy === 'grid' && allLists && grid > MAX_GRID) {
      this.warn(
        'sweep-too-large',
        `the grid has ${grid.toLocaleString('en-US')} combinations (more than ${MAX_GRID.toLocaleString('en-US')}); use fewer values or \`strategy: random\` with \`samples\``,
        '/matrix',
        { atKey: true },
      );
    }
  }
}

