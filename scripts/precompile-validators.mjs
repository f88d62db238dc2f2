// Precompiled validators of the bundled catalog (server/schema/precompile.ts) into dist/validators.
// Run by esbuild.mjs after the bundles; alone: node scripts/precompile-validators.mjs
// The TypeScript step is bundled to node_modules/.cache/trainyard/ first, so it runs the same
// compiler code (and the same Ajv) as the server.
import * as esbuild from 'esbuild';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function precompile({ quiet = false } = {}) {
  const outFile = join(root, 'node_modules', '.cache', 'trainyard', 'precompile.cjs');
  mkdirSync(dirname(outFile), { recursive: true });
  await esbuild.build({
    entryPoints: [join(root, 'server/schema/precompile.ts')],
    outfile: outFile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
    absWorkingDir: root,
  });
  const require = createRequire(import.meta.url);
  delete require.cache[outFile];
  const { precompileValidators } = require(outFile);
  const report = precompileValidators(join(root, 'schemas'), join(root, 'dist', 'validators'));
  if (report.failed.length) {
    for (const f of report.failed) console.error(`precompile: ${f.name}: ${f.error}`);
    throw new Error(`precompile: ${report.failed.length} bundled schema(s) did not compile`);
  }
  if (!quiet && report.compiled.length) console.log(`precompile: ${report.compiled.length} validator(s) in ${report.ms} ms (${report.upToDate.length} up to date)`);
  return report;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    await precompile();
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
