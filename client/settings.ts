/** Typed accessors over `contributes.configuration` (package.json is the schema). */
import * as vscode from 'vscode';

export interface HostSetting {
  host?: string;
  user?: string;
  port?: number;
  identityFile?: string;
}

export interface TrainyardSettings {
  /** Target used when neither the run nor the spec names one (before ~/.trainyard/config.yaml). */
  defaultTarget: string | undefined;
  /** Open the job's log when a run starts. */
  showLogOnRun: boolean;
  /** Open the job monitor when a launch from VS Code reaches `running`. */
  openMonitorOnRun: boolean;
  /** Seconds between GPU probes of the hosts (and remote job lists) while the views are visible; 0 = only on demand. */
  probeInterval: number;
  /** Finished jobs older than this many days are hidden from the Jobs view; 0 shows all. */
  logRetention: number;
  /** SSH config file hosts are read from (empty: ~/.ssh/config). */
  sshConfigPath: string | undefined;
  /** Hosts added to those of ~/.trainyard/config.yaml. */
  hosts: Record<string, HostSetting>;
  /** Notify when a job launched or watched from this window finishes. */
  notifyOnFinish: boolean;
}

export function settings(scope?: vscode.Uri): TrainyardSettings {
  const c = vscode.workspace.getConfiguration('trainyard', scope);
  const defaultTarget = c.get<string>('defaultTarget')?.trim();
  const ssh = c.get<string>('sshConfigPath')?.trim();
  const hosts = c.get<Record<string, HostSetting>>('hosts', {});
  return {
    defaultTarget: defaultTarget ? defaultTarget : undefined,
    showLogOnRun: c.get<boolean>('showLogOnRun', false),
    openMonitorOnRun: c.get<boolean>('openMonitorOnRun', true),
    probeInterval: Math.max(0, c.get<number>('probeInterval', 30)),
    logRetention: Math.max(0, c.get<number>('logRetention', 0)),
    sshConfigPath: ssh ? ssh : undefined,
    hosts: hosts && typeof hosts === 'object' && !Array.isArray(hosts) ? hosts : {},
    notifyOnFinish: c.get<boolean>('notifyOnFinish', true),
  };
}
