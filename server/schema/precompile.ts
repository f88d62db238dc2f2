/**
 * Build step (esbuild.mjs runs it through scripts/precompile-validators.mjs): the validators of
 * the bundled catalog's schemas as code in dist/validators/<key>.js (+ <key>.subs.js, the
 * anyOf/oneOf branch validators), so the server never compiles a bundled schema with Ajv.
 * Keys hash the schema and the compiler's configuration (validatorCache.ts), so an edited
 * schema or a new Ajv simply gets a new file; files no schema has any more are removed.
 * Trainyard's own kinds are validated by core/spec: their four validators go into one module,
 * dist/validators/spec.js, which core/spec/schemas.ts loads when its key matches.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileWithAjv, prepareSchema, subValidatorsCode, validatorCode } from './compiler';
import { mainValidatorFileText, validatorFileText } from './validatorCache';
import { isCurrentSpecValidators, specValidatorsCode } from '../../core/spec/schemas';

export interface PrecompileReport {
  compiled: string[];
  upToDate: string[];
  failed: Array<{ name: string; error: string }>;
  ms: number;
}

export function precompileValidators(schemasDir: string, outDir: string): PrecompileReport {
  const t0 = Date.now();
  const catalog = JSON.parse(fs.readFileSync(path.join(schemasDir, 'catalog.json'), 'utf8')) as { schemas: Array<{ name: string; file: string }> };
  fs.mkdirSync(outDir, { recursive: true });
  const report: PrecompileReport = { compiled: [], upToDate: [], failed: [], ms: 0 };
  const index: Record<string, string> = {};
  for (const entry of catalog.schemas) {
    if (entry.name === 'trainyard') continue;
    const file = path.join(schemasDir, entry.file);
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (e) {
      report.failed.push({ name: entry.name, error: (e as Error).message });
      continue;
    }
    const prepared = prepareSchema(pathToFileURL(file).href, raw);
    index[entry.name] = prepared.key;
    const main = path.join(outDir, `${prepared.key}.js`);
    const subs = path.join(outDir, `${prepared.key}.subs.js`);
    if (fs.existsSync(main) && fs.existsSync(subs)) {
      report.upToDate.push(entry.name);
      continue;
    }
    try {
      const { ajv, root } = compileWithAjv(prepared);
      fs.writeFileSync(main, mainValidatorFileText(prepared.key, validatorCode(ajv, root)));
      fs.writeFileSync(subs, validatorFileText(prepared.key, subValidatorsCode(ajv, prepared.id, prepared.schema)));
      report.compiled.push(entry.name);
    } catch (e) {
      report.failed.push({ name: entry.name, error: String((e as Error).message).split('\n')[0] });
    }
  }
  // Trainyard's own kinds: core/spec's validators, one module (core/spec/schemas.ts loads it when its key matches)
  const specFile = path.join(outDir, 'spec.js');
  let specCurrent = false;
  try {
    specCurrent = isCurrentSpecValidators(fs.readFileSync(specFile, 'utf8'));
  } catch {
    specCurrent = false;
  }
  if (specCurrent) report.upToDate.push('trainyard (spec kinds)');
  else {
    try {
      fs.writeFileSync(specFile, specValidatorsCode());
      report.compiled.push('trainyard (spec kinds)');
    } catch (e) {
      report.failed.push({ name: 'trainyard (spec kinds)', error: String((e as Error).message).split('\n')[0] });
    }
  }
  const keep = new Set(['spec.js', ...Object.values(index).flatMap((k) => [`${k}.js`, `${k}.subs.js`])]);
  for (const f of fs.readdirSync(outDir)) if (f.endsWith('.js') && !keep.has(f)) fs.rmSync(path.join(outDir, f), { force: true });
  fs.writeFileSync(path.join(outDir, 'index.json'), JSON.stringify(index, null, 2) + '\n');
  report.ms = Date.now() - t0;
  return report;
}
