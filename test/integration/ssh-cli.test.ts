/**
 * `trainyard` against a real sshd, each command its own process with a temp HOME (~/.ssh/config
 * alias, known_hosts) and TRAINYARD_HOME: unknown host key refused without a TTY and without the
 * flag (the message names the fingerprint), accepted with --accept-new-host-key and recorded in
 * OpenSSH form; run --follow exits with the job's code; jobs/logs/cancel from other processes;
 * `hosts` with the FAKE nvidia-smi writes hosts/<name>.json.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { startSshd, sshdAvailable, clientHome, setFakeGpus, type Sshd } from '../helpers/sshd';

const skip = sshdAvailable() ? false : 'OpenSSH server not installed (apt-get install openssh-server)';
const repo = path.resolve(__dirname, '../..');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ty-sshcli-'));
let d: Sshd;
let ch: ReturnType<typeof clientHome>;
let tyHome: string;
let remoteDir: string;
let work: string;

before(async () => {
  if (skip) return;
  d = await startSshd();
  ch = clientHome(root);
  fs.writeFileSync(ch.sshConfig, `Host box\n  HostName 127.0.0.1\n  Port ${d.port}\n  User ${d.user}\n  IdentityFile ${d.clientKey}\n  IdentitiesOnly yes\n`);
  tyHome = path.join(root, 'ty');
  remoteDir = path.join(root, 'remote');
  fs.mkdirSync(tyHome);
  fs.writeFileSync(path.join(tyHome, 'config.yaml'), `cancelGraceSeconds: 2\nhosts:\n  box:\n    trainyardDir: ${JSON.stringify(remoteDir)}\n`);
  work = fs.mkdtempSync(path.join(root, 'work-'));
  fs.writeFileSync(path.join(work, 'exit7.trainyard.yaml'), 'version: 1\nkind: job\nname: exit7\nrun: |\n  echo "hello from $(hostname)-ish"\n  exit 7\n');
  fs.writeFileSync(path.join(work, 'sleepy.trainyard.yaml'), 'version: 1\nkind: job\nname: sleepy\nrun: echo up; sleep 300\n');
});
after(async () => {
  await d?.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/run-cli.ts', ...args], {
      cwd: repo,
      env: { ...process.env, HOME: ch.home, TRAINYARD_HOME: tyHome, SSH_AUTH_SOCK: '', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (b) => (stdout += b));
    p.stderr.on('data', (b) => (stderr += b));
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('trainyard CLI over ssh (real sshd)', { skip }, () => {
  it('host keys: refused without a TTY or flag, then accepted and recorded; run --follow exits with the job code', async () => {
    const spec = path.join(work, 'exit7.trainyard.yaml');
    const refused = await cli('run', spec, '--target', 'ssh:box');
    assert.equal(refused.code, 125, refused.stderr);
    assert.ok(refused.stderr.includes(d.hostKeyFingerprint), refused.stderr);
    assert.match(refused.stderr, /--accept-new-host-key/);
    assert.ok(!fs.existsSync(ch.knownHosts));

    const r = await cli('run', spec, '--target', 'ssh:box', '--accept-new-host-key', '--follow');
    assert.equal(r.code, 7, r.stderr);
    assert.match(r.stdout, /^hello from .*-ish\n$/);
    assert.equal(fs.readFileSync(ch.knownHosts, 'utf8'), `[127.0.0.1]:${d.port} ${d.hostPublicKey}\n`);
  });

  it('jobs, logs and cancel work from other processes', async () => {
    const launched = await cli('run', path.join(work, 'sleepy.trainyard.yaml'), '--target', 'ssh:box', '--accept-new-host-key', '--json');
    assert.equal(launched.code, 0, launched.stderr);
    const id = JSON.parse(launched.stdout).id as string;
    const list = await cli('jobs', '--target', 'ssh:box', '--json');
    assert.equal(list.code, 0, list.stderr);
    const jobs = JSON.parse(list.stdout) as Array<{ id: string; status: string; target: string }>;
    assert.ok(jobs.some((j) => j.id === id && j.target === 'ssh:box'), list.stdout);
    const cancelled = await cli('cancel', id, '--json');
    assert.equal(cancelled.code, 0, cancelled.stderr);
    assert.equal(JSON.parse(cancelled.stdout).status, 'cancelled');
    const logs = await cli('logs', id);
    assert.equal(logs.stdout, 'up\n');
  });

  it('hosts probes the configured hosts (FAKE nvidia-smi) and writes hosts/<name>.json', async () => {
    setFakeGpus(d, { gpus: '0, NVIDIA H100 80GB HBM3, GPU-1, 2, 1, 81559, 31, 70.1\n', apps: '' });
    const r = await cli('hosts', '--json');
    assert.equal(r.code, 0, r.stderr);
    const probes = JSON.parse(r.stdout);
    // This machine comes first, then the configured hosts.
    assert.deepEqual(probes.map((p: { name: string }) => p.name), ['local', 'box']);
    const box = probes[1];
    assert.equal(box.gpus[0].name, 'NVIDIA H100 80GB HBM3');
    assert.equal(box.gpus[0].free, true);
    assert.ok(fs.existsSync(path.join(tyHome, 'hosts', 'local.json')));
    const file = JSON.parse(fs.readFileSync(path.join(tyHome, 'hosts', 'box.json'), 'utf8'));
    assert.equal(file.gpus.length, 1);
    const human = await cli('hosts');
    assert.match(human.stdout, /box.*0 free.*H100/s);
  });
});
