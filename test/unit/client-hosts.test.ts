import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freeGpuCount, gpuDescription, hostDescription, isGpuFree, parseHostProbe, rowKey, targetRows } from '../../client/models/hosts';

const probeFile = {
  host: 'gpu1',
  probedAt: '2026-01-01T00:00:00Z',
  gpus: [
    { index: 0, name: 'A100', utilization: 97, memoryUsedMiB: 70000, memoryTotalMiB: 81920, temperature: 71, processes: [{ pid: 12, user: 'alice', name: 'python', usedMemoryMiB: 69000 }] },
    { index: 1, name: 'A100', utilization: 0, memoryUsedMiB: 3, memoryTotalMiB: 81920, temperature: 33, processes: [] },
    { index: 2, name: 'A100', 'utilization.gpu': '5', memory: { used: 10, total: 81920 }, temp: 40, users: ['bob'] },
  ],
};

test('probe files are read tolerantly', () => {
  const p = parseHostProbe(probeFile)!;
  assert.equal(p.ok, true);
  assert.equal(p.probedAt, Date.parse('2026-01-01T00:00:00Z'));
  assert.deepEqual(p.gpus.map((g) => [g.index, g.utilization, g.memoryUsedMiB, g.memoryTotalMiB, g.temperature, g.users]), [
    [0, 97, 70000, 81920, 71, ['alice']],
    [1, 0, 3, 81920, 33, []],
    [2, undefined, 10, 81920, 40, ['bob']],
  ]);
  assert.equal(parseHostProbe({ error: 'connection refused', gpus: [] })!.ok, false);
  assert.equal(parseHostProbe('nope'), undefined);
  assert.equal(parseHostProbe({ probedAt: 1700000000, gpus: [] })!.probedAt, 1700000000000, 'seconds become ms');
});

test('free GPUs and row texts', () => {
  const p = parseHostProbe(probeFile)!;
  assert.deepEqual(p.gpus.map(isGpuFree), [false, true, false]);
  assert.equal(freeGpuCount(p), 1);
  assert.equal(gpuDescription(p.gpus[0]!), '97% · 68/80 GiB · 71°C · alice');
  assert.equal(gpuDescription(p.gpus[1]!), '0% · 0.0/80 GiB · 33°C · free');
  const rows = targetRows({ gpu1: { host: '10.0.0.5', user: 'me', port: 2222 } }, new Map([['gpu1', p], ['gpu9', { ok: false, message: 'timeout', gpus: [] }]]));
  assert.deepEqual(rows.map((r) => [r.id, r.address]), [['local', undefined], ['ssh:gpu1', 'me@10.0.0.5:2222'], ['ssh:gpu9', undefined]]);
  assert.equal(hostDescription(rows[1]!, Date.parse('2026-01-01T00:02:00Z')), '1/3 GPUs free · probed 2m ago');
  assert.equal(hostDescription(rows[2]!, 0), 'unreachable: timeout');
  assert.equal(hostDescription(rows[0]!, 0), 'not probed yet');
});

test('row keys change only when what is shown changes (no flicker)', () => {
  const a = targetRows({ h: { host: 'x' } }, new Map([['h', parseHostProbe(probeFile)!]]));
  const b = targetRows({ h: { host: 'x' } }, new Map([['h', parseHostProbe(probeFile)!]]));
  assert.equal(rowKey(a[1]!), rowKey(b[1]!));
  const changed = structuredClone(probeFile);
  changed.gpus[1]!.utilization = 50;
  const c = targetRows({ h: { host: 'x' } }, new Map([['h', parseHostProbe(changed)!]]));
  assert.notEqual(rowKey(a[1]!), rowKey(c[1]!));
  assert.equal(rowKey(a[0]!), rowKey(c[0]!), 'local row unchanged');
});
