/**
 * The launch flow's override box: `K=V` pairs become environment variables, dotted paths
 * (`resources.gpus=2`) become `--set` overrides of the spec. Values may be quoted. No `vscode`.
 */

export interface Overrides {
  env: Record<string, string>;
  set: Array<{ path: string; value: string }>;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PATH = /^[A-Za-z_][\w-]*(\.[\w-]+|\[\d+\])+$/;

/** Splits on whitespace outside single or double quotes; quotes are removed. */
export function splitWords(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | undefined;
  let has = false;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      has = true;
    } else if (/\s/.test(ch)) {
      if (has || cur) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += ch;
      has = true;
    }
  }
  if (quote) throw new Error(`unclosed ${quote} quote`);
  if (has || cur) out.push(cur);
  return out;
}

/** Parses the override box; throws with a message for the input box on bad input. */
export function parseOverrides(text: string): Overrides {
  const result: Overrides = { env: {}, set: [] };
  for (const word of splitWords(text)) {
    const eq = word.indexOf('=');
    if (eq <= 0) throw new Error(`\`${word}\` is not KEY=VALUE (e.g. LR=0.01 or resources.gpus=2)`);
    let key = word.slice(0, eq);
    const value = word.slice(eq + 1);
    if (key.startsWith('env.')) key = key.slice(4);
    if (ENV_NAME.test(key)) result.env[key] = value;
    else if (PATH.test(key)) result.set.push({ path: key, value });
    else throw new Error(`\`${key}\` is neither an environment variable name nor a spec path such as resources.gpus`);
  }
  return result;
}

/** `LR=0.01 resources.gpus=2` (quoted where needed) — the inverse, for the box's value. */
export function formatOverrides(o: Overrides): string {
  const q = (s: string) => (/[\s"']/.test(s) || s === '' ? `'${s.replace(/'/g, `'"'"'`)}'` : s);
  return [...Object.entries(o.env).map(([k, v]) => `${k}=${q(v)}`), ...o.set.map((s) => `${s.path}=${q(s.value)}`)].join(' ');
}
