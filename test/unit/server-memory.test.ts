// server/memory.ts: the young generation stays at its starting size; big documents' dead texts
// start a full collection once they pile up. (Its own file: the first test needs a fresh process.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as v8 from 'node:v8';
import { LargeGarbage, tuneV8 } from '../../server/memory';

const newSpace = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.space_size;

test('the young generation does not grow while parse-like work keeps most of what it allocates', () => {
  const before = newSpace();
  tuneV8();
  const kept: unknown[] = [];
  for (let round = 0; round < 40; round++) {
    // a parse: many small objects, nearly all of which survive
    const tree: unknown[] = [];
    for (let i = 0; i < 20_000; i++) tree.push({ key: `k${i}`, value: [i, String(i)] });
    kept.push(tree);
    if (kept.length > 8) kept.shift();
  }
  assert.ok(newSpace() <= before, `young generation ${newSpace()} bytes, started at ${before}`);
});

test('large-object garbage: no collection for small growth, one once the threshold is crossed', () => {
  const lg = new LargeGarbage(4 * 1024 * 1024);
  assert.equal(lg.check(), false, 'the first check only takes the baseline');
  const keep: string[] = [];
  // texts over 128 KB live in V8's large-object space, like a big document's versions
  // (flat strings, as a document's text is once parsed; padEnd would make a rope)
  const big = (i: number) => Buffer.alloc(300_000, 97 + (i % 26)).toString('latin1');
  keep.push(big(0));
  assert.equal(lg.check(), false, '300 KB is under the threshold');
  for (let i = 1; i < 30; i++) keep.push(big(i));
  assert.equal(lg.check(), true, '9 MB more: a full collection is started');
  assert.equal(lg.check(), false, 'and not again until as much more has piled up');
  assert.equal(keep.length, 30);
});
