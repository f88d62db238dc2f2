/**
 * The host dashboard webview: per-GPU charts of the last hour, the GPU processes, the host's
 * load and free memory, and a "Probe now" button. It says `ready` first; the host then sends
 * the host, its history and its latest probe, and a sample after each probe. Only UI state
 * (the processes table's sort) is persisted with setState.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import 'uplot/dist/uPlot.min.css';
import './hostDashboard.css';
import { assertNever, defaultHostDashUiState, parseHostDashToWebview, parseHostDashUiState, type HostDashToHost, type HostDashToWebview, type HostDashUiState, type HostSnapshot } from '../protocol';
import { typedChannel } from '../vscodeApi';
import { GpuCharts } from './gpuCharts';

const root = document.getElementById('root')!;
const hostId = root.dataset.host ?? '';
root.innerHTML = `
<header class="header">
  <div>
    <h1 id="title"></h1>
    <div class="facts" role="status" aria-live="polite">
      <span class="fact">load <b id="load">–</b></span>
      <span class="fact">memory free <b id="memory">–</b></span>
      <span class="fact">GPUs <b id="gpus">–</b></span>
      <span class="status" id="status"></span>
    </div>
  </div>
  <vscode-button id="probe" aria-label="Probe this host now">Probe now</vscode-button>
</header>
<h2>GPUs, last hour</h2>
<div class="empty" id="charts-empty">No GPU samples yet.</div>
<div class="chart-grid" id="charts"></div>
<h2>GPU processes</h2>
<table class="procs" aria-label="GPU processes">
  <thead><tr>
    <th data-sort="pid" class="num"><button>PID</button></th>
    <th data-sort="user"><button>User</button></th>
    <th data-sort="gpu" class="num"><button>GPU</button></th>
    <th data-sort="memory" class="num"><button>Memory</button></th>
    <th>Command</th>
  </tr></thead>
  <tbody id="procs"></tbody>
</table>
<div class="empty" id="procs-empty">No GPU processes.</div>`;

const byId = (id: string) => document.getElementById(id)!;
const vscode = typedChannel<HostDashUiState, HostDashToHost, HostDashToWebview>(parseHostDashToWebview, 'host dashboard');
const saved = parseHostDashUiState(vscode.getState());
const ui: HostDashUiState = saved && saved.host === hostId ? saved : defaultHostDashUiState(hostId);
const save = () => vscode.setState(ui);
const charts = new GpuCharts(byId('charts'));
const probeButton = byId('probe') as HTMLElement & { disabled: boolean };
let snapshot: HostSnapshot | undefined;
byId('title').textContent = hostId;

probeButton.addEventListener('click', () => vscode.post({ type: 'probeNow' }));
for (const th of document.querySelectorAll<HTMLElement>('th[data-sort]')) {
  th.querySelector('button')!.addEventListener('click', () => {
    ui.sortBy = th.dataset.sort as HostDashUiState['sortBy'];
    save();
    renderProcesses();
  });
}

function gib(mib: number): string {
  return `${(mib / 1024).toFixed(1)} GiB`;
}

function renderSnapshot(s: HostSnapshot): void {
  snapshot = s;
  byId('load').textContent = s.load ? s.load.map((x) => x.toFixed(2)).join(' ') : '–';
  byId('memory').textContent = s.memory ? `${gib(s.memory.availableMiB)} of ${gib(s.memory.totalMiB)}` : '–';
  byId('gpus').textContent = String(s.gpus.length);
  const status = byId('status');
  status.textContent = s.ok ? (s.probedAt ? `probed ${new Date(s.probedAt).toLocaleTimeString()}` : '') + (s.message ? ` · ${s.message}` : '') : `unreachable${s.message ? `: ${s.message}` : ''}`;
  status.classList.toggle('error', !s.ok);
  renderProcesses();
}

function renderProcesses(): void {
  for (const th of document.querySelectorAll<HTMLElement>('th[data-sort]')) {
    if (th.dataset.sort === ui.sortBy) th.setAttribute('aria-sort', ui.sortBy === 'memory' ? 'descending' : 'ascending');
    else th.removeAttribute('aria-sort');
  }
  const procs = [...(snapshot?.processes ?? [])];
  const key = ui.sortBy;
  procs.sort((a, b) =>
    key === 'memory' ? (b.memoryMiB ?? 0) - (a.memoryMiB ?? 0)
    : key === 'user' ? (a.user ?? '').localeCompare(b.user ?? '')
    : key === 'pid' ? (a.pid ?? 0) - (b.pid ?? 0)
    : a.gpu - b.gpu);
  const body = byId('procs');
  body.textContent = '';
  for (const p of procs) {
    const tr = document.createElement('tr');
    const cells: Array<[string, boolean]> = [
      [p.pid !== undefined ? String(p.pid) : '?', true],
      [p.user ?? '?', false],
      [String(p.gpu), true],
      [p.memoryMiB !== undefined ? `${Math.round(p.memoryMiB)} MiB` : '–', true],
      [p.name ?? '', false],
    ];
    for (const [text, num] of cells) {
      const td = document.createElement('td');
      td.textContent = text;
      if (num) td.className = 'num';
      tr.append(td);
    }
    body.append(tr);
  }
  byId('procs-empty').hidden = procs.length > 0;
}

vscode.onMessage((m) => {
  switch (m.type) {
    case 'host':
      byId('title').textContent = m.address ? `${m.name} (${m.address})` : m.name;
      break;
    case 'history':
      charts.add(m.samples, m.reset, m.windowMs);
      byId('charts-empty').hidden = charts.count > 0;
      break;
    case 'snapshot':
      renderSnapshot(m.snapshot);
      break;
    case 'probing':
      probeButton.disabled = m.active;
      probeButton.textContent = m.active ? 'Probing…' : 'Probe now';
      break;
    case 'notice': {
      const status = byId('status');
      status.textContent = m.message;
      status.classList.toggle('error', m.level === 'error');
      break;
    }
    default:
      assertNever(m);
  }
});

save(); // the host must be in the persisted state for the panel to be restored after a reload
vscode.post({ type: 'ready' });
