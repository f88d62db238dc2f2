import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HostHistory, RingBuffer, sampleOf, snapshotOf } from '../../client/models/hostHistory';
import { parseHostProbe, type HostProbe } from '../../client/models/hosts';
import { hostSnapshot, gpuSample } from '../../webviews/protocol';

const gpu = (index: number, utilization: number, processes: HostProbe['gpus'][number]['processes'] = []) => ({
  index, name: 'A100', utilization, memoryUsedMiB: 1000 * index, memoryTotalMiB: 81920, processes, users: processes.map((p) => p.user!).filter(Boolean),
});

test('ring buffer: keeps the newest `capacity` items in order', () => {
  const b = new RingBuffer<number>(3);
  assert.deepEqual(b.toArray(), []);
  for (const n of [1, 2, 3, 4, 5]) b.push(n);
  assert.equal(b.length, 3);
  assert.deepEqual(b.toArray(), [3, 4, 5]);
  assert.equal(b.at(0), 3);
  assert.equal(b.at(-1), 5);
  assert.equal(b.at(3), undefined);
  b.dropWhile((n) => n < 5);
  assert.deepEqual(b.toArray(), [5]);
  b.push(6);
  b.push(7);
  b.push(8);
  assert.deepEqual(b.toArray(), [6, 7, 8]);
  assert.throws(() => new RingBuffer(0), RangeError);
});

test('host history: one hour per host, in time order, no repeats', () => {
  const h = new HostHistory(60_000, 100);
  const t0 = 1_000_000;
  const s = (t: number) => ({ time: t, gpus: [{ index: 0, utilization: 50 }] });
  assert.equal(h.add('local', s(t0), t0), true);
  assert.equal(h.add('local', s(t0), t0), false, 'same time again');
  assert.equal(h.add('local', s(t0 - 5), t0), false, 'older');
  assert.equal(h.add('local', s(t0 + 30_000), t0 + 30_000), true);
  assert.equal(h.add('ssh:gpu1', s(t0 + 1), t0 + 1), true);
  assert.deepEqual(h.samples('local', t0 + 30_000).map((x) => x.time), [t0, t0 + 30_000]);
  // a minute later the first sample is out of the window
  assert.deepEqual(h.samples('local', t0 + 61_000).map((x) => x.time), [t0 + 30_000]);
  assert.equal(h.samples('ssh:gpu1', t0 + 1).length, 1);
  assert.deepEqual(h.samples('nope'), []);
  assert.deepEqual(h.hostIds.sort(), ['local', 'ssh:gpu1']);
});

test('host history: capacity bounds memory even within the window', () => {
  const h = new HostHistory(3_600_000, 10);
  for (let i = 0; i < 25; i++) h.add('local', { time: 1000 + i, gpus: [] }, 1000 + i);
  const got = h.samples('local', 1100);
  assert.equal(got.length, 10);
  assert.equal(got[0]!.time, 1015);
});

test('probes become samples (only when reachable, timed and with GPUs)', () => {
  const probe: HostProbe = { ok: true, probedAt: 5000, gpus: [gpu(0, 90), gpu(1, 0)] };
  const s = sampleOf(probe)!;
  assert.ok(gpuSample(s), 'the sample passes the protocol validator');
  assert.deepEqual(s.gpus.map((g) => g.utilization), [90, 0]);
  assert.equal(sampleOf({ ...probe, ok: false }), undefined);
  assert.equal(sampleOf({ ...probe, probedAt: undefined }), undefined);
  assert.equal(sampleOf({ ...probe, gpus: [] }), undefined);
  const h = new HostHistory();
  assert.ok(h.addProbe('local', probe, 5000));
  assert.equal(h.addProbe('local', probe, 5000), undefined, 'the same probe read again (file + live) is one sample');
});

test('snapshot: processes of every GPU, load and memory from the probe file', () => {
  const file = {
    format: 1, name: 'gpu1', target: 'ssh:gpu1', probedAt: '2026-01-01T00:00:00.000Z', ok: true,
    gpus: [
      { index: 0, name: 'A100', utilization: 97, memoryUsedMiB: 70000, memoryTotalMiB: 81920, processes: [{ pid: 12, user: 'alice', memoryMiB: 69000 }, { pid: 13, user: 'bob', memoryMiB: 500 }] },
      { index: 1, name: 'A100', utilization: 0, memoryUsedMiB: 3, memoryTotalMiB: 81920, processes: [] },
    ],
    load: [1.5, 1.25, 0.5],
    memory: { totalMiB: 515000, availableMiB: 400000 },
  };
  const probe = parseHostProbe(file)!;
  assert.deepEqual(probe.load, [1.5, 1.25, 0.5]);
  assert.deepEqual(probe.memory, { totalMiB: 515000, availableMiB: 400000 });
  const snap = snapshotOf(probe);
  assert.ok(hostSnapshot(snap), 'the snapshot passes the protocol validator');
  assert.equal(snap.probedAt, Date.parse('2026-01-01T00:00:00.000Z'));
  assert.deepEqual(snap.processes.map((p) => [p.gpu, p.pid, p.user, p.memoryMiB]), [[0, 12, 'alice', 69000], [0, 13, 'bob', 500]]);
  assert.equal(snap.gpus.length, 2);
  const none = snapshotOf(undefined);
  assert.ok(hostSnapshot(none));
  assert.equal(none.ok, false);
  const down = snapshotOf({ ok: false, message: 'timeout', probedAt: 1, gpus: [] });
  assert.ok(hostSnapshot(down));
  assert.equal(down.message, 'timeout');
});
