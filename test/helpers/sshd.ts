/**
 * A real OpenSSH server for integration tests: Debian's `/usr/sbin/sshd -D -e -f <config>` on a
 * free loopback port, with a generated host key and authorized_keys for generated client keys
 * (a plain ed25519 one and a passphrase-protected one). It runs as the current user (root in
 * CI: `PermitRootLogin` allows key auth). Sessions get a PATH whose first folder holds a FAKE
 * `nvidia-smi` that prints whatever the test wrote with `setFakeGpus`.
 *
 * Readiness is detected by connecting and reading the server's `SSH-2.0-` banner (retried on
 * connection errors), never by sleeping.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

export const SSHD = '/usr/sbin/sshd';
export const ENCRYPTED_KEY_PASSPHRASE = "pa'ss $(phrase)";

export interface Sshd {
  host: '127.0.0.1';
  port: number;
  user: string;
  dir: string;
  /** Client private keys (OpenSSH format). */
  clientKey: string;
  encryptedClientKey: string;
  /** `ssh-ed25519 AAAA…` of the server's host key, and its SHA256 fingerprint (`SHA256:…`). */
  hostPublicKey: string;
  hostKeyFingerprint: string;
  /** Folder first on the sessions' PATH (holds the fake nvidia-smi). */
  binDir: string;
  /** Where the fake nvidia-smi reads its answers. */
  fakeDir: string;
  stderr(): string;
  stop(): Promise<void>;
}

export function sshdAvailable(): boolean {
  return fs.existsSync(SSHD) && spawnSync('ssh-keygen', ['-?'], { stdio: 'ignore' }).error === undefined;
}

function keygen(file: string, passphrase = ''): void {
  const r = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', 'trainyard-test', '-f', file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ssh-keygen failed: ${r.stderr}`);
}

export function fingerprintOf(pubFile: string): string {
  const r = spawnSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', pubFile], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ssh-keygen -l failed: ${r.stderr}`);
  return r.stdout.split(' ')[1]!;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Resolves once a TCP connection to the port yields an SSH banner; retries on connection errors. */
async function waitForBanner(port: number, proc: ChildProcess, stderr: () => string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: string | undefined;
  proc.once('exit', (code, sig) => (exited = `sshd exited (${code ?? sig})`));
  for (let attempt = 0; ; attempt++) {
    if (exited) throw new Error(`${exited}: ${stderr()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      let buf = '';
      s.setTimeout(2000, () => s.destroy());
      s.on('data', (d) => {
        buf += d.toString('latin1');
        if (buf.startsWith('SSH-')) {
          s.destroy();
          resolve(true);
        }
      });
      s.on('error', () => resolve(false));
      s.on('close', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`sshd did not accept connections on port ${port}: ${stderr()}`);
    // Back off on the connect attempts themselves (the server is starting up).
    await new Promise((r) => setTimeout(r, Math.min(20 * 2 ** attempt, 200)));
  }
}

const FAKE_NVIDIA_SMI = `#!/bin/sh
# FAKE nvidia-smi for Trainyard's tests: prints the files the test wrote.
d=__FAKE_DIR__
case "$*" in
  *--query-gpu=*) f=gpus.csv ;;
  *--query-compute-apps=*) f=apps.csv ;;
  *) f=plain.txt ;;
esac
[ -f "$d/stderr.txt" ] && cat "$d/stderr.txt" >&2
[ -f "$d/$f" ] && cat "$d/$f"
rc=$(cat "$d/rc" 2>/dev/null)
exit "\${rc:-0}"
`;

export interface StartOptions {
  /** Extra sshd_config lines. */
  extraConfig?: string[];
  /** Install the fake nvidia-smi (default true). */
  fakeNvidiaSmi?: boolean;
  /** More variables for the sessions (sshd's one SetEnv line; e.g. a HOME of the test's own). No spaces or quotes. */
  env?: Record<string, string>;
}

export async function startSshd(opts: StartOptions = {}): Promise<Sshd> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ty-sshd-'));
  fs.chmodSync(dir, 0o755);
  const hostKey = path.join(dir, 'ssh_host_ed25519_key');
  const clientKey = path.join(dir, 'id_ed25519');
  const encryptedClientKey = path.join(dir, 'id_ed25519_enc');
  keygen(hostKey);
  keygen(clientKey);
  keygen(encryptedClientKey, ENCRYPTED_KEY_PASSPHRASE);
  const authorized = path.join(dir, 'authorized_keys');
  fs.writeFileSync(authorized, fs.readFileSync(clientKey + '.pub', 'utf8') + fs.readFileSync(encryptedClientKey + '.pub', 'utf8'), { mode: 0o600 });
  const binDir = path.join(dir, 'bin');
  const fakeDir = path.join(dir, 'fake-gpu');
  fs.mkdirSync(binDir);
  fs.mkdirSync(fakeDir);
  if (opts.fakeNvidiaSmi !== false) {
    fs.writeFileSync(path.join(binDir, 'nvidia-smi'), FAKE_NVIDIA_SMI.replace('__FAKE_DIR__', `'${fakeDir}'`), { mode: 0o755 });
  }
  // Privilege separation needs this folder when sshd runs as root.
  if (process.getuid?.() === 0) fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const user = os.userInfo().username;
  const port = await freePort();
  const config = [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${hostKey}`,
    `PidFile ${path.join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${authorized}`,
    'StrictModes no',
    'UsePAM no',
    'PermitRootLogin yes',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'AllowTcpForwarding yes',
    'PermitTTY no',
    'MaxStartups 100',
    'MaxSessions 100',
    'LogLevel ERROR',
    `SetEnv PATH=${binDir}:/usr/local/bin:/usr/bin:/bin${Object.entries(opts.env ?? {}).map(([k, v]) => ` ${k}=${v}`).join('')}`,
    'Subsystem sftp internal-sftp',
    ...(opts.extraConfig ?? []),
  ].join('\n');
  const configFile = path.join(dir, 'sshd_config');
  fs.writeFileSync(configFile, config + '\n');
  let err = '';
  const proc = spawn(SSHD, ['-D', '-e', '-f', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  proc.stderr!.on('data', (d) => (err += d.toString()));
  const stderr = () => err;
  try {
    await waitForBanner(port, proc, stderr);
  } catch (e) {
    proc.kill('SIGKILL');
    throw e;
  }
  const hostPublicKey = fs.readFileSync(hostKey + '.pub', 'utf8').trim().split(' ').slice(0, 2).join(' ');
  return {
    host: '127.0.0.1',
    port,
    user,
    dir,
    clientKey,
    encryptedClientKey,
    hostPublicKey,
    hostKeyFingerprint: fingerprintOf(hostKey + '.pub'),
    binDir,
    fakeDir,
    stderr,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        const gone = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await gone;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What the FAKE nvidia-smi prints: CSV rows (as nvidia-smi would), and its exit code. */
export function setFakeGpus(d: Sshd, o: { gpus?: string; apps?: string; rc?: number; stderr?: string; plain?: string }): void {
  const w = (name: string, v: string | undefined) => {
    const f = path.join(d.fakeDir, name);
    if (v === undefined) fs.rmSync(f, { force: true });
    else fs.writeFileSync(f, v);
  };
  w('gpus.csv', o.gpus);
  w('apps.csv', o.apps);
  w('rc', o.rc === undefined ? undefined : String(o.rc));
  w('stderr.txt', o.stderr);
  w('plain.txt', o.plain);
}

/** A temp client-side HOME with .ssh/ (config, known_hosts) for one test. */
export function clientHome(root: string): { home: string; sshDir: string; sshConfig: string; knownHosts: string } {
  const home = fs.mkdtempSync(path.join(root, 'home-'));
  const sshDir = path.join(home, '.ssh');
  fs.mkdirSync(sshDir, { mode: 0o700 });
  return { home, sshDir, sshConfig: path.join(sshDir, 'config'), knownHosts: path.join(sshDir, 'known_hosts') };
}
