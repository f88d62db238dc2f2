/**
 * The job monitor webview. It says `ready` first; the host then sends the job, the log's
 * length, metrics and GPU samples, and answers line and search requests. Only UI state
 * (follow, wrap, search, scroll position, charts shown) is persisted with setState.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import 'uplot/dist/uPlot.min.css';
import './monitor.css';
import { assertNever, defaultUiState, parseUiState, type MonitorUiState, type ToWebview } from '../protocol';
import { channel } from '../vscodeApi';
import { Charts } from './charts';
import { Header } from './header';
import { buildLayout } from './layout';
import { LogView } from './logView';
import { SearchBar } from './search';

const root = document.getElementById('root')!;
const jobId = root.dataset.jobId ?? '';
buildLayout(root);
const vscode = channel<MonitorUiState>();
const saved = parseUiState(vscode.getState());
const ui: MonitorUiState = saved && saved.jobId === jobId ? saved : defaultUiState(jobId);
const save = () => vscode.setState(ui);

let requestSeq = 0;
const header = new Header(document.getElementById('header')!, (action) => vscode.post({ type: 'action', action }));

const chartsSection = document.getElementById('charts')!;
const chartsEmpty = document.getElementById('charts-empty')!;
const charts = new Charts(document.getElementById('chart-grid')!, {
  exportPng: (name, dataUrl) => vscode.post({ type: 'exportPng', name, dataUrl }),
  exportCsv: (name, csv) => vscode.post({ type: 'exportCsv', name, csv }),
});

const follow = document.getElementById('follow') as HTMLElement & { checked: boolean };
const wrap = document.getElementById('wrap') as HTMLElement & { checked: boolean };
const showCharts = document.getElementById('show-charts') as HTMLElement & { checked: boolean };

const log = new LogView(document.getElementById('log')!, {
  requestLines: (start, count) => vscode.post({ type: 'requestLines', requestId: ++requestSeq, start, count }),
  onUserScroll: (top, atBottom) => {
    ui.topLine = top;
    if (ui.follow !== atBottom) {
      ui.follow = atBottom;
      follow.checked = atBottom;
    }
    save();
  },
});

const search = new SearchBar(document.getElementById('search')!, ui, {
  search: (query, caseSensitive) => {
    ui.query = query;
    ui.caseSensitive = caseSensitive;
    save();
    log.setQuery(query, caseSensitive);
    const requestId = ++requestSeq;
    vscode.post({ type: 'search', requestId, query, caseSensitive });
    return requestId;
  },
  reveal: (line, matches) => {
    ui.follow = false;
    follow.checked = false;
    log.setFollow(false);
    log.setMatches(matches, line);
    log.scrollToLine(line, true);
    save();
  },
});

follow.checked = ui.follow;
wrap.checked = ui.wrap;
showCharts.checked = ui.showCharts;
follow.addEventListener('change', () => {
  ui.follow = follow.checked;
  log.setFollow(ui.follow);
  save();
});
wrap.addEventListener('change', () => {
  ui.wrap = wrap.checked;
  log.setWrap(ui.wrap);
  save();
});
showCharts.addEventListener('change', () => {
  ui.showCharts = showCharts.checked;
  chartsSection.hidden = !ui.showCharts;
  save();
});
chartsSection.hidden = !ui.showCharts;
log.setWrap(ui.wrap);
log.setFollow(ui.follow);
const statusLine = document.getElementById('log-status')!;
let firstInfo = true;

vscode.onMessage((m: ToWebview) => {
  switch (m.type) {
    case 'job':
      header.set(m.job);
      break;
    case 'logInfo':
      log.setLineCount(m.lineCount);
      statusLine.textContent = `${m.lineCount.toLocaleString()} lines${m.done ? '' : ' · live'}`;
      if (firstInfo) {
        firstInfo = false;
        if (!ui.follow) log.scrollToLine(ui.topLine);
        if (ui.query) search.run();
      }
      break;
    case 'lines':
      log.receiveLines(m.start, m.lines);
      break;
    case 'searchResult':
      search.results(m.requestId, m.matches, m.truncated);
      log.setMatches(m.matches, search.currentLine);
      break;
    case 'metrics':
      charts.addMetrics(m.points, m.reset);
      chartsEmpty.hidden = charts.count > 0;
      break;
    case 'gpu':
      charts.addGpu(m.samples, m.reset);
      chartsEmpty.hidden = charts.count > 0;
      break;
    case 'notice':
      statusLine.textContent = m.message;
      statusLine.classList.toggle('error', m.level === 'error');
      break;
    default:
      assertNever(m);
  }
});

// Ctrl/Cmd+F focuses the search box.
window.addEventListener('keydown', (e) => {
  if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f') {
    e.preventDefault();
    search.focus();
  }
});

save(); // the job id must be in the persisted state for the panel to be restored after a reload
vscode.post({ type: 'ready' });
