/**
 * prune's pure parts: which jobs are old enough (final ones only, by end time), and reading what
 * the prune script printed.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pruneCandidates, parsePruneOutput } from '../../core/targets/prune';
import type { JobInfo } from '../../core/targets/types';

const job = (id: string, status: JobInfo['status'], endedAt: string | null, createdAt = '2024-01-01T00:00:00Z'): JobInfo => ({
  id, target: 'local', name: id, status, exitCode: null, createdAt, startedAt: null, endedAt,
});

describe('prune', () => {
  it('picks final jobs that ended before the cut-off, never queued or running ones', () => {
    const now = Date.parse('2024-01-10T00:00:00Z');
    const jobs = [
      job('old-ok', 'succeeded', '2024-01-02T00:00:00Z'),
      job('old-lost', 'lost', null, '2024-01-01T00:00:00Z'),
      job('fresh', 'failed', '2024-01-09T12:00:00Z'),
      job('queued-old', 'queued', null),
      job('running-old', 'running', null),
      job('bad/id', 'succeeded', '2024-01-02T00:00:00Z'),
    ];
    assert.deepEqual(pruneCandidates(jobs, 7 * 86400, now).map((j) => j.id), ['old-ok', 'old-lost']);
    assert.deepEqual(pruneCandidates(jobs, 0, now).map((j) => j.id), ['old-ok', 'old-lost', 'fresh']);
  });
  it('reads sizes, removals and what was kept', () => {
    const p = parsePruneOutput('P jobs/a-1 123\nP cache/abc 0\nR jobs/a-1\nS cache/abc a sync is using it\ngarbage\n');
    assert.deepEqual([...p.sizes], [['jobs/a-1', 123], ['cache/abc', 0]]);
    assert.deepEqual([...p.removed], ['jobs/a-1']);
    assert.deepEqual(p.kept, [{ path: 'cache/abc', why: 'a sync is using it' }]);
  });
});
