import { setTimeout as sleep } from 'node:timers/promises';
import type { Command } from 'commander';
import { redactorFor } from '../../config/redact.js';
import { ensureDaemon, pingDaemon } from '../../client/daemon-client.js';
import { hasOrphanedServices } from '../../client/orphans.js';
import { isAlive, readIdentity } from '../../runtime/identity.js';
import type { ProcessIdentity } from '../../runtime/types.js';
import { checkServiceNames, loadProjectConfig, locateProject } from '../project.js';
import { runOperation } from '../run-operation.js';

export async function downCommand(program: Command, names: string[]): Promise<void> {
  const paths = locateProject(program);
  const config = await loadProjectConfig(paths);
  checkServiceNames(config, names);
  if (!(await pingDaemon(paths)) && !(await hasOrphanedServices(paths.stateFile))) {
    console.log('Nothing is running.');
    return;
  }
  // A daemon that died left its services running; a new one re-adopts them so they can be stopped.
  const daemon = await ensureDaemon(paths);
  const daemonProcess = names.length === 0 ? await readIdentity(daemon.pid) : null;
  await runOperation(paths, {
    path: '/down',
    body: { services: names },
    services: Object.keys(config.services),
    redact: redactorFor(config),
    verb: 'stopped',
  });
  // With no names the daemon exits too, saving state.json last: wait for it, so that
  // `stack down && rm -rf .stack` (or the next command) never races its final write.
  if (daemonProcess) await waitForExit(daemonProcess, DAEMON_EXIT_WAIT_MS);
}

const DAEMON_EXIT_WAIT_MS = 5000;

/** Until the process is gone (a zombie counts as gone: its start token no longer reads). */
async function waitForExit(identity: ProcessIdentity, ms: number): Promise<void> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(10)) {
    if (!(await isAlive(identity))) return;
  }
}

