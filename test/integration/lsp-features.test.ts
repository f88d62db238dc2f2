// The editor features beyond diagnostics, over stdio against the BUILT server.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, CodeLens, CompletionList, DocumentLink, DocumentSymbol, FoldingRange, Hover, Location } from 'vscode-languageserver';
import { LspClient, SERVER, brief } from './lsp-helpers';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'trainyard-lsp-features-'));
const home = path.join(root, 'home');
const project = path.join(root, 'project');
const env = { HOME: home, TRAINYARD_HOME: path.join(home, '.trainyard'), KUBECONFIG: path.join(home, 'kubeconfig') };
const uriOf = (name: string) => pathToFileURL(path.join(project, name)).href;
const td = (name: string) => ({ textDocument: { uri: uriOf(name) } });

before(() => {
  assert.ok(fs.existsSync(SERVER), 'build first: node esbuild.mjs');
  fs.mkdirSync(path.join(home, '.ssh'), { recursive: true });
  fs.writeFileSync(path.join(home, '.ssh', 'config'), 'Host gpu1\n  User me\n');
  fs.mkdirSync(path.join(home, '.trainyard', 'hosts'), { recursive: true });
  fs.writeFileSync(
    path.join(home, '.trainyard', 'hosts', 'gpu1.json'),
    JSON.stringify({ format: 1, name: 'gpu1', target: 'ssh:gpu1', probedAt: '2025-06-01T10:00:00Z', ok: true, gpus: [{ index: 0, name: 'NVIDIA H200', processes: [], free: true }] }),
  );
  fs.writeFileSync(env.KUBECONFIG, 'contexts:\n  - name: prod\n    context: {namespace: ml}\n');
  fs.mkdirSync(path.join(project, 'src'), { recursive: true });
  fs.writeFileSync(path.join(project, 'prep.trainyard.yaml'), 'version: 1\nkind: job\nrun: echo\n');
});

const PIPELINE = [
  'version: 1', //                    0
  'kind: pipeline', //                1
  'target: ssh:gpu1', //              2
  'stages:', //                       3
  '  prep:', //                       4
  '    spec: prep.trainyard.yaml', // 5
  '  train:', //                      6
  '    job:', //                      7
  '      run: python train.py', //    8
  '      workdir: src', //            9
  '      resources: {gpus: 2}', //    10
  '    needs: [prepp]', //            11
].join('\n') + '\n';

test('capabilities, then symbols, folding, links, definition and code lenses of a pipeline', async () => {
  const c = new LspClient(env);
  const init = (await c.conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null })) as { capabilities: Record<string, unknown> };
  await c.conn.sendNotification('initialized', {});
  for (const k of ['codeActionProvider', 'documentSymbolProvider', 'foldingRangeProvider', 'documentLinkProvider', 'definitionProvider', 'codeLensProvider']) assert.ok(init.capabilities[k], k);

  const diags = await c.open(uriOf('p.trainyard.yaml'), PIPELINE);
  // the unknown stage (core/spec) and the GPUs the host does not have (its last probe)
  assert.deepEqual(diags.map(brief), ['10:24-10:25 gpu-capacity', '11:12-11:17 unknown-stage']);
  assert.match(String(diags[0].message), /1× NVIDIA H200/);

  const actions = (await c.conn.sendRequest('textDocument/codeAction', { ...td('p.trainyard.yaml'), range: diags[1].range, context: { diagnostics: [diags[1]] } })) as CodeAction[];
  assert.deepEqual(actions.map((a) => [a.title, a.isPreferred]), [['Change to `prep`', true]]);
  assert.deepEqual(actions[0].edit!.changes![uriOf('p.trainyard.yaml')], [{ range: diags[1].range, newText: 'prep' }]);

  const symbols = (await c.conn.sendRequest('textDocument/documentSymbol', td('p.trainyard.yaml'))) as DocumentSymbol[];
  assert.equal(symbols[0].name, 'pipeline/p');
  assert.deepEqual(symbols[0].children!.find((s) => s.name === 'stages')!.children!.map((s) => s.name), ['prep', 'train']);

  const folds = (await c.conn.sendRequest('textDocument/foldingRange', td('p.trainyard.yaml'))) as FoldingRange[];
  assert.deepEqual(folds.map((f) => `${f.startLine}-${f.endLine}`), ['3-11', '4-5', '6-11', '7-10']);

  const links = (await c.conn.sendRequest('textDocument/documentLink', td('p.trainyard.yaml'))) as DocumentLink[];
  assert.deepEqual(links.map((l) => [l.range.start.line, l.target]), [[5, uriOf('prep.trainyard.yaml')], [9, uriOf('src')]]);

  const def = (await c.conn.sendRequest('textDocument/definition', { ...td('p.trainyard.yaml'), position: { line: 5, character: 14 } })) as Location[];
  assert.deepEqual(def.map((l) => l.uri), [uriOf('prep.trainyard.yaml')]);

  const lenses = (await c.conn.sendRequest('textDocument/codeLens', td('p.trainyard.yaml'))) as CodeLens[];
  assert.deepEqual(lenses.map((l) => [l.range.start.line, l.command!.command, l.command!.arguments]), [
    [1, 'trainyard.runJob', [uriOf('p.trainyard.yaml')]],
    [1, 'trainyard.runJobOn', [uriOf('p.trainyard.yaml')]],
    [1, 'trainyard.renderJob', [uriOf('p.trainyard.yaml')]],
    [4, 'trainyard.runJob', [uriOf('p.trainyard.yaml'), 'prep']],
    [6, 'trainyard.runJob', [uriOf('p.trainyard.yaml'), 'train']],
  ]);
  await c.close();
});

test('completion of targets and paths; hover with the schema source; add a missing property', async () => {
  const c = new LspClient(env);
  await c.initialize();
  await c.open(uriOf('j.trainyard.yaml'), 'version: 1\nkind: job\nrun: echo\ntarget: \nworkdir: \n');
  const targets = (await c.conn.sendRequest('textDocument/completion', { ...td('j.trainyard.yaml'), position: { line: 3, character: 8 } })) as CompletionList;
  assert.deepEqual(targets.items.slice(0, 3).map((i) => i.label), ['local', 'ssh:gpu1', 'k8s:prod/ml']);
  const dirs = (await c.conn.sendRequest('textDocument/completion', { ...td('j.trainyard.yaml'), position: { line: 4, character: 9 } })) as CompletionList;
  assert.deepEqual(dirs.items.filter((i) => i.kind === 19).map((i) => i.label), ['src/']);

  const hover = (await c.conn.sendRequest('textDocument/hover', { ...td('j.trainyard.yaml'), position: { line: 2, character: 1 } })) as Hover;
  assert.match((hover.contents as { value: string }).value, /Source: `trainyard \(job\)` — /);

  const d = await c.open(uriOf('m.trainyard.yaml'), 'version: 1\nkind: job\n');
  assert.deepEqual(d.map(brief), ['0:0-0:10 missing-required']);
  const actions = (await c.conn.sendRequest('textDocument/codeAction', { ...td('m.trainyard.yaml'), range: d[0].range, context: { diagnostics: d } })) as CodeAction[];
  assert.deepEqual(actions.map((a) => a.title), ['Add missing property `run`']);
  assert.deepEqual(actions[0].edit!.changes![uriOf('m.trainyard.yaml')], [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, newText: 'run: python3 train.py\n' }]);
  await c.close();
});
