// One code-server per suite: its own user-data dir, XDG dirs, TMPDIR and TRAINYARD_HOME under
// the run folder, started in its own process group (setsid) and stopped with a group kill.
import { spawn, execFile } from 'node:child_process';
import { mkdirSync, openSync, closeSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'files.autoSave': 'off',
};

export async function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Environment every code-server process gets: Node 24 first on PATH, nothing written to $HOME or /tmp. */
export function codeServerEnv(tools, dir, extra = {}) {
  const env = { ...process.env, ...extra };
  env.PATH = `${tools.node24Bin}:${extra.PATH ?? process.env.PATH}`;
  env.XDG_CONFIG_HOME = join(dir, 'xdg/config');
  env.XDG_DATA_HOME = join(dir, 'xdg/data');
  env.XDG_CACHE_HOME = join(dir, 'xdg/cache');
  env.TMPDIR = join(dir, 'tmp');
  for (const k of ['XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME', 'TMPDIR']) mkdirSync(env[k], { recursive: true });
  // Don't leak the parent's VS Code / Electron state into the server.
  for (const k of Object.keys(env)) if (/^(VSCODE_|ELECTRON_RUN_AS_NODE)/.test(k)) delete env[k];
  return env;
}

export async function installExtension(tools, dir, extDir, vsix) {
  const ud = join(dir, 'install-ud');
  mkdirSync(ud, { recursive: true });
  const { stdout, stderr } = await promisify(execFile)(
    tools.codeServer,
    ['--user-data-dir', ud, '--extensions-dir', extDir, '--install-extension', vsix, '--force'],
    { env: codeServerEnv(tools, dir), timeout: 120_000 },
  );
  return stdout + stderr;
}

/**
 * Starts code-server. Options: name, dir (its own folder), extDir, trust (false = leave
 * Workspace Trust on), smokeDriver, env (added to the server's environment), vscodeOptions (VS
 * Code server flags, e.g. 'force-disable-user-env' so that the extension host keeps env.PATH
 * instead of the login shell's).
 */
export async function startCodeServer(tools, { name, dir, extDir, trust = true, smokeDriver = false, env = {}, vscodeOptions = [] }) {
  const ud = join(dir, 'ud');
  mkdirSync(join(ud, 'User'), { recursive: true });
  const settings = { ...BASE_SETTINGS };
  if (trust) settings['security.workspace.trust.enabled'] = false;
  else settings['security.workspace.trust.startupPrompt'] = 'always';
  writeFileSync(join(ud, 'User/settings.json'), JSON.stringify(settings, null, 2));
  const port = await freePort();
  const args = [
    '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override',
    '--user-data-dir', ud, '--extensions-dir', extDir,
  ];
  if (trust) args.push('--disable-workspace-trust');
  if (smokeDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  for (const o of vscodeOptions) args.push('--vscode-option', o);
  const logFile = join(dir, 'code-server.log');
  const fd = openSync(logFile, 'a');
  // detached => setsid(): code-server leads a new process group (server, extension hosts,
  // language servers, jobs' supervisors), so one group kill stops them all.
  const child = spawn(tools.codeServer, args, { detached: true, stdio: ['ignore', fd, fd], env: codeServerEnv(tools, dir, env) });
  closeSync(fd);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    if (child.exitCode !== null) throw new Error(`code-server ${name} exited early (see ${logFile})`);
    if (Date.now() > deadline) throw new Error(`code-server ${name} not healthy within 60 s (see ${logFile})`);
    // health polling is the one wait with no event to hang on; it ends in ~1.5 s
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    name, url, port, dir, logFile, userDataDir: ud,
    /** `vscode-remote://…` URI of a path on the server, for the smoke-driver payload. */
    remote: (p) => `vscode-remote://127.0.0.1:${port}${p}`,
    async stop() {
      if (child.exitCode !== null) return;
      try { process.kill(-child.pid, 'SIGTERM'); } catch { return; }
      const t = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch {} }, 5000);
      await exited;
      clearTimeout(t);
      // the leader is gone; make sure no straggler of its group survives
      try { process.kill(-child.pid, 'SIGKILL'); } catch {}
    },
  };
}
