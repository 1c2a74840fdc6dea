import chalk from 'chalk';
import type { Command } from 'commander';
import { redactorFor } from '../../config/redact.js';
import { serviceLogFile, type ProjectPaths } from '../../paths.js';
import { parseDuration } from '../../config/duration.js';
import { StackError } from '../../errors.js';
import { ensureDaemon } from '../../client/daemon-client.js';
import { checkServiceNames, loadProjectConfig, locateProject } from '../project.js';
import { runOperation } from '../run-operation.js';

interface UpOptions {
  wait: boolean;
  timeout?: string;
  foreground?: boolean;
  attach?: boolean;
}

export async function upCommand(program: Command, names: string[], options: UpOptions): Promise<void> {
  const paths = locateProject(program);
  const config = await loadProjectConfig(paths);
  checkServiceNames(config, names);
  const timeoutMs = options.timeout === undefined ? undefined : timeoutOption(options.timeout);
  if (options.foreground) {
    const { runForeground } = await import('../foreground.js');
    return runForeground(paths, config, names);
  }
  await ensureDaemon(paths);
  await runOperation(paths, {
    path: '/up',
    body: { config, services: names, wait: options.wait },
    services: Object.keys(config.services),
    redact: redactorFor(config),
    verb: options.wait ? 'ready' : 'starting',
    timeoutMs,
  });
  if (options.attach) await attach(paths, Object.keys(config.services));
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
