import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSweepParams, paramEnvName, usesParam } from '../../core/checks/sweep-params';

test('parameter references: template and environment forms', () => {
  assert.equal(paramEnvName('lr'), 'PARAM_LR');
  assert.equal(paramEnvName('batch_size'), 'PARAM_BATCH_SIZE');
  assert.ok(usesParam('python train.py --lr ${{ params.lr }}', 'lr'));
  assert.ok(usesParam('python train.py --lr ${{params.lr}}', 'lr'));
  assert.ok(usesParam('python train.py --lr "$PARAM_LR"', 'lr'));
  assert.ok(usesParam('echo ${PARAM_LR}', 'lr'));
  assert.ok(!usesParam('echo $PARAM_LR_DECAY', 'lr'), 'a longer name is another parameter');
  assert.ok(!usesParam('${{ params.lr_decay }}', 'lr'));
  assert.ok(!usesParam('python train.py --lr 0.1', 'lr'));
});

test('inline job: unused parameters are warned about at their matrix key', () => {
  const sweep = {
    kind: 'sweep',
    job: { run: 'python train.py --lr ${{ params.lr }}', env: { DROPOUT: '${{ params.dropout }}' } },
    matrix: { lr: [0.1, 0.01], dropout: [0, 0.1], epochs: [5, 10], 'warmup-steps': [0, 100] },
  };
  const f = checkSweepParams(sweep);
  assert.deepEqual(f.map((x) => [x.pointer, x.severity]), [['/matrix/epochs', 'warning'], ['/matrix/warmup-steps', 'warning']]);
  assert.match(f[0].message, /\$\{\{ params\.epochs \}\}/);
  assert.match(f[0].message, /\$PARAM_EPOCHS/);
});

test('parameters read through PARAM_ variables in setup or scripts count as used', () => {
  const sweep = {
    kind: 'sweep',
    job: { setup: 'echo "epochs=$PARAM_EPOCHS" > cfg', run: 'python train.py --config cfg' },
    matrix: { epochs: [1, 2] },
  };
  assert.deepEqual(checkSweepParams(sweep), []);
});

test('a job file: its value or its text is given by the caller; otherwise nothing is said', () => {
  const sweep = { kind: 'sweep', job: 'train.trainyard.yaml', matrix: { lr: [0.1], seed: [1, 2] } };
  assert.deepEqual(checkSweepParams(sweep), []);
  const job = { kind: 'job', run: 'python train.py --lr ${{ params.lr }}' };
  assert.deepEqual(checkSweepParams(sweep, job).map((f) => f.pointer), ['/matrix/seed']);
  assert.deepEqual(checkSweepParams(sweep, 'python train.py --seed $PARAM_SEED').map((f) => f.pointer), ['/matrix/lr']);
  assert.deepEqual(checkSweepParams(sweep, ['--lr ${{ params.lr }}', 'SEED=$PARAM_SEED']), []);
});

test('secret references and descriptions do not count; malformed sweeps are ignored', () => {
  const sweep = {
    kind: 'sweep',
    job: { description: 'uses ${{ params.lr }}', run: 'python train.py', env: { TOKEN: { secret: 'PARAM_LR' } } },
    matrix: { lr: [1] },
  };
  assert.deepEqual(checkSweepParams(sweep).map((f) => f.pointer), ['/matrix/lr']);
  assert.deepEqual(checkSweepParams(null), []);
  assert.deepEqual(checkSweepParams({ kind: 'sweep', job: { run: 'x' }, matrix: [1] }), []);
});

test('pointer segments are escaped', () => {
  const f = checkSweepParams({ job: { run: 'x' }, matrix: { 'a/b': [1] } });
  assert.equal(f[0].pointer, '/matrix/a~1b');
});
