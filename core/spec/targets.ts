/**
 * Why a `target` string is not one (parseTarget's precise reason) and, for the usual slips
 * (`kubernetes:ctx/ns`, `ssh://host`, `localhost`, a bare host name), the target that was meant.
 */
import { parseTarget } from '../targets/parse';
import { isTrainyardError } from '../errors';
import { editDistance } from './suggest';

export interface BadTarget {
  message: string;
  suggestion?: string;
}

/** undefined when `text` is a valid target. */
export function badTarget(text: string): BadTarget | undefined {
  let why: string;
  try {
    parseTarget(text);
    // parseTarget trims; the schema does not (a target with spaces around it is still a slip)
    if (text === text.trim()) return undefined;
    why = `invalid target \`${text}\`: remove the spaces around it`;
  } catch (e) {
    if (!isTrainyardError(e)) throw e;
    why = e.message;
  }
  const suggestion = meantTarget(text);
  return suggestion ? { message: `${why}; did you mean \`${suggestion}\`?`, suggestion } : { message: why };
}

const valid = (t: string): boolean => {
  try {
    parseTarget(t);
    return true;
  } catch {
    return false;
  }
};

/** The target a slip most likely meant, when it is a valid one. */
function meantTarget(text: string): string | undefined {
  const t = text.trim();
  const guesses: string[] = [];
  if (t !== text) guesses.push(t);
  // `local` and its slips (`Local`, `locl`, `lokal`, `localhost`)
  if (/^(local|localhost|127\.0\.0\.1|::1)$/i.test(t) || editDistance(t.toLowerCase(), 'local', 1) <= 1) guesses.push('local');
  let m = /^(?:kubernetes|kube|k8s|k8)\s*(?::\/\/|:|\/)\s*(.+)$/i.exec(t);
  if (m) {
    guesses.push(`k8s:${m[1].replace(/\/+$/, '')}`);
  }
  m = /^(?:ssh)\s*(?::\/\/|:|\/)\s*(.+?)\/*$/i.exec(t);
  if (m) guesses.push(`ssh:${m[1]}`);
  // a bare host name or user@host: an SSH host
  if (/^([A-Za-z0-9_.-]+@)?[A-Za-z0-9][A-Za-z0-9_.-]*(:\d{1,5})?$/.test(t) && !/^(local|localhost)$/i.test(t)) guesses.push(`ssh:${t}`);
  return guesses.find((g) => g !== text && valid(g));
}
