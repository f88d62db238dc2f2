/**
 * The server's V8 settings, made at run time (the server is started as `node server.js`, so it
 * cannot rely on command-line flags): memory footprint and how eagerly it inlines.
 *
 * Young generation. V8 doubles the young generation's semi-spaces whenever many objects survive
 * a scavenge, up to 16 MB each, and a parse is exactly that (the tree it builds survives): after
 * a few edits the young generation holds 32 MB, almost all of it empty between requests. Growth
 * is turned off, so it stays at its starting size; what survives is promoted a little earlier.
 * Measured with the bench (same run, 5–6 starts each): peak RSS 88 → 78 MB on the 531-line file
 * and 127 → 106 MB on the 10,411-line one, open and edit latency unchanged within noise.
 *
 * Old texts of big documents. Every edit of a document over ~128 KB gives V8 a new full text in
 * its large-object space, and the previous one becomes garbage that only a full (mark-compact)
 * collection frees; V8 runs one when the whole heap reaches its limit, so a user typing in a
 * 260 KB file piles up tens of MB of dead texts first (measured: +22 MB over 80 edits). After
 * each answer the server checks how much the large-object space grew since the last full
 * collection and, past a threshold, starts one incrementally (V8 marks concurrently and in small
 * steps, so no long pause). Small documents never cross the threshold.
 */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

type Collect = (options: { type: 'major'; execution: 'async' }) => void;

let collect: Collect | null | undefined;

/** V8's collector, exposed once (`--expose-gc` set at run time); null where that is refused. */
function collector(): Collect | null {
  if (collect === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      const gc: unknown = vm.runInNewContext('typeof gc === "function" ? gc : undefined');
      collect = typeof gc === 'function' ? (gc as Collect) : null;
    } catch {
      collect = null;
    }
  }
  return collect;
}

/**
 * V8's optimising compiler inlines callees up to 460 bytes of bytecode each by default; for the
 * YAML scanner and composer and Ajv's generated validators that makes each optimised function a
 * 15–28 ms background compile, during which the first parse of a file still runs unoptimised.
 * Inlining less (100 bytes) gets optimised code in sooner: opening the bench's 10,411-line file,
 * median of 12 starts each in one run, 121 → 101 ms; edits, completion and hover unchanged.
 */
const JIT_FLAGS = ['--max-inlined-bytecode-size=100', '--max-inlined-bytecode-size-cumulative=460'];

/**
 * The optimising compiler (TurboFan) only once the work calls for it. Until then hot code runs in
 * Sparkplug's baseline code. TurboFan compiles on V8's worker threads, and their compile memory
 * stays with each thread's malloc arena, plus the compiler's own machine code is paged in: on the
 * bench's 531-line file peak RSS is 75 MB with it and 63 MB without, while edits, completion and
 * hover take the same time (3.4–3.6 ms, ~0.5 ms; median of 5 starts each, one run). On bigger
 * documents optimised code pays: without it an edit of a 66 KB file takes 9.2 ms instead of 7.1,
 * of the 260 KB file 35 ms instead of 15. So the first document of OPTIMISE_AT_CHARS or more, or
 * OPTIMISE_AFTER_MS of diagnostics work in all (a long session of many files), switches the
 * optimising tier on for the rest of the process. (The V8 code cache of compiled validators is
 * accepted under either setting.)
 */
const BASELINE_TIER = '--no-turbofan';
const FULL_TIER = '--turbofan';
export const OPTIMISE_AT_CHARS = 32 * 1024;
export const OPTIMISE_AFTER_MS = 3000;

export class OptimisingTier {
  private workMs = 0;
  private on = false;

  /** Whether the optimising compiler has been switched on. */
  get enabled(): boolean {
    return this.on;
  }

  /** A document of `chars` UTF-16 units is about to be parsed and checked. */
  document(chars: number): void {
    if (chars >= OPTIMISE_AT_CHARS) this.enable();
  }

  /** `ms` of diagnostics work were done. */
  worked(ms: number): void {
    this.workMs += ms;
    if (this.workMs >= OPTIMISE_AFTER_MS) this.enable();
  }

  private enable(): void {
    if (this.on) return;
    this.on = true;
    try {
      v8.setFlagsFromString(FULL_TIER);
    } catch {
      // (set at start the same way; unreachable in practice)
    }
  }
}

/**
 * Once, at start: stops the young generation from growing past its starting size (see above),
 * tunes inlining (JIT_FLAGS), holds back the optimising tier (OptimisingTier) and exposes the collector LargeGarbage uses. All flags are set
 * before any code is compiled for the validator code cache, whose entries V8 rejects when the
 * flags differ from the run that wrote them.
 */
export function tuneV8(): void {
  for (const flag of ['--semi-space-growth-factor=1', ...JIT_FLAGS, BASELINE_TIER]) {
    try {
      v8.setFlagsFromString(flag);
    } catch {
      // an unknown flag in another V8: only slower or bigger
    }
  }
  collector();
}

/** Bytes in V8's large-object spaces (old and young: a text is young until it survives a scavenge). */
function largeObjectBytes(): number {
  let n = 0;
  for (const s of v8.getHeapSpaceStatistics()) if (s.space_name === 'large_object_space' || s.space_name === 'new_large_object_space') n += s.space_used_size;
  return n;
}

export class LargeGarbage {
  /** Large-object bytes in use after the last full collection (as last seen), -1 before the first check. */
  private base = -1;

  constructor(private readonly thresholdBytes = 8 * 1024 * 1024) {}

  /** Call after answering: starts an incremental full collection when dead texts may have piled up. Returns whether it did. */
  check(): boolean {
    const used = largeObjectBytes();
    // (less than before: a collection ran since, V8's own or ours)
    if (this.base < 0 || used < this.base) {
      this.base = used;
      return false;
    }
    if (used - this.base < this.thresholdBytes) return false;
    this.base = used;
    const gc = collector();
    if (!gc) return false;
    gc({ type: 'major', execution: 'async' });
    return true;
  }
}
