import { readdirSync } from 'node:fs';
import type { Command } from 'commander';
import { StackError } from '../../errors.js';
import { serviceLogFile, type ProjectPaths } from '../../paths.js';
import { LogPrinter } from '../log-printer.js';
import { checkServiceNames, loadProjectConfig, locateProject } from '../project.js';

interface LogsOptions {
  lines: string;
  follow?: boolean;
}

export async function logsCommand(program: Command, names: string[], options: LogsOptions): Promise<void> {
  const paths = locateProject(program);
  const lines = Number(options.lines);
  if (!Number.isInteger(lines) || lines < 0) {
    throw new StackError('USAGE', `-n ${options.lines} is not a number of lines.`, { exitCode: 2, hint: 'e.g. stack logs api -n 100' });
  }
  const config = await loadProjectConfig(paths);
  checkServiceNames(config, names);
  const all = withLoggedServices(paths, Object.keys(config.services));
  const selected = names.length > 0 ? names : all;
  const printer = new LogPrinter(
    selected.map((name) => ({ name, file: serviceLogFile(paths, name) })),
    all,
  );
  await printer.tail(lines);
  if (!options.follow) return;
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  await printer.follow(controller.signal);
}

/** Every service of the config in file order, plus services that only left logs behind. */
function withLoggedServices(paths: ProjectPaths, names: string[]): string[] {
  let files: string[] = [];
  try {
    files = readdirSync(paths.logsDir);
  } catch {
    /* no logs yet */
  }
  for (const file of files) {
    const match = /^([a-z0-9][a-z0-9_-]*)\.log$/.exec(file);
    if (match && !names.includes(match[1]!)) names.push(match[1]!);
  }
  return names;
}
