/**
 * Compiled validators kept as code, so a schema is compiled by Ajv once per machine instead of
 * once per server start (compiling a big schema costs 100–400 ms; loading its code ~10 ms).
 *
 * A validator's code is Ajv's standalone code generation of the exact Ajv configuration the
 * compiler uses, stored under a key that hashes everything that shapes it: this file's format
 * version, the Ajv and ajv-formats versions, the draft and the schema as compiled (with its
 * `$id`). Two places hold such code, looked up in this order:
 *   1. `dist/validators/<key>.js`, written at build time for the bundled catalog's schemas
 *      (scripts/precompile-validators.mjs; read-only);
 *   2. `$TRAINYARD_HOME/validator-cache/<key>.js`, written by the server after compiling a
 *      schema the build did not know (user and remote schemas).
 * Only code we generated is ever loaded: files are found by key in those two folders, must
 * start with our header naming the same key, and are written atomically. Their `require`
 * resolves only Ajv's runtime helpers and ajv-formats' formats (bundled with the server).
 * V8's code cache of each validator (`<key>.<v8 version>.cache`, user folder) is written after
 * the validator's first run, so later starts skip compiling its functions to bytecode too.
 */
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { createHash } from 'node:crypto';
import { ajvRuntimeModules, asciiCode, builtValidatorDirs, memoizeSubValidators, runAjvCode } from '../../core/ajvCode';

/** Runtime helpers with side effects (the `deprecationMessage` keyword records where it applied). */
const SIDE_EFFECTS = ['trainyard:runtime#recordDeprecation'];

/** Bump when the code generation changes in a way the versions below do not capture. */
export const CACHE_FORMAT = 4;
const HEADER = '// trainyard validator';

export function validatorCacheDir(): string {
  const home = process.env.TRAINYARD_HOME || path.join(os.homedir(), '.trainyard');
  return path.join(home, 'validator-cache');
}

/** dist/validators next to the bundle (undefined when running from the sources without a build). */
export function bundledValidatorsDir(start = __dirname): string | undefined {
  for (const dir of builtValidatorDirs(start)) {
    if (fs.existsSync(path.join(dir, 'index.json'))) return dir;
  }
  return undefined;
}

let versions: string | undefined;
function libraryVersions(): string {
  if (!versions) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ajv = (require('ajv/package.json') as { version: string }).version;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const formats = (require('ajv-formats/package.json') as { version: string }).version;
    versions = `ajv@${ajv} ajv-formats@${formats}`;
  }
  return versions;
}

/** The key of a validator: what it was generated from. `schemaText` is JSON.stringify of the schema as compiled. */
export function validatorKey(draft: string, schemaText: string, options: string): string {
  return createHash('sha256').update(`${CACHE_FORMAT}\n${libraryVersions()}\n${draft}\n${options}\n${schemaText}`).digest('hex').slice(0, 40);
}

export type ValidateFn = ((data: unknown) => boolean) & { errors?: unknown };

export interface LoadedValidator {
  validate: ValidateFn;
  /** Where the code came from. */
  from: 'bundled' | 'cache';
  /** Writes V8's code cache for next time (call after the validator has run once). */
  saveCodeCache(): void;
}

export class ValidatorCache {
  private bundled: string | undefined | null = null;

  constructor(
    private readonly dir: () => string | undefined = validatorCacheDir,
    private readonly bundledDir: () => string | undefined = () => bundledValidatorsDir(),
  ) {}

  private bundledFolder(): string | undefined {
    if (this.bundled === null) this.bundled = this.bundledDir();
    return this.bundled;
  }

  /** The validator stored under `key`, or undefined (absent, damaged, or from another format). */
  load(key: string, runtime: Record<string, unknown>): LoadedValidator | undefined {
    const loaded = this.loadModule(key, '', runtime);
    if (!loaded || typeof loaded.exports !== 'function') return undefined;
    return { validate: loaded.exports as ValidateFn, from: loaded.from, saveCodeCache: loaded.saveCodeCache };
  }

  /** The sub-validators stored with `key` (JSON pointer of an anyOf/oneOf branch → validator). */
  loadSubs(key: string, runtime: Record<string, unknown>): Record<string, ValidateFn> | undefined {
    const loaded = this.loadModule(key, '.subs', runtime);
    if (!loaded || !loaded.exports || typeof loaded.exports !== 'object') return undefined;
    return loaded.exports as Record<string, ValidateFn>;
  }

  private loadModule(key: string, suffix: string, runtime: Record<string, unknown>): LoadedModule | undefined {
    const b = this.bundledFolder();
    const d = this.dir();
    if (d) sweepOnce(d);
    for (const [folder, from] of [
      [b, 'bundled'],
      [d, 'cache'],
    ] as const) {
      if (!folder) continue;
      let code: string;
      try {
        code = fs.readFileSync(path.join(folder, `${key}${suffix}.js`), 'utf8');
      } catch {
        continue;
      }
      const loaded = this.instantiate(key, suffix, code, runtime, from);
      if (loaded) return loaded;
    }
    return undefined;
  }

  private instantiate(key: string, suffix: string, code: string, runtime: Record<string, unknown>, from: 'bundled' | 'cache'): LoadedModule | undefined {
    const firstLine = code.slice(0, code.indexOf('\n'));
    if (firstLine !== `${HEADER} ${CACHE_FORMAT} ${key}`) return undefined;
    const dir = this.dir();
    const codeCacheFile = dir ? path.join(dir, `${key}${suffix}.${process.versions.v8}.cache`) : undefined;
    let cachedData: Buffer | undefined;
    if (codeCacheFile) {
      try {
        cachedData = fs.readFileSync(codeCacheFile);
      } catch {
        cachedData = undefined;
      }
    }
    let script: vm.Script;
    let exports: unknown;
    try {
      ({ exports, script } = runAjvCode(code, `validator-${key}${suffix}.js`, ajvRuntimeModules(runtime), cachedData));
    } catch {
      return undefined;
    }
    const needsCodeCache = !!codeCacheFile && (!cachedData || script.cachedDataRejected === true);
    let saved = false;
    return {
      exports,
      from,
      saveCodeCache: () => {
        if (!needsCodeCache || saved || !codeCacheFile) return;
        saved = true;
        let data: Buffer;
        try {
          data = script.createCachedData();
        } catch {
          return;
        }
        // Synchronously (a few hundred KB, once): a server that exits right after its first
        // answer would otherwise leave a half-written temporary file behind on every start.
        writeAtomicSync(codeCacheFile, data);
      },
    };
  }

  /**
   * Stores a validator's code under `key`, and then its sub-validators' (each in the background,
   * one event-loop turn apart; a cache we cannot write is only slower). Resolves when written.
   */
  store(key: string, standalone: (() => string) | undefined, subs?: () => string): Promise<void> {
    const dir = this.dir();
    if (!dir) return Promise.resolve();
    sweepOnce(dir);
    const write = (suffix: string, text: (key: string, code: string) => string, gen: () => string): Promise<void> => {
      let code: string;
      try {
        code = text(key, gen());
      } catch {
        return Promise.resolve(); // a schema standalone code cannot express (rare): compiled each time
      }
      return writeAtomic(path.join(dir, `${key}${suffix}.js`), code);
    };
    const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
    return (async () => {
      await turn();
      if (standalone) await write('', mainValidatorFileText, standalone);
      if (subs) {
        await turn();
        await write('.subs', validatorFileText, subs);
      }
    })();
  }
}

interface LoadedModule {
  exports: unknown;
  from: 'bundled' | 'cache';
  saveCodeCache(): void;
}

/** The text a cached validator file holds (used by the build step too). */
export function validatorFileText(key: string, standaloneCode: string): string {
  return `${HEADER} ${CACHE_FORMAT} ${key}\n${asciiCode(standaloneCode)}`;
}


/**
 * The text of a main validator's file: its sub-validators rewritten to remember their answers per
 * unchanged object (core/ajvCode.ts), once when written rather than at every load.
 */
export function mainValidatorFileText(key: string, standaloneCode: string): string {
  return validatorFileText(key, memoizeSubValidators(standaloneCode, SIDE_EFFECTS));
}

/**
 * Temporary files of writes in progress (`<file>.<pid>.<random>.tmp`). A server that exits
 * between writing one and renaming it (clients shut servers down right after an answer) removes
 * them on its way out; one killed outright leaves them to the next server's sweep.
 */
const writing = new Set<string>();
let exitHookSet = false;

function tempFor(file: string): string {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writing.add(tmp);
  if (!exitHookSet) {
    exitHookSet = true;
    process.once('exit', () => {
      for (const t of writing) removeQuietly(t);
    });
  }
  return tmp;
}

function done(tmp: string, ok: boolean): void {
  writing.delete(tmp);
  if (!ok) removeQuietly(tmp);
}

function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // only slower next time
  }
}

function writeAtomicSync(file: string, data: Buffer): void {
  const tmp = tempFor(file);
  let ok = false;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
    ok = true;
  } catch {
    // only slower next time
  } finally {
    done(tmp, ok);
  }
}

async function writeAtomic(file: string, data: string | Buffer): Promise<void> {
  const tmp = tempFor(file);
  let ok = false;
  try {
    await fsp.mkdir(path.dirname(file), { recursive: true });
    await fsp.writeFile(tmp, data);
    await fsp.rename(tmp, file);
    ok = true;
  } catch {
    // only slower next time
  } finally {
    done(tmp, ok);
  }
}

/** A temporary file this old is no write in progress (writes take milliseconds)… */
export const STALE_TEMP_MS = 5 * 60_000;
/** …and one this old is not, even when a live process has its writer's pid (pids are reused). */
export const ABANDONED_TEMP_MS = 60 * 60_000;
const TEMP_NAME = /\.(\d+)\.[a-z0-9]*\.tmp$/;

const sweeps = new Map<string, Promise<void>>();

/** Sweeps `dir` once per process, in the background, the first time the cache uses it. */
function sweepOnce(dir: string): void {
  if (!sweeps.has(dir)) sweeps.set(dir, sweepStaleTemps(dir));
}

/** The sweep of `dir` this process started (tests wait for it), if any. */
export function sweepOf(dir: string): Promise<void> | undefined {
  return sweeps.get(dir);
}

/**
 * Deletes the temporary files earlier servers left in `dir`: those older than STALE_TEMP_MS
 * whose writer (the pid in the name) is gone, and any older than ABANDONED_TEMP_MS. A file some
 * live process may be writing right now is never touched: it is recent, or its writer lives.
 */
export async function sweepStaleTemps(dir: string, now = Date.now()): Promise<void> {
  let names: string[];
  try {
    names = await fsp.readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.endsWith('.tmp')) continue;
    const file = path.join(dir, name);
    if (writing.has(file)) continue;
    try {
      const age = now - (await fsp.stat(file)).mtimeMs;
      if (age < STALE_TEMP_MS) continue;
      const pid = Number(TEMP_NAME.exec(name)?.[1]);
      if (age < ABANDONED_TEMP_MS && Number.isInteger(pid) && pid > 0 && isAlive(pid)) continue;
      await fsp.rm(file, { force: true });
    } catch {
      // gone meanwhile, or not ours to delete
    }
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists (another user's)
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
