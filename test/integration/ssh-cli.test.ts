/**
 * `trainyard` against a real sshd, each command its own process with a temp HOME (~/.ssh/config
 * alias, known_hosts) and TRAINYARD_HOME: unknown host key refused without a TTY and without the
 * flag (the message names the fingerprint), accepted with --accept-new-host-key and recorded in
 * OpenSSH form; run --follow exits with the job's code; jobs/logs/cancel from other processes;
 * `hosts` with the FAKE nvidia-smi writes hosts/<name>.json; `forward` reaches a python3
 * http.server job through the tunnel; `fetch --json` and `prune` on the host.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import * as http from 'node:http';
import * as net from 'node:net';
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

/** A long-running CLI process (e.g. `forward`): its stdout so far, and its end. */
function cliBackground(...args: string[]) {
  const p = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/run-cli.ts', ...args], {
    cwd: repo,
    env: { ...process.env, HOME: ch.home, TRAINYARD_HOME: tyHome, SSH_AUTH_SOCK: '', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  p.stderr.on('data', (b) => (stderr += b));
  const line = new Promise<string>((resolve, reject) => {
    p.stdout.on('data', (b) => {
      stdout += b;
      if (stdout.includes('\n')) resolve(stdout.split('\n')[0]!);
    });
    p.on('close', (code) => reject(new Error(`exited ${code} before printing a line: ${stderr}`)));
  });
  const exit = new Promise<number | null>((resolve) => p.on('close', (code) => resolve(code)));
  return { p, line, exit, stderr: () => stderr };
}

function httpGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => {
      let body = '';
      res.on('data', (b) => (body += b));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts connections on the port (the job's server is up). */
async function listening(port: number, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (let i = 0; ; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => (s.destroy(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on ${port}`);
    await new Promise((r) => setTimeout(r, Math.min(20 * 2 ** i, 200))); // connect retry backoff
  }
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
    // --all asks this machine and every configured host.
    const all = await cli('jobs', '--all', '--json');
    assert.equal(all.code, 0, all.stderr);
    assert.ok((JSON.parse(all.stdout) as Array<{ id: string }>).some((j) => j.id === id), all.stdout);
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
  it('forward reaches a python3 http.server job on the host; fetch --json lists its outputs; prune removes it', async () => {
    const port = await freePort();
    fs.writeFileSync(path.join(work, 'hello.txt'), 'hello through the tunnel\n');
    fs.writeFileSync(
      path.join(work, 'serve.trainyard.yaml'),
      `version: 1\nkind: job\nname: serve\nrun: |\n  echo served > "$TRAINYARD_OUTPUT_DIR/o.txt"\n  exec python3 -u -m http.server --bind 127.0.0.1 ${port}\n`,
    );
    const launched = await cli('run', path.join(work, 'serve.trainyard.yaml'), '--target', 'ssh:box', '--accept-new-host-key', '--json');
    assert.equal(launched.code, 0, launched.stderr);
    const id = JSON.parse(launched.stdout).id as string;
    await listening(port);

    // The host is this machine, so the same port number is taken here: forward picks another.
    const fwd = cliBackground('forward', id, String(port));
    const url = await fwd.line;
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.notEqual(new URL(url).port, String(port));
    const got = await httpGet(url + 'hello.txt');
    assert.equal(got.status, 200);
    assert.equal(got.body, 'hello through the tunnel\n');
    assert.equal((await httpGet(url + 'hello.txt')).body, 'hello through the tunnel\n', 'a second connection on the same tunnel');
    fwd.p.kill('SIGINT');
    assert.equal(await fwd.exit, 0, fwd.stderr());
    assert.match(fwd.stderr(), /stopped \(2 connections\)/);

    // A host by name, with a fixed local port.
    const lp = await freePort();
    const byHost = cliBackground('forward', 'box', String(port), '--local-port', String(lp), '--json');
    assert.deepEqual(JSON.parse(await byHost.line), { url: `http://127.0.0.1:${lp}/`, localPort: lp, remotePort: port, target: 'ssh:box' });
    assert.equal((await httpGet(`http://127.0.0.1:${lp}/hello.txt`)).status, 200);
    byHost.p.kill('SIGTERM');
    assert.equal(await byHost.exit, 0);

    const dest = path.join(root, 'fetched-serve');
    const fetched = await cli('fetch', id, dest, '--json');
    assert.equal(fetched.code, 0, fetched.stderr);
    const doc = JSON.parse(fetched.stdout);
    assert.deepEqual(doc.files, [path.join(dest, 'o.txt')]);
    assert.equal(doc.bytes, 7);
    assert.equal(fs.readFileSync(path.join(dest, 'o.txt'), 'utf8'), 'served\n');

    assert.equal((await cli('cancel', id)).code, 0);
    const dry = await cli('prune', '--target', 'ssh:box', '--older-than', '0', '--dry-run');
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, new RegExp(`would remove\\s+job\\s+${id}`));
    assert.match(dry.stdout, /would free/);
    assert.ok(fs.existsSync(path.join(remoteDir, 'jobs', id)));
    const pruned = await cli('prune', '--target', 'ssh:box', '--older-than', '0', '--json');
    assert.equal(pruned.code, 0, pruned.stderr);
    const pr = JSON.parse(pruned.stdout);
    assert.ok(pr.removed.some((i: { kind: string; name: string }) => i.kind === 'job' && i.name === id), pruned.stdout);
    assert.ok(pr.bytes > 0);
    assert.ok(!fs.existsSync(path.join(remoteDir, 'jobs', id)));
  });
});
