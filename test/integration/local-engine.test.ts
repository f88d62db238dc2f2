/**
 * core/engine over the local target: spec file → resolved job → running job → index → logs.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { launchSpecFile, renderSpecFile, findJob, listJobs, jobLogs, SpecInvalidError } from '../../core/engine';
import { JobIndex } from '../../core/jobs/index';
import { isFinal, type JobInfo, type Target } from '../../core/targets/types';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ty-engine-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

function project(files: Record<string, string>): { home: string; dir: string } {
  const base = fs.mkdtempSync(path.join(root, 'p-'));
  const home = path.join(base, 'home');
  const dir = path.join(base, 'proj');
  fs.mkdirSync(home);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(home, 'config.yaml'), 'cancelGraceSeconds: 2\n');
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return { home, dir };
}

async function final(target: Target, id: string): Promise<JobInfo> {
  for (;;) {
    const info = await target.status(id);
    if (isFinal(info.status)) return info;
    await target.waitForChange!(id, 300);
  }
}

const reason = (r: string) => (e: unknown) => (e as { reason?: string }).reason === r;

describe('engine', { concurrency: true }, () => {
  it('launches a spec file, indexes the job, finds and lists it, and masks secrets in logs and render', async () => {
    const { home, dir } = project({
      'train.trainyard.yaml': [
        'version: 1',
        'kind: job',
        'name: Train_Model.v2',
        'env:',
        '  LR: 0.1',
        '  TOKEN: {secret: TY_TEST_TOKEN}',
        'run: |',
        '  echo "lr=$LR epochs=$EPOCHS token=$TOKEN"',
        '',
      ].join('\n'),
    });
    fs.writeFileSync(path.join(home, 'secrets.yaml'), 'TY_TEST_TOKEN: sup3r-s3cret\n', { mode: 0o600 });
    const spec = path.join(dir, 'train.trainyard.yaml');
    const phases: string[] = [];
    const { job, resolved } = await launchSpecFile(spec, {
      home,
      env: { EPOCHS: '3' },
      set: [{ path: 'env.LR', value: '0.5' }],
      progress: (e) => phases.push(e.phase),
    });
    assert.deepEqual(phases, ['submit', 'start']);
    assert.equal(job.target, 'local');
    assert.equal(job.name, 'Train_Model.v2');
    assert.match(job.id, /^train-model-v2-[a-z0-9]{6}$/);
    assert.equal(resolved.workdir, dir);
    assert.deepEqual(new JobIndex(home).lookup(job.id), { id: job.id, target: 'local', name: 'Train_Model.v2', createdAt: job.createdAt });

    const { target, info } = await findJob(job.id, { home });
    assert.equal(info.id, job.id);
    const done = await final(target, job.id);
    assert.equal(done.status, 'succeeded');

    let masked = '';
    for await (const c of jobLogs(job.id, { follow: true }, { home })) masked += c.data.toString();
    assert.equal(masked, 'lr=0.5 epochs=3 token=***\n');
    const raw = fs.readFileSync(path.join(home, 'jobs', job.id, 'log'), 'utf8');
    assert.equal(raw, 'lr=0.5 epochs=3 token=sup3r-s3cret\n');

    assert.deepEqual((await listJobs({ home })).map((j) => j.id), [job.id]);
    const rendered = await renderSpecFile(spec, { home });
    assert.equal((rendered.env as Record<string, string>).TOKEN, '***');
    assert.ok(!JSON.stringify(rendered).includes('sup3r'));
  });

  it('refuses invalid specs, bad targets, unknown jobs and targets that are not here yet', async () => {
    const { home, dir } = project({
      'bad.trainyard.yaml': 'version: 1\nkind: job\nrun: 3\nbogus: true\n',
      'pipe.trainyard.yaml': 'version: 1\nkind: pipeline\nstages:\n  a:\n    job:\n      run: echo a\n',
      'ok.trainyard.yaml': 'version: 1\nkind: job\nrun: echo hi\n',
    });
    await assert.rejects(launchSpecFile(path.join(dir, 'bad.trainyard.yaml'), { home }), (e: unknown) => {
      assert.ok(e instanceof SpecInvalidError);
      assert.equal(e.reason, 'spec-invalid');
      assert.ok(e.problems.length >= 1);
      return true;
    });
    // A pipeline with a target that is not a target at all fails before anything starts.
    await assert.rejects(launchSpecFile(path.join(dir, 'pipe.trainyard.yaml'), { home, target: 'mars' }), reason('unknown-target'));
    await assert.rejects(launchSpecFile(path.join(dir, 'ok.trainyard.yaml'), { home, target: 'k8s:ctx/ns' }), reason('target-unsupported'));
    await assert.rejects(findJob('nope-abcdef', { home }), reason('unknown-job'));
    assert.equal(fs.existsSync(path.join(home, 'jobs')), false, 'nothing was launched');
  });
});
