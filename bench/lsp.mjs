// `npm run bench -- lsp`: our language server and yaml-language-server through the same driver
// (../shared/bench/lsp-bench.mjs) on the same generated GitHub-workflow files (N=20, N=400,
// SchemaStore's schema by modeline), in one run; prints medians and ratios. Then the parsers.
// open→diagnostics is one sample per server start, so each server is also started OPEN_RUNS-1
// more times for an open alone and the median of those opens is reported. Our server keeps
// compiled validators in $TRAINYARD_HOME/validator-cache (here a fresh temporary folder, warmed
// by one untimed start); the "first use" row is a start with an empty cache, as the very first
// open of a schema on a machine.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchParsers, generateWorkflow } from './lsp-parsers.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const shared = [join(root, '..', 'shared'), '/work/shared'].find((d) => existsSync(join(d, 'bench', 'lsp-bench.mjs')));

export async function benchLsp() {
  if (!shared) throw new Error('../shared/bench/lsp-bench.mjs not found');
  const driver = join(shared, 'bench', 'lsp-bench.mjs');
  const schema = join(shared, 'conformance', 'github-workflow', 'schema.json');
  const dir = mkdtempSync(join(tmpdir(), 'trainyard-lsp-bench-'));
  const home = join(dir, 'home');
  const OPEN_RUNS = 5;
  const servers = {
    trainyard: { cmd: `${process.execPath} ${join(root, 'dist', 'server.js')} --stdio`, settings: {}, env: { TRAINYARD_HOME: home } },
    'yaml-language-server': {
      cmd: `${process.execPath} ${join(root, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server')} --stdio`,
      settings: { yaml: { validate: true, completion: true, hover: true, schemaStore: { enable: false } } },
    },
  };
  try {
    const rows = [];
    for (const n of [20, 400]) {
      const file = join(dir, `workflow-${n}.yaml`);
      writeFileSync(file, generateWorkflow(n, schema));
      const res = {};
      const drive = (name, s, extra = [], env = {}) => {
        const settingsFile = join(dir, `${name}.json`);
        writeFileSync(settingsFile, JSON.stringify(s.settings));
        const r = spawnSync(process.execPath, [driver, '--server', s.cmd, '--file', file, '--settings', settingsFile, '--json', ...extra], { encoding: 'utf8', cwd: dir, timeout: 600_000, env: { ...process.env, ...env } });
        const line = r.stdout.trim().split('\n').pop();
        try {
          return JSON.parse(line);
        } catch {
          throw new Error(`${name} on N=${n} failed: ${r.stderr || r.stdout}`);
        }
      };
      const openOnly = ['--edits', '0', '--completions', '0'];
      let firstUse;
      for (const [name, s] of Object.entries(servers)) {
        if (name === 'trainyard') {
          // first use: an empty validator cache; then that start has filled it
          rmSync(home, { recursive: true, force: true });
          mkdirSync(home, { recursive: true });
          firstUse = drive(name, s, openOnly, s.env).open_to_diagnostics_ms;
          drive(name, s, openOnly, s.env); // (the V8 code cache of the validator is written by this start)
        }
        const full = drive(name, s, [], s.env);
        const opens = [full.open_to_diagnostics_ms];
        for (let i = 1; i < OPEN_RUNS; i++) opens.push(drive(name, s, openOnly, s.env).open_to_diagnostics_ms);
        full.open_samples = opens;
        full.open_to_diagnostics_ms = median(opens);
        res[name] = full;
      }
      res.trainyard.first_use_open_ms = firstUse;
      rows.push({ n, res });
    }
    const metrics = [
      ['initialize', (r) => r.init_ms],
      ['open→diagnostics', (r) => r.open_to_diagnostics_ms],
      ['  first use (no cache)', (r) => r.first_use_open_ms ?? r.open_to_diagnostics_ms],
      ['edit→diagnostics p50', (r) => r.edit_to_diagnostics_ms.p50],
      ['edit→diagnostics p95', (r) => r.edit_to_diagnostics_ms.p95],
      ['completion p50', (r) => r.completion_ms.p50],
      ['hover p50', (r) => r.hover_ms.p50],
      ['peak RSS (MB)', (r) => r.peak_rss_mb],
    ];
    for (const { n, res } of rows) {
      const ours = res.trainyard;
      const ref = res['yaml-language-server'];
      console.log(`\nlsp: N=${n} (${ours.lines} lines, ${(ours.bytes / 1024).toFixed(0)} KB); diagnostics on open: trainyard ${ours.diagnostics_on_open}, yaml-language-server ${ref.diagnostics_on_open}`);
      console.log(`  open samples (ms): trainyard ${ours.open_samples.join(', ')}; yaml-language-server ${ref.open_samples.join(', ')}`);
      console.log(`  ${'metric'.padEnd(22)} ${'trainyard'.padStart(10)} ${'yaml-ls'.padStart(10)} ${'ratio'.padStart(8)}`);
      for (const [label, f] of metrics) {
        const a = f(ours);
        const b = f(ref);
        const ratio = a && b ? (label.startsWith('peak') ? `${(a / b).toFixed(2)}×` : `${(b / a).toFixed(1)}×`) : '-';
        console.log(`  ${label.padEnd(22)} ${String(a).padStart(10)} ${String(b).padStart(10)} ${ratio.padStart(8)}`);
      }
    }
    console.log(`  (ratio: how many times faster we are; for RSS, ours as a fraction of theirs. open: median of ${OPEN_RUNS} starts;`);
    console.log('   "first use" is our open with an empty validator cache, against the same yaml-language-server median)\n');
    await benchParsers(400);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

if (import.meta.url === `file://${process.argv[1]}`) await benchLsp();
