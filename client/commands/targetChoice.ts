/**
 * Which target a run uses (DESIGN.md): the one picked > the spec's `target` > the configured
 * default (the `trainyard.defaultTarget` setting, then ~/.trainyard/config.yaml) > `local`.
 * The engine applies "spec > config.yaml > local" itself; the client adds what only it knows:
 * a picked target and the setting, which sits between the spec and config.yaml.
 */
import * as vscode from 'vscode';
import { loadSpecText } from '../engine';
import { settings } from '../settings';

/** The target to pass to the engine, or undefined to let it decide (spec > config > local). */
export function targetForRun(doc: { uri: vscode.Uri; text: string }, picked?: string): string | undefined {
  if (picked) return picked;
  if (specTarget(doc)) return undefined;
  return settings(doc.uri).defaultTarget;
}

function specTarget(doc: { uri: vscode.Uri; text: string }): string | undefined {
  const value = loadSpecText(doc.text, doc.uri.fsPath).value as { target?: unknown } | undefined;
  return value && typeof value === 'object' && typeof value.target === 'string' && value.target.trim() ? value.target : undefined;
}
