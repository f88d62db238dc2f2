/**
 * A simple reading of `.gitignore` and `.trainyardignore` (gitignore(5) rules kept: comments,
 * `!` negation, trailing `/` for folders only, a `/` at the start or in the middle anchors the
 * pattern to the ignore file's folder, `*` `?` `[...]` `**`; the last matching rule wins, and
 * the files of each folder apply to its subtree). `.git/` is never shipped.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const IGNORE_FILES = ['.gitignore', '.trainyardignore'];
export const ALWAYS_IGNORED = new Set(['.git']);

interface Rule {
  re: RegExp;
  negate: boolean;
  dirOnly: boolean;
  /** Folder (relative to the workdir, '' for the root) whose ignore file holds the rule. */
  base: string;
}

function globToRe(glob: string): string {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` any folders, `/**` everything below, `**` anything
        i++;
        if (glob[i + 1] === '/') {
          i++;
          re += '(?:.*/)?';
        } else re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += '[' + glob.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\') + ']';
        i = end;
      }
    } else if (c === '\\' && i + 1 < glob.length) re += '\\' + glob[++i];
    else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return re;
}

export function parseIgnore(text: string, base: string): Rule[] {
  const rules: Rule[] = [];
  for (let line of text.split(/\r?\n/)) {
    if (!line.trim() || line.startsWith('#')) continue;
    line = line.replace(/(?<!\\)\s+$/, '');
    let negate = false;
    if (line.startsWith('!')) {
      negate = true;
      line = line.slice(1);
    }
    let dirOnly = false;
    if (line.endsWith('/')) {
      dirOnly = true;
      line = line.slice(0, -1);
    }
    if (!line) continue;
    const anchored = line.includes('/');
    if (line.startsWith('/')) line = line.slice(1);
    const body = globToRe(line);
    rules.push({ re: new RegExp('^' + (anchored ? body : '(?:.*/)?' + body) + '$', 's'), negate, dirOnly, base });
  }
  return rules;
}

/** Walks ignore files folder by folder; `ignored(rel, isDir)` asks with a path relative to the root. */
export class IgnoreMatcher {
  private readonly rules = new Map<string, Rule[]>();
  constructor(private readonly root: string) {}

  /** Loads the ignore files of folder `rel` (call before asking about its entries). */
  enter(rel: string): void {
    const rules: Rule[] = [];
    for (const name of IGNORE_FILES) {
      try {
        rules.push(...parseIgnore(fs.readFileSync(path.join(this.root, rel, name), 'utf8'), rel));
      } catch {
        // no such file
      }
    }
    this.rules.set(rel, rules);
  }

  ignored(rel: string, isDir: boolean): boolean {
    const name = rel.slice(rel.lastIndexOf('/') + 1);
    if (ALWAYS_IGNORED.has(name) && isDir) return true;
    // Rules from the root down; within a folder, file order; the last match wins.
    const parts = rel.split('/');
    let verdict = false;
    for (let i = 0; i < parts.length; i++) {
      const base = parts.slice(0, i).join('/');
      const sub = parts.slice(i).join('/');
      for (const r of this.rules.get(base) ?? []) {
        if (r.dirOnly && !isDir) continue;
        if (r.re.test(sub)) verdict = !r.negate;
      }
    }
    return verdict;
  }
}
