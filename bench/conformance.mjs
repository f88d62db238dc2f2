// `npm run bench -- conformance`: the conformance suites (test/conformance: SchemaStore's own
// valid/invalid documents of the schemas we carry, our draft/format/$ref/YAML cases, and
// ../shared/conformance when present) through our server and yaml-language-server 2.0 in one run.
// Prints, per suite and in total, false errors (valid documents with an error) and misses
// (invalid documents with none) for both, then every document where either is wrong.
// Options (after `--`): --details (every document), --json (one JSON object).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { defaultSuites, runConformance, servers, tally } from '../test/conformance/run.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function benchConformance(argv = process.argv.slice(2)) {
  const cases = defaultSuites();
  const home = mkdtempSync(join(tmpdir(), 'trainyard-conformance-'));
  const runs = {};
  try {
    for (const [name, s] of Object.entries(servers)) {
      const t0 = Date.now();
      const { results } = await runConformance({ ...s, cases, env: name === 'trainyard' ? { TRAINYARD_HOME: home } : {} });
      runs[name] = { results, totals: tally(results), ms: Date.now() - t0 };
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
  if (argv.includes('--json')) {
    console.log(JSON.stringify(Object.fromEntries(Object.entries(runs).map(([n, r]) => [n, { totals: r.totals, wrong: r.results.filter((x) => x.outcome !== 'ok') }]))));
    return runs;
  }
  const names = Object.keys(runs);
  const suites = Object.keys(runs[names[0]].totals);
  console.log(`\nconformance: ${cases.length} schemas, ${runs[names[0]].results.length} documents (false errors = valid documents with an error; misses = invalid documents with none)`);
  console.log(`  ${'suite'.padEnd(12)} ${'documents'.padStart(16)}   ${names.map((n) => `  ${n} (false errors / misses)`.padStart(46)).join('')}`);
  for (const s of suites) {
    const x = runs[names[0]].totals[s];
    const cols = names.map((n) => {
      const y = runs[n].totals[s] ?? { falseErrors: 0, misses: 0, noAnswer: 0 };
      return `${y.falseErrors} / ${y.misses}${y.noAnswer ? ` (+${y.noAnswer} no answer)` : ''}`.padStart(46);
    });
    console.log(`  ${s.padEnd(12)} ${`${x.valid} valid, ${x.invalid} invalid`.padStart(16)}   ${cols.join('')}`);
  }
  console.log(`  (time: ${names.map((n) => `${n} ${(runs[n].ms / 1000).toFixed(1)} s`).join(', ')})`);
  const details = argv.includes('--details');
  const by = (n) => new Map(runs[n].results.map((r) => [`${r.suite}/${r.name}/${r.kind}/${r.file}`, r]));
  const maps = names.map(by);
  const keys = [...maps[0].keys()];
  const rows = keys.filter((k) => details || maps.some((m) => m.get(k)?.outcome !== 'ok'));
  if (rows.length) console.log(`\n  ${details ? 'every document' : 'documents where a server is wrong'}:`);
  for (const k of rows) {
    console.log(`  ${k}`);
    names.forEach((n, i) => {
      const r = maps[i].get(k);
      console.log(`      ${n.padEnd(22)} ${r.outcome.padEnd(11)} ${r.errors.slice(0, 2).join(' | ').slice(0, 160)}`);
    });
  }
  console.log('');
  return runs;
}

if (import.meta.url === `file://${process.argv[1]}`) await benchConformance();
