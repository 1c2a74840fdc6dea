/**
 * `stack up --dry-run`: what `up` would restart (config changed), start (new, or not
 * running) and stop (removed from stack.yaml), in the words `up` itself uses, and nothing
 * changed. The daemon plans it, since it knows what each process was started with; with
 * no daemon nothing runs, every target would start, and no daemon is started to say so.
 */
import type { StackConfig } from '../config/types.js';
import type { ServiceProgress } from '../protocol/messages.js';
import { dependencyMapOf, withDependencies } from '../graph/graph.js';
import { daemonControl } from '../client/daemon-control.js';
import { daemonIfAnythingRuns } from '../client/orphans.js';
import type { ProjectPaths } from '../project-dir.js';
import { redactorFor } from '../protocol/redact.js';
import { wouldMoveLine } from '../protocol/port-move-wording.js';
import { requestEnv } from './project.js';
import { ProgressPrinter } from './render/progress.js';
import { runOperation } from './run-operation.js';

export async function dryRunUp(paths: ProjectPaths, config: StackConfig, names: string[]): Promise<void> {
  const services = Object.keys(config.services);
  // A daemon of an older build would not know dryRun and start things: it is replaced (services keep running).
  if ((await daemonIfAnythingRuns(paths)) === null) {
    const printer = new ProgressPrinter(services, undefined, undefined, true);
    const targets = withDependencies(dependencyMapOf(config.services), names.length > 0 ? names : services);
    for (const line of await wouldMoveLines(config, targets)) printer.progress(line);
    for (const service of targets) {
      printer.progress({ type: 'progress', service, phase: 'not-running', at: Date.now() });
    }
    printer.summary({ type: 'done', ok: true, failures: [] }, 'ready', 0);
    return;
  }
  await runOperation(paths, {
    control: daemonControl(paths),
    operation: { name: 'up', body: { config, services: names, wait: true, env: requestEnv(), dryRun: true } },
    services,
    redact: redactorFor(config),
    verb: 'ready',
    dryRun: true,
  });
}

/** The `port: auto` moves `up` would make (no daemon: no process is the service's own but by its marker). */
async function wouldMoveLines(config: StackConfig, targets: readonly string[]): Promise<ServiceProgress[]> {
  if (!Object.values(config.services).some((s) => s.portAuto)) return [];
  const { heldAutoPorts } = await import('../runtime/ports/held-ports.js');
  return (await heldAutoPorts(config, targets)).map(wouldMoveLine);
}
