#!/usr/bin/env node
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const USAGE = `usage: trainyard-language-server --stdio
  Speaks the Language Server Protocol; an editor starts it (see docs/editors.md).
  --stdio            messages on stdin/stdout (Neovim, Helix, Emacs, most editors)
  --node-ipc         Node IPC (how the VS Code extension starts it)
  --socket=PORT      a TCP socket on 127.0.0.1
  --pipe=NAME        a named pipe / Unix socket
  --version          print the version
`;
const args = process.argv.slice(2);
if (args.includes('--version') || args.includes('-v')) {
  process.stdout.write(`${require('../package.json').version}\n`);
  process.exit(0);
}
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(USAGE);
  process.exit(0);
}
if (!args.some((a) => /^--(stdio|node-ipc|socket|pipe)(=|$)/.test(a))) {
  process.stderr.write(`trainyard-language-server: say how to talk to the editor\n${USAGE}`);
  process.exit(2);
}
const bundle = path.join(__dirname, '..', 'dist', 'server.js');
if (!fs.existsSync(bundle)) {
  process.stderr.write('trainyard-language-server: not built (dist/server.js is missing); run `npm run build`\n');
  process.exit(1);
}
require(bundle);
