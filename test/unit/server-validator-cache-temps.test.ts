// The validator cache's temporary files (server/schema/validatorCache.ts): a failed write removes
// its own, a server exiting between writing and renaming removes its own on the way out, and the
// first use of a cache folder sweeps the ones earlier servers left, never one a live writer may
// still be writing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ABANDONED_TEMP_MS, STALE_TEMP_MS, ValidatorCache, sweepOf, sweepStaleTemps } from '../../server/schema/validatorCache';
import { tmpDir } from './server-helpers';

const temps = (dir: string) => fs.readdirSync(dir).filter((n) => n.endsWith('.tmp')).sort();

/** A pid no process has: a child's, once it has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

function age(file: string, ms: number): void {
  const t = (Date.now() - ms) / 1000;
  fs.utimesSync(file, t, t);
}

test('a write that fails removes its temporary file', async () => {
  const dir = tmpDir();
  // the target is a folder: the rename fails after the temporary file was written
  fs.mkdirSync(path.join(dir, 'k1.js'));
  await new ValidatorCache(() => dir, () => undefined).store('k1', () => 'module.exports = () => true;');
  assert.deepEqual(temps(dir), []);
  assert.ok(fs.statSync(path.join(dir, 'k1.js')).isDirectory());
});

test('stale temporary files are swept; fresh ones and those of live writers are kept', async () => {
  const dir = tmpDir();
  const dead = deadPid();
  const files = {
    deadOld: `a.js.${dead}.abc123.tmp`,
    deadFresh: `b.js.${dead}.def456.tmp`,
    liveOld: `c.js.${process.pid}.ghi789.tmp`,
    liveAbandoned: `d.js.${process.pid}.jkl012.tmp`,
    cacheDeadOld: `e.11.3.130.19-node.1.cache.${dead}.mno345.tmp`,
    oddOld: 'f.tmp',
    notTemp: 'g.js',
  };
  for (const n of Object.values(files)) fs.writeFileSync(path.join(dir, n), 'x');
  for (const n of [files.deadOld, files.liveOld, files.cacheDeadOld, files.oddOld, files.notTemp]) age(path.join(dir, n), STALE_TEMP_MS + 60_000);
  age(path.join(dir, files.liveAbandoned), ABANDONED_TEMP_MS + 60_000);
  await sweepStaleTemps(dir);
  assert.deepEqual(fs.readdirSync(dir).sort(), [files.deadFresh, files.liveOld, files.notTemp].sort());
});

test('the first use of a cache folder sweeps it, in the background', async () => {
  const dir = tmpDir();
  const stale = `x.js.${deadPid()}.abc.tmp`;
  fs.writeFileSync(path.join(dir, stale), 'x');
  age(path.join(dir, stale), STALE_TEMP_MS + 60_000);
  const cache = new ValidatorCache(() => dir, () => undefined);
  assert.equal(cache.load('0'.repeat(40), {}), undefined);
  await sweepOf(dir);
  assert.deepEqual(temps(dir), []);
});

test('a server exiting between writing and renaming leaves no temporary file', async () => {
  const dir = tmpDir();
  const reached = path.join(tmpDir(), 'reached');
  // the child exits at the rename: its file is written, the rename never happens
  const script = `
    const fsp = require('node:fs/promises');
    fsp.rename = async (from) => {
      require('node:fs').writeFileSync(${JSON.stringify(reached)}, String(from) + ' ' + require('node:fs').statSync(from).size);
      process.exit(0);
    };
    const { ValidatorCache } = require(${JSON.stringify(path.join(__dirname, '..', '..', 'server', 'schema', 'validatorCache.ts'))});
    new ValidatorCache(() => ${JSON.stringify(dir)}, () => undefined).store('k2', () => 'module.exports = () => true;' + ' '.repeat(400000));
  `;
  const tsx = path.join(__dirname, '..', '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const code = await new Promise<number | null>((resolve) => spawn(process.execPath, [tsx, '-e', script], { stdio: 'inherit' }).on('exit', resolve));
  assert.equal(code, 0);
  // (it did write the temporary file, all of it, before exiting)
  const [tmp, size] = fs.readFileSync(reached, 'utf8').split(' ');
  assert.match(path.basename(tmp), /^k2\.js\.\d+\.[a-z0-9]+\.tmp$/);
  assert.ok(Number(size) > 400000);
  assert.deepEqual(fs.readdirSync(dir), []);
});
