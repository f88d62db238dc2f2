// Parse-time comparison of the YAML parsers the language server could build on, on the
// generated GitHub-workflow file (../shared/bench/gen-workflow.mjs). Run: node bench/lsp-parsers.mjs [N]
// Prints the median of several runs per parser (ms). Used for the "YAML parser" decision in
// docs/architecture.md; `npm run bench -- lsp` runs it too.
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export function generateWorkflow(n, schema) {
  const gen = join(root, '..', 'shared', 'bench', 'gen-workflow.mjs');
  const alt = '/work/shared/bench/gen-workflow.mjs';
  const script = existsSync(gen) ? gen : alt;
  const args = [script, String(n)];
  if (schema) args.push(schema);
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`gen-workflow failed: ${r.stderr}`);
  return r.stdout;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function time(fn, runs) {
  for (let i = 0; i < 3; i++) fn(); // warm-up (JIT)
  const ts = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    fn();
    ts.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return median(ts);
}

export async function benchParsers(n = 400, runs = 15, log = console.log) {
  const text = generateWorkflow(n);
  const yaml = require('yaml');
  const jsyaml = require('js-yaml');
  const stoplight = require('@stoplight/yaml-ast-parser');
  const { parser: lezer } = require('@lezer/yaml');
  const { TreeFragment } = require('@lezer/common');
  let fast;
  try {
    fast = require(join(root, 'dist', 'yaml-parse.js'));
  } catch {
    fast = undefined;
  }

  // A one-character edit in the middle of the file, for incremental parsers.
  const at = text.indexOf('timeout-minutes: 3', text.length >> 1) + 'timeout-minutes: 3'.length;
  const edited = text.slice(0, at) + '9' + text.slice(at + 1);
  const lezerTree = lezer.parse(text);
  const fragments = TreeFragment.addTree(lezerTree);
  const changed = TreeFragment.applyChanges(fragments, [{ fromA: at, toA: at + 1, fromB: at, toB: at + 1 }]);

  const rows = [
    ['yaml parseDocument (full AST, YAML 1.2 reference)', () => yaml.parseDocument(text, { keepSourceTokens: false })],
    ['yaml Parser (CST tokens only)', () => { for (const _ of new yaml.Parser().parse(text)); }],
    ['js-yaml load', () => jsyaml.load(text)],
    ['js-yaml parseEvents (positioned events)', () => jsyaml.parseEvents(text, {})],
    ['@stoplight/yaml-ast-parser load', () => stoplight.load(text)],
    ['@lezer/yaml full', () => lezer.parse(text)],
    ['@lezer/yaml incremental (1-char edit)', () => lezer.parse(edited, changed)],
    ['JSON.parse of the same data', ((s) => () => JSON.parse(s))(JSON.stringify(jsyaml.load(text)))],
  ];
  if (fast) rows.splice(4, 0, ['core/yaml parseYaml (events → value + source map)', () => fast.parseYaml(text)]);
  log(`parsers on ${text.split('\n').length} lines, ${(text.length / 1024).toFixed(0)} KB (median of ${runs} runs, ms)`);
  const out = {};
  for (const [name, fn] of rows) {
    const ms = time(fn, runs);
    out[name] = ms;
    log(`  ${name.padEnd(54)} ${ms.toFixed(2).padStart(8)}`);
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchParsers(Number(process.argv[2] ?? 400));
}
