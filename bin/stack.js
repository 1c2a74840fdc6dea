#!/usr/bin/env node
// CommonJS (bin/package.json says so): `stack status`, the command run most, then starts
// without the ESM loader and requires one small file. Everything else, and any status the
// fast path cannot answer (no daemon, an error), goes to the full CLI.
'use strict';

async function run(argv) {
  if (argv[2] === 'status' || argv[2] === 'ps') {
    const { tryFastStatus } = require('../dist/bundle/cli/fast-status.cjs');
    if (await tryFastStatus(argv.slice(2))) return;
  }
  const { main } = await import('../dist/bundle/cli/main.js');
  await main(argv);
}

run(process.argv);
