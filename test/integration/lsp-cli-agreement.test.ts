// `trainyard validate` and the language server say the same about every spec fixture: the same
// problems (code, severity, message) at the same ranges, valid specs clean in both. The BUILT
// bundles, over stdio and as a process; TRAINYARD_HOME holds a GPU probe of `gpu-box`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { writeGpuBoxProbe, fromCli, fromLsp, type CliProblem } from '../helpers/spec-agreement';
import { LspClient, SERVER } from './lsp-helpers';

const repo = path.resolve(__dirname, '../..');
const specs = path.join(repo, 'test', 'fixtures', 'specs');
const dirs = ['valid', 'mistakes'].map((d) => path.join(specs, d));
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'trainyard-agreement-'));
const env = { HOME: path.join(root, 'home'), TRAINYARD_HOME: path.join(root, 'home', '.trainyard'), KUBECONFIG: path.join(root, 'kubeconfig'), NO_COLOR: '1' };

before(() => {
  assert.ok(fs.existsSync(SERVER), 'build first: node esbuild.mjs');
  writeGpuBoxProbe(env.TRAINYARD_HOME);
});
after(() => fs.rmSync(root, { recursive: true, force: true }));



test('trainyard validate and the language server agree on every spec fixture', async () => {
  const r = spawnSync(process.execPath, [path.join(repo, 'bin', 'trainyard.js'), 'validate', '--format', 'json', ...dirs], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  const report = JSON.parse(r.stdout) as { files: Array<{ file: string; problems: CliProblem[] }> };
  const byFile = new Map(report.files.map((f) => [path.resolve(f.file), f.problems.map(fromCli)]));
  assert.ok(byFile.size >= 60, `${byFile.size} files`);

  const c = new LspClient(env);
  // (closed whatever happens: a failed assertion must fail the test, not leave the server holding it open)
  try {
    await c.initialize();
    // as an editor decodes a file: UTF-8, invalid bytes as U+FFFD, no BOM in the text (VS Code drops it)
    const decoder = new TextDecoder('utf-8');
    const disagree: string[] = [];
    for (const [file, cli] of byFile) {
      const text = decoder.decode(fs.readFileSync(file));
      const lsp = (await c.open(pathToFileURL(file).href, text)).map(fromLsp);
      if (JSON.stringify(lsp) !== JSON.stringify(cli)) disagree.push(`${path.relative(specs, file)}\n  cli: ${cli.join('\n       ')}\n  lsp: ${lsp.join('\n       ')}`);
      if (file.includes(`${path.sep}valid${path.sep}`)) assert.deepEqual(lsp, [], file);
    }
    assert.deepEqual(disagree, []);

    // a client that keeps the BOM in the text: the columns of the first line count it
    const bom = path.join(specs, 'mistakes', 'bom-enum.trainyard.yaml');
    const kept = await c.open(`${pathToFileURL(bom).href}?bom`, fs.readFileSync(bom, 'utf8'));
    assert.deepEqual(kept.map((d) => `${d.range.start.character}-${d.range.end.character}`), ['7-10']);
  } finally {
    await c.close();
  }
});
