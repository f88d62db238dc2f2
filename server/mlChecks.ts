/**
 * ML-aware checks as diagnostics, beyond what the schemas say:
 * - third-party documents: core/checks' THIRD_PARTY_CHECKS for their catalog entry (DeepSpeed
 *   batch sizes, accelerate processes/GPUs), and referenced input files that do not exist (DVC
 *   `deps`, MLflow entry-point scripts and environment files) — warnings, since an earlier step
 *   may produce them;
 * - Trainyard specs: core/spec runs their ML-aware checks (Kubernetes targets without `image`,
 *   sweep parameters, GPUs beyond the target's last probe), so `trainyard validate` says the same;
 *   they come through the spec diagnostics. Only a `trainyard.defaultTarget` setting, which the
 *   CLI does not know, adds here what that target changes for bodies that name no target.
 * Findings are JSON pointers; the document's source map turns them into ranges.
 */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { THIRD_PARTY_CHECKS, type CheckFinding } from '../core/checks';
import { loadSpecText } from '../core/spec';
import type { Problem } from '../core/spec';
import type { ParsedDocument } from './documents';
import type { SchemaService } from './schema/service';
import type { ServerSettings } from './settings';
import { valueAtPointer } from './cursor';
import { exists, pathRefs } from './pathRefs';
import { trainyardConfig } from './machineInfo';
import { toDiagnostic } from './diagnostics';
import { filePath, findingRange, formatOf } from './yamlNav';

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
      if (format === 'trainyard') {
        if (i === 0) out.push(...settingsTargetFindings(parsed, settings));
      } else {
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

const TARGET_CODES = new Set(['k8s-image', 'gpu-capacity']);

/**
 * What the `trainyard.defaultTarget` setting changes: core/spec checks with the machine's
 * configured default (as the CLI does); with another target set for this editor, the findings that
 * target gives and the configured one does not are added.
 */
function settingsTargetFindings(parsed: ParsedDocument, settings: ServerSettings): Diagnostic[] {
  const setting = settings.defaultTarget;
  if (!setting || setting === (trainyardConfig().defaultTarget ?? 'local')) return [];
  const file = filePath(parsed.uri) ?? parsed.uri;
  const key = (p: Problem) => `${p.code}\0${p.range.start.offset}\0${p.message}`;
  const configured = new Set(loadSpecText(parsed.text, file).problems.filter((p) => TARGET_CODES.has(p.code)).map(key));
  return loadSpecText(parsed.text, file, { defaultTarget: setting })
    .problems.filter((p) => TARGET_CODES.has(p.code) && !configured.has(key(p)))
    .map(toDiagnostic);
}
