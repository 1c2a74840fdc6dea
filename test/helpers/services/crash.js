// Fixture service that dies at import time, like the services of incident 002.
//   CRASH_MODULE   module named in the error (default "left-pad")
//   CRASH_MESSAGE  print this line instead of the Cannot-find-module error
//   EXIT_CODE      exit code (default 1)
//   DELAY_MS       wait this long before crashing (default 0)
//   CRASH_IF_FILE  only crash while this file exists; otherwise run as an idle service
//                  (so a test can make a crash-looping service recover)
import { existsSync } from 'node:fs';

const mod = process.env.CRASH_MODULE || 'left-pad';
const exitCode = Number(process.env.EXIT_CODE ?? 1);
const delayMs = Number(process.env.DELAY_MS || 0);

console.log(`crash: starting (pid ${process.pid})`);

function crash() {
  if (process.env.CRASH_MESSAGE) {
    console.error(process.env.CRASH_MESSAGE);
  } else {
    console.error(`node:internal/modules/cjs/loader:1225
  throw err;
  ^

Error: Cannot find module '${mod}'
Require stack:
- ${process.argv[1]}
    at Module._resolveFilename (node:internal/modules/cjs/loader:1225:15)
    at Module._load (node:internal/modules/cjs/loader:1051:27) {
  code: 'MODULE_NOT_FOUND',
  requireStack: [ '${process.argv[1]}' ]
}

Node.js ${process.version}`);
  }
  process.exit(exitCode);
}

if (process.env.CRASH_IF_FILE && !existsSync(process.env.CRASH_IF_FILE)) {
  console.log('crash: CRASH_IF_FILE is absent, running normally');
  setInterval(() => {}, 1 << 30);
  process.on('SIGTERM', () => process.exit(0));
  process.on('SIGINT', () => process.exit(0));
} else if (delayMs > 0) {
  setTimeout(crash, delayMs);
} else {
  crash();
}
