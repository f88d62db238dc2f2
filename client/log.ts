/** The extension's own log: one LogOutputChannel named "Trainyard". */
import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

export function createLog(): vscode.LogOutputChannel {
  channel = vscode.window.createOutputChannel('Trainyard', { log: true });
  return channel;
}

export function log(): vscode.LogOutputChannel {
  if (!channel) throw new Error('Trainyard log used before activation');
  return channel;
}
