/**
 * Sweep parameters the job never uses. Each matrix parameter reaches the job as
 * `${{ params.<name> }}` (substituted into run, setup and env) and as the environment variable
 * `PARAM_<NAME>` (upper-cased); a parameter referenced neither way makes runs that differ only in
 * name, which is almost always a typo or a leftover.
 */
import { type CheckFinding, isObject, pointer } from './types';

/** The environment variable a parameter is exported as: `lr` → `PARAM_LR`. */
export function paramEnvName(name: string): string {
  return 'PARAM_' + name.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every string inside a value (object values, array items), skipping secret references. */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (isObject(v)) {
    if (Object.keys(v).length === 1 && typeof v.secret === 'string') return out;
    for (const [k, x] of Object.entries(v)) if (k !== 'description') strings(x, out);
  }
  return out;
}

/** Whether `text` refers to parameter `name` in either form. */
export function usesParam(text: string, name: string): boolean {
  const template = new RegExp(`\\$\\{\\{\\s*params\\.${escape(name)}\\s*\\}\\}`);
  const env = new RegExp(`${escape(paramEnvName(name))}(?![A-Za-z0-9_])`);
  return template.test(text) || env.test(text);
}

/**
 * `sweep` is the plain value of a Trainyard sweep. The job's text comes from its inline `job`, or,
 * when `job` names a file, from `job` given here: that file's plain value, or its run/env text as a
 * string or list of strings. Without either, nothing can be said and nothing is reported.
 * `scripts` are the texts of files the job's commands run (`train.py` of `python train.py`),
 * where a job often reads `PARAM_<NAME>` itself.
 */
export function checkSweepParams(sweep: unknown, job?: unknown, scripts: readonly string[] = []): CheckFinding[] {
  if (!isObject(sweep) || !isObject(sweep.matrix)) return [];
  const body = isObject(sweep.job) ? sweep.job : job;
  if (body === undefined || body === null) return [];
  const texts = [...strings(body), ...scripts];
  if (texts.length === 0) return [];
  const out: CheckFinding[] = [];
  for (const name of Object.keys(sweep.matrix)) {
    if (texts.some((t) => usesParam(t, name))) continue;
    out.push({
      pointer: pointer('matrix', name),
      severity: 'warning',
      message: `the job never uses parameter \`${name}\`: refer to it as \`\${{ params.${name} }}\` in run or env, or read \`$${paramEnvName(name)}\``,
    });
  }
  return out;
}

/** One `${{ … }}` expression in a job's text. */
export interface ParamRef {
  /** Offset of `${{` in the text, and the length of the whole expression. */
  index: number;
  length: number;
  /** The parameter named (`params.<name>`; the runner substitutes only names such as `lr` or `batch_size`), when the expression is one. */
  name?: string;
  /** Offset and length of that name in the text. */
  nameIndex?: number;
  /** What the expression says, trimmed (`params.lr`, `param.lr`, `env.X`). */
  expr: string;
}

const EXPR = /\$\{\{\s*(.*?)\s*\}\}/g;

/** Every `${{ … }}` in `text`: the sweep runner replaces `${{ params.<name> }}` and leaves any other as written. */
export function paramRefs(text: string): ParamRef[] {
  const out: ParamRef[] = [];
  for (const m of text.matchAll(EXPR)) {
    const ref: ParamRef = { index: m.index!, length: m[0].length, expr: m[1] };
    const p = /^params\.([^\s{}]+)$/.exec(m[1]);
    if (p) {
      ref.name = p[1];
      ref.nameIndex = m.index! + m[0].indexOf(m[1]) + 'params.'.length;
    }
    out.push(ref);
  }
  return out;
}

/** The `params.<name>` an expression that is not one was probably meant to be (`param.lr`, `params lr`). */
export function meantParamExpr(expr: string): string | undefined {
  const m = /^(?:params?|parameters?|matrix|sweep)\s*[.\s]\s*([A-Za-z_][A-Za-z0-9_]*)$/i.exec(expr);
  return m ? m[1] : undefined;
}
