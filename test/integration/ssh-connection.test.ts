/**
 * SSH connections against a real OpenSSH server on loopback (test/helpers/sshd.ts): key,
 * encrypted-key and agent auth, host-key checks, ~/.ssh/config aliases, ProxyJump, quoting.
 * Every test uses its own temp HOME, ssh config and known_hosts.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { startSshd, sshdAvailable, clientHome, ENCRYPTED_KEY_PASSPHRASE, type Sshd } from '../helpers/sshd';
import { SshConnection, type SshClientOptions } from '../../core/ssh/connection';
import { TrainyardError } from '../../core/errors';

const skip = sshdAvailable() ? false : 'OpenSSH server not installed (apt-get install openssh-server)';
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ty-sshc-'));
let d: Sshd;
before(async () => {
  if (!skip) d = await startSshd();
});
after(async () => {
  await d?.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

function setup(config = '', known?: string) {
  const h = clientHome(root);
  fs.writeFileSync(h.sshConfig, config);
  if (known !== undefined) fs.writeFileSync(h.knownHosts, known);
  const opts: SshClientOptions = { home: h.home, sshConfigFile: h.sshConfig, knownHostsFile: h.knownHosts, agentSocket: null, reconnectAttempts: 0 };
  return { ...h, opts };
}
const direct = (o: SshClientOptions, extra: Partial<SshClientOptions> = {}, key?: string) =>
  new SshConnection({ alias: '127.0.0.1', port: d.port, user: d.user, identityFiles: [key ?? d.clientKey] }, { ...o, ...extra });
const knownLine = () => `[127.0.0.1]:${d.port} ${d.hostPublicKey}\n`;

async function rejects(p: Promise<unknown>, reason: string): Promise<TrainyardError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof TrainyardError, String(e));
    assert.equal(e.reason, reason, e.message);
    return e;
  }
  assert.fail(`expected a ${reason} error`);
}

describe('ssh connection (real sshd)', { skip }, () => {
  it('an unknown host key is refused without a decision; the message names the key and fingerprint', async () => {
    const s = setup();
    const c = direct(s.opts);
    const e = await rejects(c.exec(['true']), 'host-key-unknown');
    assert.match(e.message, /ssh-ed25519/);
    assert.ok(e.message.includes(d.hostKeyFingerprint), e.message);
    assert.ok(!fs.existsSync(s.knownHosts) || fs.readFileSync(s.knownHosts, 'utf8') === '');
    c.close();
  });
  it('--accept-new-host-key records the key in OpenSSH form; ssh itself then trusts it', async () => {
    const s = setup();
    const c = direct(s.opts, { acceptNewHostKey: true });
    const r = await c.exec(['echo', 'hi']);
    assert.equal(r.stdout.toString(), 'hi\n');
    assert.equal(fs.readFileSync(s.knownHosts, 'utf8'), knownLine());
    c.close();
    const ssh = spawnSync('ssh', ['-o', 'StrictHostKeyChecking=yes', '-o', `UserKnownHostsFile=${s.knownHosts}`, '-o', 'BatchMode=yes', '-F', '/dev/null', '-i', d.clientKey, '-p', String(d.port), `${d.user}@127.0.0.1`, 'echo ok'], { encoding: 'utf8' });
    assert.equal(ssh.stdout, 'ok\n', ssh.stderr);
  });
  it('the unknown-key callback decides', async () => {
    const s = setup();
    const seen: string[] = [];
    const c = direct(s.opts, { onUnknownHostKey: (i) => (seen.push(i.fingerprint), true) });
    await c.exec(['true']);
    assert.deepEqual(seen, [d.hostKeyFingerprint]);
    c.close();
  });
  it('a changed key is always refused, even with --accept-new-host-key', async () => {
    const other = path.join(root, 'other_key');
    spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
    const otherPub = fs.readFileSync(other + '.pub', 'utf8').split(' ').slice(0, 2).join(' ');
    const s = setup('', `[127.0.0.1]:${d.port} ${otherPub}\n`);
    const e = await rejects(direct(s.opts, { acceptNewHostKey: true }).exec(['true']), 'host-key-changed');
    assert.ok(e.message.includes(d.hostKeyFingerprint), e.message);
  });
  it('hashed known_hosts entries are honoured', async () => {
    const s = setup('', knownLine());
    spawnSync('ssh-keygen', ['-H', '-f', s.knownHosts], { stdio: 'ignore' });
    assert.match(fs.readFileSync(s.knownHosts, 'utf8'), /^\|1\|/);
    const c = direct(s.opts);
    assert.equal((await c.exec(['true'])).code, 0);
    c.close();
  });
  it('resolves a ~/.ssh/config alias (HostName, User, Port, IdentityFile)', async () => {
    const s = setup(`Host gpu-box\n  HostName 127.0.0.1\n  User ${d.user}\n  Port ${d.port}\n  IdentityFile ${d.clientKey}\n  IdentitiesOnly yes\n`, knownLine());
    const c = new SshConnection({ alias: 'gpu-box' }, s.opts);
    assert.equal((await c.exec(['sh', '-c', 'echo "$1"', 'sh', 'aliased'])).stdout.toString(), 'aliased\n');
    c.close();
  });
  it('encrypted keys ask for their passphrase', async () => {
    const s = setup('', knownLine());
    const asked: string[] = [];
    const c = direct(s.opts, { askPassphrase: async (f) => (asked.push(f), ENCRYPTED_KEY_PASSPHRASE) }, d.encryptedClientKey);
    assert.equal((await c.exec(['true'])).code, 0);
    assert.deepEqual(asked, [d.encryptedClientKey]);
    c.close();
    const e = await rejects(direct(s.opts, {}, d.encryptedClientKey).exec(['true']), 'auth-refused');
    assert.match(e.message, /encrypted/);
  });
  it('authenticates through ssh-agent', async () => {
    const s = setup('', knownLine());
    const sock = path.join(s.home, 'agent.sock');
    const agent = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 100 && !fs.existsSync(sock); i++) await new Promise((r) => setTimeout(r, 20));
      const add = spawnSync('ssh-add', [d.clientKey], { env: { ...process.env, SSH_AUTH_SOCK: sock }, encoding: 'utf8' });
      assert.equal(add.status, 0, add.stderr);
      const c = new SshConnection({ alias: '127.0.0.1', port: d.port, user: d.user }, { ...s.opts, agentSocket: sock });
      assert.equal((await c.exec(['true'])).code, 0);
      c.close();
    } finally {
      agent.kill();
    }
  });
  it('ProxyJump through a jump host', async () => {
    const s = setup(
      `Host jump\n  HostName 127.0.0.1\n  Port ${d.port}\n  User ${d.user}\n  IdentityFile ${d.clientKey}\nHost inner\n  HostName 127.0.0.1\n  Port ${d.port}\n  User ${d.user}\n  IdentityFile ${d.clientKey}\n  ProxyJump jump\n`,
      knownLine(),
    );
    const c = new SshConnection({ alias: 'inner' }, s.opts);
    assert.equal((await c.exec(['echo', 'through'])).stdout.toString(), 'through\n');
    assert.match(c.describe(), /via jump/);
    c.close();
  });
  it('wrong keys are refused with auth-refused; a closed port is host-unreachable', async () => {
    const s = setup('', knownLine());
    const stranger = path.join(root, 'stranger');
    spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', stranger]);
    await rejects(direct(s.opts, {}, stranger).exec(['true']), 'auth-refused');
    await rejects(new SshConnection({ alias: '127.0.0.1', port: 1, user: d.user }, s.opts).exec(['true']), 'host-unreachable');
  });
  it('argv reaches the host byte for byte and reconnects after a drop', async () => {
    const s = setup('', knownLine());
    const c = direct(s.opts);
    const hostile = ["it's", '$(echo pwned)', '`id`', 'a\nb', '*', '"; rm -rf / #', 'ünï 😀', ''];
    const r = await c.exec(['printf', '%s\\0', ...hostile]);
    assert.deepEqual(r.stdout.toString('utf8').split('\0').slice(0, -1), hostile);
    c.dropForTesting();
    assert.equal((await c.exec(['echo', 'again'])).stdout.toString(), 'again\n');
    c.close();
  });
});
