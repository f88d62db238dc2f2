// Drives the VS Code workbench (code-server) in headless Chromium. Every wait is on the DOM or
// an event (waitForSelector / waitForFunction / exposed callbacks), never a fixed sleep.
import { mkdirSync, writeFileSync, copyFileSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export async function launchBrowser(tools, tmpDir) {
  return tools.playwright.chromium.launch({
    executablePath: tools.chromiumPath,
    headless: true,
    env: { ...process.env, TMPDIR: tmpDir },
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A fresh browser context (own storage) on `folder`; `payload` is the workbench payload. */
export async function openWorkbench(browser, server, folder, { payload } = {}) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const consoleLines = [];
  page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e}`));
  let url = `${server.url}/?folder=${encodeURIComponent(folder)}`;
  if (payload) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return { context, page, consoleLines, url };
}

export async function gotoWorkbench(wb) {
  await wb.page.goto(wb.url, { waitUntil: 'domcontentloaded' });
  await wb.page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  // the explorer lists the folder once the remote file system is connected
  await wb.page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
}

export async function quickOpen(page, fileName) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(fileName);
  await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${fileName}"]`, { timeout: 30_000 });
  await page.keyboard.press('Enter');
  await page.waitForSelector(`.tabs-container .tab.active[aria-label*="${fileName}"]`, { timeout: 15_000 });
  await page.waitForSelector('.monaco-editor .view-lines', { timeout: 15_000 });
}

/** Rows (aria-labels) of the list under `scope`, once some row contains every needle. */
async function waitRows(page, scopeSelector, rowSelector, needles, timeout) {
  const handle = await page.waitForFunction(
    ({ scopeSelector, rowSelector, needles }) => {
      const scopes = [...document.querySelectorAll(scopeSelector)];
      const rows = scopes.flatMap((s) => [...s.querySelectorAll(rowSelector)]).map((r) => `${r.getAttribute('aria-label') || ''} ${r.textContent || ''}`);
      return rows.some((row) => needles.every((n) => row.includes(n))) ? rows : null;
    },
    { scopeSelector, rowSelector, needles },
    { timeout },
  );
  return handle.jsonValue();
}

/**
 * Opens the command palette filtered by `text`; returns its rows once one contains every needle.
 * The palette computes its list when it opens (command `when`/enablement included, and
 * `isWorkspaceTrusted` is false until trust is resolved), so it is reopened until the row shows.
 */
export async function paletteRows(page, text, needles = [text], timeout = 40_000) {
  const end = Date.now() + timeout;
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(`>${text}`);
    try {
      return await waitRows(page, '.quick-input-widget', '.quick-input-list .monaco-list-row', needles, Math.min(5_000 * attempt, Math.max(1, end - Date.now())));
    } catch (err) {
      if (Date.now() >= end) throw err;
      await closeQuickInput(page);
    }
  }
}

export async function runCommand(page, title) {
  await paletteRows(page, title, [title]);
  // the focused (first) row must be the command itself, not e.g. "… On…"
  await page.waitForSelector(`.quick-input-list .monaco-list-row.focused[aria-label^="${title}"]`, { timeout: 10_000 });
  const label = await page.locator('.quick-input-list .monaco-list-row.focused').getAttribute('aria-label');
  if (!label?.replace(/,.*$/, '').trim().endsWith(title.split(': ').pop())) throw new Error(`focused palette row is "${label}", not "${title}"`);
  await page.keyboard.press('Enter');
}

export async function closeQuickInput(page) {
  await page.keyboard.press('Escape');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => {});
}

/** Opens the Problems panel; returns its rows once one contains every needle. */
export async function problemsRows(page, needles, timeout = 45_000) {
  await page.keyboard.press('Control+Shift+M');
  await page.waitForSelector('.markers-panel', { timeout: 15_000 });
  return waitRows(page, '.markers-panel', '.monaco-list-row', needles, timeout);
}

/** Shows the Trainyard view container; returns the Jobs tree rows once one contains every needle. */
export async function jobsRows(page, needles, timeout = 60_000) {
  const item = page.locator('.activitybar .action-item a[aria-label^="Trainyard"]');
  await item.first().waitFor({ state: 'visible', timeout: 20_000 });
  const checked = await page.locator('.activitybar .action-item.checked a[aria-label^="Trainyard"]').count();
  if (!checked) await item.first().click();
  await page.waitForSelector('[id="workbench.view.extension.trainyard"]', { state: 'visible', timeout: 20_000 });
  return waitRows(page, '[id="workbench.view.extension.trainyard"] .pane-body', '.monaco-list-row', needles, timeout);
}

/** Clicks the Jobs tree row containing every needle. */
export async function clickJobRow(page, needles, options = {}) {
  let row = page.locator('[id="workbench.view.extension.trainyard"] .monaco-list-row');
  for (const n of needles) row = row.filter({ hasText: n });
  await row.first().click(options);
}

/** Waits until the visible Output view's text contains every needle; returns the text. */
export async function outputText(page, needles, timeout = 30_000) {
  const handle = await page.waitForFunction(
    (needles) => {
      const view = document.querySelector('[id="workbench.panel.output"]');
      const text = (view?.querySelector('.view-lines')?.textContent || '').replace(/\u00a0/g, ' ');
      return needles.every((n) => text.includes(n)) ? text : null;
    },
    needles,
    { timeout },
  );
  return handle.jsonValue();
}

/** Saves a screenshot, the page's console, the server log and the extension host logs. */
export async function saveFailure(wb, server, outDir, error) {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'error.txt'), `${error?.stack ?? error}\n`);
  if (wb?.page) await wb.page.screenshot({ path: join(outDir, 'screenshot.png') }).catch(() => {});
  if (wb?.consoleLines) writeFileSync(join(outDir, 'browser-console.log'), wb.consoleLines.join('\n') + '\n');
  if (server) {
    if (existsSync(server.logFile)) copyFileSync(server.logFile, join(outDir, 'code-server.log'));
    copyLogs(join(server.userDataDir, 'logs'), join(outDir, 'vscode-logs'));
  }
}

function copyLogs(from, to) {
  if (!existsSync(from)) return;
  for (const name of readdirSync(from)) {
    const p = join(from, name);
    const st = statSync(p);
    if (st.isDirectory()) copyLogs(p, join(to, name));
    else if (name.endsWith('.log') && st.size < 5_000_000) {
      mkdirSync(to, { recursive: true });
      copyFileSync(p, join(to, name));
    }
  }
}

export function slug(s) {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
}

export { relative };

/**
 * A webview's frame (code-server nests it: workbench → webview host iframe → active-frame) whose
 * document has `rootSelector` once `check(arg)` — run inside each such frame — returns a truthy
 * value; returns { frame, value }. Frames appear and reload asynchronously, so they are
 * re-scanned on a short interval until the deadline (there is no event for "this frame's DOM now
 * has X").
 */
export async function webviewFrame(page, rootSelector, check, arg, timeout = 60_000) {
  const end = Date.now() + timeout;
  let lastErr;
  for (;;) {
    for (const frame of page.frames()) {
      try {
        const has = await frame.evaluate((sel) => !!document.querySelector(sel), rootSelector);
        if (!has) continue;
        const value = await frame.evaluate(check, arg);
        if (value) return { frame, value };
      } catch (err) {
        lastErr = err; // detached while we looked
      }
    }
    if (Date.now() > end) throw new Error(`no ${rootSelector} webview frame satisfied the check within ${timeout} ms${lastErr ? ` (${lastErr.message})` : ''}`);
    await page.waitForTimeout(250);
  }
}

/** The job monitor's webview frame once `check` holds in it (see webviewFrame). */
export function monitorFrame(page, check, arg, timeout = 60_000) {
  return webviewFrame(page, '#root[data-job-id]', check, arg, timeout);
}

/** A host dashboard's webview frame (of `host`) once `check` holds in it (see webviewFrame). */
export function hostDashboardFrame(page, host, check, arg, timeout = 60_000) {
  return webviewFrame(page, `#root[data-host="${host}"]`, check, arg, timeout);
}

/**
 * What has the keyboard focus inside `frame` ("vscode-button[data-action=relaunch]",
 * "vscode-textfield#search-input", "vscode-button[Next match (Enter)]", …), or null when nothing
 * in it does.
 */
export function focusedIn(frame) {
  return frame.evaluate(() => {
    const a = document.activeElement;
    if (!document.hasFocus() || !a || a === document.body || a === document.documentElement) return null;
    let d = a.tagName.toLowerCase();
    if (a.id) d += `#${a.id}`;
    if (a.dataset?.action) d += `[data-action=${a.dataset.action}]`;
    if (!a.id && !a.dataset?.action) d += `[${a.getAttribute('aria-label') || a.getAttribute('title') || a.getAttribute('label') || (a.textContent || '').trim().slice(0, 30)}]`;
    return d;
  });
}

/**
 * Presses Tab (Shift+Tab with `back`) and waits until the focus inside `frame` moved off the
 * element that had it (or into the frame, when none had); returns focusedIn's description of the
 * new focus (null: it left the webview).
 */
export async function tabFrom(page, frame, { back = false, timeout = 5_000 } = {}) {
  const had = await frame.evaluate(() => {
    const a = document.hasFocus() ? document.activeElement : null;
    if (!a || a === document.body || a === document.documentElement) return false;
    a.dataset.e2eHadFocus = '1';
    return true;
  });
  await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  await frame.waitForFunction((had) => {
    const a = document.hasFocus() ? document.activeElement : null;
    const none = !a || a === document.body || a === document.documentElement;
    return had ? none || !a.dataset.e2eHadFocus : !none;
  }, had, { timeout });
  await frame.evaluate(() => { for (const e of document.querySelectorAll('[data-e2e-had-focus]')) delete e.dataset.e2eHadFocus; });
  return focusedIn(frame);
}

/** Rows of the log viewer and chart canvases in a monitor frame, once a row contains `needle`. */
export async function monitorShows(page, needle, { canvas = false, timeout } = {}) {
  return (await monitorFrame(page, ({ needle, canvas }) => {
    const rows = [...document.querySelectorAll('.log-row')].map((r) => r.textContent || '');
    const canvases = document.querySelectorAll('.chart-card canvas').length;
    if (!rows.some((r) => r.includes(needle))) return null;
    if (canvas && !canvases) return null;
    return { rows: rows.filter(Boolean), canvases, title: document.querySelector('.header h1')?.textContent, status: document.querySelector('.header .status')?.textContent };
  }, { needle, canvas }, timeout)).value;
}
