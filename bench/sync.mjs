// `npm run bench -- sync`: Trainyard's incremental workdir sync (core/sync) against `rsync -az`
// over the SAME sshd (test/helpers/sshd.ts: Debian's OpenSSH on loopback, generated keys), on a
// generated 5,000-file / 200 MB tree: a first sync into an empty destination, then a sync after
// touching 10 files (and, for information, after modifying 10). Each time runs from command start
// (SSH connection included) until the host's tree is identical, after a `sync` (dirty pages
// flushed), the two tools taking turns to go first. Prints medians and ratios.
// Installs rsync with apt-get when it is missing.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RUNS = Number(process.env.SYNC_BENCH_RUNS || 3);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function ensureRsync() {
  if (spawnSync('rsync', ['--version'], { stdio: 'ignore' }).status === 0) return;
  console.log('rsync is missing: apt-get install -y rsync');
  const r = spawnSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rsync'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('could not install rsync');
}

/** 4,900 text-like source files (~8 KB) in nested folders and 100 random 1.6 MB binaries: ~200 MB. */
function generateTree(dir) {
  const words = Array.from({ length: 2000 }, () => randomBytes(3 + (randomBytes(1)[0] % 6)).toString('hex'));
  let bytes = 0;
  for (let i = 0; i < 4900; i++) {
    const sub = join(dir, `pkg${i % 20}`, `mod${i % 7}`);
    fs.mkdirSync(sub, { recursive: true });
    const lines = [];
    let n = 0;
    while (n < 8000) {
      const line = `def f_${i}_${lines.length}(x): return ${words[(i * 31 + lines.length * 7) % words.length]} + x  # ${words[(lines.length * 13) % words.length]}\n`;
      lines.push(line);
      n += line.length;
    }
    const text = lines.join('');
    fs.writeFileSync(join(sub, `file${i}.py`), text);
    bytes += text.length;
  }
  fs.mkdirSync(join(dir, 'data'));
  for (let i = 0; i < 100; i++) {
    const b = randomBytes(1_600_000);
    fs.writeFileSync(join(dir, 'data', `shard${i}.bin`), b);
    bytes += b.length;
  }
  return { files: 5000, bytes };
}

function touchTen(dir, modify) {
  const later = new Date(Date.now() + 60_000 + Math.random() * 1e6);
  for (let i = 0; i < 10; i++) {
    const f = join(dir, `pkg${(i * 37) % 20}`, `mod${(i * 37 * 490) % 7}`, `file${(i * 491) % 4900}.py`);
    const file = fs.existsSync(f) ? f : join(dir, 'data', `shard${i}.bin`);
    if (modify) fs.appendFileSync(file, `# edit ${Date.now()} ${i}\n`);
    fs.utimesSync(file, later, later);
  }
}

/**
 * Flushes dirty pages (the tree just generated, the other tool's last copy, the folders just
 * removed) before a timed sync, so that neither tool pays for the other's writeback.
 */
function settle() {
  spawnSync('sync', [], { stdio: 'ignore' });
}

function sameTree(a, b) {
  const r = spawnSync('diff', ['-r', '-q', a, b], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`trees differ:\n${(r.stdout + r.stderr).slice(0, 2000)}`);
}

/** Runs the benchmark in a child node with tsx (it drives core/ and the test sshd helper, both TypeScript). */
export async function benchSync() {
  ensureRsync();
  const r = spawnSync(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--child'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`the sync benchmark failed (exit ${r.status})`);
}

async function child() {
  const { startSshd } = await import('../test/helpers/sshd.ts');
  const { getTarget } = await import('../core/targets/registry.ts');
  const { syncWorkdir } = await import('../core/sync/sync.ts');
  const { closeSshPools } = await import('../core/ssh/defaults.ts');
  const root = fs.mkdtempSync(join(tmpdir(), 'trainyard-sync-bench-'));
  const d = await startSshd({ fakeNvidiaSmi: false });
  try {
    const src = join(root, 'src');
    fs.mkdirSync(src);
    const gen = generateTree(src);
    console.log(`sync: ${gen.files} files, ${(gen.bytes / 1e6).toFixed(0)} MB, over OpenSSH on 127.0.0.1:${d.port}; ${RUNS} runs each`);
    const knownHosts = join(root, 'known_hosts');
    fs.writeFileSync(knownHosts, `[127.0.0.1]:${d.port} ${d.hostPublicKey}\n`);
    const sshCmd = `ssh -p ${d.port} -i ${d.clientKey} -o UserKnownHostsFile=${knownHosts} -o StrictHostKeyChecking=yes -o BatchMode=yes -o IdentitiesOnly=yes`;

    const results = { trainyard: { first: [], touched: [], modified: [] }, rsync: { first: [], touched: [], modified: [] } };
    for (let run = 0; run < RUNS; run++) {
      // Trainyard: a fresh host folder and local home, a fresh connection per sync (as a CLI run has).
      const remote = join(root, `ty-remote-${run}`);
      const home = join(root, `ty-home-${run}`);
      const config = { cancelGraceSeconds: 10, hosts: { bench: { host: '127.0.0.1', port: d.port, user: d.user, identityFile: d.clientKey, trainyardDir: remote } } };
      const tySync = async () => {
        settle();
        const t0 = performance.now();
        const t = getTarget('ssh:bench', { home, config, ssh: { home: root, knownHostsFile: knownHosts, sshConfigFile: join(root, 'none'), agentSocket: null } });
        const res = await syncWorkdir(t, { workdir: src, trainyardDir: remote, host: t.name, home });
        const ms = performance.now() - t0;
        closeSshPools();
        return { ms, res };
      };
      const rsync = (dest) => {
        settle();
        const t0 = performance.now();
        const r = spawnSync('rsync', ['-az', '--delete', '-e', sshCmd, `${src}/`, `${d.user}@127.0.0.1:${dest}/`], { encoding: 'utf8' });
        if (r.status !== 0) throw new Error(`rsync failed: ${r.stderr}`);
        return performance.now() - t0;
      };
      const rdest = join(root, `rsync-${run}`);
      // Each case runs both tools, the one first on even runs and the other on odd ones.
      const both = async (kind) => {
        const ty = async () => {
          const b = await tySync();
          results.trainyard[kind].push(b.ms);
          sameTree(src, join(b.res.cacheDir, 'tree'));
        };
        const rs = () => {
          results.rsync[kind].push(rsync(rdest));
          sameTree(src, rdest);
        };
        if (run % 2 === 0) {
          await ty();
          rs();
        } else {
          rs();
          await ty();
        }
      };
      await both('first');
      for (const kind of ['touched', 'modified']) {
        touchTen(src, kind === 'modified');
        await both(kind);
      }
      fs.rmSync(remote, { recursive: true, force: true });
      fs.rmSync(rdest, { recursive: true, force: true });
    }
    const rows = [['case', 'trainyard (median ms)', 'rsync -az (median ms)', 'ratio', 'goal']];
    for (const kind of ['first', 'touched', 'modified']) {
      const ty = median(results.trainyard[kind]);
      const rs = median(results.rsync[kind]);
      const label = kind === 'first' ? 'first sync' : `after ${kind === 'touched' ? 'touching' : 'modifying'} 10 files`;
      rows.push([label, ty.toFixed(0), rs.toFixed(0), `${(ty / rs).toFixed(2)}x`, kind === 'modified' ? '(info)' : ty / rs <= 1.5 ? 'met (≤ 1.5x)' : 'MISSED (> 1.5x)']);
    }
    const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    for (const r of rows) console.log('  ' + r.map((c, i) => c.padEnd(w[i])).join('  '));
    console.log(`  raw ms: ${JSON.stringify(Object.fromEntries(Object.entries(results).map(([k, v]) => [k, Object.fromEntries(Object.entries(v).map(([c, xs]) => [c, xs.map((x) => Math.round(x))]))])))}`);
  } finally {
    closeSshPools();
    await d.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv.includes('--child')) await child();
else if (import.meta.url === `file://${process.argv[1]}`) await benchSync();
