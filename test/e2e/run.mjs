#!/usr/bin/env node
// Trainyard's end-to-end suite: the packaged .vsix inside a real VS Code (code-server, VS Code
// 1.139) driven by headless Chromium. Run by `npm run test:e2e` and `node scripts/test.mjs e2e`.
//
//   1. scripts/e2e-setup.sh: Node 24, code-server, playwright-core (versioned cache outside the
//      repo) and Debian chromium;
//   2. `npm run package` builds trainyard.vsix, installed into a fresh extensions folder;
//   3. suites, each with ONE code-server (own TRAINYARD_HOME, user data, XDG dirs, TMPDIR):
//      extension tests in the real extension host, UI tests in a trusted workspace, and one in
//      an untrusted workspace (Restricted Mode). One Chromium for the whole run.
// Failures keep a screenshot and logs under test-results/e2e/. Env: TRAINYARD_E2E_KEEP=1 keeps
// the run folder; TRAINYARD_E2E_SKIP_PACKAGE=1 reuses an existing trainyard.vsix.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setupTools } from './lib/tools.mjs';
import { installExtension, startCodeServer } from './lib/codeServer.mjs';
import {
  clickJobRow, closeQuickInput, focusedIn, gotoWorkbench, outputText, jobsRows, launchBrowser, monitorFrame, monitorShows, openWorkbench,
  paletteRows, problemsRows, quickOpen, runCommand, saveFailure, slug, tabFrom,
} from './lib/workbench.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const resultsDir = join(root, 'test-results/e2e');
const t0 = Date.now();
const log = (m) => console.log(`# [e2e ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);

// ---- one-time setup (failures here abort the run with a non-zero exit) -----------------------
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });
const tools = setupTools(root);
log(`tools ready in ${tools.prefix}`);
const vsix = join(root, 'trainyard.vsix');
if (!(process.env.TRAINYARD_E2E_SKIP_PACKAGE && existsSync(vsix))) {
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}
log('trainyard.vsix packaged');
const run = mkdtempSync(join(tmpdir(), 'trainyard-e2e-'));
const extDir = join(run, 'extensions');
await installExtension(tools, join(run, 'install'), extDir, vsix);
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const installed = join(extDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
assert.ok(existsSync(join(installed, 'dist/client.js')), `the .vsix installed into ${installed}`);
log(`installed into ${extDir}`);
mkdirSync(join(run, 'browser-tmp'), { recursive: true });
const browser = await launchBrowser(tools, join(run, 'browser-tmp'));
let failures = 0;

/** A workspace like a user's: the examples project plus the e2e fixtures. */
function makeWorkspace(name) {
  const ws = join(run, name, 'workspace');
  mkdirSync(ws, { recursive: true });
  const examples = join(root, 'examples');
  if (existsSync(examples)) {
    cpSync(examples, ws, { recursive: true, filter: (src) => !/(^|\/)(node_modules|__pycache__|\.venv|outputs?)$/.test(src) });
  }
  for (const f of readdirSync(join(here, 'fixtures'))) cpSync(join(here, 'fixtures', f), join(ws, f));
  return ws;
}

/** Runs a UI test; on failure saves its artifacts and tries once more before failing. */
async function uiTest(name, server, folder, body) {
  for (let attempt = 1; ; attempt++) {
    const wb = await openWorkbench(browser, server, folder);
    try {
      await gotoWorkbench(wb);
      await body(wb.page);
      return;
    } catch (err) {
      await saveFailure(wb, server, join(resultsDir, `${slug(name)}-attempt${attempt}`), err);
      if (attempt >= 2) {
        failures++;
        throw err;
      }
      log(`${name}: attempt ${attempt} failed (${String(err.message).split('\n')[0]}); retrying`);
    } finally {
      await wb.context.close().catch(() => {});
    }
  }
}

// ---- suite 1: extension tests in the real extension host -------------------------------------
describe('extension host (real vscode API)', () => {
  let server;
  let ws;
  const resultsFile = join(run, 'ext', 'results.json');
  before(async () => {
    ws = makeWorkspace('ext');
    server = await startCodeServer(tools, {
      name: 'ext', dir: join(run, 'ext'), extDir, smokeDriver: true,
      env: { TRAINYARD_HOME: join(run, 'ext', 'trainyard-home'), TRAINYARD_E2E_RESULTS: resultsFile },
    });
  });
  after(async () => { await server?.stop(); });

  it('runs test/e2e/ext-tests in the extension host', { timeout: 240_000 }, async (t) => {
    const payload = [
      ['extensionDevelopmentPath', server.remote(installed)],
      ['extensionTestsPath', server.remote(join(here, 'ext-tests'))],
    ];
    const wb = await openWorkbench(browser, server, ws, { payload });
    let code;
    try {
      // The workbench calls window.codeAutomationExit(code) when the extension tests finish.
      const exited = new Promise((resolve) => wb.page.exposeFunction('codeAutomationExit', (c) => resolve(c)));
      await wb.page.goto(wb.url, { waitUntil: 'domcontentloaded' });
      let timer;
      code = await Promise.race([
        exited,
        new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('extension tests did not finish within 200 s')), 200_000); }),
      ]).finally(() => clearTimeout(timer));
    } catch (err) {
      await saveFailure(wb, server, join(resultsDir, 'extension-host'), err);
      failures++;
      throw err;
    } finally {
      await wb.context.close().catch(() => {});
    }
    const results = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : [];
    for (const r of results) {
      await t.test(r.name, r.skip ? { skip: r.skip } : {}, () => {
        if (!r.ok) throw new Error(r.error);
      });
    }
    if (code !== 0 || results.length === 0 || results.some((r) => !r.ok)) {
      await saveFailure(undefined, server, join(resultsDir, 'extension-host'), new Error(`exit code ${code}`));
      failures++;
      assert.fail(`extension tests exited with ${code} (${results.length} results; logs in test-results/e2e/extension-host)`);
    }
  });
});

// ---- suite 2: the workbench UI in a trusted workspace ----------------------------------------
describe('workbench UI (trusted workspace)', () => {
  let server;
  let ws;
  before(async () => {
    ws = makeWorkspace('ui');
    server = await startCodeServer(tools, {
      name: 'ui', dir: join(run, 'ui'), extDir, env: { TRAINYARD_HOME: join(run, 'ui', 'trainyard-home') },
    });
  });
  after(async () => { await server?.stop(); });

  it('a broken spec shows its diagnostics in the Problems panel', { timeout: 180_000 }, async () => {
    await uiTest('problems panel', server, ws, async (page) => {
      await quickOpen(page, 'broken.trainyard.yaml');
      await problemsRows(page, ['gpus', 'trainyard']);
      const rows = await problemsRows(page, ['unknown key', 'epochs']);
      await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: 15_000 });
      log(`problems: ${rows.map((r) => r.replace(/\s+/g, ' ').trim().slice(0, 100)).join(' | ')}`);
    });
  });

  it('"Trainyard: Run Job" from the palette runs the spec; the Jobs tree shows it succeed; the monitor and "Follow Log" show its log', { timeout: 180_000 }, async () => {
    await uiTest('run job from palette', server, ws, async (page) => {
      await quickOpen(page, 'hello.trainyard.yaml');
      await runCommand(page, 'Trainyard: Run Job');
      const rows = await jobsRows(page, ['hello', 'succeeded']);
      log(`jobs tree: ${rows.map((r) => r.trim()).join(' | ')}`);
      // the launch opened the job monitor: its log viewer shows the job's output
      const mon = await monitorShows(page, 'hello from trainyard');
      log(`monitor: ${mon.title} ${mon.status}: ${mon.rows.join(' | ')}`);
      assert.equal(mon.title, 'hello');
      // "Follow Log" from the job's context menu streams it into the "Trainyard Job Log" output
      await clickJobRow(page, ['hello', 'succeeded'], { button: 'right' });
      const item = page.locator('.context-view .action-item a.action-label, .context-view .action-menu-item').filter({ hasText: 'Follow Log' }).first();
      await item.click();
      // the menu sometimes takes the first click as focus only: then Enter runs the focused item
      if (await page.locator('.context-view .monaco-menu').isVisible().catch(() => false)) await page.keyboard.press('Enter');
      await outputText(page, ['hello from trainyard', 'job succeeded']);
      await page.screenshot({ path: join(resultsDir, 'jobs-tree.png') });
    });
  });

  // Uses the "hello" job of the previous test.
  it('the job monitor is keyboard navigable: Tab walks its header actions and the log search; Enter toggles "Follow"', { timeout: 180_000 }, async () => {
    await uiTest('monitor keyboard', server, ws, async (page) => {
      await jobsRows(page, ['hello', 'succeeded']);
      await clickJobRow(page, ['hello', 'succeeded']);
      const { frame, value: actions } = await monitorFrame(page, () => {
        if (document.querySelector('.header h1')?.textContent !== 'hello' || !document.querySelector('.log-row')) return null;
        const shown = [...document.querySelectorAll('.header-actions vscode-button')].filter((b) => !b.hidden).map((b) => b.dataset.action);
        return shown.length ? shown : null;
      });
      // a real click into the webview (on the job's title) gives it the keyboard; Tab goes on from there
      await frame.locator('.header h1').click();
      const order = [];
      let at = await focusedIn(frame);
      while (at !== 'vscode-checkbox#follow') {
        at = await tabFrom(page, frame);
        assert.ok(at, `Tab left the webview after ${order.join(' → ')}`);
        order.push(at);
        assert.ok(order.length <= 40, `no "Follow" within 40 Tabs: ${order.join(' → ')}`);
      }
      log(`monitor tab order: ${order.join(' → ')}`);
      assert.deepEqual(order.slice(0, actions.length), actions.map((a) => `vscode-button[data-action=${a}]`), 'the header actions first, in order');
      const search = order.indexOf('vscode-textfield#search-input');
      assert.ok(search > actions.length - 1, 'then the log search field');
      // Enter on "Follow" toggles it (and again, back)
      const before = await frame.evaluate(() => document.getElementById('follow').checked);
      for (const want of [!before, before]) {
        await page.keyboard.press('Enter');
        await frame.waitForFunction((want) => document.getElementById('follow').checked === want, want, { timeout: 5_000 });
      }
      // Shift+Tab walks back the same way
      assert.equal(await tabFrom(page, frame, { back: true }), order[order.length - 2]);
    });
  });

  it('the monitor of a training job shows its log and metric charts, and is restored after a reload', { timeout: 240_000 }, async () => {
    await uiTest('monitor and reload', server, ws, async (page) => {
      await quickOpen(page, 'train.trainyard.yaml');
      await runCommand(page, 'Trainyard: Run Job');
      const mon = await monitorShows(page, 'epoch 10/10', { canvas: true });
      log(`monitor: ${mon.canvases} chart canvases; ${mon.rows.length} log rows, e.g. ${mon.rows.find((r) => r.includes('epoch'))}`);
      assert.ok(mon.canvases >= 2, 'loss and accuracy charts');
      await page.screenshot({ path: join(resultsDir, 'monitor.png') });
      // a real window reload (the workbench flushes its state, as when VS Code reloads)
      await runCommand(page, 'Developer: Reload Window');
      await page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame(), timeout: 30_000 });
      await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
      const restored = await monitorShows(page, 'epoch 10/10', { canvas: true });
      assert.equal(restored.title, 'train', 'the same job after the reload');
      log(`restored after reload: ${restored.title} ${restored.status}, ${restored.canvases} canvases`);
    });
  });
});

// ---- suite 3: Workspace Trust: Restricted Mode -----------------------------------------------
describe('workbench UI (untrusted workspace, Restricted Mode)', () => {
  let server;
  let ws;
  before(async () => {
    ws = makeWorkspace('untrusted');
    server = await startCodeServer(tools, {
      name: 'untrusted', dir: join(run, 'untrusted'), extDir, trust: false,
      env: { TRAINYARD_HOME: join(run, 'untrusted', 'trainyard-home') },
    });
  });
  after(async () => { await server?.stop(); });

  it('offers no "Trainyard: Run Job" but still shows diagnostics', { timeout: 180_000 }, async () => {
    await uiTest('restricted mode', server, ws, async (page) => {
      // The workbench asks whether to trust the folder: answer no.
      const no = page.locator('.monaco-dialog-box .dialog-buttons a.monaco-button, .monaco-dialog-box .dialog-buttons .monaco-button')
        .filter({ hasText: /No, I don.t trust/ });
      await no.first().waitFor({ state: 'visible', timeout: 30_000 });
      await no.first().click();
      await page.locator('.monaco-dialog-box').waitFor({ state: 'detached', timeout: 15_000 });
      await page.waitForSelector('.statusbar-item[id*="workspaceTrust"], .statusbar-item:has-text("Restricted Mode")', { timeout: 15_000 });
      await quickOpen(page, 'broken.trainyard.yaml');
      await problemsRows(page, ['unknown key', 'epochs', 'trainyard']);
      // The extension is active (its other commands are listed) but running is not offered.
      const rows = await paletteRows(page, 'Trainyard:', ['Trainyard: Render Job']);
      await closeQuickInput(page);
      assert.ok(!rows.some((r) => r.includes('Trainyard: Run Job')), `no Run Job in Restricted Mode: ${rows.join(' | ')}`);
      assert.ok(!rows.some((r) => r.includes('Trainyard: Cancel Job')), 'no Cancel Job in Restricted Mode');
      await page.screenshot({ path: join(resultsDir, 'restricted-mode.png') });
    });
  });
});

after(async () => {
  await browser.close().catch(() => {});
  if (failures === 0 && !process.env.TRAINYARD_E2E_KEEP) rmSync(run, { recursive: true, force: true });
  else log(`run folder kept: ${run}`);
  log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s; artifacts in ${resultsDir}`);
});
