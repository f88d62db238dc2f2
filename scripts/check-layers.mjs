// Layering rule (DESIGN.md): only client/ imports `vscode`; core/ imports nothing of server/,
// client/, cli/ or webviews/; server/ and cli/ never import client/. esbuild.mjs enforces the same
// at build time; this check also covers files no bundle reaches (tests, helpers).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const forbidden = {
  core: ['server', 'client', 'cli', 'webviews'],
  server: ['client', 'cli', 'webviews'],
  cli: ['client', 'server', 'webviews'],
  webviews: ['core', 'server', 'client', 'cli'],
};
const importRe = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

function* files(dir) {
  let names;
  try { names = readdirSync(dir); } catch { return; }
  for (const n of names) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) { if (n !== 'node_modules') yield* files(p); }
    else if (/\.(ts|tsx|mts|cts|js|mjs)$/.test(n)) yield p;
  }
}

const problems = [];
for (const layer of ['core', 'server', 'cli', 'webviews', 'client']) {
  for (const file of files(join(root, layer))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(importRe)) {
      const spec = m[1] ?? m[2] ?? m[3] ?? m[4];
      const line = text.slice(0, m.index).split('\n').length;
      const where = `${relative(root, file)}:${line}`;
      if (spec === 'vscode' && layer !== 'client') problems.push(`${where}: only client/ may import 'vscode'`);
      if (spec.startsWith('.')) {
        const top = relative(root, resolve(dirname(file), spec)).split(sep)[0];
        if ((forbidden[layer] ?? []).includes(top)) problems.push(`${where}: ${layer}/ must not import ${top}/ ('${spec}')`);
      }
    }
  }
}
if (problems.length) {
  console.error(problems.join('\n'));
  console.error(`layering: ${problems.length} violation(s)`);
  process.exit(1);
}
console.log('layering: ok');
