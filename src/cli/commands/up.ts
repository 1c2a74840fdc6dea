import chalk from 'chalk';
import type { Command } from 'commander';
import { redactorFor } from '../../protocol/redact.js';
import { serviceLogFile, type ProjectPaths } from '../../project-dir.js';
import { parseDuration } from '../../config/duration.js';
import { StackError } from '../../errors.js';
import { ensureDaemon, pingDaemon, waitForDaemonExit } from '../../client/daemon-client.js';
import { daemonControl } from '../../client/daemon-control.js';
import { requestJson } from '../../client/ipc.js';
import type { PingResponse } from '../../protocol/messages.js';
import type { StatusResponse } from '../../protocol/status.js';
import { checkServiceNames, loadProjectConfig, locateProject, requestEnv } from '../project.js';
import { runOperation, type OperationOptions } from '../run-operation.js';
import type { StackConfig } from '../../config/types.js';

interface UpOptions {
  wait: boolean;
  timeout?: string;
  foreground?: boolean;
  attach?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

export async function upCommand(program: Command, names: string[], options: UpOptions): Promise<void> {
  const paths = locateProject(program);
  const alone = options.dryRun ? 'dry-run' : options.foreground ? 'foreground' : options.attach ? 'attach' : null;
  if (options.json && alone) {
    throw new StackError('USAGE', `--json and --${alone} do not go together: --json prints one document when up is done.`, {
      exitCode: 2,
      hint: `run stack up --json, or stack up --${alone} without --json`,
    });
  }
  if (options.dryRun) {
    if (options.foreground || options.attach) {
      throw new StackError('USAGE', `--dry-run and --${options.foreground ? 'foreground' : 'attach'} do not go together: --dry-run only says what up would do.`, {
        exitCode: 2,
        hint: 'run stack up --dry-run, then stack up with the options you want',
      });
    }
    const config = await loadProjectConfig(paths);
    checkServiceNames(config, names);
    const { dryRunUp } = await import('../dry-run.js');
    return dryRunUp(paths, config, names);
  }
  if (options.foreground) {
    const config = await loadProjectConfig(paths);
    checkServiceNames(config, names);
    const timeoutMs = options.timeout === undefined ? undefined : timeoutOption(options.timeout);
    const { runForeground } = await import('../foreground.js');
    return runForeground(paths, config, names, timeoutMs);
  }
  // A cold start spends most of its time starting Node twice: the daemon boots while
  // this process reads stack.yaml, and is let go again if stack.yaml turns out broken.
  const daemon = startDaemonEarly(paths);
  let config;
  let timeoutMs;
  try {
    config = await loadProjectConfig(paths);
    checkServiceNames(config, names);
    timeoutMs = options.timeout === undefined ? undefined : timeoutOption(options.timeout);
  } catch (error) {
    await abandonDaemon(paths, daemon);
    throw error;
  }
  await daemon.ready;
  await runOperation(paths, { ...upOperation(paths, config, names, options.wait, timeoutMs), json: options.json });
  if (options.attach) await attach(paths, Object.keys(config.services));
}

/** What `up` asks the daemon and how it is reported (`stack mcp`'s up tool runs the same). The daemon must be running. */
export function upOperation(paths: ProjectPaths, config: StackConfig, names: readonly string[], wait: boolean, timeoutMs: number | undefined): OperationOptions {
  return {
    control: daemonControl(paths),
    operation: { name: 'up', body: { config, services: [...names], wait, env: requestEnv() } },
    services: Object.keys(config.services),
    redact: redactorFor(config),
    verb: wait ? 'ready' : 'starting',
    timeoutMs,
  };
}

interface EarlyDaemon {
  /** Resolves (or rejects) once a daemon answers. */
  ready: Promise<PingResponse>;
  /** True when this `up` started it (no daemon answered before). */
  startedHere: Promise<boolean>;
}

function startDaemonEarly(paths: ProjectPaths): EarlyDaemon {
  const before = pingDaemon(paths).catch(() => null);
  const ready = before.then(() => ensureDaemon(paths));
  // Awaited later (or never, when the config is broken and the start failed): no unhandled rejection meanwhile.
  ready.catch(() => undefined);
  return { ready, startedHere: before.then((ping) => ping === null) };
}

/** stack.yaml is broken: a daemon started for it goes away again, unless it already supervises something. */
async function abandonDaemon(paths: ProjectPaths, daemon: EarlyDaemon): Promise<void> {
  try {
    if (!(await daemon.startedHere)) return;
    await daemon.ready;
    const status = await requestJson<StatusResponse>(paths.socket, 'GET', '/status');
    if (status.services.some((s) => s.pid !== null && s.managedBy === 'stack')) return;
    const { pid } = await requestJson<{ pid: number }>(paths.socket, 'POST', '/exit');
    // Gone before we return, so nothing of this `up` outlives it.
    await waitForDaemonExit(pid, 2000);
  } catch {
    // The config error is what the user needs to hear about.
  }
}

async function attach(paths: ProjectPaths, services: string[]): Promise<void> {
  const { LogPrinter } = await import('../log-printer.js');
  console.log(chalk.dim('following logs; Ctrl-C detaches (services keep running, stack down stops them)'));
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  await new LogPrinter(services.map((name) => ({ name, file: serviceLogFile(paths, name) }))).follow(controller.signal);
}

function timeoutOption(text: string): number {
  const parsed = parseDuration(text);
  if (!parsed.ok || parsed.ms <= 0) {
    const why = parsed.ok ? 'it must be longer than 0' : parsed.message;
    throw new StackError('USAGE', `--timeout ${text} is not usable: ${why}.`, { exitCode: 2, hint: 'e.g. --timeout 90s' });
  }
  return parsed.ms;
}
