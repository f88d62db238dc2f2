/**
 * Idle-time warm-up of the YAML path. The first parse of a big file runs mostly in V8's
 * interpreter (the 260 KB bench file: ~55 ms cold, ~15 ms once the scanner and composer are
 * optimised), so while the server has nothing to do after `initialized` it parses a synthetic
 * config document a few times, one parse per event-loop turn. It starts only once the client
 * has been quiet for a moment (right after `initialized` an editor usually opens documents at
 * once, and a parse slice must not delay those), any message that arrives is handled before the
 * next slice, and it stops for good as soon as a document is open: it only ever uses time nobody
 * is waiting on.
 */
import { parseYaml } from '../core/yaml';

/** A config-like document in the shapes real files use (block maps and lists, compact maps, quoted and block scalars, flows). */
export function warmupDocument(jobs = 12): string {
  const out = ['# warm-up sample', 'name: sample', 'on:', '  push:', '    branches: [main, "release/*"]', 'env:', '  A: "1"', "  B: 'two'", 'jobs:'];
  for (let i = 0; i < jobs; i++) {
    out.push(
      `  job-${i}:`,
      `    runs-on: ubuntu-latest`,
      `    timeout-minutes: ${10 + i}`,
      `    if: github.event_name == 'push'`,
      `    strategy:`,
      `      matrix: {python: ["3.10", "3.11"], gpu: [1, 2]}`,
      `    steps:`,
      `      - uses: actions/checkout@v4`,
      `        with:`,
      `          fetch-depth: 0`,
      `      - name: train ${i}`,
      `        run: |`,
      `          python train.py --lr 0.0${i + 1} --epochs ${i + 3}`,
      `          echo done # not a comment`,
      `      - name: check`,
      `        run: >-`,
      `          pytest -q`,
      `        env:`,
      `          FLAG: true`,
      `          EMPTY:`,
      `          NUM: 1.5e3`,
    );
  }
  return `${out.join('\n')}\n`;
}

/** How long the client must have said nothing before a warm-up slice runs. */
export const QUIET_MS = 50;

export interface WarmupOptions {
  /** Milliseconds since the client last sent a message (no waiting when absent). */
  client?: { quietFor(): number };
  /** Parses at most (default 40). */
  rounds?: number;
  /** Quiet needed before a slice (default QUIET_MS). */
  quietMs?: number;
  /** One slice of work (default: parse the sample). */
  work?: (sample: string) => void;
}

/**
 * Parses the sample up to `rounds` times, one parse per turn, until `busy()` says a document is
 * open; each slice waits until the client has been quiet for `quietMs`. Returns a function that
 * stops it early.
 */
export function startWarmup(busy: () => boolean, opts: WarmupOptions = {}): () => void {
  const { client, quietMs = QUIET_MS, work = (t: string) => void parseYaml(t) } = opts;
  const text = warmupDocument();
  let left = opts.rounds ?? 40;
  let stopped = false;
  const step = () => {
    if (stopped || left <= 0 || busy()) return;
    const quiet = client ? client.quietFor() : Infinity;
    if (quiet < quietMs) {
      setTimeout(step, Math.ceil(quietMs - quiet)).unref?.();
      return;
    }
    left--;
    work(text);
    // setImmediate runs after pending I/O callbacks, so a waiting request goes first
    setImmediate(step).unref?.();
  };
  setImmediate(step).unref?.();
  return () => {
    stopped = true;
  };
}
