#!/usr/bin/env node
// The `whirlpool` command: runs the bundled CLI (built by `npm run build`).
require('../out/cli.js');
