// Runs the test suites with node's own test runner (TypeScript through tsx).
// Usage: node scripts/test.mjs [unit|integration|e2e|all] [--only substring]
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const onlyIdx = args.indexOf('--only');
const only = onlyIdx >= 0 ? args[onlyIdx + 1] : undefined;
const suites = args.filter((a, i) => !a.startsWith('--') && (onlyIdx < 0 || i !== onlyIdx + 1));
const wanted = suites.length === 0 || suites.includes('all') ? ['unit', 'integration', 'e2e'] : suites;

function walk(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.test\.(ts|mts|js|mjs)$/.test(name)) out.push(p);
  }
  return out;
}

// The bundles are what users run; tests that spawn the CLI or the server use them.
const build = spawnSync(process.execPath, [join(root, 'esbuild.mjs')], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

// Static checks first: the layering rule and strict TypeScript over every folder.
for (const [what, cmd] of [
  ['layering', [join(root, 'scripts/check-layers.mjs')]],
  ['typecheck', [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.json'), '--noEmit']],
  // webviews/ run in a browser: their own project (DOM lib), checked separately
  ['typecheck (webviews)', [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'webviews/tsconfig.json'), '--noEmit']],
]) {
  const r = spawnSync(process.execPath, cmd, { stdio: 'inherit', cwd: root });
  if (r.status !== 0) {
    console.error(`${what} failed`);
    process.exit(1);
  }
}

let failed = false;
for (const suite of wanted) {
  if (suite === 'e2e' && existsSync(join(root, 'test/e2e/run.mjs'))) {
    const r = spawnSync(process.execPath, [join(root, 'test/e2e/run.mjs')], { stdio: 'inherit' });
    if (r.status !== 0) failed = true;
    continue;
  }
  const files = walk(join(root, 'test', suite)).filter((f) => !only || f.includes(only));
  if (files.length === 0) continue;
  console.log(`\n# suite ${suite}: ${files.length} files`);
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=2', ...files.map((f) => relative(root, f))],
    { stdio: 'inherit', cwd: root },
  );
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
