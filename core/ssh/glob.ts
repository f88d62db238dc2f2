/**
 * A small glob for ssh_config `Include`: `*` and `?` within one path segment, sorted like
 * glob(3). Missing folders give no files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { matchPattern } from './patterns';

export function globFiles(pattern: string): string[] {
  const abs = path.resolve(pattern);
  const root = path.parse(abs).root;
  const parts = abs.slice(root.length).split(path.sep).filter(Boolean);
  let current = [root];
  parts.forEach((part) => {
    const next: string[] = [];
    for (const dir of current) {
      if (!/[*?]/.test(part)) {
        next.push(path.join(dir, part));
        continue;
      }
      let names: string[] = [];
      try {
        names = fs.readdirSync(dir).sort();
      } catch {
        continue;
      }
      for (const n of names) if (!(n.startsWith('.') && !part.startsWith('.')) && matchPattern(n, part, false)) next.push(path.join(dir, n));
    }
    current = next;
  });
  return current.filter((f) => {
    try {
      return fs.statSync(f).isFile();
    } catch {
      return false;
    }
  });
}
