/**
 * Files a document refers to, with where each reference sits: Trainyard fields the schemas mark
 * with `"x-trainyard-path"` (`spec`: a spec file relative to this one; `dir`: a folder relative
 * to it, `workdir`; `output`: relative to the body's workdir, produced by the job), and the file
 * fields of third-party formats (DVC `deps`/`outs`/`metrics`/`plots` relative to the stage's
 * `wdir`, the scripts of plain `python x.py` commands of DVC stages and MLflow entry points,
 * MLflow environment files, SkyPilot's `workdir` and local `file_mounts` sources, accelerate's
 * DeepSpeed config file). Links, go-to-definition,
 * completion and the missing-file checks all read this one list.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Span, YamlDocument } from '../core/yaml';
import { childPointer, splitPointer } from '../core/yaml';
import type { ParsedDocument } from './documents';
import type { DocSchema } from './schemaContext';
import { schemasAt, type Schema } from './schema/navigate';
import { valueAtPointer } from './cursor';
import { filePath, isObj, scalarContent } from './yamlNav';

export type PathKind = 'spec' | 'dir' | 'output' | 'input' | 'script' | 'file';

export interface PathRef {
  docIndex: number;
  pointer: string;
  /** The path as written. */
  path: string;
  /** Absolute path it resolves to. */
  abs: string;
  kind: PathKind;
  /** Offsets of the path in the text. */
  span: Span;
  /** Missing files are a problem: `error` in Trainyard specs is core/spec's; `warning` for third-party inputs. */
  mustExist?: 'warning';
}

/** The path marker of the schemas at a pointer, if any. */
export function pathMarker(subs: Schema[]): PathKind | undefined {
  for (const s of subs) {
    const m = s['x-trainyard-path'];
    if (m === 'spec' || m === 'dir' || m === 'output') return m;
    if (m === true) return 'file';
  }
  return undefined;
}

/** Not a plain local path: templates, variables, globs, URLs. */
export function isLiteralPath(p: string): boolean {
  return p.trim() !== '' && !/[$*?{}[\]<>|]/.test(p) && !/^[a-z][\w+.-]*:\/\//i.test(p) && !/^(remote|s3|gs|azure|hdfs|http|https|ssh):/i.test(p);
}

function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') ? path.join(os.homedir(), p.slice(1)) : p;
}

export function resolveFrom(base: string, p: string): string {
  return path.resolve(base, expandHome(p));
}

/** The folder a Trainyard body's outputs are relative to: the spec's folder joined with its workdir. */
export function workdirOf(docValue: unknown, bodyPointer: string, specDir: string): string {
  const body = valueAtPointer(docValue, bodyPointer);
  const wd = isObj(body) && typeof body.workdir === 'string' && isLiteralPath(body.workdir) ? body.workdir : '.';
  return resolveFrom(specDir, wd);
}

/** The body that holds an `outputs` item or `metrics.file`. */
export function bodyPointerOf(pointer: string): string {
  const segs = splitPointer(pointer);
  const i = segs.lastIndexOf('outputs') >= 0 ? segs.lastIndexOf('outputs') : segs.lastIndexOf('metrics');
  return segs.slice(0, Math.max(0, i)).reduce((p, s) => childPointer(p, s), '');
}

/** Every file reference of the document. `format` is `trainyard` or a catalog entry name; `schema` the Trainyard schema (for markers). */
export function pathRefs(parsed: ParsedDocument, docIndex: number, format: string | undefined, schema: DocSchema | undefined): PathRef[] {
  const file = filePath(parsed.uri);
  const doc = parsed.yaml?.docs[docIndex];
  if (!file || !doc || !format) return [];
  const dir = path.dirname(file);
  const out: PathRef[] = [];
  const add = (pointer: string, kind: PathKind, base: string, opts: { keyOf?: boolean; mustExist?: 'warning' } = {}) => {
    const span = doc.map.get(pointer);
    if (!span) return;
    let p: string;
    let where: Span;
    if (opts.keyOf) {
      if (!span.key) return;
      where = scalarContent(parsed.text, span.key);
      p = splitPointer(pointer).pop()!;
    } else {
      const v = valueAtPointer(doc.value, pointer);
      if (typeof v !== 'string') return;
      p = v;
      where = scalarContent(parsed.text, span.value);
    }
    if (!isLiteralPath(p)) return;
    out.push({ docIndex, pointer, path: p, abs: resolveFrom(base, p), kind, span: where, ...(opts.mustExist ? { mustExist: opts.mustExist } : {}) });
  };
  switch (format) {
    case 'trainyard':
      if (!schema) break;
      for (const [pointer] of doc.map) {
        if (pointer === '' || typeof valueAtPointer(doc.value, pointer) !== 'string') continue;
        const last = splitPointer(pointer).pop()!;
        // only fields that can name files: cheap filter before the schema walk
        if (!/^(spec|job|workdir|file|\d+)$/.test(last)) continue;
        const kind = pathMarker(schemasAt(schema.root, pointer, schema.deref));
        if (!kind) continue;
        add(pointer, kind, kind === 'output' ? workdirOf(doc.value, bodyPointerOf(pointer), dir) : dir);
      }
      break;
    case 'dvc':
      dvcRefs(doc, dir, add, (pointer, base) => scriptRef(parsed, doc, pointer, base, docIndex, out, undefined));
      break;
    case 'mlflow': {
      const v = doc.value;
      if (!isObj(v)) break;
      for (const k of ['conda_env', 'python_env']) add(`/${k}`, 'input', dir, { mustExist: 'warning' });
      if (isObj(v.entry_points)) for (const name of Object.keys(v.entry_points)) scriptRef(parsed, doc, childPointer(childPointer('/entry_points', name), 'command'), dir, docIndex, out, 'warning');
      break;
    }
    case 'skypilot':
      skypilotRefs(doc, dir, add);
      break;
    case 'accelerate': {
      // accelerate opens deepspeed_config_file from where `accelerate launch` runs (the project
      // root, usually): the config's folder, else the nearest folder above it that has the file
      const v = valueAtPointer(doc.value, '/deepspeed_config/deepspeed_config_file');
      let base = dir;
      if (typeof v === 'string' && isLiteralPath(v) && !path.isAbsolute(v)) {
        for (let d = dir; ; d = path.dirname(d)) {
          if (exists(resolveFrom(d, v)) !== undefined) {
            base = d;
            break;
          }
          if (path.dirname(d) === d) break;
        }
      }
      add('/deepspeed_config/deepspeed_config_file', 'input', base, { mustExist: 'warning' });
      break;
    }
    default:
      break;
  }
  return out;
}

type Add = (pointer: string, kind: PathKind, base: string, opts?: { keyOf?: boolean; mustExist?: 'warning' }) => void;

function dvcRefs(doc: YamlDocument, dir: string, add: Add, script: (pointer: string, base: string) => void): void {
  const v = doc.value;
  if (!isObj(v) || !isObj(v.stages)) return;
  const stageBase = (st: Record<string, unknown>) => (typeof st.wdir === 'string' && isLiteralPath(st.wdir) ? resolveFrom(dir, st.wdir) : dir);
  // What the pipeline itself produces: a dependency on another stage's output (or on a file under
  // an output folder) does not exist before `dvc repro`, and that is not a problem.
  const produced: string[] = [];
  for (const st of Object.values(v.stages)) {
    if (!isObj(st) || st.foreach !== undefined || st.matrix !== undefined) continue;
    for (const k of ['outs', 'metrics', 'plots']) {
      const list = st[k];
      if (!Array.isArray(list)) continue;
      for (const item of list) {
        const p = typeof item === 'string' ? item : isObj(item) && Object.keys(item).length === 1 ? Object.keys(item)[0] : undefined;
        if (p && isLiteralPath(p)) produced.push(resolveFrom(stageBase(st), p).replace(/[\\/]+$/, ''));
      }
    }
  }
  // ... and a file tracked with `dvc add` (its `<file>.dvc` is there) may simply not be pulled yet.
  const expected = (base: string, dep: unknown) => {
    if (typeof dep !== 'string' || !isLiteralPath(dep)) return false;
    const abs = resolveFrom(base, dep).replace(/[\\/]+$/, '');
    return produced.some((o) => abs === o || abs.startsWith(o + path.sep)) || exists(`${abs}.dvc`) !== undefined;
  };
  for (const [name, st] of Object.entries(v.stages)) {
    if (!isObj(st) || st.foreach !== undefined || st.matrix !== undefined) continue; // templated stages
    const sp = childPointer('/stages', name);
    const base = stageBase(st);
    if (typeof st.cmd === 'string') script(childPointer(sp, 'cmd'), base);
    if (Array.isArray(st.deps)) st.deps.forEach((dep, i) => add(childPointer(`${sp}/deps`, i), 'input', base, expected(base, dep) ? {} : { mustExist: 'warning' }));
    for (const k of ['outs', 'metrics', 'plots']) {
      const list = st[k];
      if (!Array.isArray(list)) continue;
      list.forEach((item, i) => {
        const ip = childPointer(`${sp}/${k}`, i);
        if (typeof item === 'string') add(ip, 'output', base);
        else if (isObj(item) && Object.keys(item).length === 1) add(childPointer(ip, Object.keys(item)[0]), 'output', base, { keyOf: true });
      });
    }
  }
}

/**
 * SkyPilot: `workdir` (a local folder; a git workdir is a mapping) and the local sources of
 * `file_mounts` (`/remote: ./local`, or `source:` a path or a list of them; buckets and URLs are
 * not files here). `sky launch` is usually run next to the task file: paths resolve from there.
 */
function skypilotRefs(doc: YamlDocument, dir: string, add: Add): void {
  const v = doc.value;
  if (!isObj(v)) return;
  if (typeof v.workdir === 'string') add('/workdir', 'dir', dir, { mustExist: 'warning' });
  if (!isObj(v.file_mounts)) return;
  for (const [remote, src] of Object.entries(v.file_mounts)) {
    const p = childPointer('/file_mounts', remote);
    if (typeof src === 'string') add(p, 'input', dir, { mustExist: 'warning' });
    else if (isObj(src) && typeof src.source === 'string') add(childPointer(p, 'source'), 'input', dir, { mustExist: 'warning' });
    else if (isObj(src) && Array.isArray(src.source)) src.source.forEach((_, i) => add(childPointer(childPointer(p, 'source'), i), 'input', dir, { mustExist: 'warning' }));
  }
}

/** `python x.py …`, `python3 -u x.py`, `bash run.sh`: the script, as written in the text. */
const SCRIPT = /^[\s"'|>+-]*(?:python(?:3(?:\.\d+)?)?|bash|sh)\s+(?:-[A-Za-z]\S*\s+)*([^\s'"{}$;|&<>()]+\.(?:py|sh))(?=[\s'";|&)]|$)/;

function scriptRef(parsed: ParsedDocument, doc: YamlDocument, pointer: string, base: string, docIndex: number, out: PathRef[], mustExist: 'warning' | undefined): void {
  const span = doc.map.get(pointer);
  if (!span || typeof valueAtPointer(doc.value, pointer) !== 'string') return;
  const raw = parsed.text.slice(span.value[0], span.value[1]);
  const m = SCRIPT.exec(raw);
  if (!m) return;
  const start = span.value[0] + m.index + m[0].length - m[1].length;
  out.push({ docIndex, pointer, path: m[1], abs: resolveFrom(base, m[1]), kind: 'script', span: [start, start + m[1].length], ...(mustExist ? { mustExist } : {}) });
}

export function exists(abs: string): 'file' | 'dir' | undefined {
  try {
    const st = fs.statSync(abs);
    return st.isDirectory() ? 'dir' : 'file';
  } catch {
    return undefined;
  }
}
