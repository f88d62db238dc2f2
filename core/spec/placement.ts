/**
 * Keys that are fine fields, in the wrong place: one problem that says where the key belongs,
 * instead of an "unknown key" plus the complaints its absence causes elsewhere.
 * - a field written one indentation level too shallow (`resources:` then `gpus: 1` at the same
 *   column): a field of the key above it; `resources` left empty is no second problem;
 * - a job's fields written on a pipeline stage itself (`run:` next to `needs:`): they go under
 *   `job:`, and "needs exactly one of spec, job or service" is no second problem;
 * - a service's fields in an inline `job` (write `service:`), `needs` outside a pipeline stage,
 *   and a job's fields on a sweep (they go under its `job`).
 */
import type { Problem, SourceMap, SpecKind } from './model';
import { childPointer, parentPointer, splitPointer, valueAt } from './positions';
import { getKindSchema, getSchemaAt, propertyNames } from './schemas';
import { labelFor } from './validate';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Fields of an inline job (a pipeline stage's `job`, a sweep's inline `job`). */
function jobFields(): string[] {
  return propertyNames(getKindSchema('job')).filter((k) => k !== 'version' && k !== 'kind');
}

export function explainPlacement(problems: Problem[], kind: SpecKind, root: unknown, loc: { text: string; map: SourceMap }): Problem[] {
  const drop = new Set<Problem>();
  const rewritten = new Map<Problem, Problem>();
  const at = (code: string, pointer: string) => problems.find((p) => p.code === code && p.pointer === pointer && !drop.has(p));
  const unknown = problems.filter((p) => p.code === 'unknown-key' && p.pointer !== undefined);
  const unknownPointers = new Set(unknown.map((p) => p.pointer!));

  for (const p of unknown) {
    const ptr = p.pointer!;
    const key = splitPointer(ptr).pop()!;
    const parent = parentPointer(ptr);
    const where = parent === '' ? kind : labelFor(parent, kind);
    const say = (why: string) => rewritten.set(p, { ...p, message: `unknown key \`${key}\` in ${where}: ${why}`, suggestion: undefined });

    // one level too shallow: the nearest key above it (skipping other such keys) takes it
    const obj = valueAt(root, parent);
    if (isObj(obj)) {
      const keys = Object.keys(obj);
      let i = keys.indexOf(key) - 1;
      while (i >= 0 && unknownPointers.has(childPointer(parent, keys[i]))) i--;
      const owner = i >= 0 ? keys[i] : undefined;
      if (owner !== undefined) {
        const ownerPtr = childPointer(parent, owner);
        const ownerValue = obj[owner];
        const takes = propertyNames(getSchemaAt(kind, ownerPtr, root)).includes(key);
        // (block style only: a flow mapping `{…}` or a key on the owner's line is another slip)
        const ownerSpan = loc.map.get(ownerPtr);
        const keySpan = loc.map.get(ptr);
        const block =
          ownerSpan?.key !== undefined &&
          keySpan?.key !== undefined &&
          keySpan.key.start.line > ownerSpan.key.start.line &&
          !/^[{[]/.test(loc.text.slice(ownerSpan.value.start.offset, ownerSpan.value.start.offset + 1));
        if (takes && block && (ownerValue === null || (isObj(ownerValue) && !(key in ownerValue)))) {
          say(`it is a field of \`${owner}\`; indent it under \`${owner}\``);
          if (ownerValue === null) {
            // `resources:` with nothing after it: its "must be a mapping, got nothing" is this same slip
            for (const code of ['type', 'missing-required']) {
              const echo = at(code, ownerPtr);
              if (echo) drop.add(echo);
            }
          }
          continue;
        }
      }
    }

    const segs = splitPointer(parent);
    // a job's fields on the stage itself
    if (kind === 'pipeline' && segs.length === 2 && segs[0] === 'stages' && isObj(obj) && !('job' in obj) && !('service' in obj) && !('spec' in obj)) {
      if (jobFields().includes(key)) {
        say(`\`${key}\` belongs to the stage's job: move it under \`job:\``);
        const echo = at('one-of', parent);
        if (echo) drop.add(echo);
        continue;
      }
    }
    // a service's field in an inline job
    if (kind === 'pipeline' && segs.length === 3 && segs[2] === 'job' && propertyNames(getKindSchema('service')).includes(key) && !propertyNames(getKindSchema('job')).includes(key)) {
      say(`\`${key}\` is a field of services; write this stage as \`service:\` instead of \`job:\``);
      continue;
    }
    // `needs` outside a stage
    if (key === 'needs' && (parent === '' || segs[segs.length - 1] === 'job' || segs[segs.length - 1] === 'service')) {
      say(
        parent === ''
          ? '`needs` belongs to a stage of a pipeline (`kind: pipeline`), which runs stages in order'
          : '`needs` belongs to the stage, next to `job:` or `service:`; move it out one level',
      );
      continue;
    }
    // a job's field on a sweep
    if (kind === 'sweep' && parent === '' && jobFields().includes(key)) {
      say(`a sweep runs its \`job\` with these settings; move \`${key}\` into the job${isObj(valueAt(root, '/job')) ? ' (under `job:`)' : "'s spec file"}`);
      continue;
    }
  }
  if (drop.size === 0 && rewritten.size === 0) return problems;
  return problems.filter((p) => !drop.has(p)).map((p) => rewritten.get(p) ?? p);
}
