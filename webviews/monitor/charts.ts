/**
 * The monitor's charts (uPlot): one per metric (x = step) and, when GPU samples exist, GPU
 * utilization and memory with one series per GPU (x = time). Hover shows values (the legend),
 * dragging zooms, double-click resets; each chart exports PNG and CSV through the host.
 * Updates are coalesced into one redraw per animation frame.
 */
import uPlot from 'uplot';
import { alignedCsv } from '../csv';
import type { GpuSample, MetricPoint } from '../protocol';

/** GPU samples kept per chart: one hour at one sample a second. */
const GPU_WINDOW = 3600;
const HEIGHT = 180;

export interface ChartHooks {
  exportPng(name: string, dataUrl: string): void;
  exportCsv(name: string, csv: string): void;
}

interface Chart {
  name: string;
  title: string;
  card: HTMLElement;
  plot?: uPlot;
  xName: string;
  series: string[];
  /** x then one column per series */
  data: Array<Array<number | null>>;
  time: boolean;
  zoomed: boolean;
  dirty: boolean;
  unit?: string;
}

const PALETTE = ['--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-green', '--vscode-charts-red', '--vscode-charts-purple', '--vscode-charts-yellow', '--vscode-terminal-ansiCyan', '--vscode-terminal-ansiMagenta'];

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

export class Charts {
  private readonly charts = new Map<string, Chart>();
  private frame = 0;
  private gpuIndexes: number[] = [];

  constructor(private readonly host: HTMLElement, private readonly hooks: ChartHooks) {
    // Theme changes (body class vscode-light/dark/high-contrast) re-create the plots with new colours.
    new MutationObserver(() => this.rebuildAll()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
    new ResizeObserver(() => this.resizeAll()).observe(host);
  }

  get count(): number {
    return this.charts.size;
  }

  /** Metric points (appended, or replacing everything on `reset`). */
  addMetrics(points: readonly MetricPoint[], reset: boolean): void {
    if (reset) for (const [k, c] of this.charts) if (!k.startsWith('gpu:')) this.remove(k, c);
    for (const p of points) {
      for (const [key, value] of Object.entries(p.values)) {
        const c = this.chart(`metric:${key}`, key, 'step', [key], false);
        c.data[0]!.push(p.x);
        c.data[1]!.push(value);
        c.dirty = true;
      }
    }
    this.schedule();
  }

  addGpu(samples: readonly GpuSample[], reset: boolean): void {
    if (reset) {
      for (const k of ['gpu:util', 'gpu:mem']) {
        const c = this.charts.get(k);
        if (c) this.remove(k, c);
      }
      this.gpuIndexes = [];
    }
    for (const s of samples) {
      if (!s.gpus.length) continue;
      const idx = s.gpus.map((g) => g.index).sort((a, b) => a - b);
      if (idx.join() !== this.gpuIndexes.join()) {
        // a different set of GPUs: start over with the new series
        this.gpuIndexes = idx;
        for (const k of ['gpu:util', 'gpu:mem']) {
          const c = this.charts.get(k);
          if (c) this.remove(k, c);
        }
      }
      const names = idx.map((i) => `GPU ${i}`);
      const util = this.chart('gpu:util', 'GPU utilization', 'time', names, true, '%');
      const mem = this.chart('gpu:mem', 'GPU memory', 'time', names, true, 'GiB');
      const t = s.time / 1000;
      util.data[0]!.push(t);
      mem.data[0]!.push(t);
      idx.forEach((gi, col) => {
        const g = s.gpus.find((x) => x.index === gi);
        util.data[col + 1]!.push(g?.utilization ?? null);
        mem.data[col + 1]!.push(g?.memoryUsedMiB !== undefined ? g.memoryUsedMiB / 1024 : null);
      });
      for (const c of [util, mem]) {
        if (c.data[0]!.length > GPU_WINDOW) for (const col of c.data) col.splice(0, col.length - GPU_WINDOW);
        c.dirty = true;
      }
    }
    this.schedule();
  }

  private chart(key: string, title: string, xName: string, series: string[], time: boolean, unit?: string): Chart {
    let c = this.charts.get(key);
    if (c) return c;
    const card = document.createElement('div');
    card.className = 'chart-card';
    card.setAttribute('role', 'group');
    card.setAttribute('aria-label', `${title} chart`);
    const head = document.createElement('div');
    head.className = 'chart-head';
    const h = document.createElement('span');
    h.className = 'chart-title';
    h.textContent = unit ? `${title} (${unit})` : title;
    const png = button('PNG', `Export ${title} as PNG`, () => this.exportPng(key));
    const csv = button('CSV', `Export ${title} as CSV`, () => this.exportCsv(key));
    head.append(h, png, csv);
    const body = document.createElement('div');
    body.className = 'chart-body';
    card.append(head, body);
    // metric charts first, then GPU charts, each in creation order
    if (key.startsWith('gpu:')) this.host.append(card);
    else this.host.insertBefore(card, this.host.querySelector('.chart-card[data-gpu]'));
    if (key.startsWith('gpu:')) card.dataset.gpu = '1';
    c = { name: key, title, card, xName, series, data: [[], ...series.map(() => [])], time, zoomed: false, dirty: true, unit };
    this.charts.set(key, c);
    return c;
  }

  private build(c: Chart): void {
    c.plot?.destroy();
    const body = c.card.querySelector('.chart-body') as HTMLElement;
    body.textContent = '';
    const fg = cssVar('--vscode-foreground', '#888');
    const grid = cssVar('--vscode-editorWidget-border', 'rgba(128,128,128,0.25)');
    const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    const opts: uPlot.Options = {
      width: Math.max(200, body.clientWidth || c.card.clientWidth || 400),
      height: HEIGHT,
      scales: { x: { time: c.time } },
      cursor: { drag: { x: true, y: false } },
      legend: { live: true },
      axes: [{ ...axis }, { ...axis, size: 50 }],
      series: [
        { label: c.xName },
        ...c.series.map((s, i) => ({ label: s, stroke: cssVar(PALETTE[i % PALETTE.length]!, '#3794ff'), width: 1.5, spanGaps: true, points: { show: false } })),
      ],
      hooks: {
        setSelect: [(u: uPlot) => { if (u.select.width > 0) c.zoomed = true; }],
      },
    };
    c.plot = new uPlot(opts, c.data as uPlot.AlignedData, body);
    c.plot.over.addEventListener('dblclick', () => { c.zoomed = false; });
    c.dirty = false;
  }

  private schedule(): void {
    if (!this.frame) this.frame = requestAnimationFrame(() => this.flush());
  }

  private flush(): void {
    this.frame = 0;
    for (const c of this.charts.values()) {
      if (!c.dirty) continue;
      c.dirty = false;
      if (!c.plot) this.build(c);
      else c.plot.setData(c.data as uPlot.AlignedData, !c.zoomed);
    }
  }

  private resizeAll(): void {
    for (const c of this.charts.values()) {
      const body = c.card.querySelector('.chart-body') as HTMLElement;
      if (c.plot && body.clientWidth) c.plot.setSize({ width: body.clientWidth, height: HEIGHT });
    }
  }

  private rebuildAll(): void {
    for (const c of this.charts.values()) this.build(c);
  }

  private remove(key: string, c: Chart): void {
    c.plot?.destroy();
    c.card.remove();
    this.charts.delete(key);
  }

  private exportPng(key: string): void {
    const c = this.charts.get(key);
    if (!c?.plot) return;
    const src = c.plot.ctx.canvas;
    const out = document.createElement('canvas');
    out.width = src.width;
    out.height = src.height;
    const ctx = out.getContext('2d')!;
    ctx.fillStyle = cssVar('--vscode-editor-background', '#ffffff');
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(src, 0, 0);
    this.hooks.exportPng(fileName(c.title), out.toDataURL('image/png'));
  }

  private exportCsv(key: string): void {
    const c = this.charts.get(key);
    if (!c) return;
    const xs = c.time ? c.data[0]!.map((t) => (t === null ? null : Math.round(t * 1000))) : c.data[0]!;
    this.hooks.exportCsv(fileName(c.title), alignedCsv([c.time ? 'time_ms' : c.xName, ...c.series], [xs, ...c.data.slice(1)]));
  }
}

function button(text: string, label: string, onClick: () => void): HTMLElement {
  const b = document.createElement('vscode-button');
  b.setAttribute('secondary', '');
  b.setAttribute('aria-label', label);
  b.title = label;
  b.textContent = text;
  b.addEventListener('click', onClick);
  return b;
}

function fileName(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'chart';
}
