/**
 * The target quick pick of the launch flow: every known target (local, the configured hosts)
 * with its free GPUs from the last probe, the configured default marked, and any target typed
 * in (`ssh:gpu-box`, `k8s:prod/ml-team`) validated as you type.
 */
import * as vscode from 'vscode';
import { loadConfig, parseTarget } from '../engine';
import { log } from '../log';
import { freeGpuCount, hostDescription } from '../models/hosts';
import { settings } from '../settings';
import type { TargetsModel } from '../targets/targetsModel';

interface TargetPick extends vscode.QuickPickItem {
  target: string;
}

export async function pickTarget(scope: vscode.Uri, targets: TargetsModel): Promise<string | undefined> {
  const configured = settings(scope).defaultTarget;
  let configDefault: string | undefined;
  try {
    configDefault = loadConfig().defaultTarget;
  } catch (err) {
    log().warn(`config.yaml: ${err instanceof Error ? err.message : String(err)}`);
  }
  const now = Date.now();
  const base: TargetPick[] = targets.all.map((r) => ({
    label: r.id,
    target: r.id,
    description: [r.id === (configured ?? configDefault) ? 'default' : '', hostDescription(r, now)].filter(Boolean).join(' · '),
    detail: r.address,
    iconPath: new vscode.ThemeIcon(r.id === 'local' ? 'vm' : 'server'),
  }));
  for (const extra of [configured, configDefault]) {
    if (extra && !base.some((b) => b.target === extra)) base.push({ label: extra, target: extra, description: 'default' });
  }
  // hosts with free GPUs first, then as listed
  base.sort((a, b) => freeGpuCount(targets.row(b.target)?.probe) - freeGpuCount(targets.row(a.target)?.probe));
  const qp = vscode.window.createQuickPick<TargetPick>();
  qp.title = 'Trainyard: Run Job On…';
  qp.placeholder = 'Pick a target, or type local, ssh:<host>, k8s:<context>/<namespace>';
  qp.items = base;
  qp.matchOnDescription = true;
  const disposables: vscode.Disposable[] = [qp];
  try {
    return await new Promise<string | undefined>((resolve) => {
      disposables.push(
        qp.onDidChangeValue((value) => {
          const v = value.trim();
          if (!v || base.some((b) => b.target === v)) {
            qp.items = base;
            return;
          }
          let detail: string | undefined;
          try {
            parseTarget(v);
          } catch (err) {
            detail = err instanceof Error ? err.message : String(err);
          }
          qp.items = [{ label: v, target: v, description: detail ? 'invalid' : 'typed', detail }, ...base];
        }),
        qp.onDidAccept(() => {
          const choice = qp.selectedItems[0]?.target;
          if (!choice) return;
          try {
            resolve(parseTarget(choice).text);
          } catch {
            // invalid: the item's detail already says why; keep the pick open
          }
        }),
        qp.onDidHide(() => resolve(undefined)),
      );
      qp.show();
    });
  } finally {
    for (const d of disposables) d.dispose();
  }
}
