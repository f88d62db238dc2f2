/** core/checks/dvc.ts: pipelines `dvc repro` refuses although dvc.yaml matches its schema. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDvc, THIRD_PARTY_CHECKS } from '../../core/checks';

const brief = (v: unknown) => checkDvc(v).map((f) => `${f.severity} ${f.pointer}`);

test('the same output twice, or one output inside another (also across wdir), is an error', () => {
  const stages = {
    prepare: { cmd: 'p', outs: ['data/prepared'] },
    featurize: { cmd: 'f', deps: ['data/prepared'], outs: ['data/prepared/features.csv'] },
    train: { cmd: 't', outs: ['model.pkl'], metrics: [{ 'eval/metrics.json': { cache: false } }] },
    again: { cmd: 'a', wdir: 'sub', outs: ['../model.pkl'] },
    evaluate: { cmd: 'e', plots: ['eval'] },
  };
  assert.deepEqual(brief({ stages }), ['error /stages/featurize/outs/0', 'error /stages/again/outs/0', 'error /stages/evaluate/plots/0']);
  const [inside, dup, contains] = checkDvc({ stages });
  assert.match(inside.message, /`data\/prepared\/features.csv` is inside `data\/prepared`, an output of stage `prepare`/);
  assert.match(dup.message, /`model.pkl` is also an output of stage `train`/);
  assert.match(contains.message, /`eval` contains `eval\/metrics.json`/);
});

test('a stage that depends on its own output, and stages in a cycle', () => {
  assert.deepEqual(brief({ stages: { s: { cmd: 'x', deps: ['out.txt'], outs: ['out.txt'] } } }), ['error /stages/s/deps/0']);
  const cycle = { stages: { a: { cmd: 'a', deps: ['b.txt'], outs: ['a.txt'] }, b: { cmd: 'b', deps: ['data/'], outs: ['b.txt'] }, c: { cmd: 'c', deps: ['a.txt'], outs: ['data/c.txt'] } } };
  const found = checkDvc(cycle);
  assert.equal(found.length, 1);
  assert.match(found[0].message, /stages `a` → `b` → `c` → `a` depend on each other's outputs in a cycle/);
});

test('valid pipelines, templates and interpolated paths give nothing', () => {
  const ok = {
    stages: {
      prepare: { cmd: 'p', deps: ['data/raw.csv'], outs: ['data/prepared'] },
      train: { cmd: 't', deps: ['data/prepared', 'train.py'], outs: ['model.pkl'], metrics: [{ 'metrics.json': { cache: false } }] },
      models: { foreach: ['a', 'b'], do: { cmd: 'x ${item}', outs: ['models/${item}.pt'] } },
      grid: { matrix: { m: ['a'] }, cmd: 'y', outs: ['model.pkl'] },
      interp: { cmd: 'z', outs: ['${out_dir}/model.pkl'] },
      remote: { cmd: 'w', deps: ['s3://bucket/model.pkl'], outs: ['report.html'] },
    },
  };
  assert.deepEqual(brief(ok), []);
  assert.deepEqual(brief(null), []);
  assert.deepEqual(brief({ stages: 'x' }), []);
  assert.equal(THIRD_PARTY_CHECKS.dvc, checkDvc);
});
