/** The target quick pick of `trainyard.runJobOn`: `local`, the configured default, or typed text. */
import * as vscode from 'vscode';
import { loadConfig, parseTarget } from '../engine';
import { log } from '../log';
import { settings } from '../settings';

export async function pickTarget(scope: vscode.Uri): Promise<string | undefined> {
  const known = new Set(['local']);
  const configured = settings(scope).defaultTarget;
  if (configured) known.add(configured);
  try {
    const config = loadConfig();
    if (config.defaultTarget) known.add(config.defaultTarget);
    for (const host of Object.keys(config.hosts ?? {})) known.add(`ssh:${host}`);
  } catch (err) {
    log().warn(`config.yaml: ${err instanceof Error ? err.message : String(err)}`);
  }
  const qp = vscode.window.createQuickPick<vscode.QuickPickItem>();
  qp.title = 'Trainyard: Run Job On…';
  qp.placeholder = 'local, ssh:<host>, k8s:<context>/<namespace>';
  const base: vscode.QuickPickItem[] = [...known].map((t) => ({ label: t, description: t === configured ? 'default' : undefined }));
  qp.items = base;
  const disposables: vscode.Disposable[] = [qp];
  try {
    return await new Promise<string | undefined>((resolve) => {
      disposables.push(
        qp.onDidChangeValue((value) => {
          const v = value.trim();
          if (!v || known.has(v)) {
            qp.items = base;
            return;
          }
          let detail: string | undefined;
          try {
            parseTarget(v);
          } catch (err) {
            detail = err instanceof Error ? err.message : String(err);
          }
          qp.items = [{ label: v, description: detail ? 'invalid' : 'typed', detail }, ...base];
        }),
        qp.onDidAccept(() => {
          const choice = qp.selectedItems[0]?.label;
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
