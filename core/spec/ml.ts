/**
 * ML-aware checks of a spec, beyond its own consistency (semantic.ts), run alike by
 * `trainyard validate` and the language server:
 * - a job or service that runs on a Kubernetes target without an `image` (error; it does not
 *   stop `spec` from loading, since a launch may pick another target);
 * - sweep parameters the job never uses (warning), looking in run, setup and env and in the
 *   scripts the commands run (`train.py` of `python train.py`), and `${{ … }}` expressions that
 *   name no parameter of the sweep (error: the runner would pass them to the shell as written);
 * - GPUs asked for beyond what the target host had at its last probe (warning; only with a
 *   machine view, i.e. when files are checked).
 * The target of a body is its own, else its pipeline's or sweep's, else the configured default.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { LoadedSpec, Problem, Range, SpecKind } from './model';
import { childPointer, makeProblem, splitPointer } from './positions';
import { keyRange, valueRange, type Locator } from './validate';
import { didYouMean } from './suggest';
import { checkK8sTarget, checkSweepParams, meantParamExpr, paramRefs } from '../checks';
import { gpuTypeMatches } from '../gpu/allocate';
import { gpuSummary, probeHostName, readCached, type MachineView } from './machine';

/** Codes of errors about a spec's own target that a launch on another target does not meet. */
export const TARGET_DEPENDENT = new Set(['k8s-image']);

export interface MlOptions {
  /** Check referenced specs and scripts on disk. */
  checkFiles: boolean;
  /** Folder relative paths in the spec resolve against. */
  baseDir: string;
  /** The default target and host probes; none: no GPU checks, and no default target but `defaultTarget`. */
  machine?: MachineView;
  /** The target of specs that name none; wins over the machine's configured default. */
  defaultTarget?: string;
  loadRef?: (absPath: string) => LoadedSpec;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Script and config files a command names, read for `PARAM_<NAME>`; bigger files are skipped. */
const SCRIPT_EXT = /\.(py|ipynb|sh|bash|zsh|r|jl|js|mjs|cjs|ts|rb|pl|lua|ya?ml|json|toml|cfg|ini|conf)$/i;
const MAX_SCRIPT_BYTES = 512 * 1024;
const MAX_SCRIPTS = 20;
/** `${params.x}`, `{{ params.x }}`, `${ params.x }`, `$params.x`, `${{ params.x }` …: group 2 is the name. */
const NEAR_MISS = /(\$?\{\{?\s*|\$)params\.([A-Za-z_][A-Za-z0-9_]*)(?:\s*\}\}?)?/g;

export function mlChecks(kind: SpecKind, value: unknown, loc: Locator, schemaProblems: Problem[], opts: MlOptions): Problem[] {
  if (!isObj(value)) return [];
  return new MlChecker(kind, loc, schemaProblems, opts).run(value);
}

class MlChecker {
  private readonly out: Problem[] = [];
  private readonly flagged: string[];
  private readonly fallback: string | undefined;

  constructor(
    private readonly kind: SpecKind,
    private readonly loc: Locator,
    schemaProblems: Problem[],
    private readonly opts: MlOptions,
  ) {
    this.flagged = schemaProblems.filter((p) => p.severity === 'error' && p.pointer !== undefined).map((p) => p.pointer!);
    this.fallback = opts.defaultTarget ?? opts.machine?.defaultTarget();
  }

  /** Whether the schema complained about `pointer` itself or something inside it. */
  private hasSchemaProblem(pointer: string): boolean {
    return this.flagged.some((p) => p === pointer || p.startsWith(pointer + '/'));
  }

  private flaggedAt(...pointers: string[]): boolean {
    return this.flagged.some((p) => pointers.includes(p));
  }

  private add(code: string, severity: Problem['severity'], message: string, pointer: string, range: Range, suggestion?: string): void {
    this.out.push(makeProblem(this.loc.file, code, message, range, { severity, pointer, suggestion }));
  }

  run(v: Obj): Problem[] {
    this.k8s(v);
    if (this.kind === 'sweep') this.sweep(v);
    if (this.opts.machine) for (const b of this.bodies(v)) this.gpus(b);
    if (this.opts.machine?.sshHosts) this.sshTargets(v, this.opts.machine.sshHosts());
    return this.out;
  }

  // ---- SSH targets this machine does not know ----

  /**
   * `ssh:<name>` where the name is no SSH alias or configured host but one edit or two from one
   * (`ssh:gpu-bx`): a warning with the alias meant. A name that looks like a real host (a dot, a
   * user, a port) or resembles no alias is left alone: ssh may well reach it.
   */
  private sshTargets(v: Obj, known: string[]): void {
    if (known.length === 0) return;
    const at: Array<[string, unknown]> = [['/target', v.target]];
    if (isObj(v.job)) at.push(['/job/target', v.job.target]);
    if (isObj(v.stages))
      for (const [name, st] of Object.entries(v.stages)) {
        if (!isObj(st)) continue;
        const sp = childPointer('/stages', name);
        if (isObj(st.job)) at.push([`${sp}/job/target`, st.job.target]);
        if (isObj(st.service)) at.push([`${sp}/service/target`, st.service.target]);
      }
    for (const [pointer, t] of at) {
      if (typeof t !== 'string' || this.hasSchemaProblem(pointer)) continue;
      const m = /^ssh:([A-Za-z0-9_-]+)$/.exec(t.trim());
      if (!m || known.includes(m[1])) continue;
      const meant = didYouMean(m[1], known);
      if (!meant) continue;
      this.add('unknown-ssh-host', 'warning', `\`${m[1]}\` is not a Host in ~/.ssh/config nor a configured host; did you mean \`ssh:${meant}\`?`, pointer, valueRange(this.loc, pointer), `ssh:${meant}`);
    }
  }

  // ---- referenced specs ----

  private refPath(rel: string): string {
    const expanded = rel === '~' || rel.startsWith('~/') ? path.join(os.homedir(), rel.slice(1)) : rel;
    return path.resolve(this.opts.baseDir, expanded);
  }

  /** The plain value of a spec this one names, when files are checked and it loads. */
  private referenced(rel: string): { value: unknown; dir: string } | undefined {
    if (!this.opts.checkFiles || !this.opts.loadRef || rel.includes('$')) return undefined;
    const abs = this.refPath(rel);
    if (!isFile(abs)) return undefined;
    const r = this.opts.loadRef(abs);
    return r.value === undefined ? undefined : { value: r.value, dir: path.dirname(abs) };
  }

  // ---- Kubernetes without image ----

  private k8s(v: Obj): void {
    const findings = checkK8sTarget(v, { defaultTarget: this.fallback, referenced: (rel) => this.referenced(rel)?.value });
    for (const f of findings) {
      const body = f.pointer.replace(/\/target$/, '');
      if (this.flaggedAt(f.pointer, `${body}/target`, `${body}/image`)) continue;
      // at the `target` that says Kubernetes, else at the body's key (the root: its first line)
      const last = splitPointer(f.pointer).pop();
      const atValue = last === 'target' || last === 'spec' || (f.pointer === '/job' && typeof v.job === 'string');
      const range = atValue ? valueRange(this.loc, f.pointer) : keyRange(this.loc, f.pointer);
      this.add('k8s-image', 'error', f.message, f.pointer, range);
    }
  }

  // ---- sweeps ----

  private sweep(v: Obj): void {
    const matrix = v.matrix;
    if (!isObj(matrix) || this.flaggedAt('/job') || ['run', 'setup', 'env'].some((k) => this.hasSchemaProblem(`/job/${k}`))) return;
    const names = Object.keys(matrix);
    const inline = isObj(v.job) ? v.job : undefined;
    const ref = typeof v.job === 'string' ? this.referenced(v.job) : undefined;
    const body = inline ?? (isObj(ref?.value) ? (ref!.value as Obj) : undefined);
    if (!body) return;

    const scripts = this.opts.checkFiles ? scriptTexts(body, inline ? this.opts.baseDir : ref!.dir) : [];
    const unused = checkSweepParams(v, ref?.value, scripts);
    const unusedNames = unused.map((f) => splitPointer(f.pointer).pop()!);

    // `${{ … }}` that names no parameter (checked where the runner substitutes: run, setup, env)
    const meant = new Set<string>();
    const refs = substituted(body, inline ? '/job' : undefined).flatMap(({ pointer, text }) => paramRefs(text).filter((r) => r.name === undefined || !names.includes(r.name)).map((r) => ({ pointer, text, r })));
    for (const { pointer, text, r } of refs) {
      // the closest name; else, when one reference is wrong and one parameter unused, that one
      let guess = r.name !== undefined ? didYouMean(r.name, names) : meantParamExpr(r.expr);
      if (guess === undefined && refs.length === 1 && unusedNames.length === 1) guess = unusedNames[0];
      const known = guess !== undefined && names.includes(guess) ? guess : undefined;
      if (known) meant.add(known);
      const what = `\`\${{ ${r.expr} }}\``;
      const which = `(${names.map((n) => `\`${n}\``).join(', ')})`;
      if (pointer === undefined) {
        // in the job file: say so at the sweep's `job`
        const why = r.name !== undefined ? `, which names no parameter of this sweep ${which}` : `, which is not a parameter reference (the sweep replaces only \`\${{ params.<name> }}\`)`;
        const fix = known ? `; did you mean \`\${{ params.${known} }}\`?` : '';
        this.add('unknown-param', 'error', `\`${v.job}\` uses ${what}${why}${fix}`, '/job', valueRange(this.loc, '/job'));
        continue;
      }
      const why =
        r.name !== undefined
          ? `${what} names no parameter of this sweep ${which}`
          : `${what} is not a parameter reference; the sweep replaces only \`\${{ params.<name> }}\``;
      const exact = this.within(pointer, text, r.index, r.length);
      if (r.name !== undefined && known && exact) {
        // underline the name alone; the fix replaces it
        const nameAt = this.within(pointer, text, r.nameIndex!, r.name.length);
        this.add('unknown-param', 'error', `${why}; did you mean \`${known}\`?`, pointer, nameAt ?? exact, nameAt ? known : undefined);
      } else {
        const fix = known ? `\${{ params.${known} }}` : undefined;
        this.add('unknown-param', 'error', `${why}${fix ? `; did you mean \`${fix}\`?` : ''}`, pointer, exact ?? valueRange(this.loc, pointer), exact ? fix : undefined);
      }
    }

    // near misses of the syntax (`${params.lr}`, `{{ params.lr }}`, `$params.lr`): the sweep
    // leaves them as written, and the shell then fails on them or expands them to nothing
    for (const { pointer, text } of substituted(body, inline ? '/job' : undefined)) {
      for (const m of text.matchAll(NEAR_MISS)) {
        const whole = m[0];
        const name = m[2];
        if (/^\$\{\{[\s\S]*\}\}$/.test(whole) || !names.includes(name)) continue;
        const fix = `\${{ params.${name} }}`;
        meant.add(name);
        const msg = `\`${whole}\` is not a parameter reference, so the sweep leaves it to the shell; did you mean \`${fix}\`?`;
        if (pointer === undefined) {
          this.add('unknown-param', 'error', `\`${v.job}\` uses ${msg.replace(/, so the sweep leaves it to the shell/, '')}`, '/job', valueRange(this.loc, '/job'));
          continue;
        }
        const exact = this.within(pointer, text, m.index!, whole.length);
        this.add('unknown-param', 'error', msg, pointer, exact ?? valueRange(this.loc, pointer), exact ? fix : undefined);
      }
    }

    for (const f of unused) {
      const name = splitPointer(f.pointer).pop()!;
      if (meant.has(name) || this.hasSchemaProblem(f.pointer)) continue; // the misspelt reference says it
      this.add('unused-param', 'warning', f.message, f.pointer, keyRange(this.loc, f.pointer));
    }
  }

  /** The range of `text.slice(index, index + length)` in the source, when the text is there as written. */
  private within(pointer: string, text: string, index: number, length: number): Range | undefined {
    const span = this.loc.map.get(pointer);
    if (!span) return undefined;
    const raw = this.loc.text.slice(span.value.start.offset, span.value.end.offset);
    const piece = text.slice(index, index + length);
    // the same occurrence: count earlier ones in the value
    let nth = 0;
    for (let i = text.indexOf(piece); i >= 0 && i < index; i = text.indexOf(piece, i + 1)) nth++;
    let at = -1;
    for (let k = 0, i = raw.indexOf(piece); i >= 0; i = raw.indexOf(piece, i + 1), k++) {
      if (k === nth) {
        at = i;
        break;
      }
    }
    if (at < 0) return undefined;
    const start = span.value.start.offset + at;
    return rangeOf(this.loc.text, span.value.start, start, start + length);
  }

  // ---- GPUs against the last probe ----

  private bodies(v: Obj): Body[] {
    const out: Body[] = [];
    const own = typeof v.target === 'string' ? v.target : undefined;
    const inherited = own ?? this.fallback ?? 'local';
    const add = (b: unknown, at: string, ref?: string) => {
      if (!isObj(b) || !isObj(b.resources)) return;
      const target = typeof b.target === 'string' ? b.target : inherited;
      out.push({ at: ref ? at : `${at}/resources`, resources: b.resources, target, ...(ref ? { ref } : {}) });
    };
    switch (v.kind) {
      case 'job':
      case 'service':
        add(v, '');
        break;
      case 'pipeline':
        if (!isObj(v.stages)) break;
        for (const [name, st] of Object.entries(v.stages)) {
          if (!isObj(st)) continue;
          const sp = childPointer('/stages', name);
          if (isObj(st.job)) add(st.job, `${sp}/job`);
          else if (isObj(st.service)) add(st.service, `${sp}/service`);
          else if (typeof st.spec === 'string') add(this.referenced(st.spec)?.value, `${sp}/spec`, st.spec);
        }
        break;
      case 'sweep':
        if (isObj(v.job)) add(v.job, '/job');
        else if (typeof v.job === 'string') add(this.referenced(v.job)?.value, '/job', v.job);
        break;
      default:
        break;
    }
    return out;
  }

  private gpus(b: Body): void {
    const host = probeHostName(b.target);
    if (!host || this.hasSchemaProblem(b.at)) return;
    const probe = this.opts.machine!.hostProbe(host);
    if (!probe || !probe.ok) return;
    const want = typeof b.resources.gpus === 'number' && b.resources.gpus > 0 ? b.resources.gpus : undefined;
    const type = typeof b.resources.gpu === 'string' && b.resources.gpu.trim() ? b.resources.gpu.trim() : undefined;
    if (want === undefined && type === undefined) return;
    const has = `\`${b.target}\` has ${gpuSummary(probe)} (last probe ${probedAt(probe.probedAt)})`;
    const whose = b.ref ? ` (${b.ref})` : '';
    const at = (field: string) => (b.ref ? b.at : `${b.at}/${field}`);
    if (type !== undefined && !probe.gpus.some((g) => gpuTypeMatches(g.name, type))) {
      const p = at('gpu');
      this.add('gpu-capacity', 'warning', `the job${whose} asks for ${type} GPUs, but ${has}; change \`resources.gpu\` or pick another target`, p, valueRange(this.loc, p));
      return;
    }
    const matching = probe.gpus.filter((g) => gpuTypeMatches(g.name, type)).length;
    if (want !== undefined && want > matching) {
      const p = at('gpus');
      const what = `${want}${type ? ` ${type}` : ''} GPU${want === 1 ? '' : 's'}`;
      this.add('gpu-capacity', 'warning', `the job${whose} asks for ${what}, but ${has}; lower \`resources.gpus\` or pick another target`, p, valueRange(this.loc, p));
    }
  }
}

interface Body {
  /** Where to report: the body's `resources` pointer, or the reference to another spec. */
  at: string;
  resources: Obj;
  target: string;
  /** Set when the body is another file's (a stage's `spec`, a sweep's `job`). */
  ref?: string;
}

/** The strings the sweep runner substitutes parameters in: run, setup and env values (pointers under `base`, or none for another file). */
function substituted(body: Obj, base: string | undefined): Array<{ pointer: string | undefined; text: string }> {
  const out: Array<{ pointer: string | undefined; text: string }> = [];
  const at = (...segs: string[]) => (base === undefined ? undefined : segs.reduce((p, s) => childPointer(p, s), base));
  for (const k of ['run', 'setup']) if (typeof body[k] === 'string') out.push({ pointer: at(k), text: body[k] as string });
  if (isObj(body.env)) for (const [name, x] of Object.entries(body.env)) if (typeof x === 'string') out.push({ pointer: at('env', name), text: x });
  return out;
}

/** Texts of the script and config files the body's run and setup name, relative to its workdir. */
function scriptTexts(body: Obj, specDir: string): string[] {
  const workdir = typeof body.workdir === 'string' && !body.workdir.includes('$') ? path.resolve(specDir, body.workdir) : specDir;
  const files = new Set<string>();
  for (const k of ['run', 'setup']) {
    const cmd = body[k];
    if (typeof cmd !== 'string') continue;
    const words = cmd.replace(/\$\{\{.*?\}\}/g, ' ').split(/[\s;&|()<>`]+/).map((w) => w.replace(/^['"]|['"]$/g, '').replace(/^[A-Za-z_][A-Za-z0-9_]*=/, ''));
    words.forEach((w, i) => {
      if (SCRIPT_EXT.test(w) && !/^[a-z]+:\/\//i.test(w)) files.add(path.resolve(workdir, w));
      // python -m pkg.mod
      if (w === '-m' && /^[A-Za-z_][\w.]*$/.test(words[i + 1] ?? '')) {
        const mod = words[i + 1]!.replace(/\./g, '/');
        files.add(path.resolve(workdir, `${mod}.py`));
        files.add(path.resolve(workdir, mod, '__main__.py'));
      }
    });
  }
  const out: string[] = [];
  for (const f of [...files].slice(0, MAX_SCRIPTS)) {
    let size: number;
    try {
      size = fs.statSync(f).size;
    } catch {
      continue; // not there (yet): nothing to read
    }
    if (size > MAX_SCRIPT_BYTES) continue;
    // (read again only when it changes: the language server checks on every edit)
    const text = readCached(f, (t) => t, undefined as string | undefined, 'script-text');
    if (text !== undefined) out.push(text);
  }
  return out;
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** A range from `from` (a known position) forward to offsets `start`..`end` of `text`. */
function rangeOf(text: string, from: Range['start'], start: number, end: number): Range {
  const pos = (offset: number) => {
    let line = from.line;
    let lineStart = from.offset - (from.column - 1);
    for (let i = text.indexOf('\n', from.offset); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    return { line, column: offset - lineStart + 1, offset };
  };
  return { start: pos(start), end: pos(end) };
}

function probedAt(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return 'at an unknown time';
  return new Date(t).toISOString().replace('T', ' ').replace(/:\d\d\.\d+Z$/, ' UTC');
}
