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

export interface PanelPage {
  /** The bundle in dist/webviews (`monitor` → monitor.js + monitor.css). */
  bundle: string;
  title: string;
  /** `data-*` attributes of the #root element (escaped here). */
  data: Record<string, string>;
}

/** A webview page: strict CSP, the codicon font, one bundle's CSS and script by nonce. */
export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: PanelPage): string {
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
  const data = Object.entries(page.data).map(([k, v]) => ` data-${k}="${escapeAttr(v)}"`).join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${uri('codicon.css')}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${uri(`${page.bundle}.css`)}">
<title>${escapeAttr(page.title)}</title>
</head>
<body>
<div id="root"${data}></div>
<script nonce="${n}" src="${uri(`${page.bundle}.js`)}"></script>
</body>
</html>`;
}

export function monitorHtml(webview: vscode.Webview, extensionUri: vscode.Uri, jobId: string): string {
  return panelHtml(webview, extensionUri, { bundle: 'monitor', title: 'Job monitor', data: { 'job-id': jobId } });
}
