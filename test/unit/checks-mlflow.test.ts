// core/checks/mlflow.ts: an entry point's command may only name its own parameters (MLflow fills
// it in with str.format).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkMlflow } from '../../core/checks/mlflow';

const project = (command: string, parameters: Record<string, unknown> = { alpha: { type: 'float', default: 0.5 } }) => ({ name: 'p', entry_points: { main: { parameters, command } } });

test('a {name} the entry point does not declare is an error at its command; declared ones, {{ }} and other entry points are fine', () => {
  assert.deepEqual(checkMlflow(project('python train.py --alpha {alpha}')), []);
  assert.deepEqual(checkMlflow(project('python -c "print({{}})" --alpha {alpha}')), []);
  const slip = checkMlflow(project('python train.py --alpha {alpah} --beta {beta} --again {alpah}'));
  assert.deepEqual(slip.map((f) => [f.pointer, f.severity]), [['/entry_points/main/command', 'error'], ['/entry_points/main/command', 'error']]);
  assert.match(slip[0].message, /`\{alpah\}` is not a parameter of entry point `main`/);
  // a shell variable in braces is a format field too
  assert.equal(checkMlflow(project('python train.py --out ${HOME}/x')).length, 1);
  // no parameters at all
  assert.equal(checkMlflow(project('python train.py {x}', undefined as never)).length, 1);
  assert.deepEqual(checkMlflow({ entry_points: { main: { command: 'python train.py' } } }), []);
  assert.deepEqual(checkMlflow(null), []);
});
