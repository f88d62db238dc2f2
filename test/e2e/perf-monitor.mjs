#!/usr/bin/env node
// Measures the job monitor webview in headless Chromium (not part of the CI suite):
// the built bundle (dist/webviews/monitor.js + .css) in a plain page, with a stub
// `acquireVsCodeApi` that plays the extension host: a 1,000,000-line log (answering line
// requests like the host does) and 8 GPUs sampled 10 times a second, plus metrics.
//
//   node esbuild.mjs && node test/e2e/perf-monitor.mjs [--seconds 5] [--screenshot out.png]
//
// Reports, per scenario, the p50/p95/max of (a) the interval between animation frames and
// (b) the script work per frame (the page's animation-frame callbacks: row rendering, uPlot
// redraws), and the long tasks (> 50 ms). Goal: p95 ≤ 16 ms.
import { createServer } from 'node:http';
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setupTools } from './lib/tools.mjs';
import { launchBrowser } from './lib/workbench.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const seconds = Number(arg('seconds', '5'));
const shot = arg('screenshot', undefined);
const dist = join(root, 'dist/webviews');
if (!existsSync(join(dist, 'monitor.js'))) throw new Error('build first: node esbuild.mjs');

// The stub host, injected before the bundle. Lines are generated on request (the real host
// slices its LogStore the same way); ~1 in 20 lines carries ANSI colours, some are tqdm bars.
const stub = `
window.__perf = { frames: [], work: [], longTasks: [] };
(function () {
  const N = 1000000;
  const line = (i) => i % 20 === 0 ? '\\x1b[1;32mepoch ' + (i / 20 | 0) + '\\x1b[0m loss=' + (1 / (1 + i / 1e4)).toFixed(4) + ' \\x1b[33mwarn\\x1b[0m'
    : i % 7 === 0 ? ' 45%|████▌     | 450/1000 [00:12<00:15, 36.1it/s]'
    : 'step ' + i + ' lr=0.001 grad_norm=' + (i % 97 / 10).toFixed(2) + ' throughput=' + (1000 + i % 300) + ' samples/s';
  const send = (m) => window.postMessage(m, '*');
  let state;
  window.acquireVsCodeApi = () => ({
    getState: () => state,
    setState: (s) => { state = s; },
    postMessage(m) {
      if (m.type === 'ready') {
        send({ type: 'job', job: { id: 'perf1', name: 'perf', target: 'ssh:gpu-box', status: 'running', exitCode: null,
          createdAt: new Date().toISOString(), startedAt: new Date(Date.now() - 3600e3).toISOString(), endedAt: null,
          specPath: '/w/train.trainyard.yaml', gpus: ['0','1','2','3','4','5','6','7'] } });
        send({ type: 'logInfo', lineCount: N, byteLength: N * 60, done: false });
        const pts = []; for (let s = 0; s < 2000; s++) pts.push({ x: s, values: { loss: 2 / (1 + s / 100), accuracy: 1 - 1 / (1 + s / 200) } });
        send({ type: 'metrics', reset: true, source: 'file', points: pts });
      } else if (m.type === 'requestLines') {
        const lines = []; for (let i = m.start; i < Math.min(N, m.start + m.count); i++) lines.push(line(i));
        setTimeout(() => send({ type: 'lines', requestId: m.requestId, start: m.start, lines }), 1);
      } else if (m.type === 'search') {
        send({ type: 'searchResult', requestId: m.requestId, query: m.query, matches: [], truncated: false });
      }
    },
  });
  window.__startGpu = () => {
    let t = Date.now();
    window.__gpuTimer = setInterval(() => {
      t += 100;
      const gpus = []; for (let g = 0; g < 8; g++) gpus.push({ index: g, name: 'H100', utilization: 50 + 40 * Math.sin(t / 3000 + g), memoryUsedMiB: 40000 + 20000 * Math.sin(t / 5000 + g), memoryTotalMiB: 81920 });
      send({ type: 'gpu', reset: false, samples: [{ time: t, gpus }] });
    }, 100);
  };
  // frame accounting: the interval between frames, and the time spent in the page's animation
  // frame callbacks per frame (the log's row rendering and uPlot's redraws run there)
  const raf = window.requestAnimationFrame.bind(window);
  const work = new Map();
  window.requestAnimationFrame = (cb) => raf((ts) => {
    const t0 = performance.now();
    try { cb(ts); } finally { if (window.__measuring) work.set(ts, (work.get(ts) || 0) + performance.now() - t0); }
  });
  let last = 0;
  const tick = (now) => {
    if (window.__measuring && last) window.__perf.frames.push(now - last);
    for (const [ts, ms] of work) if (ts < now) { window.__perf.work.push(ms); work.delete(ts); }
    last = now;
    raf(tick);
  };
  raf(tick);
  new PerformanceObserver((l) => { for (const e of l.getEntries()) if (window.__measuring) window.__perf.longTasks.push(e.duration); }).observe({ entryTypes: ['longtask'] });
})();
`;

const html = `<!DOCTYPE html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="/codicon.css" id="vscode-codicon-stylesheet"><link rel="stylesheet" href="/monitor.css">
<style>${themeVars()}</style></head>
<body class="vscode-dark"><div id="root" data-job-id="perf1"></div><script>${stub}</script><script src="/monitor.js"></script></body></html>`;

function themeVars() {
  return `body { --vscode-foreground:#ccc; --vscode-editor-background:#1e1e1e; --vscode-font-family:sans-serif; --vscode-font-size:13px;
    --vscode-editor-font-family:monospace; --vscode-charts-blue:#3794ff; --vscode-charts-orange:#d18616; --vscode-charts-green:#89d185;
    --vscode-charts-red:#f14c4c; --vscode-charts-purple:#b180d7; --vscode-charts-yellow:#cca700; --vscode-terminal-ansiGreen:#0dbc79;
    --vscode-terminal-ansiYellow:#e5e510; --vscode-editorLineNumber-foreground:#858585; --vscode-descriptionForeground:#9d9d9d; }`;
}

const server = createServer((req, res) => {
  const url = req.url.split('?')[0];
  if (url === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(html);
  const f = join(dist, url.replace(/^\/+/, ''));
  if (!f.startsWith(dist) || !existsSync(f)) return res.writeHead(404).end();
  const type = f.endsWith('.js') ? 'text/javascript' : f.endsWith('.css') ? 'text/css' : 'font/ttf';
  res.writeHead(200, { 'content-type': type }).end(readFileSync(f));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/`;

const tools = setupTools(root);
const browser = await launchBrowser(tools, process.env.TMPDIR ?? '/tmp');
const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
const errors = [];
page.on('pageerror', (e) => errors.push(String(e)));
await page.goto(url);
await page.waitForSelector('.log-row:not(:empty)', { timeout: 20_000 });
await page.waitForSelector('.chart-card canvas', { timeout: 20_000 });

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};
async function measure(name, drive) {
  await page.evaluate(() => { window.__perf = { frames: [], work: [], longTasks: [] }; window.__measuring = true; });
  await drive();
  const perf = await page.evaluate(() => { window.__measuring = false; return window.__perf; });
  const r = {
    scenario: name, frames: perf.frames.length,
    frameIntervalMs: { p50: +pct(perf.frames, 50).toFixed(1), p95: +pct(perf.frames, 95).toFixed(1), max: +Math.max(...perf.frames).toFixed(1) },
    rafWorkMs: { p50: +pct(perf.work, 50).toFixed(2), p95: +pct(perf.work, 95).toFixed(2), max: +Math.max(0, ...perf.work).toFixed(2) },
    longTasks: perf.longTasks.length, longestTaskMs: perf.longTasks.length ? +Math.max(...perf.longTasks).toFixed(1) : 0,
  };
  console.log(JSON.stringify(r));
  return r;
}

// 1. scrolling the 1,000,000-line log: wheel bursts + jumps (Page Down, End/Home, drag-like jumps)
await page.click('.log-viewport');
const results = [];
results.push(await measure('scroll 1M-line log (wheel)', async () => {
  const end = Date.now() + seconds * 1000;
  await page.keyboard.press('Home'); // from the top: wheeling down really scrolls
  await page.mouse.move(700, 700);
  while (Date.now() < end) await page.mouse.wheel(0, 400);
}));
results.push(await measure('scroll 1M-line log (jumps)', async () => {
  const end = Date.now() + seconds * 1000;
  let i = 0;
  while (Date.now() < end) {
    await page.evaluate((k) => { const v = document.querySelector('.log-viewport'); v.scrollTop = (k * 7919 % 1000) / 1000 * v.scrollHeight; }, i++);
    await page.waitForTimeout(16);
  }
}));
// 2. charts taking 8 GPUs × 10 updates/s while the log follows
await page.evaluate(() => window.__startGpu());
results.push(await measure('charts: 8 GPUs × 10 updates/s', async () => { await page.waitForTimeout(seconds * 1000); }));
results.push(await measure('charts + wheel scrolling together', async () => {
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) await page.mouse.wheel(0, -300);
}));
const rowsText = await page.$$eval('.log-row', (rs) => rs.slice(0, 3).map((r) => r.textContent));
const canvases = await page.$$eval('.chart-card canvas', (cs) => cs.length);
console.log(JSON.stringify({ sampleRows: rowsText, canvases, pageErrors: errors }));
if (shot) await page.screenshot({ path: shot });
await browser.close();
server.close();
const worst = Math.max(...results.map((r) => r.frameIntervalMs.p95));
console.log(`p95 frame interval, worst scenario: ${worst} ms (goal ≤ 16 ms + vsync granularity)`);
process.exit(errors.length ? 1 : 0);
