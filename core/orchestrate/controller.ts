/**
 * The controller of a pipeline or sweep. It runs as the job process of the pipeline/sweep job on
 * the local machine (so it has a status, a log and can be cancelled like any job) and launches
 * every stage or sweep run as a job of its own on the chosen target. Children are detached jobs:
 * if the controller dies they run on; if it is cancelled it cancels them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadSpecFile } from '../spec';
import type { JobSpec, PipelineSpec, RunnableBody, ServiceSpec, SweepSpec } from '../spec/model';
import { loadConfig, type TrainyardConfig } from '../config';
import { resolveJob } from '../jobs/resolve';
import { JobIndex } from '../jobs/index';
import { getTarget } from '../targets/registry';
import { isFinal, type JobInfo, type Target } from '../targets/types';
import { isTrainyardError } from '../errors';
import { StreamMasker } from '../jobs/mask';
import { METRICS_FILE, parseMetricLine } from '../jobs/metrics';
import { applyParams, expandSweep, paramsLabel, stageOrder, type Params } from './plan';
import { loadReferencedJob, stageJob } from './stage';

export interface ControllerOptions {
  specPath: string;
  home: string;
  /** The target picked for the run (`--target`); children fall back to their spec's, then the pipeline's. */
  target?: string;
  /** `--env` values given to the pipeline/sweep run: every child gets them. */
  env: Record<string, string>;
  set: Array<{ path: string; value: string }>;
  /** This controller's own job id (children record it as their parent). */
  parentId?: string;
  out: NodeJS.WritableStream;
  signal: AbortSignal;
}

interface Child {
  label: string;
  info?: JobInfo;
  target?: Target;
  state: 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'skipped';
  note?: string;
}

const say = (o: ControllerOptions, line: string) => o.out.write(`[trainyard] ${line}\n`);

export async function runController(o: ControllerOptions): Promise<number> {
  const loaded = await loadSpecFile(o.specPath, o.set.length ? { overrides: o.set } : {});
  if (!loaded.spec) {
    for (const p of loaded.problems) say(o, `${p.file}:${p.range.start.line}:${p.range.start.column}: ${p.severity}: ${p.message}`);
    return 2;
  }
  const config = loadConfig(o.home);
  if (loaded.spec.kind === 'pipeline') return runPipeline(o, loaded.spec, config);
  if (loaded.spec.kind === 'sweep') return runSweep(o, loaded.spec, config);
  say(o, `${o.specPath} is a ${loaded.spec.kind}, not a pipeline or sweep`);
  return 2;
}

async function launchChild(
  o: ControllerOptions,
  config: TrainyardConfig,
  spec: JobSpec | ServiceSpec,
  file: string,
  text: string,
): Promise<{ info: JobInfo; target: Target }> {
  const resolved = resolveJob(spec, file, text, { target: o.target, env: o.env, config, home: o.home });
  if (o.parentId) resolved.parent = o.parentId;
  const target = getTarget(resolved.target, { home: o.home, config });
  const info = await target.launch(resolved, { signal: o.signal });
  new JobIndex(o.home).record({ id: info.id, target: info.target, name: info.name, createdAt: info.createdAt });
  return { info, target };
}

/** Copies a child's log into the controller's log, each line prefixed `[prefix] `, secrets masked. */
async function relayLog(o: ControllerOptions, c: Child, prefix: string): Promise<void> {
  const masker = new StreamMasker((await c.target!.secretValues?.(c.info!.id)) ?? []);
  let partial = '';
  const emit = (buf: Buffer, end: boolean) => {
    const text = partial + buf.toString('utf8');
    const lines = text.split('\n');
    partial = end ? '' : lines.pop()!;
    for (const l of end ? lines.filter((x, i) => x !== '' || i < lines.length - 1) : lines) o.out.write(`[${prefix}] ${l}\n`);
  };
  try {
    for await (const chunk of c.target!.logs(c.info!.id, { follow: true }, { signal: o.signal })) emit(masker.push(chunk.data), false);
  } catch {
    /* cancelled or the log went away: the status line says what happened */
  }
  emit(masker.flush(), true);
}

/** Waits until the child is final (on the target's change events), or the signal aborts. */
async function waitFinal(c: Child, signal: AbortSignal): Promise<void> {
  for (;;) {
    const info = await c.target!.status(c.info!.id);
    c.info = info;
    if (isFinal(info.status)) {
      c.state = info.status === 'succeeded' ? 'succeeded' : info.status === 'cancelled' ? 'cancelled' : 'failed';
      return;
    }
    if (signal.aborted) return;
    if (c.target!.waitForChange) await c.target!.waitForChange(info.id, 2000, signal);
    else await new Promise<void>((r) => setTimeout(r, 1000));
  }
}

function describe(c: Child): string {
  const i = c.info;
  const code = i && i.exitCode !== null ? ` (exit ${i.exitCode})` : '';
  return `${c.label}: ${c.state}${code}${i ? ` — ${i.id}` : ''}${c.note ? ` — ${c.note}` : ''}`;
}

/** Cancels every running child; used when the controller itself is cancelled. */
async function cancelAll(o: ControllerOptions, children: Iterable<Child>): Promise<void> {
  const running = [...children].filter((c) => c.state === 'running' && c.info && c.target);
  await Promise.all(
    running.map(async (c) => {
      try {
        c.info = await c.target!.cancel(c.info!.id);
        c.state = 'cancelled';
        say(o, `${c.label}: cancelled ${c.info.id}`);
      } catch (e) {
        say(o, `${c.label}: could not cancel ${c.info!.id}: ${(e as Error).message}`);
      }
    }),
  );
}

async function runPipeline(o: ControllerOptions, spec: PipelineSpec, config: TrainyardConfig): Promise<number> {
  const order = stageOrder(spec);
  const children = new Map<string, Child>(order.map((n) => [n, { label: `stage ${n}`, state: 'pending' }]));
  say(o, `pipeline ${spec.name ?? path.basename(o.specPath)}: ${order.length} stages (${order.join(' → ')})`);
  const inFlight = new Map<string, Promise<string>>();

  const startReady = async () => {
    for (const name of order) {
      const c = children.get(name)!;
      if (c.state !== 'pending' || o.signal.aborted) continue;
      const needs = spec.stages[name]!.needs ?? [];
      const blocked = needs.find((n) => ['failed', 'cancelled', 'skipped'].includes(children.get(n)!.state));
      if (blocked) {
        c.state = 'skipped';
        c.note = `needs ${blocked}, which ${children.get(blocked)!.state === 'skipped' ? 'was skipped' : children.get(blocked)!.state}`;
        say(o, describe(c));
        continue;
      }
      if (!needs.every((n) => children.get(n)!.state === 'succeeded')) continue;
      try {
        const { spec: body, file, text } = await stageJob(spec, o.specPath, name);
        const { info, target } = await launchChild(o, config, body, file, text);
        Object.assign(c, { info, target, state: 'running' as const });
        say(o, `stage ${name}: launched ${info.id} on ${info.target}`);
        inFlight.set(name, Promise.all([waitFinal(c, o.signal), relayLog(o, c, name)]).then(() => name));
      } catch (e) {
        c.state = 'failed';
        c.note = isTrainyardError(e) || e instanceof Error ? e.message : String(e);
        say(o, describe(c));
      }
    }
  };

  await startReady();
  while (inFlight.size && !o.signal.aborted) {
    const name = await Promise.race(inFlight.values());
    inFlight.delete(name);
    if (o.signal.aborted) break;
    say(o, describe(children.get(name)!));
    await startReady();
  }
  if (o.signal.aborted) {
    await cancelAll(o, children.values());
    return 143;
  }
  const counts = [...children.values()].reduce<Record<string, number>>((m, c) => ((m[c.state] = (m[c.state] ?? 0) + 1), m), {});
  say(o, `pipeline done: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')}`);
  for (const c of children.values()) say(o, `  ${describe(c)}`);
  return [...children.values()].every((c) => c.state === 'succeeded') ? 0 : 1;
}

/** The last value of `name` in a local job's metrics file (JSON lines), if there is one. */
function lastMetric(home: string, c: Child, name: string): number | undefined {
  if (!c.info || c.info.target !== 'local') return undefined;
  let text: string;
  try {
    text = fs.readFileSync(path.join(home, 'jobs', c.info.id, METRICS_FILE), 'utf8');
  } catch {
    return undefined;
  }
  let last: number | undefined;
  for (const line of text.split('\n')) {
    const v = parseMetricLine(line)?.[name]; // torn or foreign lines give nothing
    if (v !== undefined) last = v;
  }
  return last;
}

async function runSweep(o: ControllerOptions, spec: SweepSpec, config: TrainyardConfig): Promise<number> {
  const runs = expandSweep(spec);
  let base: JobSpec | ServiceSpec;
  let file = o.specPath;
  let text = fs.readFileSync(o.specPath, 'utf8');
  if (typeof spec.job === 'string') ({ spec: base, file, text } = await loadReferencedJob(o.specPath, spec.job));
  else base = { version: 1, kind: 'job', ...spec.job } as JobSpec;
  const sweepName = spec.name ?? base.name ?? 'sweep';
  const parallel = Math.max(1, spec.parallel ?? 1);
  say(o, `sweep ${sweepName}: ${runs.length} runs (${spec.strategy ?? 'grid'}), ${parallel} at a time`);
  const children: Array<Child & { params: Params }> = runs.map((params, i) => ({ label: `run ${i + 1} [${paramsLabel(params)}]`, state: 'pending', params }));
  const inFlight = new Map<number, Promise<number>>();
  let next = 0;
  while ((next < children.length || inFlight.size) && !o.signal.aborted) {
    while (next < children.length && inFlight.size < parallel && !o.signal.aborted) {
      const i = next++;
      const c = children[i]!;
      try {
        const body = applyParams(base as RunnableBody, c.params) as JobSpec;
        const spec1 = { ...base, ...body, name: `${sweepName}-${i + 1}`, target: base.target ?? spec.target } as JobSpec;
        const { info, target } = await launchChild(o, config, spec1, file, text);
        Object.assign(c, { info, target, state: 'running' as const });
        say(o, `${c.label}: launched ${info.id} on ${info.target}`);
        inFlight.set(i, Promise.all([waitFinal(c, o.signal), relayLog(o, c, `run ${i + 1}`)]).then(() => i));
      } catch (e) {
        c.state = 'failed';
        c.note = (e as Error).message;
        say(o, describe(c));
      }
    }
    if (!inFlight.size) break;
    const i = await Promise.race(inFlight.values());
    inFlight.delete(i);
    if (!o.signal.aborted) say(o, describe(children[i]!));
  }
  if (o.signal.aborted) {
    await cancelAll(o, children);
    return 143;
  }
  const metric = spec.metric;
  const rows = children.map((c) => ({
    id: c.info?.id ?? null,
    params: c.params,
    status: c.state,
    exitCode: c.info?.exitCode ?? null,
    metric: metric ? lastMetric(o.home, c, metric.name) ?? null : null,
  }));
  if (metric) {
    const sign = metric.goal === 'maximize' ? -1 : 1;
    const scored = rows.filter((r): r is typeof r & { metric: number } => typeof r.metric === 'number');
    scored.sort((a, b) => sign * (a.metric - b.metric));
    if (scored[0]) say(o, `best ${metric.name} (${metric.goal}): ${scored[0].metric} — ${scored[0].id} [${paramsLabel(scored[0].params)}]`);
    else say(o, `no run reported \`${metric.name}\` in its metrics file`);
  }
  for (const c of children) say(o, `  ${describe(c)}`);
  const outDir = process.env.TRAINYARD_OUTPUT_DIR;
  if (outDir) fs.writeFileSync(path.join(outDir, 'sweep.json'), JSON.stringify({ name: sweepName, metric: metric ?? null, runs: rows }, null, 2) + '\n');
  return children.every((c) => c.state === 'succeeded') ? 0 : 1;
}
