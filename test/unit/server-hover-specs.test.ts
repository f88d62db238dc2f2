// Hovers from a Trainyard spec's own names: a sweep's `${{ params.<name> }}` and a pipeline stage's `needs`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { caret, service, source, tmpDir } from './server-helpers';

async function hover(...lines: string[]): Promise<string | undefined> {
  const { text, position } = caret(lines.join('\n') + '\n');
  const h = await service().hoverAt(source(path.join(tmpDir(), 'x.trainyard.yaml'), text), position);
  return h ? (h.contents as { value: string }).value : undefined;
}

async function hoverRange(...lines: string[]): Promise<{ start: number; end: number } | undefined> {
  const { text, position } = caret(lines.join('\n') + '\n');
  const h = await service().hoverAt(source(path.join(tmpDir(), 'x.trainyard.yaml'), text), position);
  return h?.range ? { start: h.range.start.character, end: h.range.end.character } : undefined;
}

const grid = ['kind: sweep', 'matrix:', '  lr: [0.1, 0.01]', '  opt: [adam, sgd]'];

test('a grid parameter in run: its values and its PARAM_ variable', async () => {
  const md = (await hover(...grid, 'job:', '  run: python train.py --lr ${{ params.l|r }} --opt ${{ params.opt }}')) ?? '';
  assert.match(md, /\*\*Sweep parameter\*\* `lr`/);
  assert.match(md, /`0\.1`, `0\.01`/);
  assert.match(md, /grid runs each in turn/);
  assert.match(md, /`\$PARAM_LR`/);
  assert.doesNotMatch(md, /opt/);
  // the second expression on the line, string values, anywhere in the expression
  const opt = (await hover(...grid, 'job:', '  run: python train.py --lr ${{ params.lr }} --opt ${|{ params.opt }}')) ?? '';
  assert.match(opt, /`opt`/);
  assert.match(opt, /`"adam"`, `"sgd"`/);
  assert.match(opt, /`\$PARAM_OPT`/);
});

test('the hover range is the whole ${{ … }} expression', async () => {
  const r = await hoverRange(...grid, 'job:', '  run: x ${{ params.l|r }} y');
  assert.deepEqual(r, { start: 9, end: 25 });
});

test('a random sweep range: min, max, scale, samples; in a block scalar and in env', async () => {
  const doc = ['kind: sweep', 'strategy: random', 'samples: 20', 'matrix:', '  lr: {min: 0.00001, max: 0.01, scale: log}', '  layers: {min: 1, max: 8, integer: true}', 'job:'];
  const md = (await hover(...doc, '  run: >', '    echo start', '    python t.py --lr ${{ params.|lr }}')) ?? '';
  assert.match(md, /Range: `(0\.00001|1e-05)` to `0\.01`/);
  assert.match(md, /log scale/);
  assert.match(md, /20 samples/);
  assert.match(md, /PARAM_LR/);
  const env = (await hover(...doc, '  run: x', '  env:', '    LAYERS: "${{ params.la|yers }}"')) ?? '';
  assert.match(env, /`1` to `8`/);
  assert.match(env, /whole numbers only/);
  assert.match(env, /PARAM_LAYERS/);
});

test('a range in a grid sweep says it needs strategy: random', async () => {
  const md = (await hover('kind: sweep', 'matrix:', '  lr: {min: 0.1, max: 1}', 'job:', '  run: x ${{ params.l|r }}')) ?? '';
  assert.match(md, /needs `strategy: random`/);
});

test('an unknown parameter says so and lists the sweep\'s parameters', async () => {
  const md = (await hover(...grid, 'job:', '  run: python train.py --lr ${{ params.rat|e }}')) ?? '';
  assert.match(md, /Not a parameter of this sweep:\*\* `rate`/);
  assert.match(md, /`lr`, `opt`/);
  const none = (await hover('kind: sweep', 'job:', '  run: x ${{ params.l|r }}')) ?? '';
  assert.match(none, /no `matrix`/);
});

test('outside run/setup/env a parameter is not substituted: the hover says so', async () => {
  const md = (await hover(...grid, 'job:', '  run: x', '  outputs: ["out-${{ params.l|r }}.pt"]')) ?? '';
  assert.match(md, /`lr`/);
  assert.match(md, /substituted only in/);
});

test('params hovers only in a sweep\'s job; other hovers stay as before', async () => {
  // not a sweep: the schema's hover of run
  const job = (await hover('kind: job', 'run: x ${{ params.l|r }}')) ?? '';
  assert.doesNotMatch(job, /Sweep parameter|Not a parameter/);
  // elsewhere on the run line: the schema's hover
  const run = (await hover(...grid, 'job:', '  run: pyth|on ${{ params.lr }}')) ?? '';
  assert.doesNotMatch(run, /Sweep parameter/);
  assert.match(run, /shell command/i);
});

const pipeline = [
  'kind: pipeline',
  'target: local',
  'stages:',
  '  prepare: {spec: prepare.trainyard.yaml}',
  '  train:',
  '    job:',
  '      run: >-',
  '        python train.py',
  '      target: ssh:gpu-box',
  '    needs: [prepare]',
  '  serve:',
  '    service: {run: python serve.py, port: 8080}',
];

test('a stage in a flow needs list: what it runs, its needs and target', async () => {
  const md = (await hover(...pipeline, '    needs: [pre|pare, train]')) ?? '';
  assert.match(md, /\*\*Stage\*\* `prepare`/);
  assert.match(md, /spec file `prepare\.trainyard\.yaml`/);
  assert.match(md, /Needs no other stage/);
  assert.match(md, /`local` \(the pipeline's default, unless the spec file names one\)/);
  assert.match(md, /`prepare` must succeed before `serve` starts/);
  const train = (await hover(...pipeline, '    needs: [prepare, tr|ain]')) ?? '';
  assert.match(train, /Inline job: `python train\.py`/);
  assert.match(train, /Needs: `prepare`/);
  assert.match(train, /Target: `ssh:gpu-box`/);
});

test('a stage in a block needs list and as a scalar; an inline service', async () => {
  const block = (await hover('kind: pipeline', 'stages:', '  serve: {service: {run: python serve.py, port: 8080}}', '  check:', '    job: {run: curl x}', '    needs:', '      - ser|ve')) ?? '';
  assert.match(block, /Inline service \(port 8080\): `python serve\.py`/);
  const scalar = (await hover('kind: pipeline', 'stages:', '  a: {spec: a.trainyard.yaml}', '  b:', '    spec: b.trainyard.yaml', '    needs: |a')) ?? '';
  assert.match(scalar, /\*\*Stage\*\* `a`/);
  const flowStage = (await hover('kind: pipeline', 'stages:', '  a: {spec: a.trainyard.yaml}', '  b: {spec: b.trainyard.yaml, needs: [|a]}')) ?? '';
  assert.match(flowStage, /spec file `a\.trainyard\.yaml`/);
});

test('an unknown stage says so and lists the stages', async () => {
  const md = (await hover(...pipeline, '    needs: [trian|]')) ?? '';
  assert.match(md, /Unknown stage\*\* `trian`/);
  assert.match(md, /`prepare`, `train`, `serve`/);
});

test('the needs key and other pipeline values keep the schema hover', async () => {
  const key = (await hover(...pipeline, '    ne|eds: [prepare]')) ?? '';
  assert.doesNotMatch(key, /\*\*Stage\*\*/);
  assert.match(key, /must succeed before this one starts/);
  const spec = (await hover(...pipeline.slice(0, 3), '  prepare: {spec: prep|are.trainyard.yaml}')) ?? '';
  assert.doesNotMatch(spec, /\*\*Stage\*\*/);
});
