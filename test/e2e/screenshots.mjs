#!/usr/bin/env node
// Saves screenshots of the Trainyard views and the job monitor, light and dark, into
// docs/screenshots/ (not part of the CI suite):  node test/e2e/screenshots.mjs
// Uses the packaged .vsix (run `npm run package` first, or it is built here) in code-server,
// a demo workspace (the examples) and a demo GPU host probe so the Targets view has GPU rows.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setupTools } from './lib/tools.mjs';
import { installExtension, startCodeServer } from './lib/codeServer.mjs';
import { gotoWorkbench, jobsRows, launchBrowser, monitorShows, openWorkbench, quickOpen, runCommand } from './lib/workbench.mjs';

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

for (const theme of ['light', 'dark']) {
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
  const server = await startCodeServer(tools, { name: theme, dir, extDir, env: { TRAINYARD_HOME: home } });
  // the theme, through the user settings the server reads
  const settingsFile = join(server.userDataDir, 'User/settings.json');
  const settings = JSON.parse(readFileSync(settingsFile, 'utf8'));
  settings['workbench.colorTheme'] = theme === 'light' ? 'Default Light Modern' : 'Default Dark Modern';
  writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
  const wb = await openWorkbench(browser, server, ws);
  try {
    await gotoWorkbench(wb);
    const page = wb.page;
    await quickOpen(page, 'train.trainyard.yaml');
    await runCommand(page, 'Trainyard: Run Job');
    await jobsRows(page, ['train', 'succeeded']);
    await monitorShows(page, 'epoch 10/10', { canvas: true });
    await page.screenshot({ path: join(out, `monitor-${theme}.png`) });
    await page.screenshot({ path: join(out, `views-${theme}.png`), clip: { x: 0, y: 0, width: 420, height: 900 } });
    console.log(`saved ${theme} screenshots`);
  } finally {
    await wb.context.close();
    await server.stop();
  }
}
await browser.close();
rmSync(run, { recursive: true, force: true });
console.log(`screenshots in ${out}`);
