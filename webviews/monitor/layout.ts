/** Builds the monitor's page structure inside #root (the host's HTML holds only #root). */

const CHECKBOXES = [
  ['follow', 'Follow'],
  ['wrap', 'Wrap'],
  ['show-charts', 'Charts'],
] as const;

export function buildLayout(root: HTMLElement): void {
  root.innerHTML = '';
  const header = section('header', 'header', 'header');
  const charts = section('section', 'charts', '');
  charts.setAttribute('aria-label', 'Charts');
  const grid = section('div', 'chart-grid', 'chart-grid');
  const empty = section('div', 'charts-empty', 'empty');
  empty.textContent = 'No metrics yet: the job writes them to $TRAINYARD_METRICS_FILE, or the spec\u2019s metrics.pattern matches log lines.';
  charts.append(grid, empty);
  const logSection = section('section', '', 'log-section');
  logSection.setAttribute('aria-label', 'Log');
  const toolbar = section('div', '', 'log-toolbar');
  const search = section('div', 'search', 'search');
  search.setAttribute('role', 'search');
  toolbar.append(search);
  for (const [id, label] of CHECKBOXES) {
    const cb = document.createElement('vscode-checkbox');
    cb.id = id;
    cb.setAttribute('label', label);
    // vscode-checkbox toggles on Space only (Enter would submit a form): Enter toggles too.
    cb.addEventListener('keydown', (ev) => {
      if (ev.key !== 'Enter' || cb.hasAttribute('disabled')) return;
      ev.preventDefault();
      const box = cb as HTMLElement & { checked: boolean };
      box.checked = !box.checked;
      box.dispatchEvent(new Event('change', { bubbles: true }));
    });
    toolbar.append(cb);
  }
  const status = section('span', 'log-status', '');
  status.setAttribute('aria-live', 'polite');
  toolbar.append(status);
  logSection.append(toolbar, section('div', 'log', 'log'));
  root.append(header, charts, logSection);
}

function section(tag: string, id: string, cls: string): HTMLElement {
  const e = document.createElement(tag);
  if (id) e.id = id;
  if (cls) e.className = cls;
  return e;
}
