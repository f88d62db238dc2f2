/**
 * Secret masking for `render`, `--json` output and log streams.
 */
export const MASK = '***';

function secretList(secrets: Iterable<string> | Record<string, string>): string[] {
  const vals = Symbol.iterator in Object(secrets) ? [...(secrets as Iterable<string>)] : Object.values(secrets);
  // Longest first so a secret that contains another is masked whole.
  return [...new Set(vals.filter((v) => typeof v === 'string' && v.length > 0))].sort((a, b) => b.length - a.length);
}

/** Replaces every occurrence of every (non-empty) secret value in `text` with `***`. */
export function maskSecrets(text: string, secrets: Iterable<string> | Record<string, string>): string {
  let out = text;
  for (const s of secretList(secrets)) out = out.split(s).join(MASK);
  return out;
}

/**
 * Masks secrets in a byte stream cut into arbitrary chunks: holds back up to
 * `maxSecretLen - 1` bytes so a secret split across chunks is still masked. Call `flush()` at
 * the end to get the held-back tail.
 */
export class StreamMasker {
  private readonly secrets: Buffer[];
  private readonly keep: number;
  private held: Buffer = Buffer.alloc(0);
  private static readonly maskBuf = Buffer.from(MASK);

  constructor(secrets: Iterable<string> | Record<string, string>) {
    this.secrets = secretList(secrets).map((s) => Buffer.from(s, 'utf8'));
    this.keep = this.secrets.reduce((m, s) => Math.max(m, s.length), 0) - 1;
  }

  /** Bytes currently held back (not yet emitted). */
  get pending(): number {
    return this.held.length;
  }

  push(chunk: Buffer): Buffer {
    if (this.secrets.length === 0) return chunk;
    const buf = this.held.length ? Buffer.concat([this.held, chunk]) : chunk;
    // A match starting before `safe` lies wholly in buf; later bytes wait for the next chunk.
    const { out, next } = this.mask(buf, buf.length - this.keep);
    const end = Math.max(next, buf.length - this.keep);
    out.push(buf.subarray(next, end));
    this.held = Buffer.from(buf.subarray(end));
    return Buffer.concat(out);
  }

  flush(): Buffer {
    const rest = this.held;
    this.held = Buffer.alloc(0);
    if (!rest.length) return rest;
    const { out, next } = this.mask(rest, rest.length);
    out.push(rest.subarray(next));
    return Buffer.concat(out);
  }

  /** Masks the secrets that start before `safe` (longest first at a tie); returns the pieces and where it stopped. */
  private mask(buf: Buffer, safe: number): { out: Buffer[]; next: number } {
    const out: Buffer[] = [];
    let i = 0;
    for (;;) {
      let bestPos = -1;
      let bestLen = 0;
      for (const s of this.secrets) {
        const p = buf.indexOf(s, i);
        if (p >= 0 && p < safe && (bestPos < 0 || p < bestPos || (p === bestPos && s.length > bestLen))) {
          bestPos = p;
          bestLen = s.length;
        }
      }
      if (bestPos < 0) return { out, next: i };
      out.push(buf.subarray(i, bestPos), StreamMasker.maskBuf);
      i = bestPos + bestLen;
    }
  }
}
