/**
 * `stack up --foreground`: the supervisor runs in this terminal (CI jobs, containers).
 * It is driven through the same StackControl and reported by the same runOperation as
 * the daemon, so it prints what `stack up` prints; then every service's log lines, until
 * Ctrl-C stops everything cleanly. A failed start is reported, then the stack stops.
 */
import chalk from 'chalk';
import type { StackConfig } from '../config/types.js';
import { startDaemon } from '../daemon/daemon.js';
import { ExitError, StackError } from '../errors.js';
import { serviceLogFile, type ProjectPaths } from '../project-dir.js';
import { redactorFor } from '../protocol/redact.js';
import { pingDaemon } from '../client/daemon-client.js';
import { LogPrinter } from './log-printer.js';
import { reportError } from './report-error.js';
import { requestEnv } from './project.js';
import { runOperation } from './run-operation.js';

export async function runForeground(paths: ProjectPaths, config: StackConfig, names: string[], timeoutMs?: number): Promise<void> {
  const running = await pingDaemon(paths);
  if (running) {
    throw new StackError('DAEMON_RUNNING', `A stack daemon is already supervising this project (pid ${running.pid}).`, {
      hint: 'run stack down first, or use stack up without --foreground',
    });
  }
  const daemon = await startDaemon(paths.configFile, () => {});
  const services = Object.keys(config.services);
  const redact = redactorFor(config);

  let stopping: Promise<void> | null = null;
  const stopAll = (): Promise<void> =>
    (stopping ??= (async () => {
      console.log(chalk.dim('stopping…'));
      await runOperation(paths, { control: daemon.control, operation: { name: 'down', body: { services: [] } }, services, verb: 'stopped', redact });
      await daemon.close();
    })());

  // Ctrl-C (or the terminal closing) at any moment, even while services are still
  // starting, stops everything: the services run in their own process groups, so
  // nothing else would. Once stopping, the stop's own progress is what to show, not up's.
  const interrupted = new AbortController();
  const stopped = new Promise<void>((resolve) => {
    const onSignal = (): void => {
      interrupted.abort();
      void stopAll().then(resolve);
    };
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, onSignal);
  });

  try {
    await runOperation(paths, {
      control: daemon.control,
      operation: { name: 'up', body: { config, services: names, wait: true, env: requestEnv() } },
      services,
      redact,
      verb: 'ready',
      timeoutMs,
      interrupted: interrupted.signal,
    });
  } catch (error) {
    if (interrupted.signal.aborted) return stopped;
    // Said at once, as `stack up` says it; then nothing of the stack is left running.
    const code = reportError(error);
    await stopAll();
    throw new ExitError(code === 2 ? 2 : 1);
  }
  if (interrupted.signal.aborted) return stopped;
  console.log(chalk.dim('following logs; Ctrl-C stops the stack'));

  const logs = new LogPrinter(services.map((name) => ({ name, file: serviceLogFile(paths, name) })));
  await Promise.all([logs.follow(interrupted.signal), stopped]);
}
