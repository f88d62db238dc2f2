/** nvidia-smi CSV parsing: normal rows, [N/A], names with commas, no GPU, driver errors, MIG. */
import { describe, it } from 'node:test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import assert from 'node:assert/strict';
import { parseGpuCsv, parseAppsCsv, combine, parseUsers } from '../../core/gpu/nvidiaSmi';
import { parseProbeOutput, probeFileName } from '../../core/gpu/probe';

describe('nvidia-smi parsing', () => {
  it('parses output captured from a real H200 (test/fixtures/nvidia-smi)', () => {
    const dir = path.join(__dirname, '../fixtures/nvidia-smi');
    const gpus = fs.readFileSync(path.join(dir, 'h200-idle.query-gpu.csv'), 'utf8');
    const apps = fs.readFileSync(path.join(dir, 'h200-idle.apps.csv'), 'utf8');
    const probe = parseProbeOutput(`@@gpus\n${gpus}@@rc 0\n@@apps\n${apps}@@rc 0\n@@users\n@@load\n0.00 0.01 0.05 1/300 42\n`, 'h200', 'ssh:h200');
    assert.equal(probe.gpuError, undefined);
    assert.equal(probe.gpus.length, 1);
    const g = probe.gpus[0]!;
    assert.deepEqual([g.index, g.name, g.memoryTotalMiB, g.utilization, g.free], [0, 'NVIDIA H200', 143771, 0, true]);
    assert.match(g.uuid ?? '', /^GPU-[0-9a-f-]{36}$/);
    assert.ok(typeof g.powerW === 'number' && g.powerW > 0);
    assert.deepEqual(probe.load, [0, 0.01, 0.05]);
  });

  it('parses a real H200 busy with a training job: its process, memory and user; the GPU is not free', () => {
    const dir = path.join(__dirname, '../fixtures/nvidia-smi');
    const gpus = fs.readFileSync(path.join(dir, 'h200-busy.query-gpu.csv'), 'utf8');
    const apps = fs.readFileSync(path.join(dir, 'h200-busy.apps.csv'), 'utf8');
    const pid = apps.split(',')[1]!.trim();
    const probe = parseProbeOutput(`@@gpus\n${gpus}@@rc 0\n@@apps\n${apps}@@rc 0\n@@users\n${pid} root\n@@load\n1.00 0.50 0.20 2/300 42\n`, 'h200', 'ssh:h200');
    assert.equal(probe.gpuError, undefined);
    const g = probe.gpus[0]!;
    assert.deepEqual([g.index, g.name, g.free], [0, 'NVIDIA H200', false]);
    assert.ok((g.utilization ?? 0) >= 90 && (g.memoryUsedMiB ?? 0) > 1000, JSON.stringify(g));
    assert.deepEqual(g.processes, [{ pid: Number(pid), usedMemoryMiB: Number(apps.split(',')[2]), user: 'root' }]);
  });

  it('reads rows, [N/A] and [Not Supported] as unknown, names with commas', () => {
    const r = parseGpuCsv('0, NVIDIA A100-SXM4-80GB, GPU-a, 35, 1024, 81920, 41, 90.12\n1, Tesla, K80, rev B, GPU-b, [N/A], [N/A], 11441, [Not Supported], [N/A]\n');
    assert.equal(r.error, undefined);
    assert.equal(r.gpus.length, 2);
    assert.deepEqual(r.gpus[0], { index: 0, name: 'NVIDIA A100-SXM4-80GB', uuid: 'GPU-a', utilization: 35, memoryUsedMiB: 1024, memoryTotalMiB: 81920, temperatureC: 41, powerW: 90.12, processes: [], free: false });
    assert.equal(r.gpus[1]!.name, 'Tesla, K80, rev B');
    assert.equal(r.gpus[1]!.utilization, undefined);
    assert.equal(r.gpus[1]!.temperatureC, undefined);
  });
  it('tells "no devices" from driver errors', () => {
    assert.deepEqual(parseGpuCsv('No devices were found\n'), { gpus: [] });
    const e = parseGpuCsv("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.\n");
    assert.match(e.error ?? '', /couldn't communicate/);
  });
  it('attaches processes and users; MIG GPUs (utilization [N/A]) are never free', () => {
    const gpus = parseGpuCsv('0, H100, GPU-a, 0, 0, 81559, 30, 60\n1, H100, GPU-b, 0, 0, 81559, 30, 60\n2, H100, GPU-c, [N/A], 0, 81559, 30, 60\n3, H100, GPU-d, 50, 0, 81559, 30, 60\n').gpus;
    const apps = parseAppsCsv('GPU-b, 4242, 1000\nNo running processes found\n');
    const out = combine(gpus, apps, parseUsers('4242 alice\n'));
    assert.deepEqual(out.map((g) => g.free), [true, false, false, false]);
    assert.deepEqual(out[1]!.processes, [{ pid: 4242, usedMemoryMiB: 1000, user: 'alice' }]);
    assert.equal(out[2]!.mig, true);
  });
  it('parses a whole probe (sections, load, memory) and names probe files safely', () => {
    const p = parseProbeOutput('@@gpus\n0, A10, GPU-a, 1, 2, 24000, 30, 20\n@@rc 0\n@@apps\n\n@@rc 0\n@@users\n@@load\n0.50 0.40 0.30 1/100 42\n@@mem\nMemTotal:  2097152 kB\nMemAvailable: 1048576 kB\n', 'gpu1', 'ssh:gpu1');
    assert.equal(p.gpus.length, 1);
    assert.deepEqual(p.load, [0.5, 0.4, 0.3]);
    assert.deepEqual(p.memory, { totalMiB: 2048, availableMiB: 1024 });
    assert.equal(parseProbeOutput('@@nosmi\n', 'h', 'ssh:h').gpuError?.includes('not installed'), true);
    assert.equal(probeFileName('alice@10.0.0.5:2222'), 'alice@10.0.0.5_2222.json');
    assert.equal(probeFileName('../x'), '__x.json');
  });
});
