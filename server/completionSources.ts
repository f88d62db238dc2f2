/**
 * Completion beyond the schema: file paths for fields that name files (schemas mark them with
 * `x-trainyard-path`), targets for Trainyard `target:` fields (`local`, `ssh:<alias>` from the
 * SSH config, hosts of ~/.trainyard/config.yaml and `trainyard.hosts`, `k8s:<context>/<namespace>`
 * from kubeconfig), a sweep's matrix parameters after `${{ params.` in its job's strings, and a
 * pipeline's stage names in a stage's `needs`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CompletionItemKind } from './protocol';
import type { CompletionItem } from 'vscode-languageserver';
import { splitPointer } from '../core/yaml';
import type { ParsedDocument } from './documents';
import type { ServerSettings } from './settings';
import type { CursorContext } from './cursor';
import { cursorContext, nodeAt } from './cursor';
import type { Schema } from './schema/navigate';
import { bodyPointerOf, pathMarker, workdirOf, type PathKind } from './pathRefs';
import { gpuSummary, hostProbe, kubeContexts, probeHostName, readCached, sshAliases, trainyardConfig } from './machineInfo';
import { toRange } from './ranges';
import { filePath, isObj } from './yamlNav';

const MAX_FILES = 500;

/**
 * Completions from the document's own names, before the schema's: a sweep's parameters after
 * `${{ params.` in its job, and a pipeline's stages in a stage's `needs`.
 */
export function paramCompletions(parsed: ParsedDocument, offset: number): CompletionItem[] | undefined {
  return sweepParamCompletions(parsed, offset) ?? needsCompletions(parsed, offset);
}

/** The fields of a sweep's inline job where `${{ params.<name> }}` is replaced (the runner's `applyParams`). */
export const PARAM_FIELDS = ['run', 'setup', 'env'];

/** A sweep's parameters, where they are defined: its `matrix` (undefined when `value` is no sweep or has none). */
export function sweepMatrix(value: unknown): Record<string, unknown> | undefined {
  return isObj(value) && value.kind === 'sweep' && isObj(value.matrix) ? value.matrix : undefined;
}

/** `${{ params.` before the cursor inside a sweep's job strings → the matrix's names. */
function sweepParamCompletions(parsed: ParsedDocument, offset: number): CompletionItem[] | undefined {
  const doc = parsed.yaml?.docs[0];
  const matrix = doc && sweepMatrix(doc.value);
  if (!doc || !matrix) return undefined;
  const ls = parsed.lines.starts[parsed.lines.lineOf(offset)];
  const m = /\$\{\{\s*params\.([A-Za-z0-9_-]*)$/.exec(parsed.text.slice(ls, offset));
  if (!m) return undefined;
  // only in the job's run, setup and env
  const node = nodeAt(doc, offset);
  const segs = node ? splitPointer(node.pointer) : [];
  if (segs[0] !== 'job' || !PARAM_FIELDS.includes(segs[1] ?? '')) return undefined;
  const after = parsed.text.slice(offset, offset + 4);
  const close = /^\s*\}\}/.test(after) ? '' : ' }}';
  const range = toRange(parsed.lines, offset - m[1].length, offset);
  return Object.entries(matrix).map(([name, values]) => ({
    label: name,
    kind: CompletionItemKind.Variable,
    detail: Array.isArray(values) ? `sweep parameter: ${values.slice(0, 6).map((x) => JSON.stringify(x)).join(', ')}${values.length > 6 ? ', …' : ''}` : 'sweep parameter (range)',
    textEdit: { range, newText: name + close },
  }));
}

/**
 * An item of a pipeline stage's `needs` (`needs: [|]`, `needs: [prep, |`, `- |` under `needs:`)
 * → the other stages: not the stage itself, not those it lists already, and not those that
 * need it (directly or not), which would make a cycle.
 */
function needsCompletions(parsed: ParsedDocument, offset: number): CompletionItem[] | undefined {
  const doc = parsed.yaml?.docs[0];
  if (!doc || !isObj(doc.value) || doc.value.kind !== 'pipeline' || !isObj(doc.value.stages)) return undefined;
  const stages = doc.value.stages;
  const ctx = cursorContext(parsed, offset);
  if (!ctx || ctx.docIndex !== 0) return undefined;
  const segs = splitPointer(ctx.pointer);
  let stage: string | undefined;
  let typed: string | undefined;
  if (ctx.mode === 'value') {
    // an item of `needs: [a, b|` (also inside a flow stage: `train: {job: …, needs: [|`), or `needs: |`
    const item = segs.length === 4 && segs[0] === 'stages' && segs[2] === 'needs';
    const own = segs.length === 3 && segs[0] === 'stages' && segs[2] === 'needs';
    if (!item && !own) return undefined;
    stage = segs[1];
    const m = /(?:^|[\s,[])([A-Za-z0-9_.-]*)$/.exec(ctx.prefix);
    typed = m ? m[1] : undefined;
  } else if (ctx.inListItem && segs.length === 4 && segs[0] === 'stages' && segs[2] === 'needs') {
    stage = segs[1];
    typed = ctx.prefix;
  }
  if (stage === undefined || typed === undefined || !/^[A-Za-z0-9_.-]*$/.test(typed)) return undefined;
  const own = stages[stage];
  const listed = new Set(isObj(own) && Array.isArray(own.needs) ? own.needs.filter((n): n is string => typeof n === 'string' && n !== typed) : []);
  const dependents = needing(stages, stage);
  const range = toRange(parsed.lines, offset - typed.length, offset);
  // `needs: |` with no list yet: the item comes as a one-item list
  const bare = ctx.mode === 'value' && segs.length === 3 && !ctx.prefix.includes('[');
  const items: CompletionItem[] = [];
  for (const [name, st] of Object.entries(stages)) {
    if (name === stage || listed.has(name) || dependents.has(name)) continue;
    items.push({ label: name, kind: CompletionItemKind.Reference, detail: stageDetail(st), filterText: name, textEdit: { range, newText: bare ? `[${name}]` : name } });
  }
  return items.length ? items : undefined;
}

/** The stages that need `stage`, directly or through others. */
function needing(stages: Record<string, unknown>, stage: string): Set<string> {
  const out = new Set<string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const [name, st] of Object.entries(stages)) {
      if (out.has(name) || !isObj(st) || !Array.isArray(st.needs)) continue;
      if (st.needs.some((n) => n === stage || out.has(n as string))) {
        out.add(name);
        grew = true;
      }
    }
  }
  return out;
}

function stageDetail(st: unknown): string {
  if (!isObj(st)) return 'stage';
  if (typeof st.spec === 'string') return `stage: ${st.spec}`;
  const body = isObj(st.job) ? st.job : isObj(st.service) ? st.service : undefined;
  const what = isObj(st.service) ? 'service' : 'job';
  return body && typeof body.run === 'string' ? `stage (inline ${what}): ${body.run.split('\n')[0].slice(0, 60)}` : 'stage';
}

/** Files and folders for a field the schema marks as a path, relative to where that field resolves. */
export function pathCompletions(parsed: ParsedDocument, ctx: CursorContext, offset: number, subs: Schema[]): CompletionItem[] | undefined {
  const kind = pathMarker(subs);
  const file = filePath(parsed.uri);
  if (!kind || !file) return undefined;
  const typed = parsed.text.slice(ctx.replaceStart, offset).replace(/^["']/, '');
  if (/[$*{]/.test(typed)) return undefined;
  const slash = typed.lastIndexOf('/');
  const dirPart = slash >= 0 ? typed.slice(0, slash + 1) : '';
  const specDir = path.dirname(file);
  const base = kind === 'output' ? workdirOf(ctx.doc.value, bodyPointerOf(ctx.pointer), specDir) : specDir;
  const folder = path.resolve(base, dirPart || '.');
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(folder, { withFileTypes: true });
  } catch {
    return [];
  }
  const showHidden = typed.slice(slash + 1).startsWith('.');
  const range = toRange(parsed.lines, offset - (typed.length - dirPart.length), offset);
  const items: CompletionItem[] = [];
  for (const e of entries) {
    if (items.length >= MAX_FILES) break;
    if (!showHidden && e.name.startsWith('.')) continue;
    if (e.name === 'node_modules' || e.name === '.git') continue;
    const dir = e.isDirectory() || (e.isSymbolicLink() && isDir(path.join(folder, e.name)));
    if (!dir && !fits(kind, e.name)) continue;
    // a stage runs a job or service spec, a sweep a job spec: not pipelines, sweeps or this file
    if (!dir && kind === 'spec' && (path.join(folder, e.name) === file || !specKindFits(path.join(folder, e.name), ctx.pointer))) continue;
    items.push({
      label: dir ? `${e.name}/` : e.name,
      kind: dir ? CompletionItemKind.Folder : CompletionItemKind.File,
      sortText: `${dir ? '0' : '1'}${e.name}`,
      textEdit: { range, newText: dir && kind !== 'dir' ? `${e.name}/` : e.name },
      ...(dir && kind !== 'dir' ? { command: { title: 'Suggest', command: 'editor.action.triggerSuggest' } } : {}),
    });
  }
  return items;
}

/** Whether the spec file at `abs` has a kind the field at `pointer` takes (unknown kinds pass). */
function specKindFits(abs: string, pointer: string): boolean {
  const kind = readCached(abs, function specKind(text) {
    return /^kind[ \t]*:[ \t]*["']?([A-Za-z]+)/m.exec(text)?.[1];
  }, undefined as string | undefined);
  if (kind === undefined) return true;
  const allowed = splitPointer(pointer)[0] === 'stages' ? ['job', 'service'] : ['job'];
  return !['job', 'service', 'pipeline', 'sweep'].includes(kind) || allowed.includes(kind);
}

function fits(kind: PathKind, name: string): boolean {
  switch (kind) {
    case 'spec':
      return /\.trainyard\.ya?ml$/i.test(name);
    case 'dir':
      return false;
    default:
      return true;
  }
}

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Target strings for a Trainyard `target:` value. */
export function targetCompletions(settings: ServerSettings): CompletionItem[] {
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  const add = (label: string, detail: string, sort: string) => {
    if (seen.has(label)) return;
    seen.add(label);
    const host = probeHostName(label);
    const probe = host ? hostProbe(host) : undefined;
    items.push({ label, kind: CompletionItemKind.Value, detail: probe?.ok ? `${detail} · ${gpuSummary(probe)}` : detail, sortText: `${sort}${label}` });
  };
  add('local', 'this machine', '0');
  const config = trainyardConfig();
  for (const h of config.hosts) if (h !== 'local') add(`ssh:${h}`, 'host from ~/.trainyard/config.yaml', '1');
  for (const h of settings.hosts ?? []) add(`ssh:${h}`, 'host from the trainyard.hosts setting', '1');
  for (const a of sshAliases(settings)) add(`ssh:${a}`, `Host in ${settings.sshConfigPath ?? '~/.ssh/config'}`, '2');
  for (const c of kubeContexts()) add(`k8s:${c.name}/${c.namespace}`, `Kubernetes context${c.cluster ? ` (cluster ${c.cluster})` : ''}`, '3');
  return items;
}

/** Whether the value at `pointer` of a Trainyard document is a `target` field. */
export function isTargetField(pointer: string): boolean {
  const segs = splitPointer(pointer);
  return segs[segs.length - 1] === 'target';
}
