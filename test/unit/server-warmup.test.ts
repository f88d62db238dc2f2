// The idle warm-up parses its sample only while nothing is open and the client is quiet, one
// parse per event-loop turn, and stops for good once a document is open.
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
  }, { rounds: 1000 });
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
  }, { rounds: 1000 });
  await new Promise((r) => setImmediate(r));
  stop();
  const n = asked;
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  assert.ok(asked <= n + 1);
});

test('warm-up waits until the client has been quiet, and starts once it is', async () => {
  let parses = 0;
  let last = performance.now();
  const client = { quietFor: () => performance.now() - last };
  const stop = startWarmup(() => false, { client, rounds: 1000, quietMs: 40, work: () => void parses++ });
  // the client keeps talking: no parse runs
  const talkUntil = performance.now() + 120;
  while (performance.now() < talkUntil) {
    last = performance.now();
    await new Promise((r) => setImmediate(r));
  }
  assert.equal(parses, 0, 'no slice runs while messages keep arriving');
  // then it falls quiet: the warm-up starts on its own
  await new Promise<void>((resolve) => {
    const poll = () => (parses > 2 ? resolve() : setImmediate(poll));
    poll();
  });
  stop();
});
