import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyParams, expandSweep, paramEnvName, stageOrder, substituteParams } from '../../core/orchestrate/plan';
import type { PipelineSpec, SweepSpec } from '../../core/spec/model';

test('stage order puts every stage after what it needs', () => {
  const p = { version: 1, kind: 'pipeline', stages: { c: { needs: ['b'], job: { run: 'c' } }, a: { job: { run: 'a' } }, b: { needs: ['a'], job: { run: 'b' } }, d: { job: { run: 'd' } } } } as PipelineSpec;
  const order = stageOrder(p);
  assert.deepEqual(order.slice().sort(), ['a', 'b', 'c', 'd']);
  assert.ok(order.indexOf('a') < order.indexOf('b') && order.indexOf('b') < order.indexOf('c'));
  const cyc = { version: 1, kind: 'pipeline', stages: { a: { needs: ['b'], job: { run: 'a' } }, b: { needs: ['a'], job: { run: 'b' } } } } as PipelineSpec;
  assert.throws(() => stageOrder(cyc), /cycle/);
});

test('grid sweeps are the cartesian product in matrix order', () => {
  const s = { version: 1, kind: 'sweep', job: { run: 'x' }, matrix: { lr: [0.1, 0.01], bs: [32, 64, 128] } } as SweepSpec;
  const runs = expandSweep(s);
  assert.equal(runs.length, 6);
  assert.deepEqual(runs[0], { lr: 0.1, bs: 32 });
  assert.deepEqual(runs[5], { lr: 0.01, bs: 128 });
});

test('random sweeps with a seed draw the same runs every time, within their ranges', () => {
  const s = {
    version: 1,
    kind: 'sweep',
    job: { run: 'x' },
    strategy: 'random',
    seed: 42,
    samples: 25,
    matrix: { lr: { min: 1e-5, max: 1e-1, scale: 'log' }, layers: { min: 2, max: 8, integer: true }, act: ['relu', 'gelu'] },
  } as SweepSpec;
  const a = expandSweep(s);
  assert.deepEqual(a, expandSweep(s));
  assert.equal(a.length, 25);
  for (const r of a) {
    assert.ok((r.lr as number) >= 1e-5 && (r.lr as number) <= 1e-1);
    assert.ok(Number.isInteger(r.layers) && (r.layers as number) >= 2 && (r.layers as number) <= 8);
    assert.ok(['relu', 'gelu'].includes(r.act as string));
  }
  assert.notDeepEqual(a, expandSweep({ ...s, seed: 43 }));
  assert.equal(expandSweep({ ...s, samples: undefined }).length, 10, 'samples defaults to 10');
});

test('params reach run, setup and env as ${{ params.x }} and as PARAM_X', () => {
  const body = applyParams({ run: 'train --lr ${{ params.lr }} --bs ${{params.bs}} ${{ params.nope }}', setup: 'echo ${{ params.lr }}', env: { LR: '${{ params.lr }}', N: 3 } }, { lr: 0.5, bs: 8 });
  assert.equal(body.run, 'train --lr 0.5 --bs 8 ${{ params.nope }}');
  assert.equal(body.setup, 'echo 0.5');
  assert.deepEqual(body.env, { LR: '0.5', N: 3, PARAM_LR: '0.5', PARAM_BS: '8' });
  assert.equal(paramEnvName('learning_rate'), 'PARAM_LEARNING_RATE');
  assert.equal(substituteParams('no params here', { a: 1 }), 'no params here');
});
