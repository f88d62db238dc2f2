// Shared by the YAML tests: the repository's YAML files, and seeded generators of config-like YAML
// texts and of mutations of them.
import * as fs from 'node:fs';
import * as path from 'node:path';

export { seededRandom as rng } from '../../core/orchestrate/plan';

/** Every YAML file under `dir` (no node_modules, dist or dot folders) smaller than `maxBytes`. */
export function yamlFiles(dir: string, maxBytes = 2_000_000, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.') || e.name === 'dist') continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yamlFiles(p, maxBytes, out);
    else if (/\.ya?ml$/.test(e.name) && fs.statSync(p).size < maxBytes) out.push(p);
  }
  return out;
}

const WORDS = ['name', 'image', 'run', 'python train.py --lr 0.1', 'true', 'null', '~', '42', '-3', '1.5e3', '0x1F', '.inf', 'a b c', 'x:y', 'http://h/p?q=1', 'a#b', "it's", 'say "hi"', 'tab\\there', 'é ü 中文', '😀', '--flag', '-x', '', ' lead', 'trail ', 'on', 'yes', '2024-01-01', '@at', '`tick`', '%pct', 'a: b', 'k #c', '[x]', '{y}', 'a,b'];

function scalar(r: () => number, key: boolean): string {
  const w = WORDS[Math.floor(r() * WORDS.length)];
  const style = r();
  if (key) {
    if (style < 0.15) return JSON.stringify(w);
    if (style < 0.2) return `'${w.replace(/'/g, "''")}'`;
    return /^[A-Za-z0-9_]+$/.test(w) ? w : `k${Math.floor(r() * 100)}`;
  }
  if (style < 0.2) return JSON.stringify(w);
  if (style < 0.3) return `'${w.replace(/'/g, "''")}'`;
  return w;
}

/** A config-like YAML text in a random mix of styles. */
export function generate(r: () => number): string {
  const lines: string[] = [];
  const step = [2, 2, 2, 4, 3][Math.floor(r() * 5)];
  const emit = (indent: number, depth: number, first: string | null): void => {
    const n = 1 + Math.floor(r() * 4);
    const seq = r() < 0.35;
    for (let i = 0; i < n; i++) {
      const pad = i === 0 && first !== null ? first : ' '.repeat(indent);
      const head = seq ? `${pad}- ` : `${pad}${scalar(r, true)}:`;
      const x = r();
      if (r() < 0.1) lines.push(`${' '.repeat(indent)}# comment ${i}`);
      if (r() < 0.05) lines.push('');
      if (depth < 4 && x < 0.3) {
        if (seq && r() < 0.5) {
          // compact mapping in a sequence entry
          emit(indent + 2, depth + 1, `${pad}- `);
        } else {
          lines.push(seq ? `${pad}-` : head);
          const nested = seq || r() < 0.8 ? indent + step : indent;
          emit(nested, depth + 1, null);
        }
      } else if (x < 0.4) {
        const ind = r() < 0.1 ? '' : ' '.repeat(indent + step);
        lines.push(`${seq ? head : `${head} `}${['|', '>', '|-', '>+', '|+', '>-'][Math.floor(r() * 6)]}${r() < 0.1 ? ' # c' : ''}`);
        const m = Math.floor(r() * 4);
        for (let j = 0; j < m; j++) lines.push(r() < 0.2 ? (r() < 0.5 ? '' : `${ind}  `) : `${ind}${r() < 0.2 ? '  ' : ''}line ${j} # not a comment`);
      } else if (x < 0.5) {
        const items = Array.from({ length: Math.floor(r() * 4) }, () => scalar(r, false) || 'v');
        const body = r() < 0.5 ? `[${items.join(', ')}]` : `{${items.map((v, j) => `k${j}: ${v}`).join(', ')}}`;
        lines.push(`${seq ? head : `${head} `}${body}${r() < 0.2 ? ' # c' : ''}`);
      } else if (x < 0.55) {
        lines.push(seq ? `${pad}-` : head);
      } else {
        const v = scalar(r, false);
        lines.push(`${seq ? head : `${head} `}${v}${r() < 0.15 ? '   # trailing' : ''}`.replace(/\s+$/, r() < 0.9 ? '' : '  '));
      }
    }
  };
  const docs = r() < 0.15 ? 2 : 1;
  for (let d = 0; d < docs; d++) {
    if (d > 0 || r() < 0.2) lines.push(r() < 0.8 ? '---' : '--- # doc');
    emit(r() < 0.1 ? 2 : 0, 0, null);
  }
  return lines.join('\n') + (r() < 0.9 ? '\n' : '');
}

const INSERTS = [':', ': ', '-', '- ', ' ', '  ', '#', ' #', '"', "'", '|', '>', '[', ']', '{', '}', ',', '\n', '&a ', '*a', '!t ', 'x', '1', '\\', '?', '---\n', '\t', '\r', '...\n', '<<: ', '%', '\u00a0', '\ud800'];

export function mutate(text: string, r: () => number): string {
  const at = Math.floor(r() * (text.length + 1));
  const k = r();
  if (k < 0.35) return text.slice(0, at) + INSERTS[Math.floor(r() * INSERTS.length)] + text.slice(at);
  if (k < 0.6) return text.slice(0, at) + text.slice(at + 1 + Math.floor(r() * 3));
  const lines = text.split('\n');
  const i = Math.floor(r() * lines.length);
  if (k < 0.75) lines[i] = `  ${lines[i]}`;
  else if (k < 0.85) lines[i] = lines[i].replace(/^ {1,2}/, '');
  else if (k < 0.93) lines.splice(i, 0, lines[i]);
  else lines.splice(i, 1);
  return lines.join('\n');
}

