/**
 * `stack up --foreground`: the supervisor runs in this terminal (CI jobs, containers).
 * Progress, then every service's log lines, until Ctrl-C stops everything cleanly.
 */
import chalk from 'chalk';
import type { StackConfig } from '../config/types.js';
import { startDaemon } from '../daemon/daemon.js';
import { StackError } from '../errors.js';
import { serviceLogFile, type ProjectPaths } from '../paths.js';
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
  const onProgress = progress.progress.bind(progress);

  const stopAll = async (): Promise<void> => {
    console.log(chalk.dim('stopping…'));
    await daemon.supervisor.down([], onProgress);
    await daemon.close();
  };

  const began = Date.now();
  const done = await daemon.supervisor.up(config, names, onProgress);
  if (!done.ok) {
    try {
      await reportFailures(paths, done.failures);
    } finally {
      await stopAll();
    }
  }
  progress.summary(done, 'ready', Date.now() - began);
  console.log(chalk.dim('following logs; Ctrl-C stops the stack'));

  const logs = new LogPrinter(services.map((name) => ({ name, file: serviceLogFile(paths, name) })));
  const controller = new AbortController();
  const stopped = new Promise<void>((resolve) => {
    const onSignal = (): void => {
      controller.abort();
      void stopAll().then(resolve);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
  await Promise.all([logs.follow(controller.signal), stopped]);
}
