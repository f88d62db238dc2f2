import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { caret, service, source, tmpDir } from './server-helpers';

/** A project folder with a few files. */
function project(files: Record<string, string>): string {
  const dir = tmpDir();
  for (const [f, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    if (!f.endsWith('/')) fs.writeFileSync(path.join(dir, f), text);
  }
  return dir;
}

const url = (dir: string, f: string) => pathToFileURL(path.join(dir, f)).href;

test('links in a Trainyard pipeline: stage specs, workdirs and outputs that exist', async () => {
  const dir = project({ 'prep.trainyard.yaml': 'version: 1\nkind: job\nrun: echo\n', 'src/out/model.pt': '', 'src/train.py': '' });
  const text = [
    'version: 1',
    'kind: pipeline',
    'stages:',
    '  prep:',
    '    spec: "prep.trainyard.yaml"',
    '  train:',
    '    job:',
    '      run: python train.py',
    '      workdir: src',
    '      outputs: [out/model.pt, out/missing.pt, "ckpt/*.pt"]',
    '    needs: [prep]',
  ].join('\n');
  const links = await service().documentLinks(source(path.join(dir, 'p.trainyard.yaml'), text));
  assert.deepEqual(
    links.map((l) => [`${l.range.start.line}:${l.range.start.character}-${l.range.end.character}`, l.target]),
    [
      ['4:11-30', url(dir, 'prep.trainyard.yaml')],
      ['8:15-18', url(dir, 'src')],
      ['9:16-28', url(dir, 'src/out/model.pt')],
    ],
  );
});

test('links in third-party configs: DVC deps/outs (relative to wdir) and scripts, MLflow entry points', async () => {
  const dir = project({ 'stages/prepare.py': '', 'stages/data/raw.csv': '', 'train.py': '', 'conda.yaml': '' });
  const dvc = 'stages:\n  prepare:\n    wdir: stages\n    cmd: python prepare.py data/raw.csv\n    deps:\n      - data/raw.csv\n      - prepare.py\n    outs:\n      - data/prepared:\n          cache: false\n';
  const l = await service().documentLinks(source(path.join(dir, 'dvc.yaml'), dvc));
  assert.deepEqual(l.map((x) => [x.range.start.line, x.range.start.character, x.target]), [
    [3, 16, url(dir, 'stages/prepare.py')],
    [5, 8, url(dir, 'stages/data/raw.csv')],
    [6, 8, url(dir, 'stages/prepare.py')],
  ]);
  const ml = 'name: demo\nconda_env: conda.yaml\nentry_points:\n  main:\n    command: "python -u train.py --lr {lr}"\n';
  const m = await service().documentLinks(source(path.join(dir, 'MLproject'), ml));
  assert.deepEqual(m.map((x) => [x.range.start.line, x.range.start.character, x.range.end.character, x.target]), [
    [1, 11, 21, url(dir, 'conda.yaml')],
    [4, 24, 32, url(dir, 'train.py')],
  ]);
});

test('go to definition: needs → the stage, spec → the file, ${{ params.x }} → the matrix entry', async () => {
  const dir = project({ 'prep.trainyard.yaml': 'version: 1\nkind: job\nrun: echo\n', 'train.trainyard.yaml': 'version: 1\nkind: job\nrun: echo\n' });
  const pipeline = (a: string, b: string) => `version: 1\nkind: pipeline\nstages:\n  prep:\n    spec: prep.trainyard.yaml\n  train:\n    spec: ${a}\n    needs: [${b}]\n`;
  const onSpec = caret(pipeline('pr|ep.trainyard.yaml', 'prep'));
  const onNeed = caret(pipeline('prep.trainyard.yaml', 'pr|ep'));
  const s = service();
  const uri = path.join(dir, 'p.trainyard.yaml');
  assert.deepEqual(await s.definition(source(uri, onSpec.text), onSpec.position), [{ uri: url(dir, 'prep.trainyard.yaml'), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }]);
  assert.deepEqual(await s.definition(source(uri, onNeed.text, 2), onNeed.position), [{ uri: pathToFileURL(uri).href, range: { start: { line: 3, character: 2 }, end: { line: 3, character: 6 } } }]);
  const sweep = caret('version: 1\nkind: sweep\njob:\n  run: python t.py --lr ${{ params.l|r }}\nmatrix:\n  lr: [0.1, 0.01]\n');
  const sw = path.join(dir, 's.trainyard.yaml');
  assert.deepEqual(await s.definition(source(sw, sweep.text), sweep.position), [{ uri: pathToFileURL(sw).href, range: { start: { line: 5, character: 2 }, end: { line: 5, character: 4 } } }]);
  const nothing = caret('version: 1\nkind: job\nru|n: echo\n');
  assert.equal(await s.definition(source(path.join(dir, 'j.trainyard.yaml'), nothing.text), nothing.position), null);
});
