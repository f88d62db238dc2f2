/**
 * Trainyard jobs and services that run on Kubernetes need an `image`: a pod runs a container,
 * and there is no host environment to fall back on as with `local` and `ssh:` targets.
 */
import { type CheckFinding, isObject, pointer } from './types';

export interface K8sTargetOptions {
  /** The target used when a spec names none (from settings or ~/.trainyard/config.yaml). */
  defaultTarget?: string;
  /** The plain value of a spec a pipeline stage or sweep refers to by path; undefined when unknown. */
  referenced?: (path: string) => unknown;
}

const isK8s = (t: unknown): t is string => typeof t === 'string' && t.trim().startsWith('k8s:');
const hasImage = (body: Record<string, unknown>) => typeof body.image === 'string' && body.image.trim() !== '';

/** Where a body's target comes from when it names none. */
interface Inherited {
  target: string | undefined;
  /** `the pipeline's target`, `the default target`. */
  from: string;
}

function message(target: string, what: string, from?: string): string {
  return `${what} runs on the Kubernetes target \`${target}\`${from ? ` (${from})` : ''} and needs an \`image\` to run in (e.g. \`image: python:3.12-slim\`)`;
}

/**
 * Checks one runnable body whose effective target is its own `target`, else `inherited`. Reports
 * at its `target` when it names one, else at `at` (where the body sits).
 */
function body(b: Record<string, unknown>, at: string, inherited: Inherited, what: string, out: CheckFinding[]): void {
  const own = typeof b.target === 'string';
  const target = own ? (b.target as string) : inherited.target;
  if (!isK8s(target) || hasImage(b)) return;
  out.push({ pointer: own ? `${at}/target` : at, severity: 'error', message: message(target, what, own ? undefined : inherited.from) });
}

function referencedBody(ref: unknown, at: string, inherited: Inherited, opts: K8sTargetOptions, what: string, out: CheckFinding[]): void {
  if (typeof ref !== 'string' || !opts.referenced) return;
  const v = opts.referenced(ref);
  if (!isObject(v)) return;
  const own = typeof v.target === 'string';
  const target = own ? (v.target as string) : inherited.target;
  if (!isK8s(target) || hasImage(v)) return;
  out.push({ pointer: at, severity: 'error', message: message(target, `${what} (${ref}, which has no image)`, own ? undefined : inherited.from) });
}

export function checkK8sTarget(spec: unknown, opts: K8sTargetOptions = {}): CheckFinding[] {
  if (!isObject(spec)) return [];
  const out: CheckFinding[] = [];
  const own = typeof spec.target === 'string' ? spec.target : undefined;
  const fallback: Inherited = { target: opts.defaultTarget, from: 'the default target' };
  switch (spec.kind) {
    case 'job':
    case 'service':
      body(spec, '', fallback, `this ${spec.kind}`, out);
      break;
    case 'pipeline': {
      if (!isObject(spec.stages)) break;
      const inherited = own !== undefined ? { target: own, from: "the pipeline's target" } : fallback;
      for (const [name, stage] of Object.entries(spec.stages)) {
        if (!isObject(stage)) continue;
        const at = pointer('stages', name);
        if (isObject(stage.job)) body(stage.job, `${at}/job`, inherited, `stage \`${name}\``, out);
        else if (isObject(stage.service)) body(stage.service, `${at}/service`, inherited, `stage \`${name}\``, out);
        else referencedBody(stage.spec, `${at}/spec`, inherited, opts, `stage \`${name}\``, out);
      }
      break;
    }
    case 'sweep': {
      const inherited = own !== undefined ? { target: own, from: "the sweep's target" } : fallback;
      if (isObject(spec.job)) body(spec.job, '/job', inherited, 'the sweep\'s job', out);
      else referencedBody(spec.job, '/job', inherited, opts, 'the sweep\'s job', out);
      break;
    }
  }
  return out;
}
