/**
 * Checks of a W&B sweep configuration that its JSON Schema cannot express, from what the sweep
 * controller (wandb/sweeps) does with a valid config:
 * - `method: grid` takes only categorical, constant, int_uniform and q_uniform parameters
 *   (grid_search.py raises for any other, including `values` with `probabilities`): error;
 * - `log_uniform`, `q_log_uniform` and `inv_log_uniform` take natural-log bounds
 *   (`min: -9.2, max: -2.3` is 1e-4…0.1); bounds inside (0, 1] sample e^min…e^max, between 1 and
 *   e, which is almost always a mix-up with the `*_values` variants: warning;
 * - `min` not below `max` (schema.py validate_min_max: "min … is not less than max …"): error;
 *   `probabilities` that do not pair up with `values`: error, or do not sum to 1: warning;
 * - a `command` item that is a whole `${…}` but not one of the agent's macros: the agent replaces
 *   it with nothing (wandb_agent.py `sweep_vars.get(...) or []`), so `${interpreter}` misspelt
 *   silently drops the interpreter: warning;
 * - hyperband with `max_iter` below `eta` has no band to stop runs at (hyperband_stopping.py
 *   raises): error.
 */
import { type CheckFinding, isObject, pointer } from './types';

const GRID_OK = new Set(['categorical', 'constant', 'int_uniform', 'q_uniform']);
const LOG_V1 = new Set(['log_uniform', 'q_log_uniform', 'inv_log_uniform']);

/** The distribution W&B uses for a parameter (its `distribution`, else inferred as wandb/sweeps does); undefined for nested groups. */
function distributionOf(p: Record<string, unknown>): string | undefined {
  if (typeof p.distribution === 'string') return p.distribution;
  if ('parameters' in p) return undefined;
  if ('value' in p) return 'constant';
  if ('values' in p) return 'probabilities' in p ? 'categorical_w_probabilities' : 'categorical';
  if (Number.isInteger(p.min) && Number.isInteger(p.max)) return 'int_uniform';
  if ('min' in p || 'max' in p) return 'uniform';
  return undefined;
}

function visit(params: unknown, path: string[], grid: boolean, out: CheckFinding[]): void {
  if (!isObject(params)) return;
  for (const [name, p] of Object.entries(params)) {
    if (!isObject(p)) continue;
    const at = [...path, name];
    if (isObject(p.parameters) && p.distribution === undefined) {
      visit(p.parameters, [...at, 'parameters'], grid, out);
      continue;
    }
    const dist = distributionOf(p);
    if (grid && dist && !GRID_OK.has(dist)) {
      const where = typeof p.distribution === 'string' ? pointer(...at, 'distribution') : pointer(...at);
      const why = dist === 'categorical_w_probabilities' ? 'values with `probabilities`' : `a \`${dist}\` distribution`;
      out.push({
        pointer: where,
        severity: 'error',
        message: `grid search tries every combination and cannot use ${why}: give \`values\` (or \`value\`, integer \`min\`/\`max\`, \`q_uniform\`), or use \`method: random\` or \`bayes\``,
      });
    }
    const min = typeof p.min === 'number' ? p.min : undefined;
    const max = typeof p.max === 'number' ? p.max : undefined;
    if (min !== undefined && max !== undefined && min >= max) {
      out.push({ pointer: pointer(...at, 'min'), severity: 'error', message: min === max ? `\`min\` ${min} equals \`max\`: W&B needs \`min\` below \`max\` (for one fixed value, use \`value\`)` : `\`min\` ${min} is above \`max\` ${max}` });
    }
    if (dist && LOG_V1.has(dist) && min !== undefined && max !== undefined && min > 0 && max <= 1) {
      out.push({
        pointer: pointer(...at, 'distribution'),
        severity: 'warning',
        message: `\`${dist}\` takes natural-log bounds: min ${min}, max ${max} samples e^${min}…e^${max} (${Math.exp(min).toPrecision(3)}…${Math.exp(max).toPrecision(3)}); for values between ${min} and ${max} use \`${dist}_values\``,
      });
    }
    if (Array.isArray(p.probabilities)) {
      const probs = p.probabilities;
      if (Array.isArray(p.values) && probs.length !== p.values.length) {
        out.push({ pointer: pointer(...at, 'probabilities'), severity: 'error', message: `${probs.length} probabilities for ${p.values.length} values: give one per value` });
      } else if (probs.every((x) => typeof x === 'number')) {
        const sum = (probs as number[]).reduce((a, b) => a + b, 0);
        if (Math.abs(sum - 1) > 1e-6) out.push({ pointer: pointer(...at, 'probabilities'), severity: 'warning', message: `the probabilities sum to ${Number(sum.toPrecision(6))}, not 1` });
      }
    }
  }
}

/** The macros the agent expands in `command` (wandb/sdk/launch/sweeps/utils.py create_sweep_command_args, wandb_agent.py). */
const MACROS = new Set(['env', 'interpreter', 'program', 'args', 'args_no_hyphens', 'args_no_equals', 'args_no_boolean_flags', 'args_json', 'args_json_file', 'args_append_hydra', 'args_override_hydra']);

function closest(name: string): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const m of MACROS) {
    const d = editDistance(name, m);
    if (d < bestD) [best, bestD] = [m, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

export function checkWandbSweep(config: unknown): CheckFinding[] {
  const out: CheckFinding[] = [];
  if (!isObject(config)) return out;
  visit(config.parameters, ['parameters'], config.method === 'grid', out);
  if (Array.isArray(config.command)) {
    config.command.forEach((item, i) => {
      const m = typeof item === 'string' ? /^\$\{([^}]*)\}$/.exec(item) : null;
      if (!m || MACROS.has(m[1]) || m[1].startsWith('envvar:')) return;
      const near = closest(m[1]);
      out.push({
        pointer: pointer('command', i),
        severity: 'warning',
        message: `\`\${${m[1]}}\` is not a W&B command macro: the agent replaces it with nothing${near ? ` (did you mean \`\${${near}}\`?)` : ''}. Macros: ${[...MACROS].map((x) => `\`\${${x}}\``).join(', ')}; \`\${envvar:NAME}\` for an environment variable`,
      });
    });
  }
  const et = config.early_terminate;
  if (isObject(et) && typeof et.max_iter === 'number' && et.min_iter === undefined) {
    const eta = typeof et.eta === 'number' ? et.eta : 3;
    if (eta > 1 && et.max_iter / eta < 1) {
      out.push({ pointer: pointer('early_terminate', 'max_iter'), severity: 'error', message: `hyperband has no band to stop runs at: \`max_iter\` ${et.max_iter} is below \`eta\` ${eta}` });
    }
  }
  return out;
}
