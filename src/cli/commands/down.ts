import type { Command } from 'commander';
import { redactorFor } from '../../protocol/redact.js';
import { ensureDaemon, pingDaemon, waitForDaemonExit } from '../../client/daemon-client.js';
import { daemonControl } from '../../client/daemon-control.js';
import { hasOrphanedServices } from '../../client/orphans.js';
import { currentStatus } from '../../client/status.js';
import { OperationJsonCollector } from '../render/operation-json.js';
import { checkServiceNames, loadProjectConfig, locateProject } from '../project.js';
import { runOperation, type OperationOptions } from '../run-operation.js';
import type { StackConfig } from '../../config/types.js';
import type { Done } from '../../protocol/messages.js';
import type { ProjectPaths } from '../../project-dir.js';

export async function downCommand(program: Command, names: string[], options: { json?: boolean }): Promise<void> {
  const paths = locateProject(program);
  const config = await loadProjectConfig(paths);
  const stopped = await downStack(paths, config, names, { json: options.json });
  if (stopped === null && !options.json) console.log('Nothing is running.');
}

/**
 * Stops the named services (all, and the daemon, when none are named), reported through
 * runOperation with `report`'s settings (`stack mcp`'s down tool runs the same). Returns
 * null, after the `--json` document when asked for, when nothing was running.
 */
export async function downStack(paths: ProjectPaths, config: StackConfig, names: readonly string[], report: Partial<OperationOptions>): Promise<Done | null> {
  checkServiceNames(config, names);
  const services = Object.keys(config.services);
  if (!(await pingDaemon(paths)) && !(await hasOrphanedServices(paths))) {
    if (report.json) {
      const document = new OperationJsonCollector().document(true, services, await currentStatus(paths), [], names.length > 0 ? names : services);
      if (report.emitJson) report.emitJson(document);
      else console.log(JSON.stringify(document, null, 2));
    }
    return null;
  }
  // A daemon that died left its services running; a new one re-adopts them so they can be stopped.
  const daemon = await ensureDaemon(paths);
  const done = await runOperation(paths, {
    control: daemonControl(paths),
    operation: { name: 'down', body: { services: [...names] } },
    services,
    redact: redactorFor(config),
    verb: 'stopped',
    ...report,
    // Stopping everything ends the daemon too: the state after is what stack.yaml and state.json say.
    ...(names.length === 0 ? { statusAfter: async () => (await waitForDaemonExit(daemon.pid), currentStatus(paths)) } : {}),
  });
  // With no names the daemon exits too, saving state.json last: wait for it, so that
  // `stack down && rm -rf .stack` (or the next command) never races its final write.
  if (names.length === 0) await waitForDaemonExit(daemon.pid);
  return done;
}
