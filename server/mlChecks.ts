/**
 * ML-aware checks as diagnostics, beyond what the schemas say:
 * - third-party documents: core/checks' THIRD_PARTY_CHECKS for their catalog entry (DeepSpeed
 *   batch sizes, accelerate processes/GPUs), and referenced input files that do not exist (DVC
 *   `deps`, MLflow entry-point scripts and environment files) — warnings, since an earlier step
 *   may produce them;
 * - Trainyard specs: core/spec runs their ML-aware checks (Kubernetes targets without `image`,
 *   sweep parameters, GPUs beyond the target's last probe), so `trainyard validate` says the same;
 *   they come through the spec diagnostics (with the editor's `trainyard.defaultTarget`, if set).
 * Findings are JSON pointers; the document's source map turns them into ranges.
 */
import { DiagnosticSeverity } from './protocol';
import type { Diagnostic } from 'vscode-languageserver';
import { THIRD_PARTY_CHECKS, type CheckFinding } from '../core/checks';
import type { ParsedDocument } from './documents';
import type { SchemaService } from './schema/service';
import type { ServerSettings } from './settings';
import { valueAtPointer } from './cursor';
import { exists, pathRefs } from './pathRefs';
import { findingRange, formatOf } from './yamlNav';

export class MlChecksService {
  constructor(private readonly schemas: SchemaService) {}

  check(parsed: ParsedDocument, settings: ServerSettings): Diagnostic[] {
    const yaml = parsed.yaml;
    if (!yaml) return [];
    const out: Diagnostic[] = [];
    yaml.docs.forEach((doc, i) => {
      // a partial tree after a syntax error would give echoes, not findings
      if (doc.value === undefined || doc.value === null || doc.errors.some((e) => e.code === 'yaml-syntax')) return;
      const format = formatOf(this.schemas, parsed, i, settings);
      if (!format) return;
      const findings: Finding[] = [];
      // (Trainyard specs: core/spec's own checks, through the spec diagnostics)
      if (format !== 'trainyard') {
        const check = THIRD_PARTY_CHECKS[format];
        if (check) findings.push(...check(doc.value).map((f) => ({ ...f, code: format })));
        for (const r of pathRefs(parsed, i, format, undefined)) {
          if (r.mustExist && !exists(r.abs)) {
            // underlined: the path itself, not the whole command
            findings.push({ pointer: r.pointer, span: r.span, severity: 'warning', code: 'file-not-found', message: `\`${r.path}\` does not exist (yet): looked for ${r.abs}` });
          }
        }
      }
      for (const f of findings) {
        const range = f.span ? { start: parsed.lines.position(f.span[0]), end: parsed.lines.position(f.span[1]) } : findingRange(parsed, doc, f.pointer, valueAtPointer(doc.value, f.pointer));
        out.push({ range, severity: severity(f.severity), source: 'trainyard', code: f.code, message: f.message });
      }
    });
    return out;
  }
}

type Finding = CheckFinding & { code: string; span?: readonly [number, number] };

function severity(s: CheckFinding['severity']): DiagnosticSeverity {
  return s === 'error' ? DiagnosticSeverity.Error : s === 'warning' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information;
}
