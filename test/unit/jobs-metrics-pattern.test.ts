/**
 * core/jobs/metrics.ts: the spec's `metrics.pattern` over log bytes, as `trainyard watch` and the
 * job monitor read it (chunking, `\r` redraws, masking, numbers, offsets to resume from).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileMetricsPattern, patternMetricsFromChunks, patternRecord, PatternMetricsReader, MAX_PATTERN_LINE_BYTES } from '../../core/jobs/metrics';
import type { LogChunk, MetricsBatch } from '../../core/targets/types';

const PATTERN = '(?:epoch (?<step>\\d+)/\\d+ )?loss=(?<loss>[0-9.]+)';
const enc = (s: string) => Buffer.from(s, 'utf8');

/** `text` as LogChunks cut at `cuts` (byte positions). */
function chunks(text: string, cuts: number[]): LogChunk[] {
  const b = enc(text);
  const at = [0, ...cuts, b.length];
  return at.slice(1).map((end, i) => ({ offset: at[i]!, data: b.subarray(at[i]!, end) }));
}
async function* iter(cs: LogChunk[]): AsyncGenerator<LogChunk> {
  yield* cs;
}
async function collect(cs: LogChunk[], pattern = PATTERN, o: { secrets?: string[]; fromOffset?: number } = {}): Promise<MetricsBatch[]> {
  const out: MetricsBatch[] = [];
  for await (const b of patternMetricsFromChunks(iter(cs), pattern, o)) out.push(b);
  return out;
}

const LOG =
  'starting\n' +
  'epoch 1/3 loss=0.9\n' +
  '\rtrain loss=0.8\rtrain loss=0.7\rtrain loss=0.7\n' + // tqdm: redraws, the last (on close) repeats
  'epoch 2/3 loss=0.5\r\n' +
  'epoch 3/3 loss=0.41';
const RECORDS = [{ step: 1, loss: 0.9 }, { loss: 0.8 }, { loss: 0.7 }, { step: 2, loss: 0.5 }, { step: 3, loss: 0.41 }];

test('pattern metrics: the same records however the log is cut into chunks', async () => {
  const whole = await collect(chunks(LOG, []));
  assert.deepEqual(whole.flatMap((b) => b.records), RECORDS);
  for (let cut = 1; cut < LOG.length; cut++) {
    const split = await collect(chunks(LOG, [cut]));
    assert.deepEqual(split.flatMap((b) => b.records), RECORDS, `cut at ${cut}`);
  }
  const bytewise = await collect(chunks(LOG, [...Array(LOG.length - 1).keys()].map((i) => i + 1)));
  assert.deepEqual(bytewise.flatMap((b) => b.records), RECORDS);
});

test('pattern metrics: a batch offset resumes the log without repeating or losing a record', async () => {
  const cs = chunks(LOG, [15, 40, 60]);
  const batches = await collect(cs);
  const raw = enc(LOG);
  for (let i = 0; i < batches.length; i++) {
    const from = batches[i]!.offset;
    const rest = await collect([{ offset: from, data: raw.subarray(from) }], PATTERN, { fromOffset: from });
    assert.deepEqual(rest.flatMap((b) => b.records), batches.slice(i + 1).flatMap((b) => b.records), `from ${from}`);
  }
  assert.equal(batches.at(-1)!.offset, raw.length);
});

test('pattern metrics: a line still being written waits; end() takes a last line without a break', () => {
  const r = new PatternMetricsReader(PATTERN);
  assert.equal(r.push(enc('epoch 1/2 lo')), undefined);
  assert.deepEqual(r.push(enc('ss=0.5\nepoch 2/2 loss=0.25')), { offset: 'epoch 1/2 loss=0.5\n'.length, records: [{ step: 1, loss: 0.5 }] });
  assert.deepEqual(r.end(), { offset: 'epoch 1/2 loss=0.5\nepoch 2/2 loss=0.25'.length, records: [{ step: 2, loss: 0.25 }] });
  assert.equal(r.end(), undefined);
});

test('pattern metrics: numbers only, escape sequences ignored, secrets masked first', () => {
  const re = compileMetricsPattern('loss=(?<loss>\\S*) lr=(?<lr>\\S+)(?: step (?<step>\\S+))?');
  assert.deepEqual(patternRecord(re, 'loss=0.5 lr=1e-4 step 7'), { loss: 0.5, lr: 0.0001, step: 7 });
  assert.deepEqual(patternRecord(re, 'loss= lr=0x10'), undefined, 'empty text and hex are not numbers');
  assert.deepEqual(patternRecord(re, 'loss=nan lr=-.5'), { lr: -0.5 });
  assert.deepEqual(patternRecord(re, 'loss=Infinity lr=3'), { lr: 3 });
  assert.equal(patternRecord(re, 'nothing here'), undefined);
  assert.deepEqual(patternRecord(compileMetricsPattern('loss=(?<loss>[0-9.]+)'), '\x1b[32mloss=\x1b[1m0.3\x1b[0m'), { loss: 0.3 });
  const r = new PatternMetricsReader('(?<n>\\d+)', { secrets: ['31337', 'multi\n4242'] });
  assert.deepEqual(r.push(enc('token 31337\nkey 4242\nstep 9\n'))?.records, [{ n: 9 }]);
});

test('pattern metrics: an invalid pattern is one clear error; an overlong line is skipped, not buffered', () => {
  assert.throws(
    () => compileMetricsPattern('loss=(?<loss>[0-9.]+'),
    (e: Error & { reason?: string }) => e.reason === 'spec-invalid' && /metrics\.pattern `loss=\(\?<loss>\[0-9\.\]\+` is not a valid regular expression/.test(e.message),
  );
  const r = new PatternMetricsReader('loss=(?<loss>[0-9.]+)');
  assert.equal(r.push(enc('loss=1' + 'x'.repeat(MAX_PATTERN_LINE_BYTES + 10))), undefined);
  assert.deepEqual(r.push(enc('more\nloss=2\n')), { offset: MAX_PATTERN_LINE_BYTES + 16 + 'more\nloss=2\n'.length, records: [{ loss: 2 }] });
  // a gap in the offsets (a restarted stream) starts a fresh line
  assert.deepEqual(r.push(enc('ss=3\n'), 1_000_000), undefined);
  assert.deepEqual(r.push(enc('loss=4\n'), 1_000_005)?.records, [{ loss: 4 }]);
});
