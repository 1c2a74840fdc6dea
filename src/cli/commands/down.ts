import type { Command } from 'commander';
import { redactorFor } from '../../protocol/redact.js';
import { ensureDaemon, pingDaemon, waitForDaemonExit } from '../../client/daemon-client.js';
import { daemonControl } from '../../client/daemon-control.js';
import { hasOrphanedServices } from '../../client/orphans.js';
import { checkServiceNames, loadProjectConfig, locateProject } from '../project.js';
import { runOperation } from '../run-operation.js';

export async function downCommand(program: Command, names: string[]): Promise<void> {
  const paths = locateProject(program);
  const config = await loadProjectConfig(paths);
  checkServiceNames(config, names);
  if (!(await pingDaemon(paths)) && !(await hasOrphanedServices(paths))) {
    console.log('Nothing is running.');
    return;
  }
  // A daemon that died left its services running; a new one re-adopts them so they can be stopped.
  const daemon = await ensureDaemon(paths);
  await runOperation(paths, {
    control: daemonControl(paths),
    operation: { name: 'down', body: { services: names } },
    services: Object.keys(config.services),
    redact: redactorFor(config),
    verb: 'stopped',
  });
  // With no names the daemon exits too, saving state.json last: wait for it, so that
  // `stack down && rm -rf .stack` (or the next command) never races its final write.
  if (names.length === 0) await waitForDaemonExit(daemon.pid);
}

