// Specs written from docs/spec.md alone (test/fixtures/specs/valid/user-* and
// test/fixtures/specs/user-mistakes): `trainyard validate` and the language server say the same
// about each (code, severity, message, range), the valid ones are clean in both; and the
// completions and hovers such a user leans on, over stdio against the BUILT server, with a HOME
// that has SSH aliases and Kubernetes contexts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import type { CompletionItem, CompletionList, Hover, MarkupContent } from 'vscode-languageserver';
import { writeGpuBoxProbe, fromCli, fromLsp, type CliProblem } from '../helpers/spec-agreement';
import { LspClient, SERVER } from './lsp-helpers';

const repo = path.resolve(__dirname, '../..');
const specs = path.join(repo, 'test', 'fixtures', 'specs');
const mistakes = path.join(specs, 'user-mistakes');
const valid = fs.readdirSync(path.join(specs, 'valid')).filter((n) => n.startsWith('user-')).map((n) => path.join(specs, 'valid', n));
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'trainyard-user-specs-'));
const home = path.join(root, 'home');
const env = { HOME: home, TRAINYARD_HOME: path.join(home, '.trainyard'), KUBECONFIG: path.join(home, '.kube', 'config'), NO_COLOR: '1' };

before(() => {
  assert.ok(fs.existsSync(SERVER), 'build first: node esbuild.mjs');
  writeGpuBoxProbe(env.TRAINYARD_HOME);
  fs.mkdirSync(path.join(home, '.ssh'), { recursive: true });
  fs.mkdirSync(path.join(home, '.kube'), { recursive: true });
  fs.writeFileSync(path.join(home, '.ssh', 'config'), 'Host gpu-box\n  HostName 10.0.0.7\nHost trainer-2 trainer-3\n  HostName 10.0.0.8\nHost *\n  ServerAliveInterval 30\n');
  fs.writeFileSync(
    env.KUBECONFIG,
    [
      'apiVersion: v1',
      'kind: Config',
      'current-context: prod',
      'contexts:',
      '- name: prod',
      '  context: {cluster: c1, user: u1, namespace: ml-serving}',
      '- name: research',
      '  context: {cluster: c1, user: u1}',
      'clusters:',
      '- name: c1',
      '  cluster: {server: "https://127.0.0.1:6443"}',
      'users:',
      '- name: u1',
      '  user: {token: x}',
      '',
    ].join('\n'),
  );
});
after(() => fs.rmSync(root, { recursive: true, force: true }));


test('trainyard validate and the language server agree on the user-written specs; valid ones are clean', async () => {
  const r = spawnSync(process.execPath, [path.join(repo, 'bin', 'trainyard.js'), 'validate', '--format', 'json', mistakes, ...valid], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  const report = JSON.parse(r.stdout) as { files: Array<{ file: string; problems: CliProblem[] }> };
  const byFile = new Map(report.files.map((f) => [path.resolve(f.file), f.problems.map(fromCli)]));
  assert.ok(byFile.size >= 60, `${byFile.size} files`);
  const expected = JSON.parse(fs.readFileSync(path.join(mistakes, 'expectations.json'), 'utf8')) as Record<string, string[]>;

  const c = new LspClient(env);
  const disagree: string[] = [];
  const unclean: string[] = [];
  try {
    await c.initialize();
    for (const [file, cli] of byFile) {
      const lsp = (await c.open(pathToFileURL(file).href, fs.readFileSync(file, 'utf8'))).map(fromLsp);
      if (JSON.stringify(lsp) !== JSON.stringify(cli)) disagree.push(`${path.relative(specs, file)}\n  cli: ${cli.join('\n       ')}\n  lsp: ${lsp.join('\n       ')}`);
      const want = valid.includes(file) ? 0 : expected[path.basename(file)]?.length;
      if (lsp.length !== want) unclean.push(`${path.relative(specs, file)}: ${lsp.length} diagnostics, expected ${want}\n  ${lsp.join('\n  ')}`);
    }
  } finally {
    await c.close();
  }
  assert.deepEqual(disagree, []);
  assert.deepEqual(unclean, []);
});

/** The text without its `|` and the position of the `|`. */
function at(src: string): { text: string; position: { line: number; character: number } } {
  const i = src.indexOf('|');
  const before = src.slice(0, i).split('\n');
  return { text: src.slice(0, i) + src.slice(i + 1), position: { line: before.length - 1, character: before[before.length - 1].length } };
}

test('completion and hover where a user writing a spec needs them', async () => {
  const c = new LspClient(env);
  try {
    await c.initialize();
    await typing(c);
  } finally {
    await c.close();
  }
});

async function typing(c: LspClient): Promise<void> {
  let n = 0;
  const open = async (src: string) => {
    const { text, position } = at(src);
    // next to the valid fixtures, so file paths complete from there
    const uri = pathToFileURL(path.join(specs, 'valid', `user-typing-${n++}.trainyard.yaml`)).href;
    await c.open(uri, text);
    return { uri, position };
  };
  const labels = async (src: string): Promise<string[]> => {
    const { uri, position } = await open(src);
    const r = (await c.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position })) as CompletionList | CompletionItem[] | null;
    return (Array.isArray(r) ? r : r?.items ?? []).map((i) => i.label);
  };
  const hover = async (src: string): Promise<string> => {
    const { uri, position } = await open(src);
    const h = (await c.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position })) as Hover | null;
    return (h?.contents as MarkupContent | undefined)?.value ?? '';
  };

  // targets: local, every SSH alias of ~/.ssh/config (not the `*` pattern), every kubeconfig context
  const targets = await labels('kind: job\nrun: x\ntarget: |');
  for (const t of ['local', 'ssh:gpu-box', 'ssh:trainer-2', 'ssh:trainer-3', 'k8s:prod/ml-serving', 'k8s:research/default']) assert.ok(targets.includes(t), `${t} in ${targets}`);
  assert.ok(!targets.some((t) => t.includes('*')), targets.join(' '));
  // needs: the other stages, not the stage itself
  const needs = await labels('kind: pipeline\nstages:\n  prep: {job: {run: x}}\n  feat: {job: {run: x}}\n  train:\n    needs: [|]\n    job: {run: x}');
  assert.deepEqual([...needs].sort(), ['feat', 'prep']);
  // sweep parameters inside `${{ params.`
  const params = await labels('kind: sweep\njob:\n  run: python t.py --lr ${{ params.|\nmatrix:\n  lr: [1]\n  batch_size: [2]');
  assert.deepEqual([...params].sort(), ['batch_size', 'lr']);
  // a stage's spec: job and service spec files beside the pipeline (not sweeps or pipelines)
  const files = await labels('kind: pipeline\nstages:\n  a:\n    spec: |');
  assert.ok(files.includes('user-job-minimal.trainyard.yml') && files.includes('user-service-local.trainyard.yaml'), files.join(' '));
  assert.ok(!files.includes('user-sweep-grid.trainyard.yaml') && !files.includes('user-pipeline-diamond.trainyard.yaml'), files.join(' '));
  // enum values
  assert.deepEqual(await labels('kind: sweep\njob: a.trainyard.yaml\nmatrix: {lr: [1]}\nstrategy: |'), ['grid', 'random']);
  assert.ok((await labels('kind: service\nrun: x\n|')).includes('health'));

  // hovers explain the field; enum values are described once, not "`log`: **log**: …"
  assert.match(await hover('kind: job\nrun: x\ntime|out: 1h'), /2h30m/);
  assert.match(await hover('kind: job\nrun: x\nresources:\n  gp|us: 1'), /CUDA_VISIBLE_DEVICES/);
  assert.match(await hover('kind: service\nrun: x\nhea|lth: /h'), /200/);
  const scale = await hover('kind: sweep\njob: {run: x}\nmatrix:\n  lr: {min: 1, max: 2, sc|ale: log}');
  assert.match(scale, /order of magnitude/);
  assert.doesNotMatch(scale, /\*\*log\*\*/);
}
