/**
 * Workspace Trust (DESIGN.md): `limited`. Language features stay on; running, cancelling,
 * probing, terminals and remote schemas are off in Restricted Mode. The manifest hides the
 * commands (`when: isWorkspaceTrusted`); this guard refuses them when invoked anyway.
 */
import * as vscode from 'vscode';
import { TrainyardError } from '../core/errors';

export function requireTrust(what: string): void {
  if (!vscode.workspace.isTrusted) {
    throw new TrainyardError('bad-argument', `${what} is off in Restricted Mode: trust this workspace to run jobs`);
  }
}
