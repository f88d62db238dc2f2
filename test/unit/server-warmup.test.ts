// The idle warm-up parses its sample only while nothing is open, one parse per event-loop turn,
// and stops for good once a document is open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startWarmup, warmupDocument } from '../../server/warmup';
import { parseYaml } from '../../core/yaml';
import { fastEvents } from '../../core/yaml/fastEvents';

test('the warm-up sample is valid YAML inside the fast scanner subset', () => {
  const text = warmupDocument();
  assert.notEqual(fastEvents(text), null, 'the sample must exercise the fast path real files take');
  const doc = parseYaml(text).docs[0];
  assert.equal(doc.errors.length, 0);
  assert.equal(Object.keys((doc.value as { jobs: object }).jobs).length, 12);
});

test('warm-up runs while idle and stops as soon as a document is open', async () => {
  let asked = 0;
  let open = false;
  startWarmup(() => {
    asked++;
    return open;
  }, 1000);
  // a few turns pass: it works one parse per turn
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  const before = asked;
  assert.ok(before >= 3, `it ran ${before} rounds in 5 turns`);
  open = true;
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  const after = asked;
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  assert.equal(asked, after, 'no more rounds once a document is open');
  assert.ok(after <= before + 2);
});

test('warm-up can be stopped early', async () => {
  let asked = 0;
  const stop = startWarmup(() => {
    asked++;
    return false;
  }, 1000);
  await new Promise((r) => setImmediate(r));
  stop();
  const n = asked;
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  assert.ok(asked <= n + 1);
});
