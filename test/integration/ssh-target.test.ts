/**
 * The ssh: target against a real OpenSSH server on loopback: the same runner and job-dir
 * format on the "host" (a temp trainyardDir), launch/list/logs/cancel from a second,
 * independent SshTarget (its own connection pool, as another process would have), exit codes,
 * hostile values byte for byte, log follow across a dropped connection, and the FAKE
 * nvidia-smi probe. Waits poll the host's state, never fixed sleeps.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSshd, sshdAvailable, clientHome, setFakeGpus, type Sshd } from '../helpers/sshd';
import { getTarget } from '../../core/targets/registry';
import type { SshTarget } from '../../core/targets/ssh';
import type { SshClientOptions } from '../../core/ssh/connection';
import { closeSshPools } from '../../core/ssh/defaults';
import { resolveJob, type ResolvedJob } from '../../core/jobs/resolve';
import type { JobSpec } from '../../core/spec/model';
import type { TrainyardConfig } from '../../core/config';
import { waitFor, final as finalWithin } from './ssh-fixture';

const skip = sshdAvailable() ? false : 'OpenSSH server not installed (apt-get install openssh-server)';
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ty-ssht-'));
let d: Sshd;
let remoteDir: string;
let ch: ReturnType<typeof clientHome>;
let config: TrainyardConfig;
before(async () => {
  if (skip) return;
  d = await startSshd();
  remoteDir = path.join(root, 'remote', "tr ain'yard");
  ch = clientHome(root);
  fs.writeFileSync(ch.knownHosts, `[127.0.0.1]:${d.port} ${d.hostPublicKey}\n`);
  config = { cancelGraceSeconds: 2, hosts: { box: { host: '127.0.0.1', port: d.port, user: d.user, identityFile: d.clientKey, trainyardDir: remoteDir } } };
});
after(async () => {
  closeSshPools();
  await d?.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

/** A target with its own connection pool: what a second process would have. */
function target(): SshTarget {
  const ssh: SshClientOptions = { home: ch.home, sshConfigFile: ch.sshConfig, knownHostsFile: ch.knownHosts, agentSocket: null };
  return getTarget('ssh:box', { home: path.join(root, 'ty-home'), config, ssh }) as SshTarget;
}

function workdir(files: Record<string, string> = {}): string {
  const w = fs.mkdtempSync(path.join(root, 'work-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(w, rel)), { recursive: true });
    fs.writeFileSync(path.join(w, rel), text);
  }
  return w;
}

function resolve(work: string, spec: Partial<JobSpec>): ResolvedJob {
  const full = { version: 1, kind: 'job', run: 'true', ...spec } as JobSpec;
  return resolveJob(full, path.join(work, 'job.trainyard.yaml'), `run: ${full.run}\n`, {
    target: 'ssh:box',
    config,
    home: path.join(root, 'ty-home'),
    processEnv: {},
  });
}

/** This file's bound on waiting for a job (the fixture's default is longer). */
const WAIT_MS = 20_000;
const final = (t: SshTarget, id: string) => finalWithin(t, id, WAIT_MS);
const remoteJobDir = (id: string) => path.join(remoteDir, 'jobs', id);

/** Live (non-zombie) members of a process group (orphans may never be reaped in containers). */
function groupMembers(pgid: number): number {
  let n = 0;
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const st = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
      if (Number(f[2]) === pgid && f[0] !== 'Z' && f[0] !== 'X') n++;
    } catch {
      // gone
    }
  }
  return n;
}

async function collect(it: AsyncIterable<{ offset: number; data: Buffer }>, onChunk?: (n: number) => void): Promise<Buffer> {
  const parts: Buffer[] = [];
  let expect = -1;
  for await (const c of it) {
    if (expect >= 0) assert.equal(c.offset, expect, 'chunks are contiguous');
    expect = c.offset + c.data.length;
    parts.push(c.data);
    onChunk?.(parts.length);
  }
  return Buffer.concat(parts);
}

describe('ssh target (real sshd)', { skip }, () => {
  it('launches on the host, ships the workdir (ignores honoured), and another target lists and reads it', async () => {
    const w = workdir({ 'data.txt': 'shipped\n', '.gitignore': 'big/\n*.tmp\n', 'big/blob': 'x', 'scratch.tmp': 'x', '.trainyardignore': 'secret.txt\n', 'secret.txt': 's' });
    const t1 = target();
    const phases: string[] = [];
    const job = await t1.launch(resolve(w, { name: 'ship it', run: 'cat data.txt; ls -A | sort | tr "\\n" " "; echo; echo "id=$TRAINYARD_JOB_ID"' }), {
      progress: (e) => phases.push(e.phase),
    });
    assert.ok(['running', 'succeeded'].includes(job.status), job.status);
    assert.equal(job.target, 'ssh:box');
    assert.ok(phases.includes('sync') && phases.includes('start'));
    const t2 = target();
    const info = await final(t2, job.id);
    assert.equal(info.status, 'succeeded');
    assert.equal(info.exitCode, 0);
    const log = (await collect(t2.logs(job.id, {}))).toString();
    assert.equal(log, `shipped\n.gitignore .trainyardignore data.txt \nid=${job.id}\n`);
    assert.ok((await t2.list()).some((j) => j.id === job.id && j.status === 'succeeded'));
    // The same job directory format as local jobs, on the host.
    const dir = remoteJobDir(job.id);
    for (const f of ['job.json', 'runner.sh', 'wrap.sh', 'env.sh', 'runner.conf', 'status', 'exit_code', 'log']) assert.ok(fs.existsSync(path.join(dir, f)), f);
    assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
  });

  it('records exit codes and signals', async () => {
    const w = workdir();
    const t = target();
    const a = await t.launch(resolve(w, { run: 'echo "out [${CUDA_VISIBLE_DEVICES-unset}]"; exit 3' }));
    const b = await t.launch(resolve(w, { run: 'kill -9 $$' }));
    const fa = await final(t, a.id);
    assert.deepEqual([fa.status, fa.exitCode], ['failed', 3]);
    // (and a job that asks for no GPU sees none of the host's)
    assert.equal((await collect(t.logs(a.id, {}))).toString(), 'out []\n');
    const fb = await final(t, b.id);
    assert.deepEqual([fb.status, fb.exitCode, fb.reason], ['failed', 137, 'signal']);
  });

  it('hostile env values, names and workdir file names reach the job byte for byte', async () => {
    const hostile = ["it's", '$(touch pwned)', '`touch pwned2`', 'a\nb\n', '*', '"; exit 9 #', 'ünï 😀', '\\$HOME', ''];
    const env: Record<string, string> = {};
    hostile.forEach((v, i) => (env[`V${i}`] = v));
    const w = workdir({ "we'ird $(x) `y` *.txt": 'z' });
    const t = target();
    const job = await t.launch(
      resolve(w, { name: "n'a$(me)`x`", env, run: `printf '%s\\0' ${hostile.map((_, i) => `"$V${i}"`).join(' ')} > "$TRAINYARD_OUTPUT_DIR/env.bin"; ls` }),
    );
    const info = await final(t, job.id);
    assert.equal(info.status, 'succeeded', (await collect(t.logs(job.id, {}))).toString());
    const got = fs.readFileSync(path.join(remoteJobDir(job.id), 'outputs', 'env.bin'), 'utf8').split('\0').slice(0, -1);
    assert.deepEqual(got, hostile);
    assert.equal((await collect(t.logs(job.id, {}))).toString(), "we'ird $(x) `y` *.txt\n");
    assert.ok(!fs.existsSync(path.join(remoteJobDir(job.id), 'workdir', 'pwned')));
    assert.equal(info.name, "n'a$(me)`x`");
  });

  it('a dropped connection neither stops the job nor loses or repeats log bytes', async () => {
    const w = workdir();
    const t = target();
    const job = await t.launch(resolve(w, { run: 'i=0; while [ $i -lt 40 ]; do echo "line $i $(head -c 300 /dev/zero | tr "\\0" x)"; i=$((i+1)); sleep 0.05; done' }));
    let dropped = 0;
    const got = await collect(t.logs(job.id, { follow: true }), (n) => {
      if (n === 2 || n === 5) {
        t.conn.dropForTesting();
        dropped++;
      }
    });
    assert.ok(dropped >= 1);
    const info = await t.status(job.id);
    assert.equal(info.status, 'succeeded');
    assert.ok(got.equals(fs.readFileSync(path.join(remoteJobDir(job.id), 'log'))), 'followed bytes equal the log');
    assert.equal(got.toString().split('\n').length, 41);
    // Resuming from an offset gives exactly the rest.
    const rest = await collect(t.logs(job.id, { fromOffset: 1000 }));
    assert.ok(rest.equals(got.subarray(1000)));
  });

  it('cancel from another target stops the job group (SIGTERM) and records cancelled', async () => {
    const w = workdir();
    const t1 = target();
    const job = await t1.launch(resolve(w, { run: 'echo started; sleep 300 & wait' }));
    await waitFor(t1, job.id, (i) => i.status === 'running', 'running', WAIT_MS);
    const t2 = target();
    const after = await t2.cancel(job.id);
    assert.equal(after.status, 'cancelled');
    assert.equal(after.reason, 'cancelled');
    const pgid = Number(fs.readFileSync(path.join(remoteJobDir(job.id), 'pgid'), 'utf8'));
    assert.equal(groupMembers(pgid), 0, 'no live process is left in the job group');
  });

  it('unknown jobs are unknown-job; bad ids never reach the host', async () => {
    const t = target();
    await assert.rejects(t.status('nope-123456'), (e: Error & { reason?: string }) => e.reason === 'unknown-job');
    await assert.rejects(t.status('../etc'), (e: Error & { reason?: string }) => e.reason === 'unknown-job');
  });

  it('probes GPUs with the FAKE nvidia-smi (processes, users, free GPUs)', async () => {
    setFakeGpus(d, {
      gpus: '0, NVIDIA A100-SXM4-80GB, GPU-aaa, 0, 3, 81920, 30, 61.5\n1, NVIDIA A100-SXM4-80GB, GPU-bbb, 97, 40000, 81920, 70, [N/A]\n',
      apps: `GPU-bbb, ${process.pid}, 39000\n`,
    });
    const p = await target().probeHost();
    assert.equal(p.ok, true);
    assert.equal(p.gpuError, undefined);
    assert.equal(p.gpus.length, 2);
    assert.deepEqual([p.gpus[0]!.free, p.gpus[1]!.free], [true, false]);
    assert.equal(p.gpus[1]!.powerW, undefined);
    assert.equal(p.gpus[1]!.processes[0]!.pid, process.pid);
    assert.equal(p.gpus[1]!.processes[0]!.user, d.user);
    setFakeGpus(d, { plain: '', gpus: "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\n", rc: 9 });
    const bad = await target().probeHost();
    assert.match(bad.gpuError ?? '', /couldn't communicate/);
    assert.deepEqual(bad.gpus, []);
  });
});
