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
