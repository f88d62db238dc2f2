/** The monitor's header: the job's name, status, target, GPUs, duration, and its actions. */
import type { JobView, MonitorAction } from '../protocol';

const FINAL = new Set(['succeeded', 'failed', 'cancelled', 'lost']);

const ACTIONS: Array<{ action: MonitorAction; label: string; icon: string; show: (j: JobView) => boolean }> = [
  { action: 'cancel', label: 'Cancel', icon: 'debug-stop', show: (j) => !FINAL.has(j.status) },
  { action: 'relaunch', label: 'Relaunch', icon: 'debug-restart', show: (j) => !!j.specPath },
  { action: 'openSpec', label: 'Open Spec', icon: 'go-to-file', show: (j) => !!j.specPath },
  { action: 'fetchOutputs', label: 'Fetch Outputs', icon: 'cloud-download', show: () => true },
  { action: 'showLog', label: 'Log in Output', icon: 'output', show: () => true },
  { action: 'copyId', label: 'Copy ID', icon: 'copy', show: () => true },
];

export class Header {
  private job: JobView | undefined;
  private readonly title = document.createElement('h1');
  private readonly status = document.createElement('span');
  private readonly facts = document.createElement('span');
  private readonly duration = document.createElement('span');
  private readonly buttons = new Map<MonitorAction, HTMLElement>();

  constructor(host: HTMLElement, onAction: (a: MonitorAction) => void) {
    this.status.className = 'status';
    this.status.setAttribute('role', 'status');
    this.facts.className = 'facts';
    this.duration.className = 'duration';
    const info = document.createElement('div');
    info.className = 'header-info';
    info.append(this.title, this.status, this.facts, this.duration);
    const bar = document.createElement('div');
    bar.className = 'header-actions';
    bar.setAttribute('role', 'toolbar');
    bar.setAttribute('aria-label', 'Job actions');
    for (const a of ACTIONS) {
      const b = document.createElement('vscode-button');
      b.setAttribute('secondary', '');
      b.setAttribute('icon', a.icon);
      b.dataset.action = a.action;
      b.textContent = a.label;
      b.addEventListener('click', () => onAction(a.action));
      this.buttons.set(a.action, b);
      bar.append(b);
    }
    host.append(info, bar);
    setInterval(() => this.tick(), 1000);
  }

  set(job: JobView): void {
    this.job = job;
    this.title.textContent = job.name || job.id;
    this.status.textContent = job.exitCode !== null && FINAL.has(job.status) && job.exitCode !== 0 ? `${job.status} (exit ${job.exitCode})` : job.status;
    this.status.className = `status status-${job.status}`;
    const facts = [`${job.id}`, `on ${job.target}`];
    if (job.gpus?.length) facts.push(`GPU ${job.gpus.join(', ')}`);
    if (job.reason && job.reason !== job.status) facts.push(job.reason);
    this.facts.textContent = facts.join(' · ');
    for (const a of ACTIONS) this.buttons.get(a.action)!.hidden = !a.show(job);
    document.title = `${job.name || job.id} (${job.status})`;
    this.tick();
  }

  private tick(): void {
    const j = this.job;
    if (!j) return;
    this.duration.textContent = durationText(j, Date.now());
  }
}

/** `2m 05s` since the job started (until it ended); empty before it starts. */
export function durationText(j: Pick<JobView, 'startedAt' | 'endedAt' | 'status'>, now: number): string {
  const start = Date.parse(j.startedAt ?? '');
  if (!Number.isFinite(start)) return j.status === 'queued' ? 'waiting to start' : '';
  const endParsed = j.endedAt ? Date.parse(j.endedAt) : NaN;
  const end = Number.isFinite(endParsed) ? endParsed : FINAL.has(j.status) ? start : now;
  const s = Math.max(0, Math.floor((end - start) / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h ? `${h}h ${String(m).padStart(2, '0')}m` : m ? `${m}m ${String(sec).padStart(2, '0')}s` : `${sec}s`;
}
