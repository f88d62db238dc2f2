/**
 * Targets and their GPUs: `local` plus the hosts of ~/.trainyard/config.yaml and the
 * `trainyard.hosts` setting. GPU state comes from Target.probe (any target the registry knows:
 * SSH hosts appear without changes here) and from the probe files ~/.trainyard/hosts/<name>.json
 * that the CLI (`trainyard hosts`) and the SSH target write; the folder is watched.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { getTarget, loadConfig, trainyardHome, type ProbeResult, type Target } from '../engine';
import { log } from '../log';
import { parseGpu, parseHostProbe, rowKey, targetRows, type GpuRow, type HostEntry, type HostProbe, type TargetRow } from '../models/hosts';
import { settings } from '../settings';

export class TargetsModel implements vscode.Disposable {
  private rows: TargetRow[] = [];
  private readonly fileProbes = new Map<string, HostProbe>();
  /** Probes made by this window (they win over older files). */
  private readonly liveProbes = new Map<string, HostProbe>();
  private readonly keys = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<string[] | undefined>();
  /** Fires with the ids of the rows that changed (undefined: rows added or removed). */
  readonly onDidChange = this.changed.event;
  private readonly probed = new vscode.EventEmitter<{ id: string; probe: HostProbe }>();
  /** Fires with every probe made or read (the host dashboards' history feeds on it). */
  readonly onDidProbe = this.probed.event;
  private readonly probingIds = new Set<string>();
  private watcher: fs.FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly inflight = new Map<string, Promise<void>>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    this.readProbeFiles();
    this.watchProbeDir();
    this.rebuild();
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('trainyard.hosts')) this.rebuild();
      }),
    );
  }

  get all(): readonly TargetRow[] {
    return this.rows;
  }

  /** Target strings of every configured target (`local`, `ssh:<name>`). */
  get targetIds(): string[] {
    return this.rows.map((r) => r.id);
  }

  row(id: string): TargetRow | undefined {
    return this.rows.find((r) => r.id === id);
  }

  /** The configured hosts: config.yaml's, then the `trainyard.hosts` setting's. */
  hosts(): Record<string, HostEntry> {
    let fromConfig: Record<string, HostEntry> = {};
    try {
      fromConfig = (loadConfig().hosts ?? {}) as Record<string, HostEntry>;
    } catch (err) {
      log().warn(`config.yaml: ${err instanceof Error ? err.message : String(err)}`);
    }
    return { ...fromConfig, ...(settings().hosts as Record<string, HostEntry>) };
  }

  /** Re-reads config and probe files; fires for the rows whose shown state changed. */
  rebuild(): void {
    const probes = new Map(this.fileProbes);
    for (const [k, v] of this.liveProbes) {
      const file = probes.get(k);
      if (!file || (v.probedAt ?? 0) >= (file.probedAt ?? 0)) probes.set(k, v);
    }
    const next = targetRows(this.hosts(), probes);
    const sameShape = next.length === this.rows.length && next.every((r, i) => r.id === this.rows[i]!.id);
    const changedIds = next.filter((r) => this.keys.get(r.id) !== rowKey(r)).map((r) => r.id);
    this.keys.clear();
    for (const r of next) this.keys.set(r.id, rowKey(r));
    this.rows = next;
    if (!sameShape) this.changed.fire(undefined);
    else if (changedIds.length) this.changed.fire(changedIds);
  }

  /** The latest probe of a target (this window's or the probe file's, the newer). */
  probeOf(id: string): HostProbe | undefined {
    return this.row(id)?.probe ?? this.liveProbes.get(nameOf(id)) ?? this.fileProbes.get(nameOf(id));
  }

  /** Whether a probe of `id` is in flight. */
  isProbing(id: string): boolean {
    return this.probingIds.has(id);
  }

  /**
   * Probes `ids` (default: every target): the full probe (processes, load, memory) where the
   * target offers one, else Target.probe; failures are shown on the row.
   */
  probe(ids: readonly string[] = this.targetIds, signal?: AbortSignal): Promise<void> {
    // One probe in flight per target: asking again joins it, and a slow host never holds up the others.
    const each = ids.map((id) => {
      let running = this.inflight.get(id);
      if (!running) {
        running = this.probeOne(id, signal).finally(() => this.inflight.delete(id));
        this.inflight.set(id, running);
      }
      return running;
    });
    return Promise.all(each).then(() => {
      if (!this.watcher) {
        this.readProbeFiles();
        this.watchProbeDir();
      }
      this.rebuild();
    });
  }

  private async probeOne(id: string, signal?: AbortSignal): Promise<void> {
    const name = nameOf(id);
    this.probingIds.add(id);
    try {
      const target = getTarget(id) as Target & { probeHost?: (opts: { signal?: AbortSignal }) => Promise<unknown> };
      const full = typeof target.probeHost === 'function' ? parseHostProbe(await target.probeHost({ signal })) : undefined;
      const probe = full ? { ...full, probedAt: full.probedAt ?? Date.now() } : fromProbeResult(await target.probe({ signal }));
      this.liveProbes.set(name, probe);
      this.probed.fire({ id, probe });
    } catch (err) {
      if (signal?.aborted) return;
      const message = err instanceof Error ? err.message : String(err);
      log().warn(`probing ${id} failed: ${message}`);
      const probe: HostProbe = { ok: false, message, probedAt: Date.now(), gpus: [] };
      this.liveProbes.set(name, probe);
      this.probed.fire({ id, probe });
    } finally {
      this.probingIds.delete(id);
    }
    // Each host's row updates as soon as its own probe is back.
    this.rebuild();
  }


  /** Probes every `trainyard.probeInterval` seconds while `active()` says so (e.g. a view is visible). */
  startAutoProbe(active: () => boolean): void {
    this.stopAutoProbe();
    const seconds = settings().probeInterval;
    if (!seconds) return;
    this.timer = setInterval(() => {
      if (active() && vscode.workspace.isTrusted) void this.probe();
    }, seconds * 1000);
  }

  stopAutoProbe(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private probeDir(): string {
    return path.join(trainyardHome(), 'hosts');
  }

  private readProbeFiles(only?: string): void {
    const dir = this.probeDir();
    let names: string[];
    try {
      names = only ? [only] : fs.readdirSync(dir);
    } catch {
      return;
    }
    for (const file of names) {
      if (!file.endsWith('.json')) continue;
      const name = file.slice(0, -5);
      try {
        const probe = parseHostProbe(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')));
        if (probe) {
          const before = this.fileProbes.get(name);
          this.fileProbes.set(name, probe);
          if (probe.probedAt !== before?.probedAt) this.probed.fire({ id: name === 'local' ? 'local' : `ssh:${name}`, probe });
        }
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') this.fileProbes.delete(name);
        // a half-written file: the next change event re-reads it
      }
    }
  }

  /** Watches hosts/ (or, until it exists, Trainyard's home for it to appear). Cheap to call again. */
  ensureWatch(): void {
    if (!this.watcher) this.watchProbeDir();
  }

  private watchProbeDir(): void {
    const dir = this.probeDir();
    if (!fs.existsSync(dir)) {
      try {
        this.watcher = fs.watch(trainyardHome(), { persistent: false }, (_e, file) => {
          if (String(file) !== 'hosts' || !fs.existsSync(dir)) return;
          this.watcher?.close();
          this.watcher = undefined;
          this.watchProbeDir(); // watch first, then read: a file written in between is not missed
          this.readProbeFiles();
          this.rebuild();
        });
        this.watcher.on('error', () => {
          this.watcher?.close();
          this.watcher = undefined;
        });
      } catch {
        this.watcher = undefined; // no home yet: ensureWatch() runs again after jobs change
      }
      return;
    }
    try {
      this.watcher = fs.watch(dir, { persistent: false }, (_e, file) => {
        this.readProbeFiles(file ? String(file) : undefined);
        this.rebuild();
      });
      this.watcher.on('error', () => {
        this.watcher?.close();
        this.watcher = undefined;
      });
    } catch (err) {
      log().debug(`not watching ${dir}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  dispose(): void {
    this.stopAutoProbe();
    this.watcher?.close();
    this.changed.dispose();
    this.probed.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** Target.probe's result as the view's probe (extra fields such as temperature/processes kept). */
export function fromProbeResult(r: ProbeResult): HostProbe {
  const gpus = (r.gpus ?? []).map((g, i) => parseGpu(g, i)).filter((g): g is GpuRow => !!g);
  return { ok: r.ok, message: r.message, probedAt: Date.now(), gpus };
}

/** The probe-file name of a target string (`local`, `ssh:<name>` → `<name>`). */
function nameOf(id: string): string {
  return id === 'local' ? 'local' : id.replace(/^ssh:/, '');
}
