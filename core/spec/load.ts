/**
 * Loading a spec: decode → YAML (with positions) → `--set` overrides → kind → schema →
 * semantic checks → ML-aware checks (ml.ts). Every problem comes back at once, sorted by
 * position; `spec` is set only when there are no errors (but for those about the spec's own
 * target, which a launch may override).
 */
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import type { AnySpec, LoadedSpec, Position, Problem, SourceMap } from './model';
import { DEFAULT_MAX_BYTES, decodeInput, tooLarge, type Decoded } from './decode';
import { parseYaml } from './yaml';
import { applyOverrides } from './overrides';
import type { Override } from './overrides';
import { checkKind, deprecations, validateSchema } from './validate';
import type { Locator } from './validate';
import { semanticChecks } from './semantic';
import { mlChecks, TARGET_DEPENDENT } from './ml';
import { diskMachine, type MachineView } from './machine';
import { FILE_START, makeProblem, sortAndDedupe } from './positions';

export interface LoadOptions {
  /** `--set path=value` overrides, applied to the parsed document before validation. */
  overrides?: Override[];
  /** Check that referenced specs and workdirs exist (and load the specs). Default true. */
  checkFiles?: boolean;
  /** Inputs larger than this are refused unparsed. Default 5 MB. */
  maxBytes?: number;
  /** Folder relative paths resolve against; default the folder of `file`. */
  baseDir?: string;
  /**
   * The target of specs that name none, for the checks that depend on it (Kubernetes without
   * `image`, GPUs beyond the host's last probe). Default: the machine's configured default.
   */
  defaultTarget?: string;
  /**
   * The configured default target and the hosts' last GPU probes (`$TRAINYARD_HOME`); default:
   * read from disk when `checkFiles`, none otherwise (`false`: none).
   */
  machine?: MachineView | false;
}

/** `*.trainyard.yaml` / `*.trainyard.yml`. */
export function isSpecFileName(name: string): boolean {
  return /\.trainyard\.ya?ml$/i.test(path.basename(name));
}

/** `file:line:col: error: message` (1-based line and column). */
export function formatProblem(p: Problem): string {
  return `${p.file}:${p.range.start.line}:${p.range.start.column}: ${p.severity}: ${p.message}`;
}

export function loadSpecText(input: string | Uint8Array, file: string, opts: LoadOptions = {}): LoadedSpec {
  return new Loader(opts).load(input, file);
}

/**
 * Reads `filePath` (refusing files over maxBytes before reading them) and loads it.
 * The read itself is synchronous: for files capped at a few MB it is far cheaper than five
 * thread-pool round trips per file (1,000 specs: ~25 ms of I/O instead of ~150-500 ms).
 */
export async function loadSpecFile(filePath: string, opts: LoadOptions = {}): Promise<LoadedSpec> {
  const read = readGuardedSync(filePath, opts.maxBytes ?? DEFAULT_MAX_BYTES);
  if ('problem' in read) return emptyResult(filePath, [read.problem]);
  return loadSpecText(read.bytes, filePath, opts);
}

type ReadResult = { bytes: Uint8Array } | { problem: Problem };

function readGuardedSync(filePath: string, maxBytes: number): ReadResult {
  try {
    const st = fs.statSync(filePath);
    if (st.isDirectory()) return { problem: makeProblem(filePath, 'file-not-found', 'this is a folder, not a spec file', FILE_START) };
    if (st.size > maxBytes) return { problem: tooLarge(filePath, st.size, maxBytes) };
    const bytes = fs.readFileSync(filePath);
    // The file may have grown since stat.
    if (bytes.length > maxBytes) return { problem: tooLarge(filePath, bytes.length, maxBytes) };
    return { bytes };
  } catch (e) {
    return { problem: readProblem(filePath, e) };
  }
}

function readProblem(filePath: string, e: unknown): Problem {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return makeProblem(filePath, 'file-not-found', 'the file does not exist', FILE_START);
  if (code === 'EISDIR') return makeProblem(filePath, 'file-not-found', 'this is a folder, not a spec file', FILE_START);
  return makeProblem(filePath, 'read-error', `cannot read the file: ${(e as Error)?.message ?? String(e)}`, FILE_START);
}

function emptyResult(file: string, problems: Problem[], text = ''): LoadedSpec {
  return { file, text, value: undefined, map: new Map(), problems };
}

class Loader {
  /** Referenced specs loaded while checking this one (a pipeline may name one several times). */
  private readonly refs = new Map<string, LoadedSpec>();

  constructor(private readonly opts: LoadOptions) {}

  load(input: string | Uint8Array, file: string): LoadedSpec {
    const maxBytes = this.opts.maxBytes ?? DEFAULT_MAX_BYTES;
    const decoded = decodeInput(input, file, maxBytes);
    if (decoded.fatal) return emptyResult(file, decoded.problems);
    const r = this.loadText(decoded, file);
    // positions in the input the caller has: one further on the first line when it began with a BOM
    if (decoded.bom) r.problems = r.problems.map(afterBom);
    return r;
  }

  private loadText(decoded: Decoded, file: string): LoadedSpec {
    const text = decoded.text;
    const problems: Problem[] = [...decoded.problems];

    if (text.trim() === '') {
      problems.push(makeProblem(file, 'empty', 'the file is empty; a spec needs at least `kind:`', FILE_START));
      return this.finish(file, text, undefined, new Map(), problems, undefined);
    }

    const parsed = parseYaml(text, file);
    problems.push(...parsed.problems);
    let value = parsed.value;
    const map: SourceMap = parsed.map;
    if (!parsed.usable) {
      if (!parsed.syntaxErrors && !problems.some((p) => p.severity === 'error') && parsed.value === undefined) {
        problems.push(makeProblem(file, 'empty', 'the file has only comments; a spec needs at least `kind:`', FILE_START));
      }
      if (!this.opts.overrides?.length || parsed.syntaxErrors) return this.finish(file, text, undefined, map, problems, undefined);
    }

    let overridden: Map<string, string> | undefined;
    if (this.opts.overrides?.length) {
      const o = applyOverrides(value, this.opts.overrides, file);
      problems.push(...o.problems);
      value = o.value;
      overridden = o.pointers;
      // Spans below a replaced value describe the old value.
      for (const p of o.pointers.keys()) for (const k of [...map.keys()]) if (k.startsWith(p + '/')) map.delete(k);
    }

    const loc: Locator = { file, text, map, overridden };
    const kindCheck = checkKind(value, loc);
    let later: Problem[] = [...kindCheck.problems];
    const kind = kindCheck.kind;
    if (kind) {
      loc.kind = kind;
      const schemaProblems = validateSchema(kind, value, loc);
      later.push(...schemaProblems);
      later.push(...deprecations(kind, value, loc));
      const checkFiles = this.opts.checkFiles ?? true;
      const baseDir = this.opts.baseDir ?? path.dirname(path.resolve(file));
      const loadRef = (abs: string) => this.loadRef(abs);
      later.push(...semanticChecks(kind, value, loc, schemaProblems, { checkFiles, baseDir, loadRef }));
      const machine = this.opts.machine === false ? undefined : this.opts.machine ?? (checkFiles ? diskMachine : undefined);
      later.push(...mlChecks(kind, value, loc, schemaProblems, { checkFiles, baseDir, loadRef, machine, defaultTarget: this.opts.defaultTarget }));
    }
    if (parsed.syntaxErrors) {
      // With a partial tree, missing keys and complaints on broken lines are likely echoes of
      // the syntax error; what is reported elsewhere still stands.
      const starts = [...new Set([...map.values()].flatMap((s) => (s.key ? [s.key.start.offset, s.value.start.offset] : [s.value.start.offset])))].sort(
        (a, b) => a - b,
      );
      const echoes = (p: Problem): boolean => {
        if (p.code === 'missing-required' || p.code === 'one-of' || parsed.errorLines.has(p.range.start.line)) return true;
        // A syntax error between this value and whatever the document holds next.
        const own = p.pointer !== undefined ? map.get(p.pointer)?.value.end.offset ?? 0 : 0;
        const end = Math.max(p.range.end.offset, own);
        const next = starts.find((o) => o > end) ?? Infinity;
        return parsed.errorOffsets.some((o) => o >= p.range.start.offset && o < next);
      };
      later = later.filter((p) => !echoes(p));
    }
    problems.push(...later);
    return this.finish(file, text, value, map, problems, kind);
  }

  private loadRef(abs: string): LoadedSpec {
    let r = this.refs.get(abs);
    if (!r) {
      const maxBytes = this.opts.maxBytes ?? DEFAULT_MAX_BYTES;
      const read = readGuardedSync(abs, maxBytes);
      r =
        'problem' in read
          ? emptyResult(abs, [read.problem])
          : new Loader({ checkFiles: this.opts.checkFiles, maxBytes, defaultTarget: this.opts.defaultTarget, machine: this.opts.machine }).load(read.bytes, abs);
      this.refs.set(abs, r);
    }
    return r;
  }

  private finish(
    file: string,
    text: string,
    value: unknown,
    map: SourceMap,
    problems: Problem[],
    kind: LoadedSpec['kind'],
  ): LoadedSpec {
    const sorted = sortAndDedupe(problems);
    const result: LoadedSpec = { file, text, value, map, problems: sorted };
    if (kind) result.kind = kind;
    // errors about the spec's own target (a Kubernetes target without image) leave it loadable:
    // a launch may pick another target
    if (kind && value !== undefined && !sorted.some((p) => p.severity === 'error' && !TARGET_DEPENDENT.has(p.code))) result.spec = value as AnySpec;
    return result;
  }
}

function afterBom(p: Problem): Problem {
  const shift = (q: Position): Position => ({ line: q.line, column: q.line === 1 ? q.column + 1 : q.column, offset: q.offset + 1 });
  return { ...p, range: { start: shift(p.range.start), end: shift(p.range.end) } };
}

const SKIP_DIRS = new Set(['node_modules', '.git']);

/**
 * Files as given; folders walked recursively for `*.trainyard.yaml|yml` (skipping
 * node_modules, .git and dot-folders). Paths that do not exist come back in `missing`.
 */
export async function collectSpecFiles(paths: string[]): Promise<{ files: string[]; missing: string[] }> {
  const files: string[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  const add = (f: string) => {
    const key = path.resolve(f);
    if (!seen.has(key)) {
      seen.add(key);
      files.push(f);
    }
  };
  for (const p of paths) {
    let st: fs.Stats;
    try {
      st = await fsp.stat(p);
    } catch {
      missing.push(p);
      continue;
    }
    if (!st.isDirectory()) {
      add(p);
      continue;
    }
    const found: string[] = [];
    const stack = [p];
    while (stack.length) {
      const dir = stack.pop()!;
      let entries: fs.Dirent[];
      try {
        entries = await fsp.readdir(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const e of entries) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) {
          if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) stack.push(full);
        } else if ((e.isFile() || e.isSymbolicLink()) && isSpecFileName(e.name)) {
          found.push(full);
        }
      }
    }
    found.sort();
    for (const f of found) add(f);
  }
  return { files, missing };
}

