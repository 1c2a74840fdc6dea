import type { Command } from 'commander';
import { redactorFor, redactorFromEnvs, type Redactor } from '../../protocol/redact.js';
import { waitForDaemonExit } from '../../client/daemon-client.js';
import { daemonControl } from '../../client/daemon-control.js';
import { daemonIfAnythingRuns } from '../../client/orphans.js';
import { startedWithConfigs } from '../../client/started-with.js';
import { currentStatus } from '../../client/status.js';
import { ConfigError } from '../../errors.js';
import { OperationJsonCollector } from '../render/operation-json.js';
import { checkNames, loadProjectConfig, locateProject, sayGoingOnWithout } from '../project.js';
import { runOperation, type OperationOptions } from '../run-operation.js';
import type { StackConfig } from '../../config/types.js';
import type { Done } from '../../protocol/messages.js';
import { serviceStatus } from '../../protocol/service-status.js';
import type { StatusResponse } from '../../protocol/status.js';
import type { ProjectPaths } from '../../project-dir.js';

/** What `down` stops: the services it reports on, by name, and how their output is masked. */
export interface DownTarget {
  /** Where the names come from, for the unknown-name sentence: "in /p/stack.yaml". */
  where: string;
  services: readonly string[];
  redact: Redactor;
  /**
   * What the daemon showed when stack.yaml did not load: the status after a full down is
   * built from it (without a daemon, status reads stack.yaml).
   */
  running?: StatusResponse;
}

export function downTargetOf(config: StackConfig): DownTarget {
  return { where: `in ${config.file}`, services: Object.keys(config.services), redact: redactorFor(config) };
}

/**
 * What `down` stops. stack.yaml, while it loads; while it does not and a daemon runs (or
 * a dead one's services do), the services the daemon runs, as it started them: stopping
 * must not wait for the file to be fixed (the daemon stops by its own config either way).
 * `problem` then says what is wrong.
 */
export async function downTarget(paths: ProjectPaths, load: () => Promise<StackConfig>): Promise<{ target: DownTarget; problem: ConfigError | null }> {
  try {
    return { target: downTargetOf(await load()), problem: null };
  } catch (error) {
    if (!(error instanceof ConfigError) || (await daemonIfAnythingRuns(paths)) === null) throw error;
    const [status, started] = await Promise.all([currentStatus(paths), startedWithConfigs(paths)]);
    const services = status.services.map((s) => s.name);
    const redact = redactorFromEnvs([process.env, ...Object.values(started).map((s) => s.env)]);
    return { target: { where: 'among the services the daemon runs (stack.yaml does not load)', services, redact, running: status }, problem: error };
  }
}

export async function downCommand(program: Command, names: string[], options: { json?: boolean }): Promise<void> {
  const paths = locateProject(program);
  const { target, problem } = await downTarget(paths, () => loadProjectConfig(paths));
  checkNames(target.where, target.services, names);
  if (problem) await sayGoingOnWithout(problem, 'Stopping what the daemon runs, as it started it; fix stack.yaml before the next stack up.');
  const stopped = await downStack(paths, target, names, { json: options.json });
  if (stopped === null && !options.json) console.log('Nothing is running.');
}

/**
 * Stops the named services (all, and the daemon, when none are named), reported through
 * runOperation with `report`'s settings (`stack mcp`'s down tool runs the same). Returns
 * null, after the `--json` document when asked for, when nothing was running.
 */
export async function downStack(paths: ProjectPaths, target: DownTarget, names: readonly string[], report: Partial<OperationOptions>): Promise<Done | null> {
  checkNames(target.where, target.services, names);
  const { services } = target;
  // A daemon that died left its services running; a new one re-adopts them so they can be stopped.
  const daemon = await daemonIfAnythingRuns(paths);
  if (daemon === null) {
    if (report.json) {
      const document = new OperationJsonCollector().document(true, [...services], await currentStatus(paths), [], names.length > 0 ? names : services);
      if (report.emitJson) report.emitJson(document);
      else console.log(JSON.stringify(document, null, 2));
    }
    return null;
  }
  const done = await runOperation(paths, {
    control: daemonControl(paths),
    operation: { name: 'down', body: { services: [...names] } },
    services: [...services],
    redact: target.redact,
    verb: 'stopped',
    ...report,
    // Stopping everything ends the daemon too: the state after is what stack.yaml and state.json say.
    ...(names.length === 0 ? { statusAfter: async () => (await waitForDaemonExit(daemon.pid), target.running ? allStopped(target.running) : currentStatus(paths)) } : {}),
  });
  // With no names the daemon exits too, saving state.json last: wait for it, so that
  // `stack down && rm -rf .stack` (or the next command) never races its final write.
  if (names.length === 0) await waitForDaemonExit(daemon.pid);
  return done;
}

/** `running` after a full down: every service stopped (a crash stays "exited"), the daemon gone. */
function allStopped(running: StatusResponse): StatusResponse {
  const services = running.services.map((s) =>
    serviceStatus({ name: s.name, state: s.state === 'exited' || s.state === 'crashloop' ? s.state : 'stopped', port: s.port ?? undefined, restarts: s.restarts, lastExit: s.lastExit }),
  );
  return { ...running, daemon: { running: false, pid: null }, configProblem: null, services };
}
