import type { Command } from 'commander';
import { redactorFor } from '../../protocol/redact.js';
import { ensureDaemon, pingDaemon, waitForDaemonExit } from '../../client/daemon-client.js';
import { daemonControl } from '../../client/daemon-control.js';
import { hasOrphanedServices } from '../../client/orphans.js';
import { currentStatus } from '../../client/status.js';
import { OperationJsonCollector } from '../render/operation-json.js';
import { checkServiceNames, loadProjectConfig, locateProject } from '../project.js';
import { runOperation } from '../run-operation.js';

export async function downCommand(program: Command, names: string[], options: { json?: boolean }): Promise<void> {
  const paths = locateProject(program);
  const config = await loadProjectConfig(paths);
  checkServiceNames(config, names);
  const services = Object.keys(config.services);
  if (!(await pingDaemon(paths)) && !(await hasOrphanedServices(paths))) {
    if (!options.json) console.log('Nothing is running.');
    else {
      const document = new OperationJsonCollector().document(true, services, await currentStatus(paths), [], names.length > 0 ? names : services);
      console.log(JSON.stringify(document, null, 2));
    }
    return;
  }
  // A daemon that died left its services running; a new one re-adopts them so they can be stopped.
  const daemon = await ensureDaemon(paths);
  await runOperation(paths, {
    control: daemonControl(paths),
    operation: { name: 'down', body: { services: names } },
    services,
    redact: redactorFor(config),
    verb: 'stopped',
    json: options.json,
    // Stopping everything ends the daemon too: the state after is what stack.yaml and state.json say.
    ...(names.length === 0 ? { statusAfter: async () => (await waitForDaemonExit(daemon.pid), currentStatus(paths)) } : {}),
  });
  // With no names the daemon exits too, saving state.json last: wait for it, so that
  // `stack down && rm -rf .stack` (or the next command) never races its final write.
  if (names.length === 0) await waitForDaemonExit(daemon.pid);
}

