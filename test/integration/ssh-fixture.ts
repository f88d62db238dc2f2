/**
 * Shared set-up of the SSH integration tests: one real sshd (test/helpers/sshd.ts) per test
 * file, a client HOME with known_hosts, a `box` host in config.yaml pointing at it with a temp
 * trainyardDir, and targets with their own connection pools (what separate processes have).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSshd, sshdAvailable, clientHome, type Sshd } from '../helpers/sshd';
import { getTarget } from '../../core/targets/registry';
import type { SshTarget } from '../../core/targets/ssh';
import type { SshClientOptions } from '../../core/ssh/connection';
import { closeSshPools } from '../../core/ssh/defaults';
import { resolveJob, type ResolvedJob } from '../../core/jobs/resolve';
import type { JobSpec } from '../../core/spec/model';
import { isFinal, type JobInfo } from '../../core/targets/types';
import type { TrainyardConfig } from '../../core/config';

export const skip = sshdAvailable() ? false : 'OpenSSH server not installed (apt-get install openssh-server)';

export interface Fixture {
  d: Sshd;
  root: string;
  remoteDir: string;
  home: string;
  config: TrainyardConfig;
  ssh: SshClientOptions;
  target(): SshTarget;
  workdir(files?: Record<string, string>): string;
  resolve(work: string, spec: Partial<JobSpec>): ResolvedJob;
  close(): Promise<void>;
}

export async function startFixture(prefix: string, extra: Record<string, unknown> = {}): Promise<Fixture> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const d = await startSshd();
  const remoteDir = path.join(root, 'remote', "tr ain'yard");
  const ch = clientHome(root);
  fs.writeFileSync(ch.knownHosts, `[127.0.0.1]:${d.port} ${d.hostPublicKey}\n`);
  const config: TrainyardConfig = {
    cancelGraceSeconds: 2,
    hosts: { box: { host: '127.0.0.1', port: d.port, user: d.user, identityFile: d.clientKey, trainyardDir: remoteDir } },
    ...extra,
  };
  const home = path.join(root, 'ty-home');
  const f: Fixture = {
    d,
    root,
    remoteDir,
    home,
    config,
    ssh: { home: ch.home, sshConfigFile: ch.sshConfig, knownHostsFile: ch.knownHosts, agentSocket: null },
    target() {
      // A fresh options object: a pool of its own, as another process would have.
      return getTarget('ssh:box', { home, config, ssh: { ...f.ssh } }) as SshTarget;
    },
    workdir(files = {}) {
      const w = fs.mkdtempSync(path.join(root, 'work-'));
      for (const [rel, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(w, rel)), { recursive: true });
        fs.writeFileSync(path.join(w, rel), text);
      }
      return w;
    },
    resolve(work, spec) {
      const full = { version: 1, kind: 'job', run: 'true', ...spec } as JobSpec;
      return resolveJob(full, path.join(work, 'job.trainyard.yaml'), `run: ${full.run}\n`, { target: 'ssh:box', config, home, processEnv: {} });
    },
    async close() {
      closeSshPools();
      await d.stop();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
  return f;
}

export async function waitFor(t: SshTarget, id: string, pred: (i: JobInfo) => boolean, what: string, ms = 30_000): Promise<JobInfo> {
  const deadline = Date.now() + ms;
  for (;;) {
    const info = await t.status(id);
    if (pred(info)) return info;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; last: ${JSON.stringify(info)}`);
    await t.waitForChange(id, 200);
  }
}

export const final = (t: SshTarget, id: string, ms?: number) => waitFor(t, id, (i) => isFinal(i.status), 'a final status', ms);

export async function logOf(t: SshTarget, id: string): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of t.logs(id, {})) parts.push(c.data);
  return Buffer.concat(parts).toString('utf8');
}
