import { readdirSync } from 'node:fs';
import type { Command } from 'commander';
import { parseDuration } from '../../config/duration.js';
import { StackError } from '../../errors.js';
import { serviceLogFile, type ProjectPaths } from '../../project-dir.js';
import { LogPrinter } from '../log-printer.js';
import { checkServiceNames, loadProjectConfig, locateProject } from '../project.js';

interface LogsOptions {
  lines: number;
  follow?: boolean;
  since?: string;
}

export async function logsCommand(program: Command, names: string[], options: LogsOptions): Promise<void> {
  const paths = locateProject(program);
  const { lines } = options;
  const config = await loadProjectConfig(paths);
  checkServiceNames(config, names);
  const all = withLoggedServices(paths, Object.keys(config.services));
  const selected = names.length > 0 ? names : all;
  const printer = new LogPrinter(
    selected.map((name) => ({ name, file: serviceLogFile(paths, name) })),
    all,
  );
  const since = options.since === undefined ? undefined : sinceOption(options.since);
  // --since alone shows everything since then; with an explicit -n, the last n of those.
  const explicitLines = program.commands.find((c) => c.name() === 'logs')?.getOptionValueSource('lines') === 'cli';
  const printed = await printer.tail(since !== undefined && !explicitLines ? Number.POSITIVE_INFINITY : lines, since);
  if (printed === 0 && !options.follow) {
    const which = names.length > 0 ? names.join(', ') : 'any service';
    console.error(since === undefined ? `No log lines yet for ${which}; start with: stack up` : `Nothing logged by ${which} since then.`);
  }
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

/** "10m" (that long ago) or a date/time ("2026-11-23T14:02", "14:02" today). */
function sinceOption(text: string): number {
  const ago = parseDuration(text);
  if (ago.ok) return Date.now() - ago.ms;
  const clock = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (clock) {
    const d = new Date();
    d.setHours(Number(clock[1]), Number(clock[2]), Number(clock[3] ?? 0), 0);
    return d.getTime();
  }
  const at = Date.parse(text);
  if (!Number.isNaN(at)) return at;
  throw new StackError('USAGE', `--since ${text} is neither a duration nor a time.`, {
    exitCode: 2,
    hint: 'e.g. --since 10m, --since 14:02 or --since 2026-11-23T14:02',
  });
}
