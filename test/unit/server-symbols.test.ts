import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { DocumentSymbol } from 'vscode-languageserver';
import { SymbolKind } from 'vscode-languageserver';
import { service, source, tmpDir } from './server-helpers';

const names = (syms: DocumentSymbol[] | undefined): unknown[] => (syms ?? []).map((s) => (s.children?.length ? [s.name, names(s.children)] : s.name));

async function symbols(file: string, text: string) {
  return service().symbols(source(path.join(tmpDir(), file), text));
}

test('a Trainyard pipeline: kind/name at the top, stages as functions with what they need', async () => {
  const text = 'version: 1\nkind: pipeline\nname: nightly\nstages:\n  prep:\n    spec: prep.trainyard.yaml\n  train:\n    job:\n      run: python train.py\n    needs: [prep]\n';
  const syms = await symbols('p.trainyard.yaml', text);
  assert.equal(syms.length, 1);
  assert.equal(syms[0].name, 'pipeline/nightly');
  assert.equal(syms[0].kind, SymbolKind.Class);
  assert.deepEqual(syms[0].range, { start: { line: 0, character: 0 }, end: { line: 9, character: 17 } });
  const stages = syms[0].children!.find((c) => c.name === 'stages')!.children!;
  assert.deepEqual(stages.map((s) => [s.name, s.kind, s.detail]), [
    ['prep', SymbolKind.Function, 'prep.trainyard.yaml'],
    ['train', SymbolKind.Function, 'job · needs prep'],
  ]);
  assert.deepEqual(stages[1].selectionRange, { start: { line: 6, character: 2 }, end: { line: 6, character: 7 } });
  // a spec without a name is named after its file
  const job = await symbols('train.trainyard.yaml', 'version: 1\nkind: job\nrun: echo\n');
  assert.equal(job[0].name, 'job/train');
});

test('Kubernetes: Kind/metadata.name per document; other YAML: its keys', async () => {
  const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: "1"\n---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: train\nspec:\n  template:\n    spec:\n      containers:\n        - name: main\n          image: python\n';
  const syms = await symbols('k.yaml', text);
  assert.deepEqual(syms.map((s) => [s.name, s.detail]), [['ConfigMap/cfg', 'v1'], ['Job/train', 'batch/v1']]);
  assert.deepEqual(names(syms[1].children).slice(-1), [['spec', [['template', [['spec', [['containers', [['main', ['name', 'image']]]]]]]]]]]);
  const plain = await symbols('x.yaml', 'a: 1\nb:\n  - x\n  - y\n');
  assert.deepEqual(names(plain), ['a', ['b', ['[0]', '[1]']]]);
  assert.deepEqual(plain.map((s) => s.kind), [SymbolKind.Number, SymbolKind.Array]);
});

test('folding: mappings, lists, block scalars, comment blocks and documents', async () => {
  const text = [
    '# header one', //      0
    '# header two', //      1
    'a:', //                2
    '  b: 1', //            3
    '  c:', //              4
    '    - x', //           5
    '    - y', //           6
    'run: |', //            7
    '  # not a comment', // 8
    '  # in a scalar', //   9
    '  echo', //            10
    '---', //               11
    'z: 1', //              12
    'w: 2', //              13
  ].join('\n') + '\n';
  const r = await service().folding(source(path.join(tmpDir(), 'f.yaml'), text));
  assert.deepEqual(
    r.map((f) => `${f.startLine}-${f.endLine}${f.kind ? ' ' + f.kind : ''}`),
    ['0-1 comment', '2-6', '4-6', '7-10', '11-13 region'],
  );
  const comments = await service().folding(source(path.join(tmpDir(), 'c.yaml'), 'a: 1\n# one\n# two\n#three\nb: 2\n'));
  assert.deepEqual(comments, [{ startLine: 1, endLine: 3, kind: 'comment' }]);
});
