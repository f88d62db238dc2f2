// Shared by the spec tests that compare `trainyard validate` with the language server (and by the
// mistake fixtures' tests): the GPU probe of `gpu-box` their expectations assume, and one text
// form for a problem from either side.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver';

/** Writes the last probe of `gpu-box` (2× NVIDIA A100-SXM4-80GB) under `trainyardHome`/hosts. */
export function writeGpuBoxProbe(trainyardHome: string): void {
  const hosts = path.join(trainyardHome, 'hosts');
  fs.mkdirSync(hosts, { recursive: true });
  const a100 = (index: number) => ({ index, name: 'NVIDIA A100-SXM4-80GB', processes: [], free: true });
  fs.writeFileSync(path.join(hosts, 'gpu-box.json'), JSON.stringify({ format: 1, name: 'gpu-box', target: 'ssh:gpu-box', probedAt: '2025-06-01T10:20:30.000Z', ok: true, gpus: [a100(0), a100(1)] }));
}

/** A problem as `trainyard validate --format json` prints it. */
export interface CliProblem {
  file?: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  code: string;
  message: string;
}

const SEVERITY = ['', 'error', 'warning', 'info', 'hint'];
/** `line:col-line:col severity code: message`, 1-based, from a diagnostic. */
export const fromLsp = (d: Diagnostic): string => `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${SEVERITY[d.severity ?? 1]} ${d.code}: ${d.message}`;
/** The same form from a CLI problem. */
export const fromCli = (p: CliProblem): string => `${p.line}:${p.column}-${p.endLine}:${p.endColumn} ${p.severity} ${p.code}: ${p.message}`;
