/**
 * Ajv's standalone validator code, run. The server's validator cache and core/spec's
 * build-time spec validators both store code Ajv generated; this runs such code as a CommonJS
 * module whose `require` answers only Ajv's runtime helpers, ajv-formats' formats and what the
 * caller adds — nothing else can be loaded through it.
 */
import * as path from 'node:path';
import * as vm from 'node:vm';

/** What generated validator code may `require`: Ajv's runtime helpers and ajv-formats, plus `extra`. */
export function ajvRuntimeModules(extra: Record<string, unknown> = {}): Record<string, unknown> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  return {
    'ajv/dist/runtime/equal': require('ajv/dist/runtime/equal'),
    'ajv/dist/runtime/ucs2length': require('ajv/dist/runtime/ucs2length'),
    'ajv/dist/runtime/uri': require('ajv/dist/runtime/uri'),
    'ajv/dist/runtime/validation_error': require('ajv/dist/runtime/validation_error'),
    'ajv-formats/dist/formats': require('ajv-formats/dist/formats'),
    ...extra,
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
}

/**
 * Runs `code` (a module body) with `modules` as all it may require; `cachedData` is V8's code
 * cache for it, if any. Throws what the code throws. The script is returned for its code cache.
 */
export function runAjvCode(code: string, filename: string, modules: Record<string, unknown>, cachedData?: Buffer): { exports: unknown; script: vm.Script } {
  const req = (name: string): unknown => {
    if (Object.prototype.hasOwnProperty.call(modules, name)) return modules[name];
    throw new Error(`validator code ${filename} asked for ${name}`);
  };
  const mod: { exports: unknown } = { exports: {} };
  const script = new vm.Script(`(function (module, exports, require) {${code}\n})`, { filename, cachedData });
  (script.runInThisContext() as (m: unknown, e: unknown, r: unknown) => void)(mod, mod.exports, req);
  return { exports: mod.exports, script };
}

/**
 * Where the build writes validator code (dist/validators), seen from the module at `start`: next
 * to a bundle in dist/, or from a source folder two levels below the repository root (tsx).
 */
export function builtValidatorDirs(start: string): string[] {
  return [path.join(start, 'validators'), path.join(start, '..', '..', 'dist', 'validators')];
}

/**
 * Rewrites Ajv's standalone code (when the validator cache or the build writes it) so that each
 * sub-validator (the function Ajv generates for a `$ref`'d or recursive schema: a job, a step, a
 * container) remembers its answer per data object
 * and instance path, and answers again without running when asked about the same object at the
 * same path. The language server's incremental parser hands unchanged parts of an edited
 * document back as the very same objects, so an edit re-checks only what it touched: on a
 * 10,000-line workflow, one job instead of 400 (each of which used to run every `oneOf` branch
 * and allocate its errors again).
 *
 * Transparent by construction, or not applied:
 * - only objects and arrays are remembered (by identity; parsed values are never changed after
 *   parsing), and an answer only for the instance path it was given (errors carry it);
 * - errors handed out are fresh arrays (callers append to and truncate the array they get);
 * - a function is left alone when it, or any function it calls, has a side effect or depends on
 *   more than its data: the `deprecationMessage` keyword (`sideEffectFuncs`, the names Ajv's code
 *   gives such helpers), and in modules that track evaluated properties/items
 *   (`unevaluatedProperties`) or dynamic anchors (`$dynamicRef`) nothing is rewritten at all.
 * Returns the code unchanged when it does not look like Ajv's standalone output.
 *
 * Remembering costs: on the first check of a document nothing can be found again (its objects
 * are new) and the answers recorded make the collector copy one more object per sub-validator
 * call (the 10,000-line workflow's open: a fifth of its CPU time). So a caller sets `forget` on
 * the exported function for a check whose answers no later check will ask for again (the first
 * check of a document); the sub-validators then neither look up nor record.
 */
export function memoizeSubValidators(code: string, sideEffectRequires: string[] = []): string {
  if (code.includes('.evaluated') || code.includes('dynamicAnchors')) return code;
  const exported = /module\.exports = (validate\d+);/.exec(code)?.[1];
  if (!exported) return code;
  const SIGNATURE = /function (validate\d+)\(data, \{instancePath="", parentData, parentDataProperty, rootData=data\}=\{\}\)\{/g;
  const starts: Array<{ name: string; at: number }> = [];
  for (let m = SIGNATURE.exec(code); m; m = SIGNATURE.exec(code)) starts.push({ name: m[1], at: m.index });
  // every validator function must have that signature (anything else: leave the code alone)
  if ((code.match(/function validate\d+\(/g) ?? []).length !== starts.length) return code;
  // helper constants with side effects (`const func3 = require("trainyard:runtime").recordDeprecation`)
  const impure: string[] = [];
  for (const m of code.matchAll(/const (func\d+) = require\("([^"]+)"\)(?:\.(\w+))?/g)) {
    if (sideEffectRequires.includes(m[3] ? `${m[2]}#${m[3]}` : m[2])) impure.push(m[1]);
  }
  // Every mention of a validator must be a call, its `.errors`, its declaration, the export, or a
  // `{validate: validateN}` holder (recursive references; updated below): a function value held
  // anywhere else would keep pointing at the function that is not remembering.
  const mentions = (code.match(/\bvalidate\d+\b/g) ?? []).length;
  const known = (code.match(/\bvalidate\d+(?:\(|\.errors\b)|module\.exports(?:\.default)? = validate\d+;|\{validate: validate\d+\}/g) ?? []).length;
  if (mentions !== known) return code;
  const holders = [...code.matchAll(/const (wrapper\d+) = \{validate: (validate\d+)\}/g)].map((m) => ({ holder: m[1], fn: m[2] }));
  const bodies = new Map<string, string>();
  for (let i = 0; i < starts.length; i++) bodies.set(starts[i].name, code.slice(starts[i].at, i + 1 < starts.length ? starts[i + 1].at : code.length));
  const calls = new Map<string, Set<string>>();
  const effects = new Set<string>();
  for (const [name, body] of bodies) {
    calls.set(name, new Set([...body.matchAll(/\b(validate\d+)\b/g)].map((m) => m[1]).filter((n) => n !== name && bodies.has(n))));
    if (impure.some((f) => new RegExp(`\\b${f}\\(`).test(body))) effects.add(name);
  }
  // a caller of a function with effects has them too (to a fixed point; cycles are fine)
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, callees] of calls) {
      if (effects.has(name) || ![...callees].some((c) => effects.has(c))) continue;
      effects.add(name);
      changed = true;
    }
  }
  // (the exported root is asked about a new document each time: nothing to remember)
  const wrap = [...bodies.keys()].filter((n) => n !== exported && !effects.has(n));
  if (wrap.length === 0) return code;
  const wrapped = new Set(wrap);
  const rehold = holders.filter((h) => wrapped.has(h.fn)).map((h) => `${h.holder}.validate = ${h.fn};`);
  return `${code}\n;${MEMO_HELPER}\n${wrap.map((n) => `${n} = __remember(${n});`).join('')}${rehold.join('')}\n`;
}

const MEMO_HELPER = `function __remember(run) {
  const seen = new WeakMap();
  const remembered = function (data, options) {
    if (data === null || typeof data !== "object" || module.exports.forget === true) return run(data, options);
    const path = options === undefined || options.instancePath === undefined ? "" : options.instancePath;
    const hit = seen.get(data);
    if (hit !== undefined && hit.path === path) {
      remembered.errors = hit.errors === null ? null : hit.errors.slice();
      return hit.errors === null;
    }
    const valid = run(data, options);
    seen.set(data, { path, errors: valid ? null : (remembered.errors || []).slice() });
    return valid;
  };
  return remembered;
}`;

/**
 * Generated code with every character beyond ASCII written as a `\uXXXX` escape. Such characters
 * only occur in its string literals (a schema's descriptions, enum values, patterns) and there the
 * escape means the same; and V8 keeps a source text with any of them as two bytes a character:
 * the github-workflow schema's validators held 1.7 MB of source instead of 0.83.
 */
export function asciiCode(code: string): string {
  return /[^\x00-\x7f]/.test(code) ? code.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : code;
}
