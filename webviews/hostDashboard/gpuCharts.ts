/**
 * The host dashboard's charts (uPlot): one card per GPU with its utilization (%, left axis) and
 * memory used (GiB, right axis) over the last hour (x = time). Samples older than the window
 * fall off; updates are coalesced into one redraw per animation frame; a theme change (body
 * class) re-creates the plots with the new colours.
 */
import uPlot from 'uplot';
import type { GpuSample } from '../protocol';

const HEIGHT = 160;

interface GpuChart {
  index: number;
  card: HTMLElement;
  title: HTMLElement;
  body: HTMLElement;
  plot?: uPlot;
  /** time (s), utilization, memory GiB */
  data: [number[], Array<number | null>, Array<number | null>];
  totalGiB?: number;
  dirty: boolean;
}

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

export class GpuCharts {
  private readonly charts = new Map<number, GpuChart>();
  private frame = 0;
  private windowMs = 3_600_000;

  constructor(private readonly host: HTMLElement) {
    new MutationObserver(() => {
      for (const c of this.charts.values()) this.build(c);
    }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
    new ResizeObserver(() => {
      for (const c of this.charts.values()) if (c.plot && c.body.clientWidth) c.plot.setSize({ width: c.body.clientWidth, height: HEIGHT });
    }).observe(host);
  }

  get count(): number {
    return this.charts.size;
  }

  add(samples: readonly GpuSample[], reset: boolean, windowMs: number): void {
    this.windowMs = windowMs;
    if (reset) {
      for (const c of this.charts.values()) {
        c.plot?.destroy();
        c.card.remove();
      }
      this.charts.clear();
    }
    for (const s of samples) {
      const t = s.time / 1000;
      for (const g of s.gpus) {
        const c = this.chart(g.index, g.name);
        if (g.memoryTotalMiB !== undefined) c.totalGiB = g.memoryTotalMiB / 1024;
        c.data[0].push(t);
        c.data[1].push(g.utilization ?? null);
        c.data[2].push(g.memoryUsedMiB !== undefined ? g.memoryUsedMiB / 1024 : null);
        c.dirty = true;
      }
    }
    const latest = samples.length ? samples[samples.length - 1]!.time : 0;
    if (latest) this.prune(latest);
    if (!this.frame) this.frame = requestAnimationFrame(() => this.flush());
  }

  private prune(nowMs: number): void {
    const cutoff = (nowMs - this.windowMs) / 1000;
    for (const c of this.charts.values()) {
      let n = 0;
      while (n < c.data[0].length && c.data[0][n]! < cutoff) n++;
      if (n) {
        for (const col of c.data) col.splice(0, n);
        c.dirty = true;
      }
    }
  }

  private chart(index: number, name?: string): GpuChart {
    let c = this.charts.get(index);
    if (c) return c;
    const card = document.createElement('section');
    card.className = 'chart-card';
    card.setAttribute('aria-label', `GPU ${index} chart`);
    const title = document.createElement('h3');
    title.className = 'chart-title';
    title.textContent = `GPU ${index}${name ? `: ${name}` : ''}`;
    const body = document.createElement('div');
    body.className = 'chart-body';
    card.append(title, body);
    // in GPU order
    const after = [...this.charts.values()].filter((x) => x.index > index).sort((a, b) => a.index - b.index)[0];
    this.host.insertBefore(card, after?.card ?? null);
    c = { index, card, title, body, data: [[], [], []], dirty: true };
    this.charts.set(index, c);
    return c;
  }

  private build(c: GpuChart): void {
    c.plot?.destroy();
    c.body.textContent = '';
    const fg = cssVar('--vscode-foreground', '#888');
    const grid = cssVar('--vscode-editorWidget-border', 'rgba(128,128,128,0.25)');
    const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    const opts: uPlot.Options = {
      width: Math.max(200, c.body.clientWidth || c.card.clientWidth || 400),
      height: HEIGHT,
      scales: { x: { time: true }, '%': { range: [0, 100] }, GiB: { range: (_u, _min, max) => [0, Math.max(c.totalGiB ?? 0, max, 1)] } },
      cursor: { drag: { x: true, y: false } },
      legend: { live: true },
      axes: [{ ...axis }, { ...axis, scale: '%', size: 56, values: (_u, v) => v.map((x) => `${x}%`) }, { ...axis, scale: 'GiB', side: 1, size: 64, grid: { show: false }, values: (_u, v) => v.map((x) => `${x} GiB`) }],
      series: [
        { label: 'time' },
        { label: 'utilization %', scale: '%', stroke: cssVar('--vscode-charts-blue', '#3794ff'), width: 1.5, spanGaps: true, points: { show: false } },
        { label: 'memory GiB', scale: 'GiB', stroke: cssVar('--vscode-charts-orange', '#d18616'), width: 1.5, spanGaps: true, points: { show: false } },
      ],
    };
    c.plot = new uPlot(opts, c.data as uPlot.AlignedData, c.body);
    c.dirty = false;
  }

  private flush(): void {
    this.frame = 0;
    for (const c of this.charts.values()) {
      if (!c.dirty) continue;
      c.dirty = false;
      if (!c.plot) this.build(c);
      else c.plot.setData(c.data as uPlot.AlignedData);
    }
  }
}
