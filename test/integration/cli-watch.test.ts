/**
 * `trainyard watch` spawned as a user runs it (the built bin), against a job launched by another
 * process: status changes and metric records as they are appended, then the job's exit code.
 * Waits on the watcher's output and exit, never on sleeps (the jobs' own scripts pace themselves).
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';

const repo = path.resolve(__dirname, '../..');
const bin = path.join(repo, 'bin/trainyard.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ty-watch-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface Ctx {
  home: string;
  dir: string;
  env: NodeJS.ProcessEnv;
}
function ctx(): Ctx {
  const base = fs.mkdtempSync(path.join(tmp, 'c-'));
  const home = path.join(base, 'home');
  const dir = path.join(base, 'ws');
  fs.mkdirSync(home);
  fs.mkdirSync(dir);
  return { home, dir, env: { ...process.env, TRAINYARD_HOME: home, NO_COLOR: '1' } };
}

/** Launches `run` as a job spec from another process (`extra`: more spec lines); returns its id. */
function launch(c: Ctx, run: string, env: Record<string, string | { secret: string }> = {}, extra = ''): string {
  const envText = Object.keys(env).length ? `env:\n${Object.entries(env).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}\n`).join('')}` : '';
  fs.writeFileSync(path.join(c.dir, 'job.trainyard.yaml'), `version: 1\nkind: job\nname: w\n${envText}${extra}run: ${JSON.stringify(run)}\n`);
  const r = spawnSync(process.execPath, [bin, 'run', 'job.trainyard.yaml', '--json'], { cwd: c.dir, env: c.env, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  return JSON.parse(r.stdout).id as string;
}

/** A spawned watcher with helpers to wait on its output and its exit. */
function watcher(c: Ctx, args: string[]) {
  const p: ChildProcessWithoutNullStreams = spawn(process.execPath, [bin, 'watch', ...args], { cwd: c.dir, env: c.env });
  let out = '';
  let err = '';
  const waiters: Array<() => void> = [];
  p.stdout.on('data', (d) => {
    out += d;
    for (const w of waiters) w();
  });
  p.stderr.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => p.on('exit', (code) => resolve(code)));
  return {
    get out() {
      return out;
    },
    get err() {
      return err;
    },
    exited,
    kill: (sig: NodeJS.Signals) => p.kill(sig),
    seen(re: RegExp): Promise<void> {
      return new Promise((resolve, reject) => {
        const check = () => re.test(out) && resolve();
        waiters.push(check);
        void exited.then(() => (re.test(out) ? resolve() : reject(new Error(`watch exited before ${re}: ${out}${err}`))));
        check();
      });
    },
  };
}

// Record 2 is written in two parts (a reader between them sees half a line); a torn line and a
// stray print sit between the records; record 3's last line has no newline.
const METRICS_JOB = [
  'while [ ! -e "$GATE" ]; do sleep 0.05; done',
  `printf '{"step":1,"loss":0.9,"phase":"train"}\\n' >>"$TRAINYARD_METRICS_FILE"`,
  `printf '{"step":2,"lo\\n' >>"$TRAINYARD_METRICS_FILE"`,
  `printf 'not json\\n' >>"$TRAINYARD_METRICS_FILE"`,
  `printf '{"step":2,"loss":' >>"$TRAINYARD_METRICS_FILE"`,
  'sleep 0.3',
  `printf '0.5,"ok":true}\\n' >>"$TRAINYARD_METRICS_FILE"`,
  `printf '{"step":3,"loss":0.41,"accuracy":0.88}' >>"$TRAINYARD_METRICS_FILE"`,
].join('\n');

// Log lines for `metrics.pattern`: a \r progress line (tqdm draws its last state again when it
// closes), a line written in two parts with a pause between them, a line with a secret's value
// (masked before matching), a metrics-file record beside them, a last line without a newline.
const PATTERN = '(?:epoch (?<step>\\d+)/\\d+ )?loss=(?<loss>[0-9.]+)';
const PATTERN_JOB = [
  'while [ ! -e "$GATE" ]; do sleep 0.05; done',
  `printf 'starting\\n'`,
  `printf 'epoch 1/3 loss=0.9\\n'`,
  `printf '\\rtrain loss=0.8\\rtrain loss=0.7'`,
  'sleep 0.2',
  `printf '\\rtrain loss=0.7\\n'`,
  `printf 'token loss=%s\\n' "$TOKEN"`,
  `printf 'epoch 2/3 lo'`,
  'sleep 0.3',
  `printf 'ss=0.5\\n'`,
  `printf 'epoch 3/3 loss=0.41'`,
].join('\n');
const FILE_RECORD = `printf '{"step":1,"accuracy":0.7}\\n' >>"$TRAINYARD_METRICS_FILE"`;
const PATTERN_RECORDS = [{ step: 1, loss: 0.9 }, { loss: 0.8 }, { loss: 0.7 }, { step: 2, loss: 0.5 }, { step: 3, loss: 0.41 }];

describe('trainyard watch (local job, another process)', () => {
  it('--json streams the status changes and exactly the three metric records, then exits 0', async () => {
    const c = ctx();
    const gate = path.join(c.dir, 'gate');
    const id = launch(c, METRICS_JOB, { GATE: gate });
    const w = watcher(c, [id, '--json', '--interval', '200ms']);
    await w.seen(/"type":"status".*"status":"running"/);
    fs.writeFileSync(gate, '');
    assert.equal(await w.exited, 0, w.out + w.err);
    const events = w.out.trim().split('\n').map((l) => JSON.parse(l));
    for (const e of events) assert.ok(typeof e.time === 'string' && !Number.isNaN(Date.parse(e.time)), JSON.stringify(e));
    assert.deepEqual(
      events.filter((e) => e.type === 'status').map((e) => [e.id, e.status, e.exitCode]),
      [
        [id, 'running', null],
        [id, 'succeeded', 0],
      ],
    );
    assert.deepEqual(
      events.filter((e) => e.type === 'metrics').map((e) => e.metrics),
      [
        { step: 1, loss: 0.9 },
        { step: 2, loss: 0.5 },
        { step: 3, loss: 0.41, accuracy: 0.88 },
      ],
    );
    assert.equal(events.filter((e) => e.type === 'gpu').length, 0, 'a job without GPUs has no GPU samples');
    assert.equal(events.at(-1).type, 'status', 'the final status comes last');
  });

  it('prints one human line per event and exits with the job code', async () => {
    const c = ctx();
    const id = launch(c, `printf '{"step":3,"loss":0.41,"accuracy":0.88}\\n' >>"$TRAINYARD_METRICS_FILE"; exit 3`);
    const w = watcher(c, [id]);
    assert.equal(await w.exited, 3, w.out + w.err);
    const lines = w.out.trim().split('\n');
    assert.ok(lines.every((l) => /^\d\d:\d\d:\d\d (status|metrics|gpu\d+) /.test(l)), w.out);
    assert.ok(lines.some((l) => /^\d\d:\d\d:\d\d metrics step=3 loss=0\.41 accuracy=0\.88$/.test(l)), w.out);
    assert.match(lines.at(-1)!, /^\d\d:\d\d:\d\d status failed \(exit 3\)/);
  });

  it('Ctrl-C stops watching with 130; the job keeps running', async () => {
    const c = ctx();
    const id = launch(c, 'sleep 300');
    const w = watcher(c, [id]);
    await w.seen(/status running/);
    w.kill('SIGINT');
    assert.equal(await w.exited, 130, w.out + w.err);
    const st = spawnSync(process.execPath, [bin, 'status', id, '--json'], { cwd: c.dir, env: c.env, encoding: 'utf8' });
    assert.equal(JSON.parse(st.stdout).status, 'running', st.stdout + st.stderr);
    assert.equal(spawnSync(process.execPath, [bin, 'cancel', id], { cwd: c.dir, env: c.env }).status, 0);
  });

  it('--json streams the records of log lines the spec\'s metrics.pattern matches (split writes, \\r progress), live and once finished', async () => {
    const c = ctx();
    c.env.TY_TEST_TOKEN = '31337';
    const gate = path.join(c.dir, 'gate');
    const id = launch(c, PATTERN_JOB, { GATE: gate, TOKEN: { secret: 'TY_TEST_TOKEN' } }, `metrics:\n  pattern: ${JSON.stringify(PATTERN)}\n`);
    const w = watcher(c, [id, '--json', '--interval', '200ms']);
    await w.seen(/"type":"status".*"status":"running"/);
    fs.writeFileSync(gate, '');
    assert.equal(await w.exited, 0, w.out + w.err);
    assert.equal(w.err, '');
    const events = w.out.trim().split('\n').map((l) => JSON.parse(l));
    const pattern = events.filter((e) => e.type === 'metrics' && e.source === 'pattern');
    assert.deepEqual(pattern.map((e) => e.metrics), PATTERN_RECORDS);
    for (const e of pattern) assert.deepEqual(Object.keys(e).sort(), ['metrics', 'offset', 'source', 'time', 'type'], JSON.stringify(e));
    const log = fs.readFileSync(path.join(c.home, 'jobs', id, 'log'));
    assert.equal(pattern.at(-1).offset, log.length, 'offsets are bytes of the log');
    assert.ok(pattern.every((e, i) => i === 0 || e.offset >= pattern[i - 1].offset), 'offsets only grow');
    assert.deepEqual(events.filter((e) => e.type === 'metrics' && e.source !== 'pattern'), [], 'no metrics file: the pattern is the only source');
    assert.equal(events.at(-1).type, 'status', 'the final status comes last, after the log is drained');

    // The finished job, watched again: the same records, once each; the human lines too.
    const again = watcher(c, [id, '--json']);
    assert.equal(await again.exited, 0, again.out + again.err);
    const later = again.out.trim().split('\n').map((l) => JSON.parse(l)).filter((e) => e.type === 'metrics' && e.source === 'pattern');
    assert.deepEqual(later.map((e) => e.metrics), PATTERN_RECORDS);
    assert.equal(later.at(-1).offset, log.length);
    const text = watcher(c, [id]);
    assert.equal(await text.exited, 0, text.out + text.err);
    assert.ok(/^\d\d:\d\d:\d\d metrics step=2 loss=0\.5$/m.test(text.out), text.out);
    assert.equal(text.out.match(/ metrics /g)?.length, PATTERN_RECORDS.length, text.out);
  });

  it('a job that writes its metrics file and prints lines the pattern matches: the file is its metrics, no step twice', async () => {
    const c = ctx();
    const id = launch(
      c,
      'for i in 1 2 3; do printf "epoch %s/3 loss=0.%s\\n" $i $i; printf \'{"step":%s,"loss":0.%s1}\\n\' $i $i >>"$TRAINYARD_METRICS_FILE"; done',
      {},
      `metrics:\n  pattern: ${JSON.stringify(PATTERN)}\n`,
    );
    const first = watcher(c, [id, '--json']);
    assert.equal(await first.exited, 0, first.out + first.err);
    // watched once it has finished (like examples/train.trainyard.yaml, whose train.py does both)
    const w = watcher(c, [id, '--json']);
    assert.equal(await w.exited, 0, w.out + w.err);
    const events = w.out.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(
      events.filter((e) => e.type === 'metrics').map((e) => [e.source, e.metrics]),
      [1, 2, 3].map((i) => ['file', { step: i, loss: Number(`0.${i}1`) }]),
    );
  });

  it('a metrics.pattern that does not compile is reported once on stderr; the rest is watched', async () => {
    const c = ctx();
    c.env.TY_TEST_TOKEN = '31337';
    const gate = path.join(c.dir, 'gate');
    const id = launch(c, `${PATTERN_JOB}\n${FILE_RECORD}`, { GATE: gate, TOKEN: { secret: 'TY_TEST_TOKEN' } }, `metrics:\n  pattern: ${JSON.stringify(PATTERN)}\n`);
    // job.json written by another version, or edited: launch itself refuses such a spec
    const jobJson = path.join(c.home, 'jobs', id, 'job.json');
    const rec = JSON.parse(fs.readFileSync(jobJson, 'utf8'));
    rec.metrics.pattern = 'loss=(?<loss>[0-9.]+';
    fs.writeFileSync(jobJson, JSON.stringify(rec));
    fs.writeFileSync(gate, '');
    const w = watcher(c, [id, '--json']);
    assert.equal(await w.exited, 0, w.out + w.err);
    assert.equal(w.err.match(/warning: metrics\.pattern `loss=\(\?<loss>\[0-9\.\]\+` is not a valid regular expression \(.+\); log lines are not matched\n/g)?.length, 1, w.err);
    const events = w.out.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(events.filter((e) => e.type === 'metrics').map((e) => [e.source, e.metrics]), [['file', { step: 1, accuracy: 0.7 }]]);
    assert.equal(events.at(-1).status, 'succeeded');
  });

  it('rejects a bad --interval', () => {
    const c = ctx();
    const r = spawnSync(process.execPath, [bin, 'watch', 'x', '--interval', 'soon'], { cwd: c.dir, env: c.env, encoding: 'utf8' });
    assert.equal(r.status, 2, r.stdout + r.stderr);
  });
});
