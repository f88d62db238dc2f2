/**
 * ML-aware checks as diagnostics, beyond what the schemas say:
 * - third-party documents: core/checks' THIRD_PARTY_CHECKS for their catalog entry (DeepSpeed
 *   batch sizes, accelerate processes/GPUs), and referenced input files that do not exist (DVC
 *   `deps`, MLflow entry-point scripts and environment files) — warnings, since an earlier step
 *   may produce them;
 * - Trainyard specs: sweep parameters the job never uses (reading the job spec a sweep names),
 *   Kubernetes targets without `image`, and GPUs asked for beyond what the target host had at
 *   its last probe (~/.trainyard/hosts/<name>.json). Missing referenced specs and workdirs are
 *   core/spec's errors and come through the spec diagnostics.
 * Findings are JSON pointers; the document's source map turns them into ranges.
 */
import * as path from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { THIRD_PARTY_CHECKS, checkK8sTarget, checkSweepParams, type CheckFinding } from '../core/checks';
import { gpuTypeMatches } from '../core/gpu/allocate';
import { parseYaml, childPointer } from '../core/yaml';
import type { YamlDocument } from '../core/yaml';
import type { ParsedDocument } from './documents';
import type { SchemaService } from './schema/service';
import type { ServerSettings } from './settings';
import { valueAtPointer } from './cursor';
import { exists, isLiteralPath, pathRefs, resolveFrom } from './pathRefs';
import { defaultTarget, gpuSummary, hostProbe, probeHostName, readCached } from './machineInfo';
import { filePath, findingRange, formatOf, isObj, type Obj } from './yamlNav';

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
        if (i === 0) findings.push(...specFindings(parsed, doc, settings));
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

/** The plain value of a spec file next to this one (undefined when it cannot be read). */
function loadRef(specDir: string | undefined, rel: string): unknown {
  if (!specDir || !isLiteralPath(rel)) return undefined;
  const abs = resolveFrom(specDir, rel);
  return readCached(abs, function specValue(text) {
    return parseYaml(text).docs[0]?.value;
  }, undefined as unknown);
}

function specFindings(parsed: ParsedDocument, doc: YamlDocument, settings: ServerSettings): Finding[] {
  const v = doc.value;
  if (!isObj(v)) return [];
  const file = filePath(parsed.uri);
  const dir = file ? path.dirname(file) : undefined;
  const referenced = (rel: string) => loadRef(dir, rel);
  const out: Finding[] = [];
  const fallback = defaultTarget(settings);
  if (v.kind === 'sweep') {
    const job = typeof v.job === 'string' ? referenced(v.job) : undefined;
    out.push(...checkSweepParams(v, job).map((f) => ({ ...f, code: 'unused-param' })));
  }
  out.push(...checkK8sTarget(v, { defaultTarget: fallback, referenced }).map((f) => ({ ...f, code: 'k8s-image' })));
  for (const b of bodies(v, fallback, referenced)) out.push(...gpuFindings(b));
  return out;
}

interface Body {
  /** Where to report: the body's `resources` pointer, or the reference to another spec. */
  at: string;
  resources: Obj;
  target: string;
  /** Set when the body is another file's (a stage's `spec`, a sweep's `job`). */
  ref?: string;
}

function bodies(v: Obj, fallback: string, referenced: (rel: string) => unknown): Body[] {
  const out: Body[] = [];
  const own = typeof v.target === 'string' ? v.target : undefined;
  const add = (b: unknown, at: string, inherited: string, ref?: string) => {
    if (!isObj(b) || !isObj(b.resources)) return;
    const target = typeof b.target === 'string' ? b.target : inherited;
    out.push({ at: ref ? at : `${at}/resources`, resources: b.resources, target, ...(ref ? { ref } : {}) });
  };
  switch (v.kind) {
    case 'job':
    case 'service':
      add(v, '', own ?? fallback);
      break;
    case 'pipeline':
      if (!isObj(v.stages)) break;
      for (const [name, st] of Object.entries(v.stages)) {
        if (!isObj(st)) continue;
        const sp = childPointer('/stages', name);
        if (isObj(st.job)) add(st.job, `${sp}/job`, own ?? fallback);
        else if (isObj(st.service)) add(st.service, `${sp}/service`, own ?? fallback);
        else if (typeof st.spec === 'string') add(referenced(st.spec), `${sp}/spec`, own ?? fallback, st.spec);
      }
      break;
    case 'sweep':
      if (isObj(v.job)) add(v.job, '/job', own ?? fallback);
      else if (typeof v.job === 'string') add(referenced(v.job), '/job', own ?? fallback, v.job);
      break;
    default:
      break;
  }
  return out;
}

function gpuFindings(b: Body): Finding[] {
  const host = probeHostName(b.target);
  if (!host) return [];
  const probe = hostProbe(host);
  if (!probe || !probe.ok) return [];
  const want = typeof b.resources.gpus === 'number' && b.resources.gpus > 0 ? b.resources.gpus : undefined;
  const type = typeof b.resources.gpu === 'string' && b.resources.gpu.trim() ? b.resources.gpu.trim() : undefined;
  if (want === undefined && type === undefined) return [];
  const when = probedAt(probe.probedAt);
  const has = `\`${b.target}\` has ${gpuSummary(probe)} (last probe ${when})`;
  const whose = b.ref ? ` (${b.ref})` : '';
  const at = (field: string) => (b.ref ? b.at : `${b.at}/${field}`);
  if (type !== undefined && !probe.gpus.some((g) => gpuTypeMatches(g.name, type))) {
    return [{ pointer: at('gpu'), severity: 'warning', code: 'gpu-capacity', message: `the job${whose} asks for ${type} GPUs, but ${has}; change \`resources.gpu\` or pick another target` }];
  }
  const matching = probe.gpus.filter((g) => gpuTypeMatches(g.name, type)).length;
  if (want !== undefined && want > matching) {
    const what = type ? `${want} ${type} GPU${want === 1 ? '' : 's'}` : `${want} GPU${want === 1 ? '' : 's'}`;
    return [{ pointer: at('gpus'), severity: 'warning', code: 'gpu-capacity', message: `the job${whose} asks for ${what}, but ${has}; lower \`resources.gpus\` or pick another target` }];
  }
  return [];
}

function probedAt(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return 'at an unknown time';
  return new Date(t).toISOString().replace('T', ' ').replace(/:\d\d\.\d+Z$/, ' UTC');
}
