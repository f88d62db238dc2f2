/**
 * What a diagnostic carries in `data` for quick fixes (server/codeActions.ts): the replacement a
 * "did you mean" offers, or the object and the key a "missing required property" lacks.
 */
import type { Diagnostic } from 'vscode-languageserver';
import { parentPointer, splitPointer } from '../core/yaml';

export interface FixData {
  /** A replacement for the diagnostic's range (a key or a value). */
  suggestion?: string;
  /** The JSON pointer of the object that lacks `missing`. */
  object?: string;
  /** A required key the object lacks. */
  missing?: string;
}

export function fixDataOf(d: Diagnostic): FixData | undefined {
  const v = d.data;
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  const out: FixData = {};
  if (typeof o.suggestion === 'string' && o.suggestion) out.suggestion = o.suggestion;
  if (typeof o.missing === 'string' && typeof o.object === 'string') {
    out.missing = o.missing;
    out.object = o.object;
  }
  return out.suggestion !== undefined || out.missing !== undefined ? out : undefined;
}

/** Data for a core/spec problem: its suggestion, or (missing-required at `/obj/key`) the object and key. */
export function specFixData(p: { code: string; pointer?: string; suggestion?: string }): FixData | undefined {
  if (p.code === 'missing-required' && p.pointer !== undefined && p.pointer !== '') {
    const segs = splitPointer(p.pointer);
    return { object: parentPointer(p.pointer), missing: segs[segs.length - 1] };
  }
  return p.suggestion ? { suggestion: p.suggestion } : undefined;
}
