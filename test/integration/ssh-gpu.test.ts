/**
 * GPUs on SSH hosts against a real sshd, with a FAKE nvidia-smi (test/helpers/sshd.ts) as the
 * only stand-in: concurrent launches from separate connection pools (separate "machines") never
 * share a GPU; a job with no free GPU waits `queued` ON THE HOST and starts when one frees up;
 * a queued job can be cancelled; impossible requests fail at once.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setFakeGpus } from '../helpers/sshd';
import { skip, startFixture, waitFor, final, logOf, type Fixture } from './ssh-fixture';

let f: Fixture;
let gates: string;
before(async () => {
  if (skip) return;
  f = await startFixture('ty-sshgpu-', { gpuQueuePollSeconds: 1 });
  gates = path.join(f.root, 'gates');
  fs.mkdirSync(gates);
  // FAKE nvidia-smi: GPUs 0 and 1 idle A100s, GPU 2 an A100 running someone else's process.
  setFakeGpus(f.d, {
    gpus: [
      '0, NVIDIA A100-SXM4-80GB, GPU-aaa, 0, 3, 81920, 30, 60',
      '1, NVIDIA A100-SXM4-80GB, GPU-bbb, 0, 3, 81920, 30, 60',
      '2, NVIDIA A100-SXM4-80GB, GPU-ccc, 80, 40000, 81920, 70, 300',
    ].join('\n') + '\n',
    apps: `GPU-ccc, ${process.pid}, 39000\n`,
  });
});
after(async () => f?.close());

/** A job that prints its GPUs, then waits until the test opens its gate. */
const gated = (name: string) => ({
  name,
  resources: { gpus: 1, gpu: 'a100' },
  env: { GATES: gates },
  run: 'echo "gpus=$CUDA_VISIBLE_DEVICES order=$CUDA_DEVICE_ORDER"; while [ ! -e "$GATES/$TRAINYARD_JOB_ID" ]; do sleep 0.1; done',
});

describe('GPU allocation on SSH hosts (real sshd, FAKE nvidia-smi)', { skip }, () => {
  it('concurrent launches never share a GPU; the third waits queued on the host, then starts when one finishes', async () => {
    const w = f.workdir({ 'a.txt': 'a' });
    const jobs = await Promise.all(['one', 'two', 'three'].map((n) => f.target().launch(f.resolve(w, gated(n)))));
    const t = f.target();
    const infos = await Promise.all(jobs.map((j) => waitFor(t, j.id, (i) => i.status === 'running' || i.reason === 'waiting-for-gpus', 'running or waiting')));
    const running = infos.filter((i) => i.status === 'running');
    const queued = infos.filter((i) => i.status === 'queued');
    assert.equal(running.length, 2, JSON.stringify(infos));
    assert.equal(queued.length, 1);
    assert.deepEqual(running.flatMap((i) => i.gpus ?? []).sort(), ['0', '1']);
    assert.equal(queued[0]!.gpus, undefined);
    assert.equal(queued[0]!.reason, 'waiting-for-gpus');
    assert.match(fs.readFileSync(path.join(f.remoteDir, 'jobs', queued[0]!.id, 'waiting'), 'utf8'), /^wait for 1 GPU of type a100: 0 of 3 free/);
    // Another job while all are taken: queued too, and cancelled while it waits.
    const extra = await f.target().launch(f.resolve(w, gated('four')));
    assert.equal(extra.status, 'queued');
    const cancelled = await f.target().cancel(extra.id);
    assert.equal(cancelled.status, 'cancelled');
    assert.equal(cancelled.startedAt, null);
    assert.equal(await logOf(t, extra.id), '', 'a cancelled queued job never ran');
    // Finish the first running job: its GPU goes to the queued one.
    const first = running[0]!;
    fs.writeFileSync(path.join(gates, first.id), '');
    assert.equal((await final(t, first.id)).status, 'succeeded');
    const started = await waitFor(t, queued[0]!.id, (i) => i.status === 'running', 'the queued job to start');
    assert.deepEqual(started.gpus, first.gpus);
    for (const j of [running[1]!, started]) fs.writeFileSync(path.join(gates, j.id), '');
    for (const j of [...running, started]) {
      const info = await final(t, j.id);
      assert.equal(info.status, 'succeeded');
      assert.equal(await logOf(t, j.id), `gpus=${info.gpus!.join(',')} order=PCI_BUS_ID\n`);
    }
  });

  it('a request the host can never meet fails at once (no-free-gpu), naming what it has', async () => {
    const w = f.workdir();
    const t = f.target();
    await assert.rejects(t.launch(f.resolve(w, { resources: { gpus: 4 } })), (e: Error & { reason?: string }) => e.reason === 'no-free-gpu' && /only 3/.test(e.message));
    await assert.rejects(t.launch(f.resolve(w, { resources: { gpus: 1, gpu: 'h100' } })), (e: Error & { reason?: string }) => e.reason === 'no-free-gpu' && /A100/.test(e.message));
  });

  it('a hostile GPU type (quotes, $(), backticks) reaches the host-side pick as data', async () => {
    const weird = "Odd 'GPU' $(touch pwned) `touch pwned2` \\n";
    setFakeGpus(f.d, { gpus: `0, ${weird}, GPU-zzz, 0, 0, 1000, 30, 60\n`, apps: '' });
    const w = f.workdir();
    const t = f.target();
    const job = await t.launch(f.resolve(w, { resources: { gpus: 1, gpu: weird }, run: 'echo "$CUDA_VISIBLE_DEVICES"; ls' }));
    assert.equal((await final(t, job.id)).status, 'succeeded');
    assert.equal(await logOf(t, job.id), '0\n');
    assert.ok(!fs.existsSync(path.join(f.remoteDir, 'jobs', job.id, 'pwned')));
  });
});
