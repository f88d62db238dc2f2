/**
 * Loading schema documents: bundled (catalog), local files and remote http(s) URLs. A remote
 * schema is fetched once and kept on disk (`$TRAINYARD_HOME/schema-cache`, default
 * ~/.trainyard), then read from there, so it keeps working offline. Failures are values, not
 * exceptions: the caller turns them into one diagnostic.
 */
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { load as loadYaml, CORE_SCHEMA } from 'js-yaml';
import { fileStamp } from '../../core/spec/machine';

export type LoadResult = { ok: true; schema: unknown; source: string } | { ok: false; error: string };

export function schemaCacheDir(): string {
  const home = process.env.TRAINYARD_HOME || path.join(os.homedir(), '.trainyard');
  return path.join(home, 'schema-cache');
}

export class SchemaLoader {
  private readonly loaded = new Map<string, Promise<LoadResult>>();
  /** Local schema files loaded: URI → path and the stamp they had when read. */
  private readonly files = new Map<string, { file: string; stamp: string }>();

  constructor(private readonly cacheDir: () => string = schemaCacheDir) {}

  /** Loads `uri` (file: or http(s):), once per server unless `forget` is called. */
  load(uri: string): Promise<LoadResult> {
    let p = this.loaded.get(uri);
    if (!p) {
      p = this.doLoad(uri);
      this.loaded.set(uri, p);
    }
    return p;
  }

  /** Loads `uri` again next time. */
  forget(uri: string): void {
    this.loaded.delete(uri);
    this.files.delete(uri);
  }

  /** Whether `uri` is a local file read (or found missing) by `load` that has changed on disk since. */
  changed(uri: string): boolean {
    const f = this.files.get(uri);
    return f !== undefined && fileStamp(f.file) !== f.stamp;
  }

  /** The local schema files loaded so far (URIs). */
  localUris(): string[] {
    return [...this.files.keys()];
  }

  private async doLoad(uri: string): Promise<LoadResult> {
    if (/^https?:/i.test(uri)) return this.loadRemote(uri);
    let file: string;
    try {
      file = uri.startsWith('file:') ? fileURLToPath(uri) : uri;
    } catch {
      return { ok: false, error: `cannot load schema ${uri}: not a file path or URL` };
    }
    // a relative modeline path written URL-encoded (`my%20schemas/s.json`) names the decoded file
    // when there is no file by the literal name
    if (/%[0-9a-f]{2}/i.test(file) && !fs.existsSync(file)) {
      let decoded: string | undefined;
      try {
        decoded = decodeURIComponent(file);
      } catch {
        decoded = undefined;
      }
      if (decoded && fs.existsSync(decoded)) file = decoded;
    }
    // stamped before reading: a change while reading is seen next time
    this.files.set(uri, { file, stamp: fileStamp(file) });
    try {
      const text = await fsp.readFile(file, 'utf8');
      return parseSchema(text, uri);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return { ok: false, error: code === 'ENOENT' ? `schema file ${file} does not exist` : `cannot read schema ${file}: ${(e as Error).message}` };
    }
  }

  /** Whether a remote schema is in the on-disk cache (usable without downloading). */
  isCached(url: string): boolean {
    return this.loaded.has(url) || fs.existsSync(this.cachePath(url));
  }

  private cachePath(url: string): string {
    return path.join(this.cacheDir(), createHash('sha256').update(url).digest('hex').slice(0, 32) + '.json');
  }

  private async loadRemote(url: string): Promise<LoadResult> {
    const cached = this.cachePath(url);
    if (fs.existsSync(cached)) {
      try {
        return parseSchema(await fsp.readFile(cached, 'utf8'), url);
      } catch {
        // unreadable cache entry: fetch again
      }
    }
    let text: string;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(15_000), headers: { accept: 'application/schema+json, application/json' } });
      if (!res.ok) return { ok: false, error: `cannot download schema ${url}: HTTP ${res.status}` };
      text = await res.text();
    } catch (e) {
      return { ok: false, error: `cannot download schema ${url} (offline, and not in the cache): ${(e as Error).message}` };
    }
    const parsed = parseSchema(text, url);
    if (parsed.ok) {
      try {
        await fsp.mkdir(path.dirname(cached), { recursive: true });
        const tmp = `${cached}.${process.pid}.tmp`;
        await fsp.writeFile(tmp, text);
        await fsp.rename(tmp, cached);
      } catch {
        // a cache we cannot write is only slower
      }
    }
    return parsed;
  }
}

function parseSchema(text: string, source: string): LoadResult {
  let schema: unknown;
  // a schema may be written in YAML (*.yaml / *.yml); JSON is also YAML, so either reads there
  const yamlSource = /\.ya?ml(?:[?#].*)?$/i.test(source);
  try {
    schema = yamlSource ? loadYaml(text, { schema: CORE_SCHEMA }) : JSON.parse(text.replace(/^\ufeff/, ''));
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0];
    return { ok: false, error: `schema ${source} is not valid ${yamlSource ? 'YAML' : 'JSON'}: ${msg}` };
  }
  if (typeof schema !== 'boolean' && (schema === null || typeof schema !== 'object' || Array.isArray(schema))) {
    return { ok: false, error: `schema ${source} is not a JSON Schema (expected an object)` };
  }
  return { ok: true, schema, source };
}
