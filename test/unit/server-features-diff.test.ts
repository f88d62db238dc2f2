// Symbols, folding, definition, links and code lenses found wrong or missing by comparing with
// yaml-language-server over odd documents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DocumentSymbol } from 'vscode-languageserver';
import { service, source, tmpDir } from './server-helpers';

const flat = (syms: DocumentSymbol[], pre = ''): string[] => syms.flatMap((s) => [`${pre}${s.name}@${s.selectionRange.start.line}:${s.selectionRange.start.character}`, ...flat(s.children ?? [], pre + '  ')]);

test('symbols: in text order (integer keys, merged keys), every level of deep nesting, one-line names', async () => {
  const text = ['"quoted": 1', '1: int', 'base: &b', '  x: 1', 'child:', '  <<: *b', '  y: 2', '"multi\\nline": 3'].join('\n') + '\n';
  const syms = await service().symbols(source(path.join(tmpDir(), 'a.yaml'), text));
  assert.deepEqual(flat(syms), ['quoted@0:0', '1@1:0', 'base@2:0', '  x@3:2', 'child@4:0', '  x@5:2', '  y@6:2', 'multi↵line@7:0']);
  let deep = '';
  for (let i = 0; i < 40; i++) deep += `${'  '.repeat(i)}k${i}:\n`;
  deep += `${'  '.repeat(40)}leaf: 1\n`;
  const d = await service().symbols(source(path.join(tmpDir(), 'd.yaml'), deep));
  assert.equal(flat(d).length, 41);
  assert.match(flat(d).at(-1)!, /^ +leaf@40:80$/);
});

test('a block scalar list item starts at its `|` (symbols) and folds from its dash line', async () => {
  const text = 'list:\n  - |\n    inner\n    block\n  - plain\n';
  const f = path.join(tmpDir(), 'b.yaml');
  const syms = await service().symbols(source(f, text));
  const item = syms[0].children![0];
  assert.deepEqual([item.range.start, item.selectionRange.start], [{ line: 1, character: 4 }, { line: 1, character: 4 }]);
  const folds = await service().folding(source(f, text));
  assert.deepEqual(folds.map((r) => `${r.startLine}-${r.endLine}`), ['0-4', '1-3']);
});

test('folding: a syntax error does not lose the blocks after it; a first document without `---` folds too', async () => {
  const broken = ['first:', '  a: 1', '  b: [1, 2', 'second:', '  c: 3', '  d:', '    - 4', '    - 5', 'third: ok'].join('\n') + '\n';
  const folds = await service().folding(source(path.join(tmpDir(), 's.yaml'), broken));
  const lines = folds.map((r) => `${r.startLine}-${r.endLine}`);
  for (const want of ['3-7', '5-7']) assert.ok(lines.includes(want), `${want} in ${lines.join(' ')}`);
  const multi = 'a: 1\nb: 2\n---\nc:\n  d: 1\n';
  const m = await service().folding(source(path.join(tmpDir(), 'm.yaml'), multi));
  assert.deepEqual(m.map((r) => `${r.startLine}-${r.endLine}${r.kind ? ' ' + r.kind : ''}`), ['0-1 region', '2-4 region', '3-4']);
});

test('go to definition: an alias goes to its anchor (the last one before it), in block and flow', async () => {
  const text = ['a: &x {k: 1}', 'b: &x', '  k: 2', 'c: *x', 'd: [*x]', '# &x in a comment', 'e: {m: *x}'].join('\n') + '\n';
  const f = path.join(tmpDir(), 'a.yaml');
  const s = service();
  const at = async (line: number, character: number) => (await s.definition(source(f, text), { line, character }))?.map((l) => `${l.range.start.line}:${l.range.start.character}-${l.range.end.character}`);
  assert.deepEqual(await at(3, 4), ['1:3-5']);
  assert.deepEqual(await at(4, 5), ['1:3-5']);
  assert.deepEqual(await at(6, 8), ['1:3-5']);
  assert.ok(!(await at(0, 1)));
});

test('SkyPilot: links for workdir and local file_mounts sources, warnings for missing ones, none for buckets', async () => {
  const dir = tmpDir();
  fs.mkdirSync(path.join(dir, 'configs'));
  fs.mkdirSync(path.join(dir, 'data'));
  const text = ['workdir: .', 'file_mounts:', '  /configs: ./configs', '  /bucket: s3://b/data', '  /gone: ./nope', '  /multi:', '    source: [./data, ./gone2]', '  /store:', '    name: b', 'run: python train.py'].join('\n') + '\n';
  const f = path.join(dir, 'task.sky.yaml');
  const s = service();
  const links = await s.documentLinks(source(f, text));
  assert.deepEqual(
    links.map((l) => [l.range.start.line, l.range.start.character, l.range.end.character, l.target]),
    [
      [0, 9, 10, pathToFileURL(dir).href],
      [2, 12, 21, pathToFileURL(path.join(dir, 'configs')).href],
      [6, 13, 19, pathToFileURL(path.join(dir, 'data')).href],
    ],
  );
  const warnings = (await s.diagnose(source(f, text))).filter((d) => d.code === 'file-not-found');
  assert.deepEqual(warnings.map((d) => [d.range.start.line, d.range.start.character, d.severity]), [[4, 9, 2], [6, 21, 2]]);
});

test('code lenses: a sweep can be run on a picked target too', async () => {
  const f = path.join(tmpDir(), 's.trainyard.yaml');
  const lenses = await service().codeLenses(source(f, 'kind: sweep\njob: {run: echo}\nmatrix: {a: [1]}\n'));
  assert.deepEqual(lenses.map((l) => [l.command!.title, l.command!.command, l.command!.arguments]), [
    ['▶ Run', 'trainyard.runJob', [pathToFileURL(f).href]],
    ['Run on…', 'trainyard.runJobOn', [pathToFileURL(f).href]],
    ['Render', 'trainyard.renderJob', [pathToFileURL(f).href]],
  ]);
});

test('accelerate: deepspeed_config_file is looked for from the config\'s folder and the folders above it (accelerate opens it from where it is launched)', async () => {
  const root = tmpDir();
  fs.mkdirSync(path.join(root, 'examples', 'accelerate'), { recursive: true });
  fs.mkdirSync(path.join(root, 'examples', 'deepspeed'), { recursive: true });
  fs.writeFileSync(path.join(root, 'examples', 'deepspeed', 'ds_z3.json'), '{}\n');
  const f = path.join(root, 'examples', 'accelerate', 'ds_multi_nodes.yaml');
  const config = (p: string) => ['compute_environment: LOCAL_MACHINE', 'distributed_type: DEEPSPEED', 'deepspeed_config:', `  deepspeed_config_file: ${p}`, 'num_machines: 1', 'num_processes: 8'].join('\n') + '\n';
  const missing = async (p: string) => (await service().diagnose(source(f, config(p)))).filter((d) => d.code === 'file-not-found').map((d) => String(d.message));
  assert.deepEqual(await missing('examples/deepspeed/ds_z3.json'), [], 'found from the project root');
  assert.deepEqual(await missing('../deepspeed/ds_z3.json'), [], 'found from the config\'s folder');
  const gone = await missing('examples/deepspeed/gone.json');
  assert.equal(gone.length, 1);
  assert.match(gone[0], /`examples\/deepspeed\/gone\.json` does not exist/);
});

test('a key spelt right but written in the wrong place says where it belongs (below or above), instead of a spelling guess', async () => {
  const dir = tmpDir();
  const messages = async (name: string, ...lines: string[]) => (await service().diagnose(source(path.join(dir, name), lines.join('\n') + '\n'))).filter((d) => d.code === 'additionalProperties').map((d) => `${d.range.start.line} ${String(d.message)}`);
  assert.deepEqual(await messages('pod.yaml', 'apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', 'spec:', '  containers:', '    - name: a', '      image: busybox', '      nodeSelector:', '        gpu: "true"'), ['8 property `nodeSelector` is not allowed here; it belongs in `spec`']);
  assert.deepEqual(await messages('pod.yaml', 'apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', 'spec:', '  image: nginx', '  containers:', '    - name: a', '      image: nginx'), ['5 property `image` is not allowed here; it belongs under `containers`']);
  assert.deepEqual(await messages('sky.yaml', 'name: t', 'accelerators: A100:1', 'run: python train.py'), ['1 property `accelerators` is not allowed here; it belongs under `resources`']);
  // a slip keeps its spelling suggestion
  assert.match((await messages('pod.yaml', 'apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', 'spec:', '  containers:', '    - name: a', '      imagee: nginx'))[0], /did you mean `image`/);
});
