/** The spec a command acts on: a URI argument (menus, code lenses) or the active editor's spec. */
import * as vscode from 'vscode';
import { TrainyardError } from '../../core/errors';
import { isSpecUri } from '../specFiles';

export interface SpecDoc {
  uri: vscode.Uri;
  text: string;
}

/** Saves a dirty spec first: a run snapshots the file on disk. */
export async function specFromArg(arg: unknown): Promise<SpecDoc> {
  const uri = toUri(arg) ?? vscode.window.activeTextEditor?.document.uri;
  if (!uri) throw new TrainyardError('bad-argument', 'open a Trainyard spec (*.trainyard.yaml) or pick one in the Explorer');
  if (!isSpecUri(uri)) throw new TrainyardError('bad-argument', `${vscode.workspace.asRelativePath(uri)} is not a Trainyard spec (*.trainyard.yaml)`);
  if (uri.scheme !== 'file') throw new TrainyardError('bad-argument', `only specs on disk can run (${uri.scheme}: is not supported yet)`);
  const doc = await vscode.workspace.openTextDocument(uri);
  if (doc.isDirty) await doc.save();
  return { uri, text: doc.getText() };
}

function toUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  // a Specs tree node ({ kind: 'spec', spec: { uri } })
  if (arg && typeof arg === 'object' && 'spec' in arg) {
    const uri = (arg as { spec?: { uri?: unknown } }).spec?.uri;
    if (uri instanceof vscode.Uri) return uri;
  }
  if (typeof arg === 'string' && arg) return /^[a-z][\w+.-]*:/i.test(arg) && !/^[a-z]:[\\/]/i.test(arg) ? vscode.Uri.parse(arg) : vscode.Uri.file(arg);
  return undefined;
}
