// Runs the CLI from source in its own process (for tests that need a second process and no bundle).
import { main } from '../../cli/main';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`internal error: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exitCode = 125;
  },
);
