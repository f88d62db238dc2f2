/**
 * The monitor's HTML shell: a strict CSP (`default-src 'none'`; scripts only by a fresh nonce
 * from crypto.randomBytes; styles, fonts and images only from the webview's own resource
 * origin), resources through asWebviewUri from dist/webviews (the only localResourceRoot).
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export const MONITOR_VIEW_TYPE = 'trainyard.jobMonitor';

/** The folder the webview may load from: the built webview bundles. */
export function webviewRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webviews');
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return { enableScripts: true, localResourceRoots: [webviewRoot(extensionUri)], retainContextWhenHidden: false, enableFindWidget: false };
}

export function nonce(): string {
  return randomBytes(18).toString('base64').replace(/[+/=]/g, '');
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function monitorHtml(webview: vscode.Webview, extensionUri: vscode.Uri, jobId: string): string {
  const root = webviewRoot(extensionUri);
  const uri = (f: string) => webview.asWebviewUri(vscode.Uri.joinPath(root, f)).toString();
  const n = nonce();
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${n}'`,
    `style-src ${webview.cspSource} 'nonce-${n}'`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${uri('codicon.css')}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${uri('monitor.css')}">
<title>Job monitor</title>
</head>
<body>
<div id="root" data-job-id="${escapeAttr(jobId)}"></div>
<script nonce="${n}" src="${uri('monitor.js')}"></script>
</body>
</html>`;
}
