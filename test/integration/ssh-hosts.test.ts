/**
 * Host set-ups that need more than one sshd or a HOME of their own: ProxyJump through a SECOND
 * real sshd (its own host key and client key, forwarding allowed only to the inner host), and
 * `loginShell: true` in config.yaml (jobs and GPU probes go through the user's login shell, so a
 * PATH set in ~/.profile is seen; without it they are not).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSshd, sshdAvailable, clientHome, setFakeGpus, type Sshd } from '../helpers/sshd';
import { SshConnection, type SshClientOptions } from '../../core/ssh/connection';
import { TrainyardError } from '../../core/errors';
import { getTarget } from '../../core/targets/registry';
import type { SshTarget } from '../../core/targets/ssh';
import { closeSshPools } from '../../core/ssh/defaults';
import { resolveJob } from '../../core/jobs/resolve';
import type { JobSpec } from '../../core/spec/model';
import { isFinal } from '../../core/targets/types';
import type { TrainyardConfig } from '../../core/config';

const skip = sshdAvailable() ? false : 'OpenSSH server not installed (apt-get install openssh-server)';
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ty-sshh-'));
/** The inner host; `jump` only lets connections through to it; `profiled` has a HOME with a ~/.profile. */
let inner: Sshd;
let jump: Sshd;
let profiled: Sshd;
const remoteHome = path.join(root, 'remote-home');

before(async () => {
  if (skip) return;
  inner = await startSshd();
  jump = await startSshd({ extraConfig: [`PermitOpen 127.0.0.1:${inner.port}`], fakeNvidiaSmi: false });
  // A HOME whose ~/.profile puts a tool (and an nvidia-smi that says so) first on PATH.
  const bin = path.join(remoteHome, 'profile-bin');
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(path.join(remoteHome, '.profile'), `PATH="${bin}:$PATH"; export PATH\n`);
  fs.writeFileSync(path.join(bin, 'ty-from-profile'), '#!/bin/sh\necho "profile tool: $*"\n', { mode: 0o755 });
  fs.writeFileSync(
    path.join(bin, 'nvidia-smi'),
    '#!/bin/sh\ncase "$*" in *--query-gpu=*) echo "0, PROFILE GPU, GPU-p, 0, 1, 1000, 30, 50" ;; esac\nexit 0\n',
    { mode: 0o755 },
  );
  profiled = await startSshd({ env: { HOME: remoteHome, SHELL: '/bin/sh' } });
});
after(async () => {
  closeSshPools();
  await Promise.all([inner?.stop(), jump?.stop(), profiled?.stop()]);
  fs.rmSync(root, { recursive: true, force: true });
});

const known = (...servers: Sshd[]) => servers.map((s) => `[127.0.0.1]:${s.port} ${s.hostPublicKey}\n`).join('');

function jumpSetup(knownHosts: string) {
  const h = clientHome(root);
  fs.writeFileSync(
    h.sshConfig,
    `Host jump\n  HostName 127.0.0.1\n  Port ${jump.port}\n  User ${jump.user}\n  IdentityFile ${jump.clientKey}\n  IdentitiesOnly yes\n` +
      `Host inner\n  HostName 127.0.0.1\n  Port ${inner.port}\n  User ${inner.user}\n  IdentityFile ${inner.clientKey}\n  IdentitiesOnly yes\n  ProxyJump jump\n` +
      `Host elsewhere\n  HostName 127.0.0.1\n  Port ${profiled.port}\n  User ${inner.user}\n  IdentityFile ${profiled.clientKey}\n  ProxyJump jump\n`,
  );
  fs.writeFileSync(h.knownHosts, knownHosts);
  const opts: SshClientOptions = { home: h.home, sshConfigFile: h.sshConfig, knownHostsFile: h.knownHosts, agentSocket: null, reconnectAttempts: 0 };
  return opts;
}

async function reason(p: Promise<unknown>): Promise<TrainyardError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof TrainyardError, String(e));
    return e;
  }
  assert.fail('expected a TrainyardError');
}

describe('ProxyJump through a second sshd, and login shells (real sshd)', { skip }, () => {
  it('ProxyJump: each hop authenticates to its own server with its own key; the jump host only forwards where it may', async () => {
    const opts = jumpSetup(known(jump, inner));
    const c = new SshConnection({ alias: 'inner' }, opts);
    // The session is on the inner host (its port), reached through the jump (checked below: its key, its PermitOpen).
    const r = await c.exec(['sh', '-c', 'echo "$SSH_CONNECTION"']);
    assert.equal(r.code, 0, r.stderr.toString());
    assert.match(r.stdout.toString(), new RegExp(`^127\\.0\\.0\\.1 \\d+ 127\\.0\\.0\\.1 ${inner.port}\\n$`));
    assert.match(c.describe(), /via jump/);
    c.close();

    // The jump sshd refuses to open a channel anywhere else (PermitOpen).
    const e = await reason(new SshConnection({ alias: 'elsewhere' }, opts).exec(['true']));
    assert.equal(e.reason, 'host-unreachable');
    assert.match(e.message, /through the jump host/);

    // An unknown jump host key is asked about (and refused here), naming the jump's fingerprint.
    const unknownJump = await reason(new SshConnection({ alias: 'inner' }, jumpSetup(known(inner))).exec(['true']));
    assert.equal(unknownJump.reason, 'host-key-unknown');
    assert.ok(unknownJump.message.includes(jump.hostKeyFingerprint), unknownJump.message);
    assert.ok(unknownJump.message.includes(`[127.0.0.1]:${jump.port}`), unknownJump.message);
  });

  it('ProxyJump carries a whole job: launch, log, status through the jump host', async () => {
    const opts = jumpSetup(known(jump, inner));
    const config: TrainyardConfig = { cancelGraceSeconds: 2, hosts: { inner: { trainyardDir: path.join(root, 'inner-ty') } } };
    const home = path.join(root, 'ty-jump');
    const t = getTarget('ssh:inner', { home, config, ssh: opts }) as SshTarget;
    const work = fs.mkdtempSync(path.join(root, 'work-'));
    fs.writeFileSync(path.join(work, 'in.txt'), 'via the jump\n');
    const job = resolveJob({ version: 1, kind: 'job', run: 'cat in.txt' } as JobSpec, path.join(work, 'j.trainyard.yaml'), 'run: x\n', { target: 'ssh:inner', config, home, processEnv: {} });
    await t.launch(job);
    let info = await t.status(job.id);
    while (!isFinal(info.status)) {
      await t.waitForChange(job.id, 200);
      info = await t.status(job.id);
    }
    assert.equal(info.status, 'succeeded');
    const parts: Buffer[] = [];
    for await (const ch of t.logs(job.id, {})) parts.push(ch.data);
    assert.equal(Buffer.concat(parts).toString(), 'via the jump\n');
  });

  it('loginShell: true runs jobs and GPU probes through the login shell (PATH from ~/.profile); without it they do not see it', async () => {
    setFakeGpus(profiled, { gpus: '0, PLAIN FAKE GPU, GPU-f, 0, 1, 1000, 30, 50\n', apps: '' });
    const h = clientHome(root);
    fs.writeFileSync(h.knownHosts, known(profiled));
    const ssh: SshClientOptions = { home: h.home, sshConfigFile: h.sshConfig, knownHostsFile: h.knownHosts, agentSocket: null };
    const host = { host: '127.0.0.1', port: profiled.port, user: profiled.user, identityFile: profiled.clientKey, trainyardDir: path.join(root, 'profiled-ty') };
    const config: TrainyardConfig = { cancelGraceSeconds: 2, hosts: { login: { ...host, loginShell: true }, plain: host } };
    const home = path.join(root, 'ty-login');
    const work = fs.mkdtempSync(path.join(root, 'work-'));
    const run = async (name: 'login' | 'plain') => {
      const t = getTarget(`ssh:${name}`, { home, config, ssh }) as SshTarget;
      const job = resolveJob({ version: 1, kind: 'job', run: "ty-from-profile 'a b'" } as JobSpec, path.join(work, 'j.trainyard.yaml'), 'run: x\n', { target: `ssh:${name}`, config, home, processEnv: {} });
      await t.launch(job);
      let info = await t.status(job.id);
      while (!isFinal(info.status)) {
        await t.waitForChange(job.id, 200);
        info = await t.status(job.id);
      }
      const parts: Buffer[] = [];
      for await (const ch of t.logs(job.id, {})) parts.push(ch.data);
      return { info, log: Buffer.concat(parts).toString(), probe: await t.probeHost() };
    };
    const login = await run('login');
    assert.equal(login.info.status, 'succeeded', login.log);
    assert.equal(login.log, 'profile tool: a b\n');
    assert.deepEqual(login.probe.gpus.map((g) => g.name), ['PROFILE GPU']);
    const plain = await run('plain');
    assert.equal(plain.info.status, 'failed');
    assert.equal(plain.info.exitCode, 127);
    assert.deepEqual(plain.probe.gpus.map((g) => g.name), ['PLAIN FAKE GPU']);
  });
});
