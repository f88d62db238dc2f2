/**
 * `--set resources.gpus=2`, `--set env.LR=0.1`: dotted paths into the parsed document, values
 * read as YAML scalars or flow collections (`[1, 2]`, `{secret: HF_TOKEN}`), applied before
 * validation.
 */
import { yamlLib } from '../yamlLib';
import type { Problem } from './model';
import { FILE_START, childPointer, makeProblem } from './positions';

export interface Override {
  path: string;
  value: string;
}

export interface Overridden {
  value: unknown;
  problems: Problem[];
  /** Pointer set by each override → the override as written (`resources.gpus=2`). */
  pointers: Map<string, string>;
}

/** Splits `a.b[0]."c.d"` into segments; undefined when malformed. */
export function parseOverridePath(p: string): string[] | undefined {
  const segs: string[] = [];
  let i = 0;
  let expectSep = false;
  while (i < p.length) {
    const c = p[i];
    if (expectSep) {
      if (c === '.') {
        i++;
        expectSep = false;
        if (i >= p.length) return undefined;
        continue;
      }
      if (c !== '[') return undefined;
    }
    if (c === '[') {
      const close = p.indexOf(']', i);
      if (close < 0) return undefined;
      const idx = p.slice(i + 1, close).trim();
      if (!/^(0|[1-9][0-9]*)$/.test(idx)) return undefined;
      segs.push(idx);
      i = close + 1;
      expectSep = true;
    } else if (c === '"' || c === "'") {
      const close = p.indexOf(c, i + 1);
      if (close < 0) return undefined;
      segs.push(p.slice(i + 1, close));
      i = close + 1;
      expectSep = true;
    } else {
      let j = i;
      while (j < p.length && p[j] !== '.' && p[j] !== '[') j++;
      const seg = p.slice(i, j).trim();
      if (!seg) return undefined;
      segs.push(seg);
      i = j;
      expectSep = true;
    }
  }
  return segs.length ? segs : undefined;
}

/** Reads an override's value as YAML (`2` → 2, `true` → true, `"2"` → "2", `` → ""). */
export function parseOverrideValue(text: string): { value?: unknown; error?: string } {
  if (text.trim() === '') return { value: '' };
  const doc = yamlLib().parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) return { error: doc.errors[0].message.replace(/\s*at line[\s\S]*$/, '').replace(/\.$/, '') };
  return { value: doc.toJS({ maxAliasCount: 10 }) };
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `a ${typeof v}`;
}

export function applyOverrides(root: unknown, overrides: Override[], file: string): Overridden {
  const problems: Problem[] = [];
  const pointers = new Map<string, string>();
  let value: unknown = root === undefined || root === null ? {} : structuredClone(root);
  for (const o of overrides) {
    const written = `${o.path}=${o.value}`;
    const bad = (why: string) =>
      problems.push(makeProblem(file, 'bad-override', `cannot apply \`--set ${written}\`: ${why}`, FILE_START));
    const segs = parseOverridePath(o.path);
    if (!segs) {
      bad('write the path as dotted keys, such as `resources.gpus` or `env.LR` (list items as `outputs[0]`)');
      continue;
    }
    const parsed = parseOverrideValue(o.value);
    if (parsed.error !== undefined) {
      bad(`the value is not valid YAML (${parsed.error}); quote it, e.g. '${o.path}="${o.value}"'`);
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      bad('the document is not a mapping');
      continue;
    }
    let cur: any = value;
    let pointer = '';
    let ok = true;
    for (let i = 0; i < segs.length; i++) {
      const seg = segs[i];
      const last = i === segs.length - 1;
      const done = segs.slice(0, i).join('.');
      if (Array.isArray(cur)) {
        if (!/^(0|[1-9][0-9]*)$/.test(seg) || Number(seg) > cur.length) {
          bad(`\`${done}\` is a list with ${cur.length} item${cur.length === 1 ? '' : 's'}; use an index from 0 to ${cur.length}`);
          ok = false;
          break;
        }
      } else if (cur === null || typeof cur !== 'object') {
        bad(`\`${done}\` is ${typeName(cur)}, not a mapping, so it has no \`${seg}\``);
        ok = false;
        break;
      }
      pointer = childPointer(pointer, seg);
      const key = Array.isArray(cur) ? Number(seg) : seg;
      if (last) {
        cur[key] = parsed.value;
      } else {
        if (cur[key] === undefined || cur[key] === null) cur[key] = {};
        cur = cur[key];
      }
    }
    if (ok) pointers.set(pointer, written);
  }
  return { value, problems, pointers };
}
