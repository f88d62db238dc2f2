/**
 * Incremental workdir sync (core/sync) against a real sshd: first sync, touch/modify/delete,
 * ignores, hostile names, the portable lister, no local manifest (hash check), an upload broken
 * off by killing the SSH connection and then resumed, and job snapshots that a re-sync never
 * changes. The "host" is this machine, so the cache is compared with the local tree directly.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { skip, startFixture, final, logOf, waitFor, type Fixture } from './ssh-fixture';
import { syncWorkdir, type SyncRequest } from '../../core/sync/sync';
import { walkWorkdir } from '../../core/sync/walk';
import { manifestFile, workdirKey } from '../../core/sync/manifest';
import type { SshTarget } from '../../core/targets/ssh';
import type { ProgressEvent } from '../../core/targets/types';

let f: Fixture;
before(async () => {
  if (skip) return;
  f = await startFixture('ty-sshsync-');
});
after(async () => f?.close());

/** path → type:content-hash:exec-bit / link target, for a local workdir (what ships) or a host folder (everything). */
function describeTree(dir: string, shipped: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  const all = (rel: string): string[] =>
    fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
      const r = rel ? `${rel}/${e.name}` : e.name;
      return e.isDirectory() ? [r, ...all(r)] : [r];
    });
  const paths = shipped ? walkWorkdir(dir).map((e) => e.path) : all('');
  for (const p of paths) {
    const abs = path.join(dir, p);
    const st = fs.lstatSync(abs);
    if (st.isSymbolicLink()) out[p] = `l:${fs.readlinkSync(abs)}`;
    else if (st.isDirectory()) out[p] = 'd';
    else out[p] = `f:${createHash('sha256').update(fs.readFileSync(abs)).digest('hex').slice(0, 12)}:${(st.mode & 0o100) !== 0}`;
  }
  return out;
}

async function sync(t: SshTarget, work: string, extra: Partial<SyncRequest> = {}, progress?: (e: ProgressEvent) => void) {
  const res = await syncWorkdir(t, { workdir: work, trainyardDir: f.remoteDir, host: t.name, home: f.home, ...extra }, { progress });
  assert.equal(res.root, fs.realpathSync(f.remoteDir));
  assert.deepEqual(describeTree(path.join(res.cacheDir, 'tree'), false), describeTree(work, true), 'the host cache equals what ships');
  return res;
}

const hostile = ["it's $(x) `y`.py", 'new\nline.txt', 'sp ace/ü 😀.txt', '-dash', '*glob?', 'a\\b'];

describe('incremental workdir sync (real sshd)', { skip }, () => {
  it('first sync, then touch / modify / delete / add / ignore: only what changed travels', async () => {
    const files: Record<string, string> = { 'train.py': 'print(1)\n', 'pkg/model.py': 'x = 1\n', 'pkg/deep/er/a.txt': 'a', 'data/raw.bin': 'r'.repeat(5000) };
    for (const h of hostile) files[h] = `hostile ${h}`;
    files['.gitignore'] = 'logs/\n*.ckpt\n';
    files['.trainyardignore'] = 'data/raw.bin\n';
    files['logs/run.log'] = 'l';
    files['model.ckpt'] = 'c';
    const w = f.workdir(files);
    fs.chmodSync(path.join(w, 'train.py'), 0o755);
    fs.symlinkSync('pkg/model.py', path.join(w, 'link.py'));
    fs.mkdirSync(path.join(w, 'empty'));
    const t = f.target();
    const first = await sync(t, w);
    assert.equal(first.files, 5 + hostile.length); // train.py, model.py, a.txt, the two ignore files, hostile names
    assert.equal(first.uploadedFiles, first.files + 1); // and the symlink
    const tree = path.join(first.cacheDir, 'tree');
    assert.ok(!fs.existsSync(path.join(tree, 'logs')) && !fs.existsSync(path.join(tree, 'model.ckpt')) && !fs.existsSync(path.join(tree, 'data/raw.bin')));

    const again = await sync(t, w);
    assert.deepEqual([again.uploadedFiles, again.deleted], [0, 0]);

    const future = new Date(Date.now() + 5000);
    fs.utimesSync(path.join(w, 'train.py'), future, future); // touched, same bytes
    assert.equal((await sync(t, w)).uploadedFiles, 0);

    fs.writeFileSync(path.join(w, 'pkg/model.py'), 'x = 2\n'); // same size, new content
    fs.utimesSync(path.join(w, 'pkg/model.py'), future, future);
    fs.rmSync(path.join(w, 'pkg/deep'), { recursive: true });
    fs.rmSync(path.join(w, hostile[1]!));
    fs.writeFileSync(path.join(w, 'pkg/new.py'), 'new');
    fs.rmSync(path.join(w, 'link.py'));
    fs.symlinkSync('train.py', path.join(w, 'link.py'));
    fs.appendFileSync(path.join(w, '.trainyardignore'), '*.txt\n');
    const inc = await sync(t, w);
    assert.equal(inc.uploadedFiles, 4); // model.py, new.py, link.py, .trainyardignore
    assert.ok(inc.deleted >= 3, `deleted ${inc.deleted}`);
    assert.ok(!fs.existsSync(path.join(tree, 'pkg/deep')));

    // A folder becomes a file and a file a folder.
    fs.rmSync(path.join(w, 'pkg'), { recursive: true });
    fs.writeFileSync(path.join(w, 'pkg'), 'now a file');
    fs.rmSync(path.join(w, 'train.py'));
    fs.mkdirSync(path.join(w, 'train.py'));
    fs.writeFileSync(path.join(w, 'train.py/inner'), 'inner');
    await sync(t, w);
  });

  it('without a local manifest, identical host files are recognised by hash; the portable lister agrees', async () => {
    const w = f.workdir({ 'a.py': 'a'.repeat(100), 'b/c.py': 'c'.repeat(200) });
    const t = f.target();
    await sync(t, w);
    fs.rmSync(manifestFile(f.home, t.name, workdirKey(w)));
    const later = new Date(Date.now() + 10_000);
    fs.utimesSync(path.join(w, 'a.py'), later, later);
    const res = await sync(t, w, { portableList: true });
    assert.equal(res.uploadedFiles, 0);
    fs.writeFileSync(path.join(w, 'a.py'), 'b'.repeat(100));
    fs.rmSync(manifestFile(f.home, t.name, workdirKey(w)));
    assert.equal((await sync(t, w, { portableList: true })).uploadedFiles, 1);
  });

  it('an upload broken off by a dropped connection resumes: complete staged files are kept', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`shard-${String(i).padStart(2, '0')}.bin`] = randomBytes(256 * 1024).toString('base64');
    const w = f.workdir(files);
    const t = f.target();
    let dropped = false;
    const events: ProgressEvent[] = [];
    await assert.rejects(
      sync(t, w, {}, (e) => {
        events.push(e);
        if (!dropped && (e.fraction ?? 0) > 0.5) {
          dropped = true;
          t.conn.dropForTesting();
        }
      }),
      (e: Error & { reason?: string }) => e.reason === 'host-unreachable',
    );
    assert.ok(dropped);
    assert.ok(events.some((e) => e.phase === 'sync' && e.fraction !== undefined && e.fraction > 0 && e.fraction < 1));
    const res = await sync(t, w);
    assert.ok(res.kept > 0, `kept ${res.kept}`);
    assert.ok(res.uploadedFiles < 40 && res.uploadedFiles + res.kept === 40, `uploaded ${res.uploadedFiles}, kept ${res.kept}`);
    assert.ok(!fs.existsSync(path.join(res.cacheDir, 'staging')));
  });

  it('a large upload is announced first', async () => {
    const w = f.workdir(Object.fromEntries(Array.from({ length: 2001 }, (_, i) => [`f/${i}.txt`, String(i)])));
    const msgs: string[] = [];
    await sync(f.target(), w, {}, (e) => msgs.push(e.message));
    assert.match(msgs.find((m) => m.startsWith('large upload')) ?? '', /^large upload: 2001 files \(\d.* of 2001 to box$/);
    assert.ok(msgs.indexOf(msgs.find((m) => m.startsWith('large upload'))!) < msgs.findIndex((m) => m.startsWith('sending f/')));
  });

  it('a job runs from its own snapshot: editing and re-syncing never changes the code under it', async () => {
    const w = f.workdir({ 'code.py': 'version 1\n' });
    const gate = path.join(f.root, 'snapshot-gate');
    const t = f.target();
    const job = await t.launch(f.resolve(w, { env: { GATE: gate }, run: 'while [ ! -e "$GATE" ]; do sleep 0.1; done; cat code.py' }));
    await waitFor(t, job.id, (i) => i.status === 'running', 'running');
    fs.writeFileSync(path.join(w, 'code.py'), 'version 2 (longer)\n');
    const second = await t.launch(f.resolve(w, { run: 'cat code.py' }));
    assert.equal((await final(t, second.id)).status, 'succeeded');
    assert.equal(await logOf(t, second.id), 'version 2 (longer)\n');
    fs.writeFileSync(gate, '');
    assert.equal((await final(t, job.id)).status, 'succeeded');
    assert.equal(await logOf(t, job.id), 'version 1\n');
    // Hard links: unchanged files share the cache's inode; the changed one does not.
    const snap = path.join(f.remoteDir, 'jobs', job.id, 'workdir', 'code.py');
    assert.equal(fs.readFileSync(snap, 'utf8'), 'version 1\n');
  });
});
