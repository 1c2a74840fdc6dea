/**
 * Daemon process entry: `node dist/bundle/daemon/main.js <stack.yaml>`, spawned
 * detached by the CLI (src/client/daemon-client.ts). Its stdout
 * and stderr go to .stack/daemon.log.
 */
import { restoreUserEnv } from '../protocol/daemon-env.js';
import { startDaemon } from './daemon.js';
import type { Diagnose } from './ui/app.js';

async function runDetached(configFile: string): Promise<void> {
  // What the CLI set for this process alone (MALLOC_ARENA_MAX) must not reach the services.
  restoreUserEnv();
  const log = (line: string): void => console.log(`${new Date().toISOString()} ${line}`);
  process.on('unhandledRejection', (error) => log(`internal error: ${error instanceof Error ? error.stack : String(error)}`));
  // The daemon's death must never take services down: they run in their own process
  // groups and a new daemon re-adopts them. So a signal just ends the daemon.
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.on(signal, () => {
      log(`received ${signal}; exiting, services keep running`);
      process.exit(0);
    });
  }
  try {
    // This entry is the daemon process's top: it hands doctor's checks (a layer above the
    // daemon) to the dashboard, loaded only when its doctor panel first asks.
    const diagnose: Diagnose = async (inputs) => (await import('../doctor/report.js')).reportFor(inputs);
    const daemon = await startDaemon(configFile, log, { diagnose });
    await daemon.closed;
    process.exit(0);
  } catch (error) {
    log(`could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

const configFile = process.argv[2];
if (!configFile) {
  console.error('usage: node dist/daemon/main.js <stack.yaml> (the stack CLI starts the daemon for you)');
  process.exit(2);
}
void runDetached(configFile);
