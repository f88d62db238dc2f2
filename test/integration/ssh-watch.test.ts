/**
 * Watching a GPU job on an SSH host (real sshd, FAKE nvidia-smi from test/helpers/sshd.ts): the
 * status changes, the remote metrics file's records (resumable by byte offset, torn lines
 * skipped) and samples of exactly the job's GPU, through core's watchJob (what `trainyard watch`
 * prints). Waits on events, never on sleeps.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setFakeGpus } from '../helpers/sshd';
import { skip, startFixture, final, waitFor, type Fixture } from './ssh-fixture';
import { watchJob, type WatchEvent } from '../../core/jobs/watch';

let f: Fixture;
let gates: string;
/** FAKE nvidia-smi rows: two A100s, `busy` (when given) at 97% and 70000 MiB. */
const gpuLines = (busy?: number) =>
  [0, 1].map((i) => `${i}, NVIDIA A100-SXM4-80GB, GPU-${i}, ${i === busy ? 97 : 0}, ${i === busy ? 70000 : 3}, 81920, 30, 60\n`).join('');

before(async () => {
  if (skip) return;
  f = await startFixture('ty-sshwatch-', { gpuQueuePollSeconds: 1 });
  gates = path.join(f.root, 'gates');
  fs.mkdirSync(gates);
  // FAKE nvidia-smi: two idle A100s.
  setFakeGpus(f.d, { gpus: gpuLines(), apps: '' });
});
after(async () => f?.close());

describe('watch on an SSH host (real sshd, FAKE nvidia-smi)', { skip }, () => {
  it('streams status changes, the metrics records and samples of the job GPU only (fake nvidia-smi)', async () => {
    const w = f.workdir({ 'a.txt': 'a' });
    const job = await f.target().launch(
      f.resolve(w, {
        name: 'gpu-metrics',
        resources: { gpus: 1 },
        env: { GATES: gates },
        run: [
          'while [ ! -e "$GATES/$TRAINYARD_JOB_ID" ]; do sleep 0.05; done',
          `printf '{"step":1,"loss":0.9}\\n{"step":2,"lo\\n' >>"$TRAINYARD_METRICS_FILE"`,
          `printf '{"step":2,"loss":0.5,"name":"x"}\\n{"step":3,"loss":0.41,"accuracy":0.88}\\n' >>"$TRAINYARD_METRICS_FILE"`,
        ].join('\n'),
      }),
    );
    const t = f.target();
    const running = await waitFor(t, job.id, (i) => i.status === 'running', 'running');
    assert.ok(running.gpus?.length === 1, JSON.stringify(running));
    const mine = Number(running.gpus[0]);
    // The job's GPU is now busy; the other stays idle (and must not be reported).
    setFakeGpus(f.d, { gpus: gpuLines(mine), apps: '' });

    const events: WatchEvent[] = [];
    let sawGpu: () => void;
    const gpuSeen = new Promise<void>((r) => (sawGpu = r));
    const ac = new AbortController();
    const end = await Promise.all([
      watchJob(t, job.id, {
        intervalMs: 200,
        signal: ac.signal,
        emit: (e) => {
          events.push(e);
          if (e.type === 'gpu') sawGpu();
        },
      }),
      gpuSeen.then(() => fs.writeFileSync(path.join(gates, job.id), '')),
    ]);
    assert.equal(end[0].status, 'succeeded');
    assert.deepEqual(
      events.filter((e) => e.type === 'status').map((e) => e.type === 'status' && e.status),
      ['running', 'succeeded'],
    );
    assert.deepEqual(
      events.flatMap((e) => (e.type === 'metrics' ? [e.metrics] : [])),
      [{ step: 1, loss: 0.9 }, { step: 2, loss: 0.5 }, { step: 3, loss: 0.41, accuracy: 0.88 }],
    );
    const gpu = events.filter((e) => e.type === 'gpu');
    assert.ok(gpu.length >= 1);
    for (const g of gpu) {
      assert.ok(g.type === 'gpu');
      assert.equal(g.index, mine, 'only the job GPU is sampled');
      assert.deepEqual([g.utilization, g.memoryUsedMiB, g.memoryTotalMiB], [97, 70000, 81920]);
    }
    assert.equal(events.at(-1)!.type, 'status');
    await final(t, job.id);
  });

  it('streams the records of log lines the spec\'s metrics.pattern matches (split write, \\r progress), live and once finished', async () => {
    const w = f.workdir({ 'a.txt': 'a' });
    const t = f.target();
    const job = await t.launch(
      f.resolve(w, {
        name: 'pattern',
        env: { GATES: gates },
        metrics: { pattern: '(?:epoch (?<step>\\d+)/\\d+ )?loss=(?<loss>[0-9.]+)' },
        run: [
          'while [ ! -e "$GATES/$TRAINYARD_JOB_ID" ]; do sleep 0.05; done',
          `printf 'epoch 1/2 loss=0.9\\n\\rtrain loss=0.8\\rtrain loss=0.7'`,
          'sleep 0.2',
          `printf '\\rtrain loss=0.7\\nepoch 2/2 lo'`,
          'sleep 0.3',
          `printf 'ss=0.5\\n'`,
        ].join('\n'),
      }),
    );
    await waitFor(t, job.id, (i) => i.status === 'running', 'running');
    const expected = [{ step: 1, loss: 0.9 }, { loss: 0.8 }, { loss: 0.7 }, { step: 2, loss: 0.5 }];
    const watch = async (): Promise<WatchEvent[]> => {
      const events: WatchEvent[] = [];
      await watchJob(t, job.id, { intervalMs: 200, signal: new AbortController().signal, emit: (e) => events.push(e), warn: (m) => assert.fail(m) });
      return events;
    };
    const live = watch();
    fs.writeFileSync(path.join(gates, job.id), '');
    for (const events of [await live, await watch()]) {
      const pattern = events.flatMap((e) => (e.type === 'metrics' ? [e] : []));
      assert.ok(pattern.every((e) => e.source === 'pattern'));
      assert.deepEqual(pattern.map((e) => e.metrics), expected);
      assert.equal(pattern.at(-1)!.offset, Buffer.byteLength('epoch 1/2 loss=0.9\n\rtrain loss=0.8\rtrain loss=0.7\rtrain loss=0.7\nepoch 2/2 loss=0.5\n'));
      assert.equal(events.at(-1)!.type, 'status');
    }
  });

  it('metrics resume from a byte offset without repeating a record', async () => {
    const w = f.workdir({ 'a.txt': 'a' });
    const t = f.target();
    const job = await t.launch(f.resolve(w, { name: 'm', run: `printf '{"step":1,"a":1}\\n{"step":2,"a":2}\\n' >>"$TRAINYARD_METRICS_FILE"` }));
    await final(t, job.id);
    const all = [];
    for await (const b of t.metrics(job.id, {})) all.push(b);
    assert.deepEqual(all.flatMap((b) => b.records), [{ step: 1, a: 1 }, { step: 2, a: 2 }]);
    const firstLine = Buffer.byteLength('{"step":1,"a":1}\n');
    const rest = [];
    for await (const b of t.metrics(job.id, { fromOffset: firstLine })) rest.push(b);
    assert.deepEqual(rest.flatMap((b) => b.records), [{ step: 2, a: 2 }]);
    assert.equal(rest.at(-1)!.offset, all.at(-1)!.offset);
  });
});
