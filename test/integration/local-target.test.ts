/**
 * The local target end to end: real detached runners, real process groups. Every test has
 * its own TRAINYARD_HOME and waits on file events / status changes, never on fixed sleeps.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { LocalTarget } from '../../core/targets/local';
import { resolveJob, type ResolvedJob } from '../../core/jobs/resolve';
import type { JobInfo } from '../../core/targets/types';
import type { JobSpec } from '../../core/spec/model';
import { isFinal } from '../../core/targets/types';
import { JobIndex } from '../../core/jobs/index';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ty-local-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

interface Env {
  home: string;
  work: string;
  target: LocalTarget;
}

function setup(grace = 2): Env {
  const base = fs.mkdtempSync(path.join(root, 't-'));
  const home = path.join(base, 'home');
  const work = path.join(base, 'work');
  fs.mkdirSync(home);
  fs.mkdirSync(work);
  return { home, work, target: new LocalTarget({ home, config: { cancelGraceSeconds: grace } }) };
}

function resolve(e: Env, spec: Partial<JobSpec>, opts: { processEnv?: NodeJS.ProcessEnv } = {}): ResolvedJob {
  const full = { version: 1, kind: 'job', run: 'true', ...spec } as JobSpec;
  const specPath = path.join(e.work, 'job.yaml');
  return resolveJob(full, specPath, `# spec\nrun: ${full.run}\n`, {
    config: { cancelGraceSeconds: 2 },
    home: e.home,
    processEnv: opts.processEnv ?? {},
  });
}

async function launch(e: Env, spec: Partial<JobSpec>, opts: { processEnv?: NodeJS.ProcessEnv } = {}): Promise<JobInfo> {
  return e.target.launch(resolve(e, spec, opts));
}

/** Re-reads the status on every change of the job directory until `pred` holds. */
async function waitFor(e: Env, id: string, pred: (i: JobInfo) => boolean, what: string, ms = 20_000): Promise<JobInfo> {
  const deadline = Date.now() + ms;
  for (;;) {
    const info = await e.target.status(id);
    if (pred(info)) return info;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; last: ${JSON.stringify(info)}`);
    await e.target.waitForChange(id, 300);
  }
}
const final = (e: Env, id: string): Promise<JobInfo> => waitFor(e, id, (i) => isFinal(i.status), 'a final status');

/** Follows the log until it contains `text`. */
async function waitForLog(e: Env, id: string, text: string): Promise<string> {
  let acc = '';
  for await (const c of e.target.logs(id, { follow: true })) {
    acc += c.data.toString('utf8');
    if (acc.includes(text)) return acc;
  }
  assert.fail(`log ended without ${JSON.stringify(text)}: ${acc}`);
}

function readLog(e: Env, id: string): Buffer {
  return fs.readFileSync(path.join(e.target.jobDir(id), 'log'));
}

/** Alive and not a zombie (orphans may never be reaped in some containers). */
function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2)[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
}

async function gone(pid: number): Promise<void> {
  // The runner KILLs the group before writing the final status, so this settles at once; the
  // loop only covers the kernel finishing the exit.
  for (let i = 0; i < 200 && alive(pid); i++) await new Promise((r) => setImmediate(r));
  assert.equal(alive(pid), false, `process ${pid} should be gone`);
}

describe('local target', { concurrency: true }, () => {
  it('runs a job to success and records exit code, times and the exact log bytes', async () => {
    const e = setup();
    const info = await launch(e, { name: 'hello', run: "printf 'out\\n'; printf 'err\\n' >&2; printf '\\001\\377 no newline'" });
    assert.match(info.id, /^hello-[a-z0-9]{6}$/);
    assert.notEqual(info.status, 'queued');
    const done = await final(e, info.id);
    assert.equal(done.status, 'succeeded');
    assert.equal(done.exitCode, 0);
    assert.ok(done.startedAt && done.endedAt);
    assert.equal(done.reason, undefined);
    assert.deepEqual(readLog(e, info.id), Buffer.concat([Buffer.from('out\nerr\n\x01'), Buffer.from([0xff]), Buffer.from(' no newline')]));
    const dir = e.target.jobDir(info.id);
    const rec = JSON.parse(fs.readFileSync(path.join(dir, 'job.json'), 'utf8'));
    assert.equal(rec.format, 1);
    assert.equal(rec.workdir, e.work);
    assert.equal(fs.readFileSync(path.join(dir, 'spec.yaml'), 'utf8').startsWith('# spec'), true);
    const ts = e.target.readTimestamps(info.id);
    assert.equal(ts.at(-1)?.offset, readLog(e, info.id).length);
  });

  it('gives the job the documented environment and runs it in the workdir', async () => {
    const e = setup();
    const info = await launch(e, {
      env: { LR: 0.001, DEBUG: true, NAME: 'x' },
      run: 'pwd; env | grep -E "^(TRAINYARD_|LR=|DEBUG=|NAME=)" | sort; echo \'{"step":1,"loss":0.5}\' >> "$TRAINYARD_METRICS_FILE"; echo m > "$TRAINYARD_OUTPUT_DIR/model.txt"',
    });
    await final(e, info.id);
    const dir = e.target.jobDir(info.id);
    const lines = readLog(e, info.id).toString().trim().split('\n');
    assert.equal(lines[0], e.work);
    assert.deepEqual(lines.slice(1), [
      'DEBUG=true',
      'LR=0.001',
      'NAME=x',
      `TRAINYARD_JOB_DIR=${dir}`,
      `TRAINYARD_JOB_ID=${info.id}`,
      `TRAINYARD_METRICS_FILE=${dir}/metrics.jsonl`,
      `TRAINYARD_OUTPUT_DIR=${dir}/outputs`,
    ]);
    assert.equal(fs.readFileSync(path.join(dir, 'metrics.jsonl'), 'utf8'), '{"step":1,"loss":0.5}\n');
    assert.equal(fs.readFileSync(path.join(dir, 'outputs', 'model.txt'), 'utf8'), 'm\n');
  });

  it('a job that asks for no GPU sees none (CUDA_VISIBLE_DEVICES set and empty), unless its env picks its own', async () => {
    const e = setup();
    const show = 'echo "[${CUDA_VISIBLE_DEVICES-unset}] [${CUDA_DEVICE_ORDER-unset}]"';
    // (launched from a shell that has GPUs of its own in CUDA_VISIBLE_DEVICES)
    const shell = new LocalTarget({ home: e.home, config: { cancelGraceSeconds: 2 }, env: { ...process.env, CUDA_VISIBLE_DEVICES: '0,1' } });
    const plain = await shell.launch(resolve(e, { run: show }));
    const zero = await launch(e, { run: show, resources: { gpus: 0 } });
    const own = await launch(e, { run: show, env: { CUDA_VISIBLE_DEVICES: '3' } });
    for (const j of [plain, zero, own]) await final(e, j.id);
    assert.equal(readLog(e, plain.id).toString(), '[] [PCI_BUS_ID]\n', 'not even the launching shell\'s GPUs');
    assert.equal(readLog(e, zero.id).toString(), '[] [PCI_BUS_ID]\n');
    assert.equal(readLog(e, own.id).toString(), '[3] [unset]\n');
    assert.equal(fs.existsSync(path.join(e.target.jobDir(plain.id), 'gpus')), false, 'no GPU is marked taken');
  });

  it('records a failing job as failed with its exit code (setup runs first)', async () => {
    const e = setup();
    const info = await launch(e, { setup: 'echo setting up', run: 'echo running; exit 3' });
    const done = await final(e, info.id);
    assert.equal(done.status, 'failed');
    assert.equal(done.exitCode, 3);
    assert.equal(readLog(e, info.id).toString(), 'setting up\nrunning\n');
    const failedSetup = await launch(e, { setup: 'exit 4', run: 'echo never' });
    const d2 = await final(e, failedSetup.id);
    assert.deepEqual([d2.status, d2.exitCode], ['failed', 4]);
    assert.equal(readLog(e, failedSetup.id).length, 0);
  });

  it('lists jobs from a fresh process, newest first', async () => {
    const e = setup();
    const a = await launch(e, { name: 'first', run: 'true' });
    await final(e, a.id);
    const b = await launch(e, { name: 'second', run: 'exit 1' });
    await final(e, b.id);
    const script = `const { LocalTarget } = require(${JSON.stringify(path.resolve(__dirname, '../../core/targets/local'))});
      new LocalTarget({ home: process.env.TRAINYARD_HOME }).list().then((l) => console.log(JSON.stringify(l)));`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
      env: { ...process.env, TRAINYARD_HOME: e.home },
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    const list = JSON.parse(r.stdout) as JobInfo[];
    assert.deepEqual(
      list.map((j) => [j.id, j.status, j.exitCode]),
      [
        [b.id, 'failed', 1],
        [a.id, 'succeeded', 0],
      ],
    );
    // And the same through a new instance in this process.
    const again = await new LocalTarget({ home: e.home }).list();
    assert.deepEqual(again.map((j) => j.id), [b.id, a.id]);
  });

  it('reads logs from an offset and follows a job to its end', async () => {
    const e = setup();
    const info = await launch(e, { run: 'for i in 1 2 3 4 5; do echo "line $i"; sleep 0.1; done' });
    const chunks: Buffer[] = [];
    let expected = 0;
    for await (const c of e.target.logs(info.id, { follow: true })) {
      assert.equal(c.offset, expected);
      expected += c.data.length;
      chunks.push(c.data);
    }
    assert.ok(isFinal((await e.target.status(info.id)).status), 'follow ends only when the job is final');
    const all = Buffer.concat(chunks).toString();
    assert.equal(all, 'line 1\nline 2\nline 3\nline 4\nline 5\n');
    const tail: Buffer[] = [];
    for await (const c of e.target.logs(info.id, { fromOffset: 7 })) {
      assert.equal(c.offset, 7);
      tail.push(c.data);
    }
    assert.equal(Buffer.concat(tail).toString(), 'line 2\nline 3\nline 4\nline 5\n');
  });

  it('cancels a running job: the whole process group goes, status cancelled; cancel is idempotent', async () => {
    const e = setup(5);
    const info = await launch(e, {
      run: 'sleep 300 & echo $! > "$TRAINYARD_OUTPUT_DIR/child"; echo $$ > "$TRAINYARD_OUTPUT_DIR/main"; echo ready; wait',
    });
    await waitForLog(e, info.id, 'ready');
    const out = path.join(e.target.jobDir(info.id), 'outputs');
    const child = Number(fs.readFileSync(path.join(out, 'child'), 'utf8'));
    const main = Number(fs.readFileSync(path.join(out, 'main'), 'utf8'));
    assert.ok(alive(child) && alive(main));
    const [c1, c2] = await Promise.all([e.target.cancel(info.id), e.target.cancel(info.id)]);
    assert.equal(c1.status, 'cancelled');
    assert.equal(c2.status, 'cancelled');
    assert.equal(c1.reason, 'cancelled');
    await gone(child);
    await gone(main);
    const again = await e.target.cancel(info.id);
    assert.deepEqual(again, await e.target.status(info.id));
  });

  it('SIGKILLs a job that ignores SIGTERM once the grace period is over', async () => {
    const e = setup(1);
    const info = await launch(e, { run: "trap '' TERM; echo $$ > \"$TRAINYARD_OUTPUT_DIR/main\"; echo ready; while :; do sleep 0.05; done" });
    await waitForLog(e, info.id, 'ready');
    const main = Number(fs.readFileSync(path.join(e.target.jobDir(info.id), 'outputs', 'main'), 'utf8'));
    const done = await e.target.cancel(info.id);
    assert.deepEqual([done.status, done.exitCode, done.reason], ['cancelled', 137, 'cancelled']);
    await gone(main);
  });

  it('cancels a job right after launch, before or while it starts', async () => {
    const e = setup(1);
    const info = await launch(e, { run: 'sleep 300' });
    const done = await e.target.cancel(info.id);
    assert.equal(done.status, 'cancelled');
  });

  it('records a job killed from outside with kill -9 as failed/137', async () => {
    const e = setup();
    const info = await launch(e, { run: 'echo $$ > "$TRAINYARD_OUTPUT_DIR/main"; echo ready; sleep 300' });
    await waitForLog(e, info.id, 'ready');
    const main = Number(fs.readFileSync(path.join(e.target.jobDir(info.id), 'outputs', 'main'), 'utf8'));
    process.kill(main, 'SIGKILL');
    const done = await final(e, info.id);
    assert.deepEqual([done.status, done.exitCode, done.reason], ['failed', 137, 'signal']);
    await gone(main);
  });

  it('kills a job that runs past its timeout: failed, reason timeout', async () => {
    const e = setup(1);
    const info = await launch(e, { timeout: '1s', run: 'echo start; sleep 300' });
    const done = await final(e, info.id);
    assert.equal(done.status, 'failed');
    assert.equal(done.reason, 'timeout');
    assert.equal(done.exitCode, 143);
    assert.equal(readLog(e, info.id).toString(), 'start\n');
  });

  it('retries failed attempts up to `retries`', async () => {
    const e = setup();
    const counter = path.join(e.work, 'count');
    const run = `n=$(cat ${JSON.stringify(counter)} 2>/dev/null || echo 0); n=$((n+1)); echo $n > ${JSON.stringify(counter)}; echo "attempt $n"; [ $n -ge 3 ]`;
    const ok = await launch(e, { retries: 3, run });
    const d1 = await final(e, ok.id);
    assert.deepEqual([d1.status, d1.exitCode, d1.attempt], ['succeeded', 0, 3]);
    assert.equal(readLog(e, ok.id).toString(), 'attempt 1\nattempt 2\nattempt 3\n');
    const bad = await launch(e, { retries: 1, run: 'echo try; exit 7' });
    const d2 = await final(e, bad.id);
    assert.deepEqual([d2.status, d2.exitCode, d2.attempt], ['failed', 7, 2]);
    assert.equal(readLog(e, bad.id).toString(), 'try\ntry\n');
  });

  it('passes hostile values and names byte for byte and never executes them', async () => {
    const e = setup();
    const weird = path.join(e.work, "it's a $(touch PWNED) `touch PWNED` dir");
    fs.mkdirSync(weird);
    const values: Record<string, string> = {
      Q: `it's "quoted" \\ back\\slash '\\''`,
      SUB: '$(touch PWNED) ${HOME} $HOME',
      TICK: '`touch PWNED`',
      NL: 'line1\nline2\n\n',
      GLOB: '* ? [a-z] ~',
      UNI: 'ümlaut — 日本語 🚂',
      EMPTY: '',
      SEMI: '; touch PWNED; #',
    };
    const names = Object.keys(values);
    const job = resolve(e, {
      name: `'; touch PWNED #$(touch PWNED)\nüñí/..:x`,
      workdir: weird,
      env: values,
      run: names.map((n) => `printf '%s' "$${n}" > "$TRAINYARD_OUTPUT_DIR/${n}"`).join('\n'),
    });
    assert.match(job.id, /^[a-z0-9-]+$/);
    assert.ok(!job.id.includes('/') && !job.id.includes(':'));
    const info = await e.target.launch(job);
    const done = await final(e, info.id);
    assert.equal(done.status, 'succeeded', readLog(e, info.id).toString());
    assert.equal(done.name, job.name);
    for (const n of names) {
      assert.equal(fs.readFileSync(path.join(e.target.jobDir(info.id), 'outputs', n), 'utf8'), values[n], n);
    }
    const pwned = (dir: string): boolean => fs.readdirSync(dir).includes('PWNED');
    assert.equal(pwned(weird), false);
    assert.equal(pwned(e.work), false);
    assert.equal(pwned(e.target.jobDir(info.id)), false);
  });

  it('keeps secrets in a 0600 file only, and the job sees them', async () => {
    const e = setup();
    fs.writeFileSync(path.join(e.home, 'secrets.yaml'), 'FILE_SECRET: "from-file \' $(x)"\n', { mode: 0o600 });
    const job = resolve(
      e,
      {
        env: { TOKEN: { secret: 'MY_TOKEN' }, OTHER: { secret: 'FILE_SECRET' }, PLAIN: 'visible' },
        run: 'printf "%s|%s|%s" "$TOKEN" "$OTHER" "$PLAIN" > "$TRAINYARD_OUTPUT_DIR/seen"',
      },
      { processEnv: { MY_TOKEN: 'tok-s3cr3t' } },
    );
    assert.deepEqual(job.secretEnv, { TOKEN: 'tok-s3cr3t', OTHER: "from-file ' $(x)" });
    const info = await e.target.launch(job);
    await final(e, info.id);
    const dir = e.target.jobDir(info.id);
    assert.equal(fs.statSync(path.join(dir, 'secrets.sh')).mode & 0o777, 0o600);
    assert.equal(fs.readFileSync(path.join(dir, 'outputs', 'seen'), 'utf8'), "tok-s3cr3t|from-file ' $(x)|visible");
    for (const f of ['job.json', 'env.sh', 'spec.yaml', 'runner.conf']) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      assert.ok(!text.includes('tok-s3cr3t') && !text.includes('from-file'), `${f} must not hold secret values`);
    }
    assert.deepEqual((await e.target.secretValues(info.id)).sort(), ["from-file ' $(x)", 'tok-s3cr3t']);
    const plain = await launch(e, { run: 'true' });
    assert.equal(fs.existsSync(path.join(e.target.jobDir(plain.id), 'secrets.sh')), false);
  });

  it('reconciles a job whose runner was killed with -9: the exit code comes from job.exit', async () => {
    const e = setup();
    const info = await launch(e, { run: 'echo ready; while [ ! -e "$TRAINYARD_OUTPUT_DIR/go" ]; do sleep 0.05; done; echo bye; exit 5' });
    await waitForLog(e, info.id, 'ready');
    const dir = e.target.jobDir(info.id);
    const runner = Number(fs.readFileSync(path.join(dir, 'runner.pid'), 'utf8'));
    process.kill(runner, 'SIGKILL');
    await gone(runner);
    assert.equal((await e.target.status(info.id)).status, 'running', 'the job runs on without its runner');
    fs.writeFileSync(path.join(dir, 'outputs', 'go'), '');
    const done = await final(e, info.id);
    assert.deepEqual([done.status, done.exitCode], ['failed', 5]);
    assert.equal(readLog(e, info.id).toString(), 'ready\nbye\n');
    assert.equal(fs.readFileSync(path.join(dir, 'status'), 'utf8'), 'failed\n', 'the reconciled state is persisted');
  });

  it('copies outputs (paths, globs and the job outputs/ folder)', async () => {
    const e = setup();
    const info = await launch(e, {
      outputs: ['model.pt', 'logs/*.txt', 'missing.bin'],
      run: 'echo w > model.pt; mkdir -p logs; echo a > logs/a.txt; echo b > logs/b.log; echo o > "$TRAINYARD_OUTPUT_DIR/eval.json"',
    });
    await final(e, info.id);
    const dest = path.join(e.work, '..', 'fetched');
    const written = await e.target.fetchOutputs(info.id, dest);
    assert.deepEqual(written.map((p) => path.relative(dest, p)).sort(), ['eval.json', 'logs/a.txt', 'model.pt']);
    assert.equal(fs.readFileSync(path.join(dest, 'logs/a.txt'), 'utf8'), 'a\n');
    assert.equal(fs.existsSync(path.join(dest, 'logs/b.log')), false);
  });

  it('probes the machine and reports unknown ids as unknown-job', async () => {
    const e = setup();
    const p = await e.target.probe();
    assert.equal(p.ok, true);
    assert.equal(p.target, 'local');
    await assert.rejects(e.target.status('nope-123456'), (err: { reason?: string }) => err.reason === 'unknown-job');
    await assert.rejects(e.target.status('../etc'), (err: { reason?: string }) => err.reason === 'unknown-job');
    const idx = new JobIndex(e.home);
    idx.record({ id: 'a-1', target: 'local', name: 'a', createdAt: '2020-01-01T00:00:00Z' });
    idx.record({ id: 'a-1', target: 'ssh:gpu', name: 'a', createdAt: '2020-01-01T00:00:00Z' });
    fs.appendFileSync(idx.file, '{torn\n');
    assert.equal(idx.lookup('a-1')?.target, 'ssh:gpu');
    assert.equal(idx.all().length, 1);
  });

  it('probes local GPUs through nvidia-smi (a FAKE nvidia-smi on PATH) with the same parser as SSH hosts', async () => {
    const e = setup();
    await withFakeNvidiaSmi(e, GPUS_ONE_BUSY, async () => {
      const host = await e.target.probeHost();
      assert.equal(host.gpuError, undefined);
      assert.deepEqual(host.gpus.map((g) => [g.index, g.name, g.utilization, g.free]), [
        [0, 'NVIDIA H200', 97, false],
        [1, 'NVIDIA H200', 0, true],
      ]);
      assert.equal(host.gpus[1]!.powerW, undefined);
      const short = await e.target.probe();
      assert.equal(short.gpus?.length, 2);
    });
  });

  it('gives GPU jobs free GPUs (a FAKE nvidia-smi), never the same one twice, and says why when none is free', async () => {
    const e = setup();
    await withFakeNvidiaSmi(e, GPUS_THREE_ONE_BUSY, async () => {
      const gpuJob = { run: 'echo "$CUDA_DEVICE_ORDER $CUDA_VISIBLE_DEVICES"; sleep 300', resources: { gpus: 1, gpu: 'a100' } };
      const [a, b] = await Promise.all([launch(e, gpuJob), launch(e, gpuJob)]);
      assert.deepEqual([a.gpus, b.gpus].map((g) => g?.length), [1, 1]);
      assert.notDeepEqual(a.gpus, b.gpus);
      assert.deepEqual([...a.gpus!, ...b.gpus!].sort(), ['0', '2'], 'GPU 1 is busy, so 0 and 2');
      await waitFor(e, a.id, () => fs.readFileSync(path.join(e.home, 'jobs', a.id, 'log'), 'utf8').includes('\n'), 'the log line');
      assert.equal(fs.readFileSync(path.join(e.home, 'jobs', a.id, 'log'), 'utf8'), `PCI_BUS_ID ${a.gpus![0]}\n`);
      await assert.rejects(launch(e, gpuJob), (err: Error & { reason?: string }) => {
        assert.equal(err.reason, 'no-free-gpu');
        assert.match(err.message, /only 0 are free on this machine: GPU 0 given to another Trainyard job; GPU 1 running 1 process; GPU 2 given to another Trainyard job/);
        return true;
      });
      await assert.rejects(launch(e, { run: 'true', resources: { gpus: 1, gpu: 'H100' } }), /has NVIDIA A100-SXM4-80GB; change `resources.gpu`/);
      await e.target.cancel(a.id);
      const c = await launch(e, gpuJob);
      assert.deepEqual(c.gpus, a.gpus, 'a cancelled job gives its GPU back');
      await Promise.all([e.target.cancel(b.id), e.target.cancel(c.id)]);
    });
    // Without nvidia-smi on PATH (a PATH of coreutils only), a GPU job fails with a clear reason.
    const noGpu = new LocalTarget({ home: e.home, config: { cancelGraceSeconds: 2 }, env: { ...process.env, PATH: '/usr/bin:/bin' } });
    if (!fs.existsSync('/usr/bin/nvidia-smi') && !fs.existsSync('/bin/nvidia-smi')) {
      // Without nvidia-smi the probe still reports the machine's load and memory.
      const host = await noGpu.probeHost();
      assert.match(host.gpuError ?? '', /not installed/);
      assert.equal(host.load?.length, 3);
      assert.ok((host.memory?.totalMiB ?? 0) > 0);
      await assert.rejects(noGpu.launch(resolve(e, { run: 'true', resources: { gpus: 1 } })), (err: Error & { reason?: string }) => err.reason === 'no-free-gpu' && /no NVIDIA GPUs/.test(err.message));
    }
  });
});

const GPUS_ONE_BUSY = {
  gpus: '0, NVIDIA H200, GPU-aaa, 97, 70000, 143771, 61, 412.5\n1, NVIDIA H200, GPU-bbb, 0, 1, 143771, 30, [N/A]\n',
  apps: 'GPU-aaa, 4242, 69000\n',
};
const GPUS_THREE_ONE_BUSY = {
  gpus: '0, NVIDIA A100-SXM4-80GB, GPU-a, 0, 1, 81920, 30, 60\n1, NVIDIA A100-SXM4-80GB, GPU-b, 50, 40000, 81920, 50, 300\n2, NVIDIA A100-SXM4-80GB, GPU-c, 0, 1, 81920, 31, 61\n',
  apps: 'GPU-b, 4242, 39000\n',
};

/** Runs `body` with a target whose PATH starts with a FAKE nvidia-smi; `e.target` is that target meanwhile. */
async function withFakeNvidiaSmi(e: Env, out: { gpus: string; apps: string }, body: () => Promise<void>): Promise<void> {
  const bin = fs.mkdtempSync(path.join(e.work, 'fakebin-'));
  fs.writeFileSync(path.join(bin, 'gpus.csv'), out.gpus);
  fs.writeFileSync(path.join(bin, 'apps.csv'), out.apps);
  fs.writeFileSync(
    path.join(bin, 'nvidia-smi'),
    `#!/bin/sh\ncase "$1" in\n  --query-gpu=*) cat ${JSON.stringify(path.join(bin, 'gpus.csv'))} ;;\n  --query-compute-apps=*) cat ${JSON.stringify(path.join(bin, 'apps.csv'))} ;;\nesac\n`,
    { mode: 0o755 },
  );
  const plain = e.target;
  e.target = new LocalTarget({ home: e.home, config: { cancelGraceSeconds: 2 }, env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
  try {
    await body();
  } finally {
    e.target = plain;
  }
}
