#!/usr/bin/env node
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const bundle = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(bundle)) {
  process.stderr.write('trainyard: the CLI is not built (dist/cli.js is missing); run `npm run build` in ' + path.dirname(__dirname) + '\n');
  process.exit(125);
}
require(bundle).main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write('trainyard: internal error: ' + (err && err.stack || err) + '\n'); process.exitCode = 125; },
);
