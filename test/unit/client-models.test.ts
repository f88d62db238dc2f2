import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LogStore, MAX_LINE_CHARS } from '../../client/models/logStore';
import { MetricsFileReader, PatternMetrics, parseMetricsLine } from '../../client/models/metrics';
import { parseOverrides, formatOverrides, splitWords } from '../../client/models/overrides';
import { groupSpecs, summarizeSpec, groupOf } from '../../client/models/specGroups';
import { elapsedText, groupJobs, jobDescription, newlyFinished, passes } from '../../client/models/jobGroups';
import { CONTEXT, jobContextValue } from '../../client/models/contextValues';
import type { JobInfo } from '../../client/engine';

const enc = (s: string) => Buffer.from(s, 'utf8');

test('LogStore: lines by index, partial last line, CRLF, progress bars', () => {
  const s = new LogStore();
  assert.equal(s.lineCount, 0);
  s.append(enc('one\ntwo\r\nthr'));
  assert.equal(s.lineCount, 3);
  assert.equal(s.completeLineCount, 2);
  assert.deepEqual(s.lines(0, 10), ['one', 'two', 'thr']);
  s.append(enc('ee\n 10%|█\r 50%|█████\r100%|██████████\n'));
  assert.deepEqual(s.lines(2, 2), ['three', '100%|██████████']);
  assert.equal(s.lineCount, 4);
  assert.deepEqual(s.lines(3, 100), ['100%|██████████']);
  assert.deepEqual(s.lines(10, 5), []);
});

test('LogStore: multi-byte characters split across chunks', () => {
  const s = new LogStore();
  const bytes = enc('é€\n');
  s.append(bytes.subarray(0, 1));
  s.append(bytes.subarray(1));
  assert.deepEqual(s.lines(0, 1), ['é€']);
});

test('LogStore: a million lines, any range, search with a cap', async () => {
  const s = new LogStore();
  const chunk: string[] = [];
  for (let i = 0; i < 1_000_000; i++) {
    chunk.push(`step ${i}${i % 100_000 === 0 ? ' \x1b[31mcheckpoint\x1b[0m' : ''}`);
    if (chunk.length === 50_000) {
      s.append(enc(chunk.join('\n') + '\n'));
      chunk.length = 0;
    }
  }
  assert.equal(s.lineCount, 1_000_000);
  assert.deepEqual(s.lines(999_998, 5), ['step 999998', 'step 999999']);
  assert.equal(s.line(500_000), 'step 500000 \x1b[31mcheckpoint\x1b[0m');
  const t0 = Date.now();
  const all = await s.search('CHECKPOINT', false, 100);
  assert.deepEqual(all.matches, [0, 100_000, 200_000, 300_000, 400_000, 500_000, 600_000, 700_000, 800_000, 900_000]);
  assert.ok(Date.now() - t0 < 5000, 'search of 1M lines within seconds');
  assert.deepEqual(await s.search('checkpoint', true, 3), { matches: [0, 100_000, 200_000], truncated: true });
  assert.deepEqual((await s.search('[31m', false, 10)).matches, [], 'escape codes are not searched');
});

test('LogStore: overlong lines are cut', () => {
  const s = new LogStore();
  s.append(enc('x'.repeat(MAX_LINE_CHARS + 10) + '\n'));
  assert.equal(s.line(0).length, MAX_LINE_CHARS + 1);
});

test('metrics file lines: step or time, numeric fields only', () => {
  assert.deepEqual(parseMetricsLine('{"step": 3, "loss": 0.41, "accuracy": 0.88}', 0), { x: 3, values: { loss: 0.41, accuracy: 0.88 } });
  assert.deepEqual(parseMetricsLine('{"time": 1700000000000, "loss": 1}', 0), { x: 1700000000000, values: { loss: 1 } });
  assert.deepEqual(parseMetricsLine('{"loss": 1, "tag": "x"}', 7), { x: 7, values: { loss: 1 } });
  assert.equal(parseMetricsLine('not json', 0), undefined);
  assert.equal(parseMetricsLine('{"step": 1}', 0), undefined);
  const r = new MetricsFileReader();
  assert.deepEqual(r.push('{"step":1,"loss":2}\n{"step":2,'), [{ x: 1, values: { loss: 2 } }]);
  assert.deepEqual(r.push('"loss":1}\n'), [{ x: 2, values: { loss: 1 } }]);
});

test('metrics pattern over log lines (the examples/train spec pattern)', () => {
  const p = new PatternMetrics('epoch (?<step>\\d+)/\\d+ loss=(?<loss>[0-9.]+) acc=(?<accuracy>[0-9.]+)');
  assert.deepEqual(p.push(enc('training on 600 rows\nepoch 1/10 loss=0.9000 acc=0.7000\nepoch 2/10 loss=0.5 acc=0.8\nepoch 3/10 lo')), [
    { x: 1, values: { loss: 0.9, accuracy: 0.7 } },
    { x: 2, values: { loss: 0.5, accuracy: 0.8 } },
  ]);
  assert.deepEqual(p.push(enc('ss=0.4 acc=0.9')), [], 'a line still being written waits');
  assert.deepEqual(p.end(), [{ x: 3, values: { loss: 0.4, accuracy: 0.9 } }]);
  const noStep = new PatternMetrics('loss=(?<loss>[0-9.]+)');
  assert.deepEqual(noStep.push(enc('loss=1\rloss=0.5\n')), [
    { x: 0, values: { loss: 1 } },
    { x: 1, values: { loss: 0.5 } },
  ]);
  assert.throws(() => new PatternMetrics('(?P<x>1)'), /metrics\.pattern .* is not a valid regular expression/);
});

test('overrides: env pairs and spec paths, quoted values', () => {
  assert.deepEqual(parseOverrides('LR=0.01 resources.gpus=2 env.MSG="hello world"'), {
    env: { LR: '0.01', MSG: 'hello world' },
    set: [{ path: 'resources.gpus', value: '2' }],
  });
  assert.deepEqual(parseOverrides('  '), { env: {}, set: [] });
  assert.throws(() => parseOverrides('LR'), /KEY=VALUE/);
  assert.throws(() => parseOverrides('9x=1'), /neither/);
  assert.throws(() => splitWords('"open'), /unclosed/);
  const o = { env: { A: 'x y' }, set: [{ path: 'resources.gpus', value: '2' }] };
  assert.deepEqual(parseOverrides(formatOverrides(o)), o);
});

test('specs grouped by stage', () => {
  const specs = [
    summarizeSpec('train.trainyard.yaml', 'kind: job\nname: train\nstage: train\n'),
    summarizeSpec('prep.trainyard.yaml', 'kind: job\nname: prep\nstage: data\n'),
    summarizeSpec('serve.trainyard.yaml', 'kind: service\nname: serve\n'),
    summarizeSpec('pipe.trainyard.yaml', 'kind: pipeline\nname: p\n'),
    summarizeSpec('broken.trainyard.yaml', 'name: [unclosed\n'),
    summarizeSpec('eval.trainyard.yaml', 'stage: eval\n'),
  ];
  assert.deepEqual(groupSpecs(specs).map((g) => [g.group, g.specs.map((s) => s.path)]), [
    ['data', ['prep.trainyard.yaml']],
    ['train', ['train.trainyard.yaml']],
    ['evaluate', ['eval.trainyard.yaml']],
    ['deploy', ['serve.trainyard.yaml']],
    ['pipelines', ['pipe.trainyard.yaml']],
    ['other', ['broken.trainyard.yaml']],
  ]);
  assert.equal(groupOf({ path: 'x', stage: 'Deploy' }), 'deploy');
});

const job = (over: Partial<JobInfo>): JobInfo => ({
  id: 'j', target: 'local', name: 'n', status: 'running', exitCode: null, createdAt: '2026-01-01T00:00:00Z', startedAt: '2026-01-01T00:00:00Z', endedAt: null, ...over,
});

test('jobs grouped by target (local first), filtered by status and age', () => {
  const jobs = [
    job({ id: 'a', createdAt: '2026-01-01T00:00:01Z' }),
    job({ id: 'b', target: 'ssh:gpu1', status: 'failed', exitCode: 1, endedAt: '2026-01-01T00:01:00Z' }),
    job({ id: 'c', createdAt: '2026-01-01T00:00:02Z', status: 'succeeded', endedAt: '2026-01-01T00:00:05Z', exitCode: 0 }),
  ];
  const now = Date.parse('2026-01-01T00:02:00Z');
  const groups = groupJobs(jobs, new Map([['ssh:gpu2', 'host unreachable']]), {}, now);
  assert.deepEqual(groups.map((g) => [g.target, g.jobs.map((j) => j.id), g.error]), [
    ['local', ['c', 'a'], undefined],
    ['ssh:gpu1', ['b'], undefined],
    ['ssh:gpu2', [], 'host unreachable'],
  ]);
  assert.deepEqual(groupJobs(jobs, new Map(), { statuses: ['running'] }, now).map((g) => g.jobs.map((j) => j.id)), [['a']]);
  assert.equal(passes(jobs[2]!, { retentionDays: 1 }, now + 2 * 86_400_000), false);
  assert.equal(passes(jobs[0]!, { retentionDays: 1 }, now + 2 * 86_400_000), true, 'running jobs always show');
  assert.equal(jobDescription(jobs[1]!, now), 'failed · 1m 00s · exit 1');
  assert.equal(jobDescription(job({ gpus: ['0', '1'] }), Date.parse('2026-01-01T00:00:04Z')), 'running · 4s · GPU 0,1');
  assert.equal(elapsedText(job({ startedAt: null }), now), '');
  assert.deepEqual(newlyFinished([jobs[0]!], [{ ...jobs[0]!, status: 'succeeded' }]).map((j) => j.id), ['a']);
  assert.deepEqual(newlyFinished([jobs[2]!], [jobs[2]!]), []);
});

test('context values come from one map', () => {
  assert.equal(jobContextValue('running'), CONTEXT.jobRunning);
  assert.equal(jobContextValue('queued', true), 'job.running.spec');
  assert.equal(jobContextValue('lost', true), 'job.final.spec');
  assert.match(jobContextValue('failed', true), /^job\..*\.spec$/, 'matches the Relaunch menu\'s when clause');
});
