/**
 * Outputs and housekeeping on a real sshd: fetchOutputs over SFTP (the spec's outputs resolved in
 * the job's snapshot + its outputs/ folder, byte for byte, folders recursed, symlinks never
 * followed out of the job directory), prune (old final jobs and unused caches, hard-linked
 * bytes counted once), and one GPU lock per machine when an SSH host's trainyard folder is this
 * machine's own (local and SSH GPU jobs never share a GPU; the FAKE nvidia-smi reports two).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startFixture, skip, final, waitFor, type Fixture } from './ssh-fixture';
import { setFakeGpus } from '../helpers/sshd';
import { getTarget } from '../../core/targets/registry';
import type { SshTarget } from '../../core/targets/ssh';
import { LocalTarget } from '../../core/targets/local';
import { pruneTarget } from '../../core/targets/prune';
import { resolveJob } from '../../core/jobs/resolve';
import type { JobSpec } from '../../core/spec/model';
import type { TrainyardConfig } from '../../core/config';

let f: Fixture;
before(async () => {
  if (!skip) f = await startFixture('ty-sshout-', { gpuQueuePollSeconds: 1 });
});
after(async () => {
  await f?.close();
});

/** Every file under `dir`, relative, sorted. */
function files(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...files(dir, r));
    else out.push(r);
  }
  return out.sort();
}

describe('fetch, prune and the GPU lock over ssh (real sshd)', { skip }, () => {
  it('fetches outputs and outputs/ over SFTP byte for byte; symlinks out of the job dir are not followed', async () => {
    const work = f.workdir({ 'train.py': 'print(1)\n' });
    const t = f.target();
    const script = [
      'head -c 300000 /dev/urandom > model.bin',
      'mkdir -p ckpt logs/deep && printf a > ckpt/1.pt && printf b > ckpt/2.pt && printf c > ckpt/x.txt && printf d > logs/deep/e.log',
      `printf 'bin\\0ary\\377' > "$TRAINYARD_OUTPUT_DIR/weird name's.bin"`,
      'mkdir -p "$TRAINYARD_OUTPUT_DIR/sub" && printf s > "$TRAINYARD_OUTPUT_DIR/sub/f" && chmod 0750 "$TRAINYARD_OUTPUT_DIR/sub/f"',
      'ln -s /etc/hostname "$TRAINYARD_OUTPUT_DIR/escape"',
      'ln -s ../../ "$TRAINYARD_OUTPUT_DIR/up"',
      'ln -s sub/f "$TRAINYARD_OUTPUT_DIR/inside"',
      'ln -s . "$TRAINYARD_OUTPUT_DIR/sub/loop"',
      'ln -s ../nowhere "$TRAINYARD_OUTPUT_DIR/dangling"',
      'ln -s /etc etc-link',
    ].join('\n');
    const job = f.resolve(work, { run: script, outputs: ['model.bin', 'ckpt/*.pt', 'logs/', 'missing.txt', 'etc-link/hostname', 'etc-*'] });
    await t.launch(job);
    assert.equal((await final(t, job.id)).status, 'succeeded');
    const dest = path.join(f.root, 'fetched');
    const seen: number[] = [];
    const r = await t.fetch(job.id, dest, { progress: (e) => e.fraction !== undefined && seen.push(e.fraction) });
    const rel = r.files.map((p) => path.relative(dest, p)).sort();
    assert.deepEqual(rel, ['ckpt/1.pt', 'ckpt/2.pt', 'inside', 'logs/deep/e.log', 'model.bin', 'sub/f', "weird name's.bin"]);
    assert.deepEqual(files(dest), rel, 'nothing else (no .part files) lands in dest');
    const jobDir = path.join(f.remoteDir, 'jobs', job.id);
    const host = (p: string) => fs.readFileSync(p.startsWith('ckpt') || p.startsWith('logs') || p === 'model.bin' ? path.join(jobDir, 'workdir', p) : path.join(jobDir, 'outputs', p === 'inside' ? 'sub/f' : p));
    for (const p of rel) assert.ok(fs.readFileSync(path.join(dest, p)).equals(host(p)), `${p} differs`);
    assert.equal(r.bytes, 300000 + 1 + 1 + 1 + 8 + 1 + 1);
    assert.equal(fs.statSync(path.join(dest, 'sub/f')).mode & 0o777, 0o750);
    assert.equal(Math.floor(fs.statSync(path.join(dest, 'model.bin')).mtimeMs / 1000), Math.floor(fs.statSync(path.join(jobDir, 'workdir/model.bin')).mtimeMs / 1000));
    assert.deepEqual(r.skipped.map((s) => path.basename(s.remote)).sort(), ['dangling', 'escape', 'etc-link', 'hostname', 'loop', 'up']);
    assert.match(r.skipped.find((s) => s.remote.endsWith('/escape'))!.why, /out of the job directory/);
    assert.ok(!fs.existsSync(path.join(work, 'model.bin')), 'the job ran in its snapshot, not in the local workdir');
    assert.equal(seen.at(-1), 1);
    // Again into the same folder: files are replaced, not appended to.
    const again = await t.fetchOutputs(job.id, dest);
    assert.equal(again.length, 7);
    assert.ok(fs.readFileSync(path.join(dest, 'model.bin')).equals(host('model.bin')));
  });

  it('prune removes old final job directories and unused caches (never running jobs), counting hard-linked bytes once', async () => {
    const t = f.target();
    const work = f.workdir({ 'data.bin': 'x'.repeat(100_000) });
    const done = f.resolve(work, { run: 'head -c 50000 /dev/zero > "$TRAINYARD_OUTPUT_DIR/o.bin"' });
    await t.launch(done);
    assert.equal((await final(t, done.id)).status, 'succeeded');
    const running = f.resolve(work, { run: 'echo up; sleep 300' });
    await t.launch(running);
    await waitFor(t, running.id, (i) => i.status === 'running', 'running');
    const jobs = path.join(f.remoteDir, 'jobs');

    assert.equal((await pruneTarget(t, { olderThanSeconds: 3600 })).removed.filter((i) => i.name === done.id).length, 0, 'not old enough');
    const dry = await pruneTarget(t, { olderThanSeconds: 0, dryRun: true });
    assert.ok(dry.removed.some((i) => i.kind === 'job' && i.name === done.id));
    assert.ok(dry.removed.some((i) => i.kind === 'cache'));
    assert.ok(!dry.removed.some((i) => i.name === running.id), 'a running job is never pruned');
    assert.ok(fs.existsSync(path.join(jobs, done.id)), 'a dry run removes nothing');

    const r = await pruneTarget(t, { olderThanSeconds: 0 });
    assert.ok(!fs.existsSync(path.join(jobs, done.id)));
    assert.ok(fs.existsSync(path.join(jobs, running.id, 'workdir', 'data.bin')), "the running job's snapshot stays");
    assert.equal((await t.status(running.id)).status, 'running');
    assert.equal(fs.readdirSync(path.join(f.remoteDir, 'cache')).length, 0);
    // o.bin and the job's own files are freed; data.bin is still linked from the running job's snapshot.
    const mine = r.removed.find((i) => i.name === done.id)!;
    assert.ok(mine.bytes >= 50_000 && mine.bytes < 100_000, String(mine.bytes));
    for (const c of r.removed.filter((i) => i.kind === 'cache')) assert.ok(c.bytes < 100_000, `cache ${c.bytes}`);
    assert.equal(r.bytes, r.removed.reduce((n, i) => n + i.bytes, 0));

    await t.cancel(running.id);
    const r2 = await pruneTarget(t, { olderThanSeconds: 0 });
    assert.ok(r2.removed.find((i) => i.name === running.id)!.bytes >= 100_000, 'the last link to data.bin went');
    // The cache is gone: the next launch sends the workdir again.
    const next = f.resolve(work, { run: 'wc -c < data.bin' });
    await t.launch(next);
    assert.equal((await final(t, next.id)).status, 'succeeded');
    assert.equal(fs.readFileSync(path.join(jobs, next.id, 'log'), 'utf8').trim(), '100000');
  });

  it('local and SSH GPU jobs in one trainyard folder share one GPU lock and never one GPU', async () => {
    setFakeGpus(f.d, {
      gpus: '0, NVIDIA A100-SXM4-80GB, GPU-a, 0, 1, 81920, 30, 60\n1, NVIDIA A100-SXM4-80GB, GPU-b, 0, 1, 81920, 31, 61\n',
      apps: '',
    });
    const box = f.config.hosts!.box!;
    const config: TrainyardConfig = { ...f.config, hosts: { box: { ...box, trainyardDir: f.home } } };
    const ssh = getTarget('ssh:box', { home: f.home, config, ssh: { ...f.ssh } }) as SshTarget;
    const local = new LocalTarget({ home: f.home, config, env: { ...process.env, PATH: `${f.d.binDir}:${process.env.PATH}` } });
    const work = f.workdir({ 'a.txt': 'a' });
    const spec = { version: 1, kind: 'job', run: 'echo "gpu $CUDA_VISIBLE_DEVICES"; sleep 300', resources: { gpus: 1 } } as JobSpec;
    const resolve = (target: string) => resolveJob(spec, path.join(work, 'job.trainyard.yaml'), 'run: x\n', { target, config, home: f.home, processEnv: {} });

    const l1 = await local.launch(resolve('local'));
    assert.deepEqual(l1.gpus, ['0']);
    assert.equal(fs.readFileSync(path.join(f.home, 'jobs', l1.id, 'gpus'), 'utf8'), '0\n');
    const s1 = await ssh.launch(resolve('ssh:box'));
    const s1Running = await waitFor(ssh, s1.id, (i) => i.status === 'running', 'the SSH job to start');
    assert.deepEqual(s1Running.gpus, ['1'], 'the SSH queue sees the local job holding GPU 0');
    await assert.rejects(local.launch(resolve('local')), (e: Error & { reason?: string }) => {
      assert.equal(e.reason, 'no-free-gpu');
      assert.match(e.message, /GPU 0 given to another Trainyard job; GPU 1 given to another Trainyard job/);
      return true;
    });
    const s2 = await ssh.launch(resolve('ssh:box'));
    const queued = await ssh.status(s2.id);
    assert.equal(queued.status, 'queued');
    assert.equal(queued.reason, 'waiting-for-gpus');
    await local.cancel(l1.id);
    const s2Running = await waitFor(ssh, s2.id, (i) => i.status === 'running', 'the queued SSH job to get GPU 0');
    assert.deepEqual(s2Running.gpus, ['0']);
    await Promise.all([ssh.cancel(s1.id), ssh.cancel(s2.id)]);
  });
});
