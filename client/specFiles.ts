/** Which documents are Trainyard specs: `*.trainyard.yaml` / `*.trainyard.yml`. */
import * as vscode from 'vscode';

export const SPEC_GLOB = '**/*.trainyard.{yaml,yml}';
const SPEC_NAME = /\.trainyard\.ya?ml$/i;

export function isSpecUri(uri: vscode.Uri): boolean {
  return SPEC_NAME.test(uri.path);
}

export function isSpecDocument(doc: vscode.TextDocument): boolean {
  return doc.uri.scheme === 'file' && isSpecUri(doc.uri);
}
