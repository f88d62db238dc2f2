/**
 * MLflow project checks beyond the schema. MLflow fills an entry point's command in with Python's
 * `str.format(**parameters)` (mlflow/projects/_project_spec.py, `compute_command`), over the
 * parameters the entry point declares: a `{name}` it does not declare (a misspelt name, a shell
 * `${VAR}`) makes the run fail with KeyError. `{{` and `}}` stand for literal braces.
 */
import { type CheckFinding, isObject, pointer } from './types';

export function checkMlflow(value: unknown): CheckFinding[] {
  const out: CheckFinding[] = [];
  if (!isObject(value) || !isObject(value.entry_points)) return out;
  for (const [ep, def] of Object.entries(value.entry_points)) {
    if (!isObject(def) || typeof def.command !== 'string') continue;
    const params = isObject(def.parameters) ? Object.keys(def.parameters) : [];
    const seen = new Set<string>();
    for (const m of def.command.replace(/\{\{|\}\}/g, '').matchAll(/\{([^{}!:.[\]]*)[^{}]*\}/g)) {
      if (params.includes(m[1]) || seen.has(m[1])) continue;
      seen.add(m[1]);
      out.push({
        pointer: pointer('entry_points', ep, 'command'),
        severity: 'error',
        message: `\`{${m[1]}}\` is not a parameter of entry point \`${ep}\`: MLflow stops with a KeyError when it fills the command in${m[1] ? '' : ' (positional fields are not filled)'}; write \`{{\` and \`}}\` for literal braces`,
      });
    }
  }
  return out;
}
