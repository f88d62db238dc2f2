import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { trainyardHome, loadConfig, parseConfig } from '../../core/config';
import { slugify, newJobId } from '../../core/jobs/ids';
import { resolveJob, renderJob, parseDuration, maskSecrets, StreamMasker } from '../../core/jobs/resolve';
import { jobFiles, parseLogTimestamps } from '../../core/jobs/jobdir';
import { getTarget } from '../../core/targets/registry';
import { LocalTarget } from '../../core/targets/local';
import type { JobSpec } from '../../core/spec/model';

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'ty-unit-'));
const reason = (r: string) => (e: unknown) => (e as { reason?: string }).reason === r;

describe('config', () => {
  it('finds the home and tolerates a missing config', () => {
    assert.equal(trainyardHome({ TRAINYARD_HOME: '/x/y' }), '/x/y');
    assert.equal(trainyardHome({}), path.join(os.homedir(), '.trainyard'));
    assert.deepEqual(loadConfig(tmp()), { cancelGraceSeconds: 10 });
  });
  it('reads settings and reports malformed files with file:line', () => {
    const c = parseConfig('defaultTarget: ssh:gpu1\ncancelGraceSeconds: 3\nhosts:\n  gpu1: { host: 10.0.0.5, user: me }\nthresholds: { x: 1 }\n');
    assert.equal(c.defaultTarget, 'ssh:gpu1');
    assert.equal(c.cancelGraceSeconds, 3);
    assert.equal(c.hosts?.gpu1.host, '10.0.0.5');
    assert.deepEqual(c.thresholds, { x: 1 });
    assert.throws(() => parseConfig('a: 1\nb: [1, 2\n', '/h/config.yaml'), /\/h\/config\.yaml:\d+: /);
    assert.throws(() => parseConfig('defaultTarget: local\ncancelGraceSeconds: soon\n', 'config.yaml'), /config\.yaml:2: `cancelGraceSeconds`/);
    assert.throws(() => parseConfig('- a\n', 'config.yaml'), /config\.yaml:1: /);
    const home = tmp();
    fs.writeFileSync(path.join(home, 'config.yaml'), 'hosts: 3\n');
    assert.throws(() => loadConfig(home), /config\.yaml:1: `hosts`/);
  });
});

describe('job ids', () => {
  it('slugs hostile names safely', () => {
    assert.equal(slugify('Train ResNet-50!'), 'train-resnet-50');
    assert.equal(slugify(''), 'job');
    assert.equal(slugify('日本語'), 'job');
    assert.equal(slugify("'; rm -rf / #$(x)\n../..:a"), 'rm-rf-x-a');
    assert.equal(slugify('Ünïcödé'), 'unicode');
    assert.ok(slugify('a'.repeat(100)).length <= 24);
    assert.equal(slugify('abcdefghijklmnopqrstuvw-yz'), 'abcdefghijklmnopqrstuvw');
  });
  it('makes unique ids without / or :', () => {
    const dir = tmp();
    const ids = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const id = newJobId('x/y:z', dir);
      assert.match(id, /^x-y-z-[0-9a-z]{6}$/);
      ids.add(id);
      fs.mkdirSync(path.join(dir, id));
    }
    assert.equal(ids.size, 200);
  });
});

describe('resolveJob', () => {
  const base = (over: Partial<JobSpec> = {}): JobSpec => ({ version: 1, kind: 'job', run: 'python train.py', ...over });

  it('applies defaults and target precedence', () => {
    const home = tmp();
    const r = resolveJob(base(), '/proj/specs/train.yaml', 'text', { config: { cancelGraceSeconds: 10 }, home });
    assert.equal(r.target, 'local');
    assert.equal(r.name, 'train');
    assert.equal(r.workdir, '/proj/specs');
    assert.equal(r.retries, 0);
    assert.deepEqual([r.outputs, r.resources, r.env, r.secretEnv], [[], {}, {}, {}]);
    assert.equal(r.timeoutSeconds, undefined);
    assert.match(r.id, /^train-[0-9a-z]{6}$/);
    const cfg = { cancelGraceSeconds: 10, defaultTarget: 'ssh:cfg' };
    const spec = base({ target: 'ssh:spec', workdir: '../src', timeout: '2h30m', retries: 2, name: 'N' });
    assert.equal(resolveJob(spec, '/p/s/x.yaml', '', { config: cfg, home, target: 'k8s:c/ns' }).target, 'k8s:c/ns');
    const s = resolveJob(spec, '/p/s/x.yaml', '', { config: cfg, home });
    assert.deepEqual([s.target, s.workdir, s.timeoutSeconds, s.retries, s.name], ['ssh:spec', '/p/src', 9000, 2, 'N']);
    assert.equal(resolveJob(base(), '/p/x.yaml', '', { config: cfg, home }).target, 'ssh:cfg');
    assert.throws(() => resolveJob(base(), '/p/x.yaml', '', { config: cfg, home, target: 'nowhere' }), reason('unknown-target'));
  });

  it('stringifies env, lets --env win, and resolves secrets from the environment then secrets.yaml', () => {
    const home = tmp();
    fs.writeFileSync(path.join(home, 'secrets.yaml'), 'B: from-file\nA: file-loses\n');
    const r = resolveJob(
      base({ env: { N: 1.5, T: true, S: 'x', A: { secret: 'A' }, B: { secret: 'B' }, O: 'spec' } }),
      '/p/x.yaml',
      '',
      { config: { cancelGraceSeconds: 10 }, home, env: { O: 'cli' }, processEnv: { A: 'from-env' } },
    );
    assert.deepEqual(r.env, { N: '1.5', T: 'true', S: 'x', O: 'cli' });
    assert.deepEqual(r.secretEnv, { A: 'from-env', B: 'from-file' });
    const rendered = renderJob({ ...r, run: 'echo from-env' });
    assert.deepEqual(rendered.env, { N: '1.5', T: 'true', S: 'x', O: 'cli', A: '***', B: '***' });
    assert.equal(rendered.run, 'echo ***');
    assert.ok(!JSON.stringify(rendered).includes('from-file'));
  });

  it('names both places when a secret is missing', () => {
    const home = tmp();
    assert.throws(
      () => resolveJob(base({ env: { K: { secret: 'NOPE' } } }), '/p/x.yaml', '', { config: { cancelGraceSeconds: 10 }, home, processEnv: {} }),
      (e: Error & { reason?: string }) =>
        e.reason === 'secret-missing' && e.message.includes('export NOPE=') && e.message.includes(path.join(home, 'secrets.yaml')),
    );
  });

  it('rejects reserved and invalid env names', () => {
    const home = tmp();
    const cfg = { cancelGraceSeconds: 10 };
    assert.throws(() => resolveJob(base({ env: { TRAINYARD_JOB_ID: 'x' } }), '/p/x.yaml', '', { config: cfg, home }), /set by Trainyard/);
    assert.throws(() => resolveJob(base(), '/p/x.yaml', '', { config: cfg, home, env: { 'A B': 'x' } }), /not a valid environment/);
  });

  it('parses durations', () => {
    assert.equal(parseDuration('2h30m'), 9000);
    assert.equal(parseDuration('45m'), 2700);
    assert.equal(parseDuration('90s'), 90);
    assert.equal(parseDuration('1d'), 86400);
    assert.equal(parseDuration('120'), 120);
    for (const bad of ['', 'soon', '5x', '-1s', '0s', '1h1h']) assert.throws(() => parseDuration(bad), reason('spec-invalid'), bad);
  });

  it('writes secrets only to secrets.sh (mode 0600) in the job files', () => {
    const home = tmp();
    const r = resolveJob(base({ env: { K: { secret: 'S' } } }), '/p/x.yaml', '', { config: { cancelGraceSeconds: 10 }, home, processEnv: { S: 'hunter2' } });
    const files = jobFiles(r, { dir: '/j', createdAt: 'now', cancelGraceSeconds: 10 });
    assert.equal(files[0].name, 'secrets.sh');
    assert.equal(files[0].mode, 0o600);
    for (const f of files.slice(1)) assert.ok(!f.data.includes('hunter2'), f.name);
    assert.deepEqual(JSON.parse(files.find((f) => f.name === 'job.json')!.data).secretNames, ['K']);
  });
});

describe('masking', () => {
  it('masks every occurrence, longest first', () => {
    assert.equal(maskSecrets('a hunter2 b hunter22 c', ['hunter2', 'hunter22', '']), 'a *** b *** c');
  });

  it('masks secrets split across chunks in a stream', () => {
    const secrets = ['s3cr3t-value', 'tok'];
    const text = 'before s3cr3t-value mid tok s3cr3t-valu end s3cr3t-value';
    for (let cut = 1; cut <= text.length; cut++) {
      const m = new StreamMasker(secrets);
      const bytes = Buffer.from(text);
      let out = '';
      for (let i = 0; i < bytes.length; i += cut) out += m.push(bytes.subarray(i, i + cut)).toString();
      out += m.flush().toString();
      assert.equal(out, 'before *** mid *** s3cr3t-valu end ***', `chunk size ${cut}`);
    }
    const none = new StreamMasker([]);
    assert.equal(none.push(Buffer.from('abc')).toString(), 'abc');
  });
});

describe('log timestamps and targets', () => {
  it('parses log.ts, skipping junk and non-increasing offsets', () => {
    const ts = parseLogTimestamps('10 1700000000\nbad\n10 1700000001\n25 1700000002\n');
    assert.deepEqual(ts.map((t) => [t.offset, t.time.getTime() / 1000]), [
      [10, 1700000000],
      [25, 1700000002],
    ]);
  });
  it('maps target strings to targets', () => {
    const home = tmp();
    assert.ok(getTarget('local', { home, config: { cancelGraceSeconds: 1 } }) instanceof LocalTarget);
    // SSH targets are created without connecting (the connection opens on first use).
    assert.equal(getTarget('ssh:alice@gpu1:2222', { home, config: { cancelGraceSeconds: 1 } }).id, 'ssh:alice@gpu1:2222');
    assert.throws(() => getTarget('k8s:ctx/ns', { home }), reason('target-unsupported'));
    assert.throws(() => getTarget('ftp:x', { home }), reason('unknown-target'));
  });
});
