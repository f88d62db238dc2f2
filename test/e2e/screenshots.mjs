#!/usr/bin/env node
// Saves screenshots of the Trainyard views, the job monitor and the host dashboard of `local`,
// light and dark, plus the monitor in the high-contrast theme, into docs/screenshots/ (not part
// of the CI suite):  node test/e2e/screenshots.mjs
// Uses the packaged .vsix (run `npm run package` first, or it is built here) in code-server,
// a demo workspace (the examples), a demo GPU host probe so the Targets view has GPU rows, and a
// stand-in `nvidia-smi` (two A100s, busy with two demo processes) on the server's PATH so that
// `local` has GPUs to chart.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setupTools } from './lib/tools.mjs';
import { installExtension, startCodeServer } from './lib/codeServer.mjs';
import { gotoWorkbench, hostDashboardFrame, jobsRows, launchBrowser, monitorShows, openWorkbench, quickOpen, runCommand } from './lib/workbench.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const out = join(root, 'docs/screenshots');
mkdirSync(out, { recursive: true });
const tools = setupTools(root);
if (!existsSync(join(root, 'trainyard.vsix')) || !process.env.TRAINYARD_E2E_SKIP_PACKAGE) {
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}
const run = mkdtempSync(join(tmpdir(), 'trainyard-shots-'));
const extDir = join(run, 'extensions');
await installExtension(tools, join(run, 'install'), extDir, join(root, 'trainyard.vsix'));
const browser = await launchBrowser(tools, (mkdirSync(join(run, 'btmp'), { recursive: true }), join(run, 'btmp')));

// The demo GPU processes: two idle children whose PIDs (and so user) the stand-in nvidia-smi reports.
const demo = [spawn('sleep', ['3600'], { stdio: 'ignore' }), spawn('sleep', ['3600'], { stdio: 'ignore' })];
const fakeBin = join(run, 'bin');
mkdirSync(fakeBin, { recursive: true });
writeFileSync(join(fakeBin, 'nvidia-smi'), `#!/bin/sh
# Stand-in for nvidia-smi (screenshots only): values move with the clock so the charts have shape.
case "$*" in
*--query-gpu=*) awk -v t="$(date +%s)" 'BEGIN {
  u0 = 88 + 9 * sin(t / 3); u1 = 45 + 30 * sin(t / 5 + 1);
  printf "0, NVIDIA A100-SXM4-80GB, GPU-demo-0, %d, %d, 81920, %d, %.1f\\n", u0, 70210 + 900 * sin(t / 4), 64 + u0 / 10, 250 + u0
  printf "1, NVIDIA A100-SXM4-80GB, GPU-demo-1, %d, %d, 81920, %d, %.1f\\n", u1, 38011 + 6000 * sin(t / 6), 48 + u1 / 10, 120 + u1
}' ;;
*--query-compute-apps=*) printf 'GPU-demo-0, ${demo[0].pid}, 70100\\nGPU-demo-1, ${demo[1].pid}, 37900\\n' ;;
*) echo 'NVIDIA-SMI (demo)' ;;
esac
`);
chmodSync(join(fakeBin, 'nvidia-smi'), 0o755);

const THEMES = [
  { name: 'light', colorTheme: 'Default Light Modern', shots: ['monitor', 'views', 'host'] },
  { name: 'dark', colorTheme: 'Default Dark Modern', shots: ['monitor', 'views', 'host'] },
  { name: 'hc', colorTheme: 'Default High Contrast', shots: ['monitor'] },
];
const HOST_SAMPLES = 6;
try {
  for (const { name: theme, colorTheme, shots } of THEMES) {
    const dir = join(run, theme);
    const ws = join(dir, 'workspace');
    cpSync(join(root, 'examples'), ws, { recursive: true, filter: (s) => !/(^|\/)(__pycache__|outputs?)$/.test(s) });
    const home = join(dir, 'home');
    mkdirSync(join(home, 'hosts'), { recursive: true });
    const now = new Date().toISOString();
    writeFileSync(join(home, 'config.yaml'), 'hosts:\n  gpu-box:\n    host: 10.0.0.5\n    user: ml\n');
    writeFileSync(join(home, 'hosts/gpu-box.json'), JSON.stringify({ host: 'gpu-box', probedAt: now, gpus: [0, 1, 2, 3].map((i) => ({
      index: i, name: 'NVIDIA A100-SXM4-80GB', utilization: [97, 0, 64, 3][i], memoryUsedMiB: [71234, 4, 40211, 120][i], memoryTotalMiB: 81920,
      temperature: [71, 30, 62, 33][i], processes: i === 0 ? [{ pid: 4242, user: 'alice', name: 'python' }] : i === 2 ? [{ pid: 777, user: 'bob', name: 'torchrun' }] : [],
    })) }));
    const server = await startCodeServer(tools, { name: theme, dir, extDir, env: { TRAINYARD_HOME: home, PATH: `${fakeBin}:${process.env.PATH}` },
      // the extension host keeps this PATH (not the login shell's, which /etc/profile may reset)
      vscodeOptions: ['force-disable-user-env'] });
    // the theme, through the user settings the server reads
    const settingsFile = join(server.userDataDir, 'User/settings.json');
    const settings = JSON.parse(readFileSync(settingsFile, 'utf8'));
    settings['workbench.colorTheme'] = colorTheme;
    writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
    const wb = await openWorkbench(browser, server, ws);
    try {
      await gotoWorkbench(wb);
      const page = wb.page;
      await quickOpen(page, 'train.trainyard.yaml');
      await runCommand(page, 'Trainyard: Run Job');
      await jobsRows(page, ['train', 'succeeded']);
      await monitorShows(page, 'epoch 10/10', { canvas: true });
      await tidy(page);
      if (shots.includes('monitor')) await page.screenshot({ path: join(out, `monitor-${theme}.png`) });
      if (shots.includes('views')) await page.screenshot({ path: join(out, `views-${theme}.png`), clip: { x: 0, y: 0, width: 420, height: 900 } });
      if (shots.includes('host')) {
        // probe every 2 s from now on (the server applies a changed settings.json live); not
        // "Probe now": while the unreachable demo host's probe is in flight, it waits for that
        settings['trainyard.probeInterval'] = 2;
        writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
        await runCommand(page, 'Trainyard: Open Host Dashboard');
        await pickQuickInputRow(page, 'local');
        // until the charts hold HOST_SAMPLES probes (the status shows each probe's time)
        let status = '';
        for (let i = 0; i < HOST_SAMPLES; i++) {
          status = (await hostDashboardFrame(page, 'local', (prev) => {
            const s = document.getElementById('status')?.textContent ?? '';
            const ready = document.querySelectorAll('.chart-card canvas').length >= 2 && document.querySelectorAll('#procs tr').length >= 2;
            return ready && s.startsWith('probed') && s !== prev ? s : null;
          }, status, 60_000)).value;
        }
        await tidy(page);
        await page.screenshot({ path: join(out, `host-${theme}.png`) });
      }
      console.log(`saved ${theme} screenshots: ${shots.join(', ')}`);
    } catch (err) {
      const failed = join(root, 'test-results/e2e', `screenshots-${theme}-failure.png`);
      mkdirSync(dirname(failed), { recursive: true });
      await wb.page.screenshot({ path: failed }).catch(() => {});
      console.error(`${theme}: failed; the page as it was: ${failed}`);
      throw err;
    } finally {
      await wb.context.close();
      await server.stop();
    }
  }
} finally {
  for (const p of demo) p.kill();
}

/** No toasts ("job succeeded…") and no hover tooltip in the picture. */
async function tidy(page) {
  await runCommand(page, 'Notifications: Clear All Notifications');
  // the palette fades out after Enter: wait until it is gone, or its ghost is in the picture
  await page.waitForFunction(() => {
    const w = document.querySelector('.quick-input-widget');
    return !w || getComputedStyle(w).display === 'none' || Number(getComputedStyle(w).opacity) === 0;
  }, undefined, { timeout: 10_000 });
  await page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});
  await page.mouse.move(1390, 600);
  await page.locator('.monaco-hover, .workbench-hover-container').first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
}

/** Picks the row `label` of the open quick pick. */
async function pickQuickInputRow(page, label) {
  const row = page.locator('.quick-input-list .monaco-list-row').filter({ hasText: label }).first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  await row.click();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
}
await browser.close();
rmSync(run, { recursive: true, force: true });
console.log(`screenshots in ${out}`);
