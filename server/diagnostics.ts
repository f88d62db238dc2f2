/** Diagnostics of Trainyard specs: core/spec problems, as LSP diagnostics. */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { loadSpecText } from '../core/spec';
import type { Problem, Severity } from '../core/spec/model';

const SPEC_NAME = /\.trainyard\.ya?ml$/i;

export function isSpecUri(uri: string): boolean {
  let path = uri;
  try {
    path = new URL(uri).pathname;
  } catch {
    // not a URL: use as is
  }
  return SPEC_NAME.test(path);
}

export class DiagnosticsService {
  /** The diagnostics of one document; empty for files that are not Trainyard specs. */
  diagnose(doc: TextDocument): Diagnostic[] {
    if (!isSpecUri(doc.uri)) return [];
    const loaded = loadSpecText(doc.getText(), fileOf(doc.uri));
    return loaded.problems.map(toDiagnostic);
  }
}

export function toDiagnostic(p: Problem): Diagnostic {
  const d: Diagnostic = {
    range: {
      start: { line: Math.max(0, p.range.start.line - 1), character: Math.max(0, p.range.start.column - 1) },
      end: { line: Math.max(0, p.range.end.line - 1), character: Math.max(0, p.range.end.column - 1) },
    },
    severity: severity(p.severity),
    source: 'trainyard',
    code: p.code,
    message: p.suggestion ? `${p.message} (did you mean \`${p.suggestion}\`?)` : p.message,
  };
  return d;
}

function severity(s: Severity): DiagnosticSeverity {
  switch (s) {
    case 'error':
      return DiagnosticSeverity.Error;
    case 'warning':
      return DiagnosticSeverity.Warning;
    case 'info':
      return DiagnosticSeverity.Information;
    default: {
      const never: never = s;
      throw new Error(`unknown severity ${String(never)}`);
    }
  }
}

function fileOf(uri: string): string {
  try {
    const u = new URL(uri);
    return u.protocol === 'file:' ? decodeURIComponent(u.pathname) : uri;
  } catch {
    return uri;
  }
}
