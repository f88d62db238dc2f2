/**
 * trainyard.openHostTerminal: a terminal on a target. `local` opens a shell here (the machine
 * the extension runs on, the remote one under Remote-SSH); `ssh:<name>` runs `ssh` with the
 * host's settings as separate arguments (no shell string is built).
 */
import * as vscode from 'vscode';
import { TrainyardError } from '../../core/errors';
import type { CommandContext } from '../commandWrapper';
import type { TargetsModel } from '../targets/targetsModel';
import { requireTrust } from '../trust';

export function hostTerminalCommand(targets: TargetsModel) {
  return async (_ctx: CommandContext, arg?: unknown): Promise<vscode.Terminal | undefined> => {
    requireTrust('Terminals on hosts');
    let id = typeof arg === 'string' ? arg : arg && typeof arg === 'object' && 'row' in arg ? (arg as { row: { id: string } }).row.id : undefined;
    if (!id) {
      const pick = await vscode.window.showQuickPick(targets.all.map((r) => ({ label: r.id, description: r.address })), { title: 'Trainyard: Open Terminal on Host' });
      id = pick?.label;
    }
    if (!id) return undefined;
    if (id === 'local') {
      const t = vscode.window.createTerminal({ name: 'Trainyard: local' });
      t.show();
      return t;
    }
    if (!id.startsWith('ssh:')) throw new TrainyardError('target-unsupported', `terminals open on local and ssh: targets, not ${id}`);
    const name = id.slice(4);
    const h = targets.hosts()[name] ?? {};
    const args: string[] = [];
    if (typeof h.port === 'number') args.push('-p', String(h.port));
    const host = typeof h.host === 'string' ? h.host : typeof h.hostname === 'string' ? h.hostname : name;
    args.push(typeof h.user === 'string' ? `${h.user}@${host}` : host);
    const t = vscode.window.createTerminal({ name: `Trainyard: ${name}`, shellPath: 'ssh', shellArgs: args });
    t.show();
    return t;
  };
}
