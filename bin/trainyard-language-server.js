#!/usr/bin/env node
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const bundle = path.join(__dirname, '..', 'dist', 'server.js');
if (!fs.existsSync(bundle)) {
  process.stderr.write('trainyard-language-server: not built (dist/server.js is missing); run `npm run build`\n');
  process.exit(1);
}
require(bundle);
