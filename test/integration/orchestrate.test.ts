/**
 * Pipelines and sweeps run by the CLI as a user would: the controller job launches real local
 * jobs. Each test has its own TRAINYARD_HOME; waits on processes and job events, never sleeps.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';

const repo = path.resolve(__dirname, '../..');
const bin = path.join(repo, 'bin/trainyard.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ty-orch-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function ws() {
  const base = fs.mkdtempSync(path.join(tmp, 'w-'));
  fs.mkdirSync(path.join(base, 'home'));
  return { home: path.join(base, 'home'), dir: base };
}
function cli(w: { home: string; dir: string }, args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: w.dir, encoding: 'utf8', env: { ...process.env, TRAINYARD_HOME: w.home, NO_COLOR: '1' }, timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
/** Every job directory's small files, for a failure message (a sweep that did not finish once). */
function jobDirs(w: { home: string }): string {
  const root = path.join(w.home, 'jobs');
  const out: string[] = [];
  for (const id of fs.existsSync(root) ? fs.readdirSync(root) : []) {
    const dir = path.join(root, id);
    const files = fs.readdirSync(dir).filter((f) => fs.statSync(path.join(dir, f)).isFile() && fs.statSync(path.join(dir, f)).size < 2000);
    out.push(`\n== ${id}: ${files.map((f) => `${f}=${JSON.stringify(fs.readFileSync(path.join(dir, f), 'utf8').trim())}`).join(' ')}`);
  }
  return out.join('');
}
const jobsOf = (w: { home: string; dir: string }) => JSON.parse(cli(w, ['jobs', '--json']).out) as Array<{ id: string; name: string; status: string; exitCode: number | null }>;

describe('pipelines', () => {
  it('runs stages in dependency order, skips what needs a failed stage, and fails', () => {
    const w = ws();
    fs.writeFileSync(path.join(w.dir, 'a.trainyard.yaml'), 'kind: job\nname: a\nrun: echo "a ran" > a.txt\n');
    fs.writeFileSync(
      path.join(w.dir, 'p.trainyard.yaml'),
      [
        'kind: pipeline',
        'name: p',
        'env:',
        '  SHARED: from-pipeline',
        'stages:',
        '  a:',
        '    spec: a.trainyard.yaml',
        '  b:',
        '    needs: [a]',
        '    job:',
        '      run: cat a.txt; echo "shared=$SHARED"; exit 4',
        '  c:',
        '    needs: [b]',
        '    job:',
        '      run: echo never',
        '  d:',
        '    job:',
        '      run: echo independent',
        '',
      ].join('\n'),
    );
    const r = cli(w, ['run', 'p.trainyard.yaml', '--follow']);
    assert.equal(r.code, 1, r.out + r.err);
    // b's own lines in order (other stages' lines may come between: d runs at the same time)
    const bLines = r.out.split('\n').filter((l) => l.startsWith('[b] '));
    assert.deepEqual(bLines, ['[b] a ran', '[b] shared=from-pipeline'], r.out);
    assert.match(r.out, /stage c: skipped — needs b, which failed/);
    assert.match(r.out, /\[d\] independent/);
    const jobs = jobsOf(w);
    const by = (n: string) => jobs.find((j) => j.name === n);
    assert.equal(by('a')?.status, 'succeeded');
    assert.deepEqual([by('b')?.status, by('b')?.exitCode], ['failed', 4]);
    assert.equal(by('c'), undefined);
    assert.equal(by('d')?.status, 'succeeded');
    assert.deepEqual([by('p')?.status, by('p')?.exitCode], ['failed', 1]);
  });

  it('--stage runs one stage as a job of its own, with the pipeline env; a wrong name gets a did-you-mean', () => {
    const w = ws();
    fs.writeFileSync(
      path.join(w.dir, 'p.trainyard.yaml'),
      'kind: pipeline\nname: p\nenv:\n  WHO: pipeline\nstages:\n  first:\n    job:\n      run: echo first\n  second:\n    needs: [first]\n    job:\n      run: echo "second from $WHO"\n',
    );
    const r = cli(w, ['run', 'p.trainyard.yaml', '--stage', 'second', '-f']);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, 'second from pipeline\n');
    assert.deepEqual(jobsOf(w).map((j) => j.name), ['second'], 'neither the controller nor `first` ran');
    const bad = cli(w, ['run', 'p.trainyard.yaml', '--stage', 'secnd']);
    assert.equal(bad.code, 125);
    assert.match(bad.err, /no stage `secnd`; did you mean `second`\?/);
  });

  it('cancelling the pipeline cancels its running stages', async () => {
    const w = ws();
    fs.writeFileSync(path.join(w.dir, 'p.trainyard.yaml'), 'kind: pipeline\nname: slow\nstages:\n  s:\n    job:\n      run: echo started; sleep 300\n');
    const follower = spawn(process.execPath, [bin, 'run', 'p.trainyard.yaml', '-f', '--json'], { cwd: w.dir, env: { ...process.env, TRAINYARD_HOME: w.home } });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      follower.stdout.on('data', (d) => {
        out += d;
        if (out.includes('[s] started')) resolve();
      });
      follower.on('exit', () => reject(new Error(`exited early: ${out}`)));
    });
    const id = JSON.parse(out.split('\n')[0]!).job.id as string;
    const exited = new Promise<number | null>((r) => follower.on('exit', (c) => r(c)));
    assert.equal(cli(w, ['cancel', id]).code, 0);
    assert.equal(await exited, 143);
    const stage = jobsOf(w).find((j) => j.name === 's');
    assert.equal(stage?.status, 'cancelled');
  });
});

describe('sweeps', () => {
  it('runs every combination with its params, `parallel` at a time, and ranks the metric', () => {
    const w = ws();
    fs.writeFileSync(
      path.join(w.dir, 's.trainyard.yaml'),
      [
        'kind: sweep',
        'name: sw',
        'job:',
        '  run: |',
        '    echo "{\\"step\\": 1, \\"score\\": $(( ${{ params.a }} * PARAM_B ))}" >> "$TRAINYARD_METRICS_FILE"',
        '    echo "a=${{ params.a }} b=$PARAM_B"',
        'matrix:',
        '  a: [1, 2]',
        '  b: [10, 3]',
        'parallel: 2',
        'metric: { name: score, goal: maximize }',
        '',
      ].join('\n'),
    );
    const r = cli(w, ['run', 's.trainyard.yaml', '-f']);
    assert.equal(r.code, 0, r.out + r.err + (r.code === 0 ? '' : jobDirs(w)));
    for (const l of ['a=1 b=10', 'a=1 b=3', 'a=2 b=10', 'a=2 b=3']) assert.ok(r.out.includes(l), l);
    assert.match(r.out, /best score \(maximize\): 20 — sw-3-\w+ \[a=2,b=10\]/);
    const ctl = jobsOf(w).find((j) => j.name === 'sw')!;
    const summary = JSON.parse(fs.readFileSync(path.join(w.home, 'jobs', ctl.id, 'outputs', 'sweep.json'), 'utf8'));
    assert.deepEqual(summary.runs.map((x: { metric: number }) => x.metric), [10, 3, 20, 6]);
  });
});
