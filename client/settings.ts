/** Typed accessors over `contributes.configuration` (package.json is the schema). */
import * as vscode from 'vscode';

export interface TrainyardSettings {
  /** Target used when neither the run nor the spec names one (before ~/.trainyard/config.yaml). */
  defaultTarget: string | undefined;
  /** Open the job's log when a run starts. */
  showLogOnRun: boolean;
}

export function settings(scope?: vscode.Uri): TrainyardSettings {
  const c = vscode.workspace.getConfiguration('trainyard', scope);
  const defaultTarget = c.get<string>('defaultTarget')?.trim();
  return {
    defaultTarget: defaultTarget ? defaultTarget : undefined,
    showLogOnRun: c.get<boolean>('showLogOnRun', false),
  };
}
