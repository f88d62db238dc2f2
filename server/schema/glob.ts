/**
 * File globs of the catalog and of `trainyard.schemas`: `*`, `**`, `?`, `{a,b}`. A glob with no
 * `/` matches the file name anywhere (as yaml.schemas and SchemaStore's fileMatch do).
 */
const cache = new Map<string, RegExp>();

export function globToRegExp(glob: string): RegExp {
  let re = cache.get(glob);
  if (re) return re;
  let g = glob.replace(/\\/g, '/');
  const anchored = g.includes('/');
  if (g.startsWith('./')) g = g.slice(2);
  let out = '';
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '*') {
      if (g[i + 1] === '*') {
        i++;
        if (g[i + 1] === '/') {
          i++;
          out += '(?:.*/)?';
        } else out += '.*';
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '{') {
      const close = g.indexOf('}', i);
      if (close < 0) out += '\\{';
      else {
        out += '(?:' + g.slice(i + 1, close).split(',').map(escape).join('|') + ')';
        i = close;
      }
    } else out += escape(c);
  }
  re = new RegExp((anchored ? (g.startsWith('/') ? '^' : '(?:^|/)') : '(?:^|/)') + out + '$', 'i');
  cache.set(glob, re);
  return re;
}

function escape(s: string): string {
  return s.replace(/[.+^$()|[\]\\]/g, '\\$&');
}

/** Whether `path` (a file path or URI path, `/` separated) matches `glob`. Leading `!` negates. */
export function matchGlob(glob: string, path: string): boolean {
  if (glob.startsWith('!')) return !globToRegExp(glob.slice(1)).test(path);
  return globToRegExp(glob).test(path);
}
