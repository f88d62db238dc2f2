import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planSync, type RemoteListing } from '../../core/sync/plan';
import type { LocalEntry } from '../../core/sync/walk';

const file = (path: string, size: number, mtimeMs: number): LocalEntry => ({ path, type: 'f', size, mtimeMs, mode: 0o644, abs: `/w/${path}` });
const listing = (entries: Record<string, { size: number; mtime: number }>): RemoteListing => ({
  root: '/home/u/.trainyard/cache/k',
  tree: new Map(Object.entries(entries).map(([p, e]) => [p, { type: 'f' as const, size: e.size, mtime: e.mtime, mode: 0o644 }])),
  staging: new Map(),
} as RemoteListing);

test('size and mtime vouch for an old file; a file changed in the last seconds is compared by hash', () => {
  const now = 1_800_000_000_000;
  const old = file('old.py', 10, now - 60_000);
  const fresh = file('fresh.py', 10, now - 300);
  const remote = listing({ 'old.py': { size: 10, mtime: Math.floor((now - 60_000) / 1000) }, 'fresh.py': { size: 10, mtime: Math.floor((now - 300) / 1000) } });
  const plan = planSync([old, fresh], new Map(), undefined, remote, now);
  assert.deepEqual(plan.upload.map((e) => e.path), []);
  assert.deepEqual(plan.hashCheck.map((e) => e.path), ['fresh.py'], 'same size and second, but racy: hash it');
});

test('a different size always travels; a file the host lacks travels', () => {
  const now = 1_800_000_000_000;
  const plan = planSync([file('a', 11, now - 60_000), file('b', 5, now - 60_000)], new Map(), undefined, listing({ a: { size: 10, mtime: 1 } }), now);
  assert.deepEqual(plan.upload.map((e) => e.path).sort(), ['a', 'b']);
  assert.equal(plan.uploadBytes, 16);
});
