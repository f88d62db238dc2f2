/** trainyard.renderJob: shows exactly what would run (secrets masked) in an untitled document. */
import * as vscode from 'vscode';
import { stringify } from 'yaml';
import { renderSpecFile } from '../engine';
import type { CommandContext } from '../commandWrapper';
import { specFromArg } from './specArg';
import { targetForRun } from './targetChoice';

export async function renderJobCommand(_ctx: CommandContext, arg?: unknown): Promise<void> {
  const spec = await specFromArg(arg);
  const rendered = await renderSpecFile(spec.uri.fsPath, { target: targetForRun(spec) });
  const header = `# Rendered from ${vscode.workspace.asRelativePath(spec.uri)} (secrets masked)\n`;
  const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: header + stringify(rendered, { lineWidth: 0 }) });
  await vscode.window.showTextDocument(doc, { preview: true });
}
