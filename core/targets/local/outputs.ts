/**
 * Copying a job's outputs: the spec's `outputs` paths and globs (relative to the workdir) and
 * the job's own outputs/ folder (TRAINYARD_OUTPUT_DIR).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export function hasGlob(p: string): boolean {
  return /[*?[]/.test(p);
}

/** Glob → RegExp over `/`-separated relative paths: `*`, `?`, `[...]`, `**` (any depth). */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        let cls = glob.slice(i + 1, end).replace(/\\/g, '\\\\');
        if (cls.startsWith('!')) cls = '^' + cls.slice(1);
        re += `[${cls}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function walk(root: string, rel: string, out: string[], limit: number): void {
  if (out.length >= limit) return;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    out.push(r);
    if (e.isDirectory() && e.name !== '.git' && e.name !== 'node_modules') walk(root, r, out, limit);
  }
}

/** Relative paths under `root` matched by `pattern` (a plain path matches itself when it exists). */
export function expandOutput(root: string, pattern: string): string[] {
  const p = pattern.replace(/^\.\//, '').replace(/\/+$/, '');
  if (!hasGlob(p)) return fs.existsSync(path.resolve(root, p)) ? [p] : [];
  const re = globToRegExp(p);
  const all: string[] = [];
  walk(root, '', all, 200_000);
  const hits = all.filter((r) => re.test(r));
  // Drop matches inside an already matched folder (the folder is copied whole).
  hits.sort();
  return hits.filter((h, i) => !hits.slice(0, i).some((d) => h.startsWith(d + '/')));
}

/** Where `rel` lands under `dest`; paths that would leave `dest` keep only their base name. */
export function destFor(dest: string, rel: string): string {
  const target = path.resolve(dest, rel);
  const d = path.resolve(dest);
  return target === d || target.startsWith(d + path.sep) ? target : path.join(d, path.basename(rel));
}

export function copyInto(src: string, target: string): void {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.cpSync(src, target, { recursive: true, force: true, dereference: false, errorOnExist: false });
}
