#!/usr/bin/env node
// CommonJS (bin/package.json says so): `stack status` and `stack up`, the commands run
// most, then start without the ESM loader and require one small file each; `stack doctor`
// requires one large file, from its code cache. Everything else, and whatever a fast path
// cannot answer (no daemon, options it leaves to commander), goes to the full CLI.
'use strict';
const path = require('node:path');

async function run(argv) {
  if (argv[2] === 'status' || argv[2] === 'ps') {
    const { tryFastStatus } = require('../dist/bundle/cli/fast-status.cjs');
    if (await tryFastStatus(argv.slice(2))) return;
  }
  if (argv[2] === 'up') {
    const { tryFastUp } = require('../dist/bundle/cli/fast-up.cjs');
    const install = { packageRoot: path.join(__dirname, '..'), daemonEntry: path.join(__dirname, '..', 'dist', 'bundle', 'daemon', 'main.js') };
    const outcome = await tryFastUp(argv.slice(2), install);
    if (outcome !== false) {
      // A failed up, or a daemon gone mid-way, is reported by the full CLI's own code.
      if (!outcome.done || !outcome.done.ok) await (await import('../dist/bundle/cli/up-finish.js')).finishUp(outcome.paths, outcome.done);
      return;
    }
  }
  if (argv[2] === 'doctor') {
    // git first (a foreign process's scan), then all of doctor in one file, compiled from
    // its V8 code cache (doctor-ahead.ts, cached-require.ts).
    await require('../dist/bundle/cli/doctor-ahead.cjs').doctorAhead(argv.slice(2));
    const { requireCached } = require('../dist/bundle/cli/cached-require.cjs');
    const { tryFastDoctor } = requireCached(path.join(__dirname, '..', 'dist', 'bundle', 'cli', 'fast-doctor.cjs'));
    if (await tryFastDoctor(argv.slice(2))) return;
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
