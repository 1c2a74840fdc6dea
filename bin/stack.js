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

run(process.argv).catch((error) => {
  // main() turns errors into sentences itself; this is the last resort (a missing build).
  const message = error instanceof Error ? error.message : String(error);
  console.error(`error: stack hit an internal error: ${message.split("\n")[0]}`);
  if (process.env.STACK_DEBUG === '1') console.error(error);
  else console.error('hint: run npm install (it builds dist/), or rerun with STACK_DEBUG=1 to see where');
  process.exitCode = 1;
});
