/**
 * Pure planning for pipelines and sweeps: stage order, sweep expansion (grid, or random with a
 * seed), and `${{ params.<name> }}` substitution. No I/O; the controller runs the plan.
 */
import type { PipelineSpec, RunnableBody, SweepParam, SweepSpec, SweepValue } from '../spec/model';

/** Stages in an order where every stage comes after what it needs (the loader already refused cycles). */
export function stageOrder(spec: PipelineSpec): string[] {
  const names = Object.keys(spec.stages);
  const done = new Set<string>();
  const out: string[] = [];
  const visit = (n: string, path: string[]) => {
    if (done.has(n)) return;
    if (path.includes(n)) throw new Error(`pipeline cycle: ${[...path, n].join(' → ')}`);
    for (const dep of spec.stages[n]?.needs ?? []) visit(dep, [...path, n]);
    done.add(n);
    out.push(n);
  };
  for (const n of names) visit(n, []);
  return out;
}

/** A small seeded PRNG (mulberry32): the same seed always draws the same sweep. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Params = Record<string, SweepValue>;

function draw(p: SweepParam, rnd: () => number): SweepValue {
  if (Array.isArray(p)) return p[Math.floor(rnd() * p.length)]!;
  const { min, max } = p;
  const v = p.scale === 'log' ? Math.exp(Math.log(min) + rnd() * (Math.log(max) - Math.log(min))) : min + rnd() * (max - min);
  return p.integer ? Math.min(max, Math.max(min, Math.round(v))) : Number(v.toPrecision(6));
}

/** Every run of a sweep: the grid's cartesian product, or `samples` draws (default 10). */
export function expandSweep(spec: SweepSpec): Params[] {
  const names = Object.keys(spec.matrix);
  if (spec.strategy === 'random') {
    const rnd = seededRandom(spec.seed ?? Math.floor(Math.random() * 2 ** 31));
    const n = spec.samples ?? 10;
    return Array.from({ length: n }, () => Object.fromEntries(names.map((k) => [k, draw(spec.matrix[k]!, rnd)])));
  }
  let runs: Params[] = [{}];
  for (const k of names) {
    const values = spec.matrix[k];
    if (!Array.isArray(values)) throw new Error(`sweep parameter \`${k}\` is a range; ranges need \`strategy: random\``);
    runs = runs.flatMap((r) => values.map((v) => ({ ...r, [k]: v })));
  }
  return runs;
}

const PARAM_RE = /\$\{\{\s*params\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Replaces `${{ params.<name> }}`; an unknown name is left as written (the loader warns about it). */
export function substituteParams(text: string, params: Params): string {
  return text.replace(PARAM_RE, (all, name: string) => (name in params ? String(params[name]) : all));
}

/** The env name a parameter reaches the job as: `PARAM_` + upper-cased name. */
export function paramEnvName(name: string): string {
  return `PARAM_${name.toUpperCase()}`;
}

/** A job body with the parameters applied to run, setup and env values, plus PARAM_* variables. */
export function applyParams(body: RunnableBody, params: Params): RunnableBody {
  const env: NonNullable<RunnableBody['env']> = {};
  for (const [k, v] of Object.entries(body.env ?? {})) env[k] = typeof v === 'string' ? substituteParams(v, params) : v;
  for (const [k, v] of Object.entries(params)) env[paramEnvName(k)] = String(v);
  const out: RunnableBody = { ...body, run: substituteParams(body.run, params), env };
  if (body.setup !== undefined) out.setup = substituteParams(body.setup, params);
  return out;
}

/** A short label for a sweep run, e.g. `lr=0.01,epochs=5`. */
export function paramsLabel(params: Params): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}
