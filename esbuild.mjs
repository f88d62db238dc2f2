// One build for every bundle Trainyard ships. Fails loudly: any error exits non-zero.
// Usage: node esbuild.mjs [--watch] [--minify]
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { precompile } from './scripts/precompile-validators.mjs';

const root = dirname(fileURLToPath(import.meta.url));
const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify');

// Layering, enforced at build time (scripts/check-layers.mjs checks the same in CI):
// only client/ may import `vscode`; core/ imports nothing of server/, client/ or cli/.
const layers = {
  name: 'layers',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (!args.importer || args.kind === 'entry-point') return undefined;
      const from = relative(root, args.importer).split(sep)[0];
      // (dependencies such as vscode-languageclient import `vscode` themselves; that is theirs to do)
      if (args.path === 'vscode' && from !== 'client' && !args.importer.includes(`${sep}node_modules${sep}`)) {
        return { errors: [{ text: `layering: only client/ may import 'vscode' (imported from ${relative(root, args.importer)})` }] };
      }
      if (from === 'core' && /^\.\.?\//.test(args.path)) {
        const target = relative(root, join(dirname(args.importer), args.path)).split(sep)[0];
        if (['server', 'client', 'cli', 'webviews'].includes(target)) {
          return { errors: [{ text: `layering: core/ must not import ${target}/ (from ${relative(root, args.importer)})` }] };
        }
      }
      return undefined;
    });
  },
};

const nodeEntries = [
  { in: 'cli/main.ts', out: 'cli' },
  { in: 'client/extension.ts', out: 'client' },
].filter((e) => existsSync(join(root, e.in)));
// The language server runs for hours next to the editor: V8 keeps its bundle's source text in
// memory, so it is always written without whitespace and with shorter syntax (names kept, so
// stack traces still name functions; dist/server.js.map maps them back): 1.7 → 1.2 MB, ~0.5 MB
// less resident memory.
const serverEntries = [{ in: 'server/main.ts', out: 'server' }].filter((e) => existsSync(join(root, e.in)));

const common = {
  bundle: true,
  sourcemap: true,
  minify,
  logLevel: 'warning',
  plugins: [layers],
  absWorkingDir: root,
  legalComments: 'none',
};

const builds = [
  {
    ...common,
    entryPoints: nodeEntries,
    outdir: join(root, 'dist'),
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // ssh2's optional native add-ons (loaded in try/catch; pure JS fallbacks otherwise) stay out of the bundle.
    external: ['vscode', 'cpu-features', '*.node'],
  },
];
if (serverEntries.length) {
  builds.push({ ...builds[0], entryPoints: serverEntries, minifyWhitespace: true, minifySyntax: true });
}

const webviewEntries = [
  { in: 'webviews/monitor/main.ts', out: 'webviews/monitor' },
  { in: 'webviews/hostDashboard/main.ts', out: 'webviews/hostDashboard' },
].filter((e) => existsSync(join(root, e.in)));
if (webviewEntries.length) {
  // CSS imported by an entry is emitted next to it (dist/webviews/<name>.css).
  builds.push({ ...common, entryPoints: webviewEntries, outdir: join(root, 'dist'), platform: 'browser', format: 'iife', target: 'es2022', loader: { '.css': 'css' } });
}

mkdirSync(join(root, 'dist'), { recursive: true });
// The codicon font for the webviews' icons (vscode-elements looks for #vscode-codicon-stylesheet).
if (webviewEntries.length) {
  const codicons = join(root, 'node_modules/@vscode/codicons/dist');
  mkdirSync(join(root, 'dist/webviews'), { recursive: true });
  for (const f of ['codicon.css', 'codicon.ttf']) copyFileSync(join(codicons, f), join(root, 'dist/webviews', f));
}
/**
 * esbuild escapes non-ASCII characters in code, but keeps some comments as written; one such
 * character makes V8 hold the whole bundle as a two-byte string (3 MB instead of 1.5 for the
 * server). Each is replaced by `?` (one UTF-16 unit for one, so source map columns stay right).
 */
function asciiOnly(files) {
  for (const f of files) {
    if (!existsSync(f)) continue;
    const text = readFileSync(f, 'utf8');
    if (/[^\x00-\x7f]/.test(text)) writeFileSync(f, text.replace(/[^\x00-\x7f]/g, '?'));
  }
}

try {
  if (watch) {
    for (const b of builds) await (await esbuild.context(b)).watch();
    await precompile();
    console.log('esbuild: watching');
  } else {
    const t0 = Date.now();
    await Promise.all(builds.map((b) => esbuild.build(b)));
    asciiOnly([...nodeEntries, ...serverEntries].map((e) => join(root, 'dist', `${e.out}.js`)));
    // the bundled catalog's validators as code (dist/validators; only changed schemas recompile)
    await precompile();
    console.log(`esbuild: built ${[...nodeEntries, ...serverEntries].map((e) => e.out).join(', ')}${webviewEntries.length ? ' + webviews' : ''} in ${Date.now() - t0} ms`);
  }
} catch (err) {
  // esbuild has already printed its errors (the precompile step prints its own); the exit code says so.
  if (err && !err.errors) console.error(err.message ?? err);
  console.error('esbuild: build failed');
  process.exit(1);
}
