/**
 * `stack up --foreground`: the supervisor runs in this terminal (CI jobs, containers).
 * Progress, then every service's log lines, until Ctrl-C stops everything cleanly.
 */
import chalk from 'chalk';
import { redactDeep, redactorFor } from '../protocol/redact.js';
import type { StackConfig } from '../config/types.js';
import type { ServiceProgress } from '../protocol/messages.js';
import { startDaemon } from '../daemon/daemon.js';
import { StackError } from '../errors.js';
import { serviceLogFile, type ProjectPaths } from '../project-dir.js';
import { pingDaemon } from '../client/daemon-client.js';
import { LogPrinter } from './log-printer.js';
import { ProgressPrinter } from './render/progress.js';
import { reportFailures } from './run-operation.js';

export async function runForeground(paths: ProjectPaths, config: StackConfig, names: string[]): Promise<void> {
  const running = await pingDaemon(paths);
  if (running) {
    throw new StackError('DAEMON_RUNNING', `A stack daemon is already supervising this project (pid ${running.pid}).`, {
      hint: 'run stack down first, or use stack up without --foreground',
    });
  }
  const daemon = await startDaemon(paths.configFile, () => {});
  const services = Object.keys(config.services);
  const progress = new ProgressPrinter(services);
  const redact = redactorFor(config);
  const onProgress = (event: ServiceProgress): void => progress.progress(redactDeep(event, redact));

  let stopping: Promise<void> | null = null;
  const stopAll = (): Promise<void> =>
    (stopping ??= (async () => {
      console.log(chalk.dim('stopping…'));
      await daemon.supervisor.down([], onProgress);
      await daemon.close();
    })());

  // Ctrl-C (or the terminal closing) at any moment, even while services are still
  // starting, stops everything: the services run in their own process groups, so
  // nothing else would.
  const following = new AbortController();
  const stopped = new Promise<'stopped'>((resolve) => {
    const onSignal = (): void => {
      following.abort();
      void stopAll().then(() => resolve('stopped'));
    };
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, onSignal);
  });

  const began = Date.now();
  // Once stopping, the stop's own progress is what to show, not up's failures.
  const duringUp = (event: ServiceProgress): void => {
    if (!stopping) onProgress(event);
  };
  const done = await Promise.race([daemon.supervisor.up(config, names, duringUp), stopped]);
  if (done === 'stopped' || stopping) {
    await stopped;
    return;
  }
  if (!done.ok) {
    try {
      await reportFailures(paths, done.failures, redact);
    } finally {
      await stopAll();
    }
  }
  progress.summary(done, 'ready', Date.now() - began);
  console.log(chalk.dim('following logs; Ctrl-C stops the stack'));

  const logs = new LogPrinter(services.map((name) => ({ name, file: serviceLogFile(paths, name) })));
  await Promise.all([logs.follow(following.signal), stopped]);
}
