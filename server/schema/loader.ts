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

export type LoadResult = { ok: true; schema: unknown; source: string } | { ok: false; error: string };

export function schemaCacheDir(): string {
  const home = process.env.TRAINYARD_HOME || path.join(os.homedir(), '.trainyard');
  return path.join(home, 'schema-cache');
}

export class SchemaLoader {
  private readonly loaded = new Map<string, Promise<LoadResult>>();

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

  /** Loaded already (no waiting)? Returns the settled result when known. */
  forget(uri: string): void {
    this.loaded.delete(uri);
  }

  private async doLoad(uri: string): Promise<LoadResult> {
    if (/^https?:/i.test(uri)) return this.loadRemote(uri);
    let file: string;
    try {
      file = uri.startsWith('file:') ? fileURLToPath(uri) : uri;
    } catch {
      return { ok: false, error: `cannot load schema ${uri}: not a file path or URL` };
    }
    try {
      const text = await fsp.readFile(file, 'utf8');
      return parseSchema(text, uri);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return { ok: false, error: code === 'ENOENT' ? `schema file ${file} does not exist` : `cannot read schema ${file}: ${(e as Error).message}` };
    }
  }

  private async loadRemote(url: string): Promise<LoadResult> {
    const cached = path.join(this.cacheDir(), createHash('sha256').update(url).digest('hex').slice(0, 32) + '.json');
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
  try {
    schema = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `schema ${source} is not valid JSON: ${(e as Error).message}` };
  }
  if (typeof schema !== 'boolean' && (schema === null || typeof schema !== 'object' || Array.isArray(schema))) {
    return { ok: false, error: `schema ${source} is not a JSON Schema (expected an object)` };
  }
  return { ok: true, schema, source };
}
