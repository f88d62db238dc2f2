/**
 * YAML 1.2 allows tabs as separation (after `:`, `,`, `[`, before `#`, between flow items…) but
 * not as indentation; js-yaml refuses some separating tabs ("deficient indentation"). This turns
 * exactly the separating tabs into spaces — one character for one, so every offset stays — and
 * leaves tabs in indentation (an error the parser reports), in quoted and block scalars, and
 * inside plain scalars (`hello<TAB>world` keeps its tab).
 */

const BEFORE_SEPARATION = new Set([':', ',', '[', ']', '{', '}', '-', '?', ' ', '\t']);

export function separatingTabsToSpaces(text: string): string {
  if (text.indexOf('\t') < 0) return text;
  const out = text.split('');
  let quote: '"' | "'" | null = null;
  let flow = 0;
  let blockIndent = -1; // inside a block scalar whose parent line had this indentation
  let i = 0;
  const n = text.length;
  while (i < n) {
    // ---- a new line ----
    const le = text.indexOf('\n', i) < 0 ? n : text.indexOf('\n', i);
    let indent = 0;
    while (i + indent < le && text[i + indent] === ' ') indent++;
    if (blockIndent >= 0 && !quote) {
      const rest = text.slice(i + indent, le);
      if (/^[\t\r]*$/.test(rest) || indent > blockIndent) {
        i = le + 1;
        continue;
      }
      blockIndent = -1;
    }
    let j = i + indent;
    // Tabs in a line's leading whitespace are indentation (an error the parser reports), never
    // separation; inside a quoted scalar they are content. Either way they stay.
    if (!quote) while (j < le && (text[j] === '\t' || text[j] === ' ')) j++;
    let tokenStart = true;
    for (; j < le; j++) {
      const c = text[j]!;
      if (quote === '"') {
        if (c === '\\') j++;
        else if (c === '"') quote = null;
        continue;
      }
      if (quote === "'") {
        if (c === "'" && text[j + 1] === "'") j++;
        else if (c === "'") quote = null;
        continue;
      }
      if (c === '\t') {
        const prev = j > i ? text[j - 1]! : ' ';
        let k = j;
        while (k < le && (text[k] === '\t' || text[k] === ' ')) k++;
        const next = k < le ? text[k]! : '\n';
        const separating =
          BEFORE_SEPARATION.has(prev) || next === '#' || next === '\n' || next === '\r' || (flow > 0 && (next === ',' || next === ']' || next === '}')) || (next === ':' && /[\s]/.test(text[k + 1] ?? '\n'));
        if (separating) out[j] = ' ';
        // The rest of this run of blanks follows a tab, so its tabs separate too: decided at
        // once (one scan per run, not one per tab, which was quadratic on long runs).
        for (let m = j + 1; m < k; m++) if (text[m] === '\t') out[m] = ' ';
        j = k - 1;
        tokenStart = true;
        continue;
      }
      if (c === ' ') {
        tokenStart = true;
        continue;
      }
      if (c === '#' && tokenStart) break; // a comment: the rest of the line
      if (tokenStart && (c === '"' || c === "'")) quote = c;
      else if (c === '[' || c === '{') flow++;
      else if ((c === ']' || c === '}') && flow > 0) flow--;
      else if (tokenStart && flow === 0 && (c === '|' || c === '>') && /^[|>][0-9+-]*[ \t]*(#.*)?\r?$/.test(text.slice(j, le))) {
        blockIndent = indent;
        break;
      }
      tokenStart = c === ':' || c === ',' || c === '[' || c === '{' || c === '-' || c === '?';
    }
    i = le + 1;
  }
  return out.join('');
}
