/** core/checks/wandb-sweep.ts: what the W&B sweep controller rejects or misreads in a schema-valid sweep. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkWandbSweep, THIRD_PARTY_CHECKS } from '../../core/checks';

const brief = (v: unknown) => checkWandbSweep(v).map((f) => `${f.severity} ${f.pointer}`);

test('grid search: only categorical, constant, int_uniform and q_uniform parameters, nested ones too', () => {
  const sweep = {
    method: 'grid',
    parameters: {
      a: { values: [1, 2] },
      b: { value: 3 },
      c: { min: 1, max: 4 }, // integers: int_uniform
      d: { distribution: 'q_uniform', min: 0, max: 1, q: 0.25 },
      e: { min: 0.001, max: 0.1 }, // reals: uniform
      f: { distribution: 'log_uniform_values', min: 0.001, max: 0.1 },
      g: { values: ['x', 'y'], probabilities: [0.5, 0.5] },
      h: { parameters: { lr: { distribution: 'normal', mu: 0, sigma: 1 }, ok: { values: [1] } } },
    },
  };
  assert.deepEqual(brief(sweep), ['error /parameters/e', 'error /parameters/f/distribution', 'error /parameters/g', 'error /parameters/h/parameters/lr/distribution']);
  assert.deepEqual(brief({ ...sweep, method: 'random' }), [], 'random search takes them all');
  assert.match(checkWandbSweep(sweep)[0].message, /grid search .* `method: random` or `bayes`/);
});

test('log_uniform with bounds inside (0, 1] is read as natural-log bounds: a warning', () => {
  assert.deepEqual(brief({ method: 'random', parameters: { lr: { distribution: 'log_uniform', min: 0.0001, max: 0.1 } } }), ['warning /parameters/lr/distribution']);
  assert.match(checkWandbSweep({ parameters: { lr: { distribution: 'q_log_uniform', min: 0.001, max: 1, q: 0.001 } } })[0].message, /use `q_log_uniform_values`/);
  assert.deepEqual(brief({ method: 'random', parameters: { lr: { distribution: 'log_uniform', min: -9.21, max: -2.3 } } }), []);
  assert.deepEqual(brief({ method: 'random', parameters: { lr: { distribution: 'log_uniform_values', min: 0.0001, max: 0.1 } } }), []);
});

test('min above max, probabilities that do not pair up or sum to 1, hyperband without a band', () => {
  assert.deepEqual(brief({ method: 'random', parameters: { lr: { min: 0.1, max: 0.01 } } }), ['error /parameters/lr/min']);
  assert.deepEqual(brief({ method: 'random', parameters: { act: { values: ['a', 'b'], probabilities: [1] } } }), ['error /parameters/act/probabilities']);
  assert.deepEqual(brief({ method: 'random', parameters: { act: { values: ['a', 'b'], probabilities: [0.5, 0.6] } } }), ['warning /parameters/act/probabilities']);
  assert.deepEqual(brief({ method: 'random', parameters: { act: { values: ['a', 'b', 'c'], probabilities: [0.7, 0.2, 0.1] } } }), []);
  assert.deepEqual(brief({ method: 'random', early_terminate: { type: 'hyperband', max_iter: 2, s: 2 }, parameters: {} }), ['error /early_terminate/max_iter']);
  assert.deepEqual(brief({ method: 'random', early_terminate: { type: 'hyperband', max_iter: 27, s: 2 }, parameters: {} }), []);
});

test('min equal to max is refused like min above max (schema.py validate_min_max)', () => {
  const f = checkWandbSweep({ method: 'random', parameters: { wd: { distribution: 'log_uniform_values', min: 0.01, max: 0.01 } } });
  assert.deepEqual(f.map((x) => `${x.severity} ${x.pointer}`), ['error /parameters/wd/min']);
  assert.match(f[0].message, /equals `max`.*use `value`/);
  assert.deepEqual(brief({ method: 'random', parameters: { opt: { parameters: { lr: { min: 1, max: 1 } } } } }), ['error /parameters/opt/parameters/lr/min']);
});

test('command: an unknown whole-item macro is dropped by the agent (warning); macros, env vars and numbers pass', () => {
  const f = checkWandbSweep({ method: 'random', parameters: {}, command: ['${env}', '${interpereter}', '${program}', '${args}'] });
  assert.deepEqual(f.map((x) => `${x.severity} ${x.pointer}`), ['warning /command/1']);
  assert.match(f[0].message, /did you mean `\$\{interpreter\}`/);
  const ok = ['${env}', '${interpreter}', '${program}', '--seed', 42, true, '${args_no_hyphens}', '${args_json_file}', '${args_no_equals}', '${args_override_hydra}', '${envvar:DATA_DIR}', '--data=${envvar:DATA_DIR}/x', '-b ${batch}'];
  assert.deepEqual(brief({ method: 'random', parameters: {}, command: ok }), []);
  assert.deepEqual(brief({ method: 'random', parameters: {}, command: ['${foo}'] }).length, 1);
});

test('registered for the wandb-sweep catalog entry', () => {
  assert.equal(THIRD_PARTY_CHECKS['wandb-sweep'], checkWandbSweep);
  assert.deepEqual(checkWandbSweep(null), []);
  assert.deepEqual(checkWandbSweep({ method: 'grid', parameters: 'x' }), []);
});
