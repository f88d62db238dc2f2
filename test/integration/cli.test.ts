/**
 * The `trainyard` CLI spawned as a user runs it (the built bin, a fresh process per command),
 * each test with its own TRAINYARD_HOME. Waits on processes and job events, never on sleeps.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';

const repo = path.resolve(__dirname, '../..');
const bin = path.join(repo, 'bin/trainyard.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ty-cli-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface Ctx {
  home: string;
  dir: string;
}
function ctx(): Ctx {
  const base = fs.mkdtempSync(path.join(tmp, 'c-'));
  const home = path.join(base, 'home');
  const dir = path.join(base, 'ws');
  fs.mkdirSync(home);
  fs.mkdirSync(dir);
  return { home, dir };
}

function cli(c: Ctx, args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: c.dir,
    encoding: 'utf8',
    env: { ...process.env, TRAINYARD_HOME: c.home, NO_COLOR: '1', ...env },
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function spec(c: Ctx, name: string, text: string): string {
  const p = path.join(c.dir, name);
  fs.writeFileSync(p, text);
  return p;
}

const job = (run: string, extra = '') => `version: 1\nkind: job\nname: t\n${extra}run: ${JSON.stringify(run)}\n`;

describe('trainyard validate', () => {
  it('passes the examples and reports a count', () => {
    const c = ctx();
    const r = cli(c, ['validate', path.join(repo, 'examples')]);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.err, /✓ \d+ specs valid/);
  });

  it('reports every seeded error at its line:col with did-you-mean, and exits 1', () => {
    const c = ctx();
    const f = spec(c, 'broken.trainyard.yaml', 'version: 1\nkind: job\nstage: trian\nresources:\n  gpus: two\nrn: python train.py\ntimeout: 2 hours\n');
    const r = cli(c, ['validate', 'broken.trainyard.yaml']);
    assert.equal(r.code, 1);
    const lines = r.out.trim().split('\n');
    assert.ok(lines.every((l) => l.startsWith('broken.trainyard.yaml:')), r.out);
    assert.ok(lines.some((l) => l.startsWith('broken.trainyard.yaml:3:8: error:') && /did you mean `train`/.test(l)), r.out);
    assert.ok(lines.some((l) => l.startsWith('broken.trainyard.yaml:5:9: error:') && /integer/.test(l)), r.out);
    assert.ok(lines.some((l) => l.startsWith('broken.trainyard.yaml:6:1: error:') && /did you mean `run` \(required\)/.test(l)), r.out);
    assert.ok(lines.some((l) => l.startsWith('broken.trainyard.yaml:7:10: error:') && /duration/.test(l)), r.out);
    // the misspelt `rn` is one mistake: no "missing required key `run`" besides
    assert.ok(!lines.some((l) => /missing required key `run`/.test(l)), r.out);
    assert.ok(fs.existsSync(f));
  });

  it('prints one JSON document with --format json', () => {
    const c = ctx();
    spec(c, 'a.trainyard.yaml', 'kind: job\nrun: x\nretries: -1\n');
    const r = cli(c, ['validate', '--format', 'json', '.']);
    assert.equal(r.code, 1);
    const doc = JSON.parse(r.out);
    assert.equal(doc.ok, false);
    assert.equal(doc.files.length, 1);
    const p = doc.files[0].problems[0];
    assert.deepEqual([p.line, p.column, p.severity], [3, 10, 'error']);
  });

  it('prints GitHub annotations with escaped properties', () => {
    const c = ctx();
    spec(c, 'x,y.trainyard.yaml', 'kind: jobb\n');
    const r = cli(c, ['validate', '--format', 'github', 'x,y.trainyard.yaml']);
    assert.equal(r.code, 1);
    assert.match(r.out, /^::error file=x%2Cy\.trainyard\.yaml,line=1,col=7,endLine=1,endColumn=11,title=trainyard \(enum\)::.*did you mean `job`/m);
  });

  it('fails clearly on a missing file and on bad usage', () => {
    const c = ctx();
    const r = cli(c, ['validate', 'nope.trainyard.yaml']);
    assert.equal(r.code, 1);
    assert.match(r.err, /nope\.trainyard\.yaml: error: no such file/);
    assert.equal(cli(c, ['validate', '--format', 'xml', '.']).code, 2);
    assert.equal(cli(c, ['frobnicate']).code, 2);
    assert.equal(cli(c, ['run', '--no-such-flag', 'x']).code, 2);
  });
});

describe('trainyard run / jobs / logs / cancel', () => {
  it('run --follow streams the log and exits with the job code', () => {
    const c = ctx();
    spec(c, 'ok.trainyard.yaml', job('printf "hello\\n"; printf "no newline"'));
    const ok = cli(c, ['run', 'ok.trainyard.yaml', '--follow']);
    assert.equal(ok.code, 0, ok.err);
    assert.equal(ok.out, 'hello\nno newline');
    spec(c, 'fail.trainyard.yaml', job('echo bad >&2; exit 3'));
    const bad = cli(c, ['run', 'fail.trainyard.yaml', '-f']);
    assert.equal(bad.code, 3);
    assert.equal(bad.out, 'bad\n');
    spec(c, 'sig.trainyard.yaml', job('kill -USR1 $$'));
    assert.equal(cli(c, ['run', 'sig.trainyard.yaml', '-f']).code, 128 + os.constants.signals.SIGUSR1);
  });

  it('run exits 125 when it cannot launch: invalid spec, unknown or unsupported target, missing file', () => {
    const c = ctx();
    spec(c, 'bad.trainyard.yaml', 'kind: job\n');
    const a = cli(c, ['run', 'bad.trainyard.yaml', '-f']);
    assert.equal(a.code, 125);
    assert.match(a.err, /bad\.trainyard\.yaml:1:1: error: missing required key `run`/);
    spec(c, 'ok.trainyard.yaml', job('true'));
    const b = cli(c, ['run', 'ok.trainyard.yaml', '--target', 'mars:1']);
    assert.equal(b.code, 125);
    assert.match(b.err, /invalid target `mars:1`/);
    assert.equal(cli(c, ['run', 'missing.trainyard.yaml']).code, 125);
  });

  it('prints the id; jobs, status and logs work from fresh processes', () => {
    const c = ctx();
    spec(c, 'j.trainyard.yaml', job('echo line1; echo line2'));
    const r = cli(c, ['run', 'j.trainyard.yaml']);
    assert.equal(r.code, 0, r.err);
    const id = r.out.trim();
    assert.match(id, /^t-[a-z0-9]{6}$/);
    assert.equal(cli(c, ['logs', '-f', id]).out, 'line1\nline2\n');
    const list = JSON.parse(cli(c, ['jobs', '--json']).out);
    assert.equal(list.length, 1);
    for (const k of ['id', 'target', 'name', 'status', 'exitCode', 'startedAt', 'endedAt']) assert.ok(k in list[0], k);
    assert.deepEqual([list[0].id, list[0].target, list[0].status, list[0].exitCode], [id, 'local', 'succeeded', 0]);
    const st = JSON.parse(cli(c, ['status', id, '--json']).out);
    assert.equal(st.status, 'succeeded');
    assert.ok(!('gpus' in list[0]) && !('gpus' in st), 'a job given no GPU has no gpus field');
    const human = cli(c, ['jobs']).out;
    assert.match(human, new RegExp(`^${id}\\s+local\\s+t\\s+succeeded\\s+0`, 'm'));
    const ts = cli(c, ['logs', id, '--timestamps']).out;
    assert.match(ts, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z line1\n\d{4}-\S+ line2\n$/);
    const fromOffset = cli(c, ['logs', id, '--from', '6']).out;
    assert.equal(fromOffset, 'line2\n');
    assert.equal(cli(c, ['logs', 'no-such-job']).code, 1);
  });

  it('cancels a running job from another process; the follower sees it end', async () => {
    const c = ctx();
    spec(c, 'slow.trainyard.yaml', job('echo started; sleep 300'));
    const follower = spawn(process.execPath, [bin, 'run', 'slow.trainyard.yaml', '--follow', '--json'], {
      cwd: c.dir,
      env: { ...process.env, TRAINYARD_HOME: c.home, NO_COLOR: '1' },
    });
    let out = '';
    const seen = (re: RegExp) =>
      new Promise<void>((resolve, reject) => {
        const check = () => (re.test(out) ? resolve() : undefined);
        follower.stdout.on('data', (d) => {
          out += d;
          check();
        });
        follower.on('exit', () => (re.test(out) ? resolve() : reject(new Error(`exited before ${re}: ${out}`))));
        check();
      });
    await seen(/"text":"started\\n"/);
    const id = JSON.parse(out.split('\n')[0]!).job.id as string;
    const exited = new Promise<number | null>((resolve) => follower.on('exit', (code) => resolve(code)));
    const r = cli(c, ['cancel', id]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, new RegExp(`${id} cancelled`));
    const code = await exited;
    assert.equal(code, 128 + os.constants.signals.SIGTERM);
    const last = JSON.parse(out.trim().split('\n').pop()!);
    assert.equal(last.type, 'status');
    assert.equal(last.job.status, 'cancelled');
    // Cancelling again is harmless.
    assert.equal(cli(c, ['cancel', id]).code, 0);
  });

  it('never runs hostile values from --env, and masks secrets in render, --json and logs', () => {
    const c = ctx();
    const marker = path.join(c.dir, 'pwned');
    spec(c, 'e.trainyard.yaml', job('printf "%s|%s" "$HOSTILE" "$TOKEN"', `env:\n  TOKEN: { secret: MY_TOKEN }\n`));
    const hostile = `$(touch ${marker})\`touch ${marker}\`'"; touch ${marker}\n*`;
    const r = cli(c, ['run', 'e.trainyard.yaml', '-f', '--env', `HOSTILE=${hostile}`], { MY_TOKEN: 'tok-s3cr3t-value' });
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, `${hostile}|***`);
    assert.ok(!fs.existsSync(marker));
    const rendered = cli(c, ['render', 'e.trainyard.yaml', '--json'], { MY_TOKEN: 'tok-s3cr3t-value' });
    assert.equal(rendered.code, 0, rendered.err);
    assert.ok(!rendered.out.includes('tok-s3cr3t-value'));
    assert.ok(rendered.out.includes('***'));
    const human = cli(c, ['render', 'e.trainyard.yaml'], { MY_TOKEN: 'tok-s3cr3t-value' });
    assert.ok(!human.out.includes('tok-s3cr3t-value') && human.out.includes('TOKEN'));
    const missing = cli(c, ['run', 'e.trainyard.yaml']);
    assert.equal(missing.code, 125);
    assert.match(missing.err, /MY_TOKEN/);
  });

  it('run, status and jobs --json show the GPUs a job was given (FAKE nvidia-smi); a GPU-less job has no gpus field', () => {
    const c = ctx();
    // FAKE nvidia-smi: GPU 0 is busy (a process on it), GPU 1 is free.
    const fake = path.join(c.dir, 'fakebin');
    fs.mkdirSync(fake);
    fs.writeFileSync(path.join(fake, 'gpus.csv'), '0, NVIDIA H200, GPU-aaa, 97, 70000, 143771, 61, 412.5\n1, NVIDIA H200, GPU-bbb, 0, 1, 143771, 30, 60\n');
    fs.writeFileSync(path.join(fake, 'apps.csv'), 'GPU-aaa, 4242, 69000\n');
    fs.writeFileSync(
      path.join(fake, 'nvidia-smi'),
      `#!/bin/sh\ncase "$1" in\n  --query-gpu=*) cat ${JSON.stringify(path.join(fake, 'gpus.csv'))} ;;\n  --query-compute-apps=*) cat ${JSON.stringify(path.join(fake, 'apps.csv'))} ;;\nesac\n`,
      { mode: 0o755 },
    );
    const env = { PATH: `${fake}:${process.env.PATH}` };
    spec(c, 'g.trainyard.yaml', job('echo "gpu=$CUDA_VISIBLE_DEVICES"; sleep 300', 'resources:\n  gpus: 1\n'));
    const r = cli(c, ['run', 'g.trainyard.yaml', '--json'], env);
    assert.equal(r.code, 0, r.out + r.err);
    const launched = JSON.parse(r.out);
    assert.deepEqual(launched.gpus, ['1']);
    assert.deepEqual(JSON.parse(cli(c, ['status', launched.id, '--json'], env).out).gpus, ['1']);
    assert.match(cli(c, ['status', launched.id], env).out, /^gpus\s+1$/m);
    spec(c, 'n.trainyard.yaml', job('true'));
    const plain = JSON.parse(cli(c, ['run', 'n.trainyard.yaml', '--json'], env).out);
    assert.ok(!('gpus' in plain), JSON.stringify(plain));
    const list = JSON.parse(cli(c, ['jobs', '--json'], env).out) as Array<{ id: string; gpus?: string[] }>;
    assert.deepEqual(Object.fromEntries(list.map((j) => [j.id, j.gpus])), { [launched.id]: ['1'], [plain.id]: undefined });
    assert.equal(cli(c, ['cancel', launched.id], env).code, 0);
  });

  it('--set overrides spec fields before validation', () => {
    const c = ctx();
    spec(c, 's.trainyard.yaml', job('echo "$A"', 'env:\n  A: one\n'));
    assert.equal(cli(c, ['run', 's.trainyard.yaml', '-f', '--set', 'env.A=two']).out, 'two\n');
    const bad = cli(c, ['run', 's.trainyard.yaml', '--set', 'resources.gpus=many']);
    assert.equal(bad.code, 125);
    assert.match(bad.err, /gpus/);
  });
});
