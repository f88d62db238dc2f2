/**
 * Checks of a `dvc.yaml` that its JSON Schema cannot express, as `dvc repro` / `dvc status` refuse
 * the pipeline: two outputs (of one stage or of two) that are the same path or one inside the
 * other (DVC's overlapping-outputs error), a stage that depends on its own output, and stages
 * whose dependencies on each other's outputs form a cycle. Paths are taken relative to each
 * stage's `wdir`; templated stages (`foreach`, `matrix`) and paths with `${…}` are skipped.
 */
import { posix } from 'node:path';
import { type CheckFinding, isObject, pointer } from './types';

interface Out {
  stage: string;
  path: string;
  at: string;
}

/** `p` relative to the stage's `wdir`, normalised, without a trailing `/`; undefined for templates and URLs. */
function norm(wdir: unknown, p: string): string | undefined {
  if (p.includes('${') || /^[a-z][\w+.-]*:\/\//i.test(p) || /^(remote|s3|gs|azure|hdfs|ssh|ds):/i.test(p)) return undefined;
  const base = typeof wdir === 'string' && !wdir.includes('${') ? wdir : '.';
  const joined = posix.normalize(posix.join(base.replace(/\\/g, '/'), p.replace(/\\/g, '/')));
  return joined.replace(/\/+$/, '') || '.';
}

const inside = (a: string, b: string) => a === b || b === '.' || a.startsWith(b + '/');

export function checkDvc(value: unknown): CheckFinding[] {
  const out: CheckFinding[] = [];
  if (!isObject(value) || !isObject(value.stages)) return out;
  const outs: Out[] = [];
  const deps = new Map<string, { path: string; at: string }[]>();
  for (const [name, st] of Object.entries(value.stages)) {
    if (!isObject(st) || st.foreach !== undefined || st.do !== undefined || st.matrix !== undefined) continue;
    for (const k of ['outs', 'metrics', 'plots']) {
      const list = st[k];
      if (!Array.isArray(list)) continue;
      list.forEach((item, i) => {
        const p = typeof item === 'string' ? item : isObject(item) && Object.keys(item).length === 1 ? Object.keys(item)[0] : undefined;
        const path = p === undefined ? undefined : norm(st.wdir, p);
        if (path) outs.push({ stage: name, path, at: pointer('stages', name, k, i) });
      });
    }
    const ds: { path: string; at: string }[] = [];
    if (Array.isArray(st.deps)) {
      st.deps.forEach((d, i) => {
        const path = typeof d === 'string' ? norm(st.wdir, d) : undefined;
        if (path) ds.push({ path, at: pointer('stages', name, 'deps', i) });
      });
    }
    deps.set(name, ds);
  }

  // overlapping outputs: report each later one against the first it overlaps
  for (let i = 0; i < outs.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = outs[i];
      const b = outs[j];
      if (!inside(a.path, b.path) && !inside(b.path, a.path)) continue;
      const whose = a.stage === b.stage ? 'another output of this stage' : `an output of stage \`${b.stage}\``;
      const how = a.path === b.path ? `is also ${whose}` : inside(a.path, b.path) ? `is inside \`${b.path}\`, ${whose}` : `contains \`${b.path}\`, ${whose}`;
      out.push({ pointer: a.at, severity: 'error', message: `\`${a.path}\` ${how}: DVC refuses overlapping outputs` });
      break;
    }
  }

  // stage → the stages whose outputs it depends on
  const producers = (path: string) => outs.filter((o) => inside(path, o.path) || inside(o.path, path));
  const edges = new Map<string, { to: string; at: string }[]>();
  for (const [name, ds] of deps) {
    const list: { to: string; at: string }[] = [];
    for (const d of ds) {
      for (const o of producers(d.path)) {
        // DVC's own check is on the same path only (Stage._check_circular_dependency)
        if (o.stage === name) {
          if (o.path === d.path) out.push({ pointer: d.at, severity: 'error', message: `\`${d.path}\` is also an output of this stage: a stage cannot depend on what it writes` });
        } else list.push({ to: o.stage, at: d.at });
      }
    }
    edges.set(name, list);
  }
  // one report per cycle, at the dependency that closes it
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const reported = new Set<string>();
  const visit = (s: string) => {
    state.set(s, 'open');
    stack.push(s);
    for (const e of edges.get(s) ?? []) {
      if (state.get(e.to) === 'open') {
        const cycle = stack.slice(stack.indexOf(e.to));
        const key = [...cycle].sort().join('\u0000');
        if (!reported.has(key)) {
          reported.add(key);
          out.push({ pointer: e.at, severity: 'error', message: `stages ${[...cycle, e.to].map((c) => `\`${c}\``).join(' → ')} depend on each other's outputs in a cycle` });
        }
      } else if (!state.has(e.to)) visit(e.to);
    }
    stack.pop();
    state.set(s, 'done');
  };
  for (const s of edges.keys()) if (!state.has(s)) visit(s);
  return out;
}
