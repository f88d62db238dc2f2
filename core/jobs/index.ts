/**
 * The local job index, `$TRAINYARD_HOME/index.jsonl`: one JSON line per job this machine
 * launched or listed ({id, target, name, createdAt}); append-only, the last line for an id
 * wins. It is a cache: job state lives where the job runs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface IndexEntry {
  id: string;
  target: string;
  name: string;
  createdAt: string;
}

export class JobIndex {
  readonly file: string;
  constructor(readonly home: string) {
    this.file = path.join(home, 'index.jsonl');
  }

  record(e: IndexEntry): void {
    fs.mkdirSync(this.home, { recursive: true });
    const line = JSON.stringify({ id: e.id, target: e.target, name: e.name, createdAt: e.createdAt }) + '\n';
    // One small O_APPEND write per entry: concurrent writers do not interleave lines.
    fs.appendFileSync(this.file, line);
  }

  /** Every indexed job (last entry per id), newest first. */
  all(): IndexEntry[] {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const byId = new Map<string, IndexEntry>();
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const v = JSON.parse(line) as Partial<IndexEntry>;
        if (typeof v.id === 'string' && typeof v.target === 'string') {
          byId.delete(v.id);
          byId.set(v.id, { id: v.id, target: v.target, name: String(v.name ?? v.id), createdAt: String(v.createdAt ?? '') });
        }
      } catch {
        // a torn or foreign line: skip it
      }
    }
    return [...byId.values()].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  }

  lookup(id: string): IndexEntry | undefined {
    return this.all().find((e) => e.id === id);
  }
}
