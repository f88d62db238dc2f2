/**
 * Launching a pipeline or sweep: a controller job on the local machine whose command is
 * `trainyard __controller …` (see controller.ts), and `render` of what it would launch.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PipelineSpec, SweepSpec } from '../spec/model';
import type { TrainyardConfig } from '../config';
import { newJobId } from '../jobs/ids';
import type { ResolvedJob } from '../jobs/resolve';
import { parseTarget } from '../targets/parse';
import { shq } from '../shell/quote';
import { TrainyardError } from '../errors';
import { expandSweep, stageOrder } from './plan';

interface ControllerJobOptions {
  target?: string;
  env?: Record<string, string>;
  set?: Array<{ path: string; value: string }>;
  home: string;
  config: TrainyardConfig;
}

/** The CLI bundle that runs controllers: next to this bundle in dist/, or dist/ from the sources. */
export function cliEntry(): string {
  const candidates = [path.join(__dirname, 'cli.js'), path.join(__dirname, '..', '..', 'dist', 'cli.js'), path.join(__dirname, '..', 'dist', 'cli.js')];
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new TrainyardError('launch-failed', `cannot find the trainyard CLI bundle to run the controller (looked for ${candidates.join(', ')}); run \`npm run build\``);
  return found;
}

export function controllerJob(spec: PipelineSpec | SweepSpec, specPath: string, specText: string, o: ControllerJobOptions): ResolvedJob {
  // The chosen target is checked now, so a typo fails the launch instead of every stage.
  if (o.target) parseTarget(o.target);
  const name = spec.name ?? path.basename(specPath).replace(/\.trainyard\.ya?ml$/, '');
  const args = ['__controller', '--spec', specPath];
  if (o.target) args.push('--target', o.target);
  for (const k of Object.keys(o.env ?? {})) args.push('--pass-env', k);
  for (const s of o.set ?? []) args.push('--set', `${s.path}=${s.value}`);
  // VS Code's extension host runs on Electron: ELECTRON_RUN_AS_NODE makes its binary act as node.
  const run = `ELECTRON_RUN_AS_NODE=1 exec ${[process.execPath, cliEntry(), ...args].map(shq).join(' ')}\n`;
  return {
    id: newJobId(name, path.join(o.home, 'jobs')),
    name,
    kind: spec.kind,
    target: 'local',
    specPath,
    specText,
    workdir: path.dirname(specPath),
    run,
    env: { ...(o.env ?? {}) },
    secretEnv: {},
    resources: {},
    outputs: [],
    metrics: {},
    retries: 0,
  };
}

/** What `trainyard render` shows for a pipeline (stages in order) or a sweep (every run). */
export function renderPlan(spec: PipelineSpec | SweepSpec, specPath: string, o: { target?: string; home: string; config: TrainyardConfig }): Record<string, unknown> {
  const fallback = o.target ?? spec.target ?? o.config.defaultTarget ?? 'local';
  if (spec.kind === 'pipeline') {
    return {
      kind: 'pipeline',
      name: spec.name ?? path.basename(specPath),
      specPath,
      controller: 'local',
      stages: stageOrder(spec).map((n) => {
        const st = spec.stages[n]!;
        const body = st.job ?? st.service;
        return {
          name: n,
          needs: st.needs ?? [],
          ...(st.spec ? { spec: path.resolve(path.dirname(specPath), st.spec) } : { run: body?.run }),
          target: o.target ?? body?.target ?? fallback,
        };
      }),
    };
  }
  const runs = expandSweep(spec);
  return {
    kind: 'sweep',
    name: spec.name ?? path.basename(specPath),
    specPath,
    controller: 'local',
    job: typeof spec.job === 'string' ? path.resolve(path.dirname(specPath), spec.job) : 'inline',
    strategy: spec.strategy ?? 'grid',
    parallel: spec.parallel ?? 1,
    target: fallback,
    ...(spec.metric ? { metric: spec.metric } : {}),
    runs: runs.map((params, i) => ({ run: i + 1, params })),
  };
}
