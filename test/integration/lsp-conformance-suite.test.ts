// The conformance suites (test/conformance: SchemaStore's own valid/invalid documents of the
// schemas we carry, our own draft/format/$ref/YAML cases, and ../shared/conformance when present)
// through the BUILT server over stdio, the way an editor drives it. Every document must come out
// right (valid → no error, invalid → at least one), except the ones listed in KNOWN_WRONG, which
// stay visible as `todo` tests until the server is fixed. The totals must also be at least as
// good as yaml-language-server's on the same documents (measured with `npm run bench -- conformance`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DocResult } from '../conformance/run.mjs';
import { SERVER } from './lsp-helpers';

/**
 * Documents our server gets wrong today (suite/case/kind/file → why). Remove an entry when the
 * server is fixed: the test then fails until the entry is gone, so the list cannot go stale.
 */
const KNOWN_WRONG: Record<string, string> = {};

/**
 * yaml-language-server 2.0.0 on the same documents, measured 2026-11-29 with
 * `npm run bench -- conformance` (SchemaStore sample + own suites, modeline association).
 */
const YAML_LANGUAGE_SERVER = { measured: '2026-11-29', valid: 110, falseErrors: 2, invalid: 135, misses: 8 };

/**
 * While our totals are worse than yaml-language-server's in either count, the comparison is a
 * `todo` saying why (CI stays green while the KNOWN_WRONG fixes land); set it to '' once they have.
 * The test fails when this is set but the comparison already holds, so it cannot go stale either.
 */
const TOTALS_TODO = '';

const key = (r: DocResult) => `${r.suite}/${r.name}/${r.kind}/${r.file}`;

test('conformance suites (built server over stdio)', { skip: fs.existsSync(SERVER) ? false : 'dist/server.js not built', timeout: 120_000 }, async (t) => {
  const run = await import('../conformance/run.mjs');
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'trainyard-conformance-'));
  let results: DocResult[];
  try {
    ({ results } = await run.runConformance({ ...run.servers.trainyard, command: [process.execPath, SERVER, '--stdio'], env: { TRAINYARD_HOME: home } }));
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
  const totals = run.tally(results);
  for (const line of run.formatTally(totals).split('\n')) t.diagnostic(line);

  const seen = new Set<string>();
  for (const r of results) {
    const k = key(r);
    seen.add(k);
    const why = KNOWN_WRONG[k];
    const label = `${k}${r.outcome === 'ok' ? '' : ` (${r.outcome})`}`;
    if (why) {
      await t.test(label, { todo: why }, () => {
        assert.notEqual(r.outcome, 'ok', `${k} passes now: remove it from KNOWN_WRONG`);
      });
    } else {
      await t.test(label, () => {
        assert.equal(r.outcome, 'ok', `${k}: ${r.outcome}${r.errors.length ? ` — ${r.errors.join(' | ')}` : ''}`);
      });
    }
  }
  await t.test('KNOWN_WRONG lists only documents that exist and still fail', () => {
    assert.deepEqual(Object.keys(KNOWN_WRONG).filter((k) => !seen.has(k)), [], 'entries for documents that are gone');
    const fixed = results.filter((r) => KNOWN_WRONG[key(r)] && r.outcome === 'ok').map(key);
    assert.deepEqual(fixed, [], 'fixed: remove these from KNOWN_WRONG');
  });

  const ours = totals.total;
  await t.test('every document got diagnostics', () => assert.equal(ours.noAnswer, 0));
  await t.test('the suites did not shrink since yaml-language-server was measured', () => {
    assert.ok(ours.valid >= YAML_LANGUAGE_SERVER.valid && ours.invalid >= YAML_LANGUAGE_SERVER.invalid, `valid ${ours.valid}, invalid ${ours.invalid}`);
  });
  const asGood = ours.falseErrors <= YAML_LANGUAGE_SERVER.falseErrors && ours.misses <= YAML_LANGUAGE_SERVER.misses;
  const vs = `false errors ${ours.falseErrors} vs ${YAML_LANGUAGE_SERVER.falseErrors}, misses ${ours.misses} vs ${YAML_LANGUAGE_SERVER.misses}`;
  await t.test(`totals at least as good as yaml-language-server 2.0.0 (measured ${YAML_LANGUAGE_SERVER.measured}): ${vs}`, { todo: TOTALS_TODO || false }, () => {
    assert.ok(asGood, vs);
  });
  if (TOTALS_TODO) await t.test('TOTALS_TODO is still needed', () => assert.ok(!asGood, `the totals hold now (${vs}): set TOTALS_TODO to ''`));
});
