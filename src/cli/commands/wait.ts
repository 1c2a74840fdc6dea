/**
 * `stack wait [svc…] --for healthy|running|completed|stopped [--timeout 30s] [--json]`:
 * returns once every service is there, exit 1 as soon as one can no longer get there or
 * the timeout passes. The daemon does the waiting (POST /wait) on the services' own state
 * changes; without a daemon nothing runs, which decides every condition at once.
 */
import type { Command } from 'commander';
import { isJob } from '../../config/job.js';
import type { StackConfig } from '../../config/types.js';
import { StackError } from '../../errors.js';
import { currentStatus } from '../../client/status.js';
import { ensureDaemon } from '../../client/daemon-client.js';
import { daemonControl } from '../../client/daemon-control.js';
import type { Progress } from '../../protocol/control.js';
import { redactDeep, redactorFor } from '../../protocol/redact.js';
import type { StatusResponse } from '../../protocol/status.js';
import type { WaitCondition, WaitDone, WaitRequest } from '../../protocol/wait.js';
import { decideWait } from '../../protocol/wait-decision.js';
import type { ProjectPaths } from '../../project-dir.js';
import { checkServiceNames, loadProjectConfig, locateProject } from '../project.js';
import { WaitReport } from '../render/wait-report.js';

interface WaitOptions {
  for: WaitCondition;
  timeout?: number;
  json?: boolean;
}

export async function waitCommand(program: Command, names: string[], options: WaitOptions): Promise<void> {
  const paths = locateProject(program);
  const config = await loadProjectConfig(paths);
  const report = new WaitReport(Object.keys(config.services), options.for, options.json === true);
  const { done, daemonRunning } = await waitFor(paths, config, names, options.for, options.timeout, (event) => report.progress(event));
  report.finish(done, daemonRunning);
}

/**
 * The wait itself, for `stack wait` and `stack mcp`'s wait tool: checks the names, asks
 * the daemon (or decides at once without one), and hands on progress and outcome with
 * secrets masked.
 */
export async function waitFor(
  paths: ProjectPaths,
  config: StackConfig,
  names: readonly string[],
  condition: WaitCondition,
  timeoutMs: number | undefined,
  onProgress: Progress,
): Promise<{ done: WaitDone; daemonRunning: boolean }> {
  checkServiceNames(config, names);
  const services = names.length > 0 ? [...names] : Object.keys(config.services);
  if (condition === 'completed') refuseServers(config, services);
  const request: WaitRequest = { services, for: condition, ...(timeoutMs === undefined ? {} : { timeoutMs }) };
  const redact = redactorFor(config);
  const progress: Progress = (event) => onProgress(redactDeep(event, redact));
  const status = await currentStatus(paths);
  const done = status.daemon.running ? await withDaemon(paths, request, progress) : withoutDaemon(config, status, request, progress);
  return { done: redactDeep(done, redact), daemonRunning: status.daemon.running };
}

/** A daemon of an older build is replaced first (services keep running), as up and restart do: it may not know POST /wait. */
async function withDaemon(paths: ProjectPaths, request: WaitRequest, progress: Progress): Promise<WaitDone> {
  await ensureDaemon(paths);
  return daemonControl(paths).wait(request, progress);
}

/** No daemon runs (and nothing it left behind does): every service is stopped. */
function withoutDaemon(config: StackConfig, status: StatusResponse, request: WaitRequest, progress: Progress): WaitDone {
  const results = request.services.map((name) => {
    const s = status.services.find((x) => x.name === name);
    const view = { state: s?.state ?? 'stopped', health: s?.health ?? 'unknown', pid: null, lastExit: s?.lastExit ?? null, restartPending: false, job: isJob(name, config.services) } as const;
    const decision = decideWait(view, request.for) ?? { ok: false as const, reason: 'it is not running' };
    const reason = decision.ok ? null : 'nothing runs: no stack daemon runs for this project';
    progress({ type: 'progress', service: name, phase: decision.ok ? 'stopped' : 'failed', at: Date.now(), ...(reason ? { detail: reason } : {}) });
    return { name, state: view.state, health: view.health, pid: null, ok: decision.ok, reason };
  });
  return { type: 'wait-done', ok: results.every((r) => r.ok), timedOut: false, results };
}

/** `--for completed` only makes sense for one-shot jobs: a server never completes, so say so before waiting. */
function refuseServers(config: StackConfig, services: readonly string[]): void {
  const servers = services.filter((name) => !isJob(name, config.services));
  if (servers.length === 0) return;
  const are = servers.length === 1 ? 'is a server' : 'are servers';
  throw new StackError('USAGE', `--for completed waits for a one-shot job to exit 0, but ${servers.join(', ')} ${are} (a port, a health check, restart: always, or a dependent waiting for it to be up).`, {
    exitCode: 2,
    hint: `wait for ${servers.length === 1 ? 'it' : 'them'} with --for healthy, or --for running`,
  });
}
