/**
 * The job runner script (core/jobs/runner.ts) on its own: a job directory written by jobFiles,
 * runner.sh run directly, under dash (`sh` here) and under bash as sh (POSIX mode), which
 * differ in what `wait` answers for a child whose status was already reported. Waits on the
 * runner's exit and on directory events; the only timers bound how long a failure takes.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { jobFiles } from '../../core/jobs/jobdir';
import { HELPERS_SH } from '../../core/jobs/runner';
import type { ResolvedJob } from '../../core/jobs/resolve';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ty-runner-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
/** How the runner is started: `sh` as the local and SSH targets do, and bash as sh where it is there. */
const shells: Array<{ name: string; argv: string[] }> = [{ name: 'sh', argv: ['sh'] }];
if (has('bash')) shells.push({ name: 'bash --posix', argv: ['bash', '--posix'] });

/** A job directory as launch writes it, plus `confExtra` appended to runner.conf (which runner.sh sources). */
function jobDir(run: string, o: { confExtra?: string; grace?: number } = {}): string {
  const dir = fs.mkdtempSync(path.join(root, 'j-'));
  const job = {
    id: path.basename(dir),
    name: 'runner-test',
    kind: 'job',
    target: 'local',
    specPath: path.join(dir, 'spec.yaml'),
    specText: '',
    workdir: dir,
    run,
    env: {},
    secretEnv: {},
    resources: {},
    outputs: [],
    metrics: {},
    retries: 0,
  } as unknown as ResolvedJob;
  fs.mkdirSync(path.join(dir, 'outputs'));
  fs.writeFileSync(path.join(dir, 'log'), '');
  for (const f of jobFiles(job, { dir, createdAt: new Date().toISOString(), cancelGraceSeconds: o.grace ?? 5 })) {
    fs.writeFileSync(path.join(dir, f.name), f.data, { mode: f.mode });
  }
  if (o.confExtra) fs.appendFileSync(path.join(dir, 'runner.conf'), o.confExtra);
  return dir;
}

const read = (dir: string, f: string): string | undefined => {
  try {
    return fs.readFileSync(path.join(dir, f), 'utf8').trim();
  } catch {
    return undefined;
  }
};
const state = (dir: string) => ({ status: read(dir, 'status'), exitCode: read(dir, 'exit_code'), reason: read(dir, 'reason') });
function dump(dir: string): string {
  return fs
    .readdirSync(dir)
    .filter((f) => fs.statSync(path.join(dir, f)).isFile() && !/\.sh$|^job\.json$|^spec\.yaml$/.test(f))
    .map((f) => `${f}=${JSON.stringify(read(dir, f))}`)
    .join(' ');
}

/**
 * Starts a detached process (its own process group, as the targets start runners) and resolves
 * with its exit code once its stdout has closed too, i.e. once every process it left holding
 * that pipe (helpers and their sleeps) has ended as well.
 */
function start(argv: string[], limitMs: number, what: () => string) {
  const child = spawn(argv[0]!, argv.slice(1), { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  const exited = new Promise<{ code: number | null; out: string }>((resolve, reject) => {
    // A bound on a failure, not synchronisation: a runner that never finishes fails the test.
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
      reject(new Error(`still running after ${limitMs} ms: ${what()} ${out}`));
    }, limitMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
  return { child, exited };
}

function runRunner(shell: string[], dir: string, limitMs = 20_000) {
  return start([...shell, path.join(dir, 'runner.sh'), dir], limitMs, () => dump(dir));
}

/** Resolves once `pred` holds, re-checking on every event in `dir` (and every 250 ms, should an event be missed). */
async function until(dir: string, pred: () => boolean): Promise<void> {
  const watcher = fs.watch(dir, { persistent: false });
  try {
    while (!pred()) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 250);
        watcher.once('change', () => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  } finally {
    watcher.close();
  }
}

for (const sh of shells) {
  describe(`runner.sh under ${sh.name}`, { concurrency: true }, () => {
    it('records the final status when a pid still answers `kill -0` after the job ended (as a reused pid does)', async () => {
      // runner.conf is sourced by the runner: this `kill` answers "alive" for every pid, as
      // `kill -0` does once the wrapper's pid went to an unrelated process. A runner that polls
      // its reaped child with `kill -0` spins here and never writes a final status.
      const dir = jobDir('echo done; exit 3', { confExtra: 'kill() { if [ "$1" = -0 ]; then return 0; fi; command kill "$@"; }\n' });
      const { exited } = runRunner(sh.argv, dir);
      assert.equal((await exited).code, 0);
      assert.deepEqual(state(dir), { status: 'failed', exitCode: '3', reason: undefined });
      assert.equal(read(dir, 'log'), 'done');
    });

    it('a cancel interrupts its wait; it waits again and records the exit code the job chose', async () => {
      const dir = jobDir("trap 'echo stopping; exit 7' TERM; echo ready; while :; do sleep 0.05; done");
      const { child, exited } = runRunner(sh.argv, dir);
      await until(dir, () => read(dir, 'log') === 'ready');
      fs.writeFileSync(path.join(dir, 'cancel'), '');
      // Two trapped signals: each cuts the runner's wait short.
      process.kill(child.pid!, 'SIGTERM');
      process.kill(child.pid!, 'SIGHUP');
      assert.equal((await exited).code, 0);
      assert.deepEqual(state(dir), { status: 'cancelled', exitCode: '7', reason: 'cancelled' });
      // (bash may report its sleep's SIGTERM in between)
      assert.match(read(dir, 'log')!, /^ready\n(.*\n)*stopping$/);
    });

    it('a job that exits on its own while a timeout is armed succeeds, and no helper outlives the runner', async () => {
      const dir = jobDir('echo quick', { confExtra: 'ty_timeout=3600\n' });
      // `exited` waits for the runner's stdout to close: the sampler and the timer share it, so
      // they (and their sleeps) have ended too.
      const { exited } = runRunner(sh.argv, dir);
      assert.equal((await exited).code, 0);
      assert.deepEqual(state(dir), { status: 'succeeded', exitCode: '0', reason: undefined });
    });

    it('helpers started and stopped at once while TERM is trapped always stop (a lost TERM left them running)', async () => {
      const dir = fs.mkdtempSync(path.join(root, 'h-'));
      fs.writeFileSync(path.join(dir, 'status'), 'running\n');
      const script = [
        `d=${JSON.stringify(dir)} me=$$`,
        HELPERS_SH,
        // As in the runner: TERM is trapped while the helpers are forked.
        "trap 'ty_trap=1' TERM INT HUP",
        'i=0',
        'while [ "$i" -lt 200 ]; do later 3600 true; stop_helper $!; i=$((i + 1)); done',
        // A timer that fired lingers (so its pid is still ours) until it is stopped.
        "fired= ; trap 'ty_trap=1 fired=1' HUP",
        'later 0 kill -HUP $$; h=$!',
        'while [ -z "$fired" ]; do wait "$h"; done',
        'kill -0 "$h" && echo lingers',
        'stop_helper "$h"',
        'echo "stopped with $ty_stop"',
      ].join('\n');
      const { exited } = start([...sh.argv, '-c', script], 20_000, () => '');
      const r = await exited;
      assert.equal(r.code, 0);
      assert.equal(r.out, 'lingers\nstopped with USR1\n');
    });

    it('helpers stop (with KILL) also where USR1 was ignored on entry and cannot be trapped', { skip: !has('perl') && 'no perl' }, async () => {
      const dir = fs.mkdtempSync(path.join(root, 'h-'));
      fs.writeFileSync(path.join(dir, 'status'), 'running\n');
      // (a helper KILLed after it started its sleep leaves that sleep behind: 1 s here)
      const script = [`d=${JSON.stringify(dir)} me=$$`, HELPERS_SH, 'later 1 true; stop_helper $!', 'echo "stopped with $ty_stop"'].join('\n');
      const { exited } = start(['perl', '-e', '$SIG{USR1} = "IGNORE"; exec @ARGV or exit 127', ...sh.argv, '-c', script], 20_000, () => '');
      const r = await exited;
      assert.equal(r.code, 0);
      assert.equal(r.out, 'stopped with KILL\n');
    });
  });
}
