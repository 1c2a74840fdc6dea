import { readdirSync } from 'node:fs';
import type { Command } from 'commander';
import { ConfigError, StackError } from '../../errors.js';
import { displayPath } from '../../format.js';
import { serviceLogFile, type ProjectPaths } from '../../project-dir.js';
import type { StackConfig } from '../../config/types.js';
import { grepPattern, readLogLines, sinceTime, type LogQuery, type LogsDocument } from '../log-lines.js';
import { LogPrinter } from '../log-printer.js';
import { checkNames, checkServiceNames, loadProjectConfig, locateProject, sayGoingOnWithout } from '../project.js';

interface LogsOptions {
  lines: number;
  follow?: boolean;
  since?: string;
  grep?: string;
  json?: boolean;
}

export async function logsCommand(program: Command, names: string[], options: LogsOptions): Promise<void> {
  const paths = locateProject(program);
  if (options.json && options.follow) {
    throw new StackError('USAGE', '--json and --follow do not go together: --json prints one document of the lines logged so far.', {
      exitCode: 2,
      hint: 'run stack logs --json, or stack logs -f without --json',
    });
  }
  const { selected, all } = await sourcesToShow(paths, names);
  const since = options.since === undefined ? undefined : sinceTime(options.since);
  const grep = options.grep === undefined ? undefined : grepPattern(options.grep);
  // --since alone shows everything since then; with an explicit -n, the last n of those.
  const explicitLines = program.commands.find((c) => c.name() === 'logs')?.getOptionValueSource('lines') === 'cli';
  const query: LogQuery = { lines: since !== undefined && !explicitLines ? Number.POSITIVE_INFINITY : options.lines, since, grep };
  if (options.json) {
    console.log(JSON.stringify(await logsDocument(paths, selected, query), null, 2));
    return;
  }
  const printer = new LogPrinter(
    selected.map((name) => ({ name, file: serviceLogFile(paths, name) })),
    all,
  );
  const printed = await printer.tail(query);
  if (printed === 0 && !options.follow) {
    const which = names.length > 0 ? names.join(', ') : 'any service';
    const matching = grep ? ` matching ${options.grep}` : '';
    console.error(since === undefined && !grep ? `No log lines yet for ${which}; start with: stack up` : `Nothing logged by ${which}${matching}${since === undefined ? '' : ' since then'}.`);
  }
  if (!options.follow) return;
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  await printer.follow(controller.signal, grep);
}

/** `stack logs --json` (and `stack mcp`'s logs tool): each selected service's lines, in the order printed. */
export async function logsDocument(paths: ProjectPaths, services: readonly string[], query: LogQuery): Promise<LogsDocument> {
  const out: LogsDocument['services'] = [];
  for (const name of services) {
    const file = serviceLogFile(paths, name);
    out.push({ name, file: displayPath(file, paths.root), lines: await readLogLines(file, query) });
  }
  return { services: out };
}

/**
 * logSources of stack.yaml's services, the names checked against them. While stack.yaml
 * does not load, the logs on disk are shown all the same (that is when they are wanted),
 * after a sentence on stderr saying what is wrong.
 */
async function sourcesToShow(paths: ProjectPaths, names: readonly string[]): Promise<{ selected: string[]; all: string[] }> {
  let config: StackConfig;
  try {
    config = await loadProjectConfig(paths);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const sources = logSources(paths, [], names);
    checkNames('among the services with logs (stack.yaml does not load)', sources.all, names);
    await sayGoingOnWithout(error, 'Showing the logs on disk.');
    return sources;
  }
  checkServiceNames(config, names);
  return logSources(paths, Object.keys(config.services), names);
}

/** The named services, or every service `listed` (stack.yaml's, in file order) plus services that only left logs behind. */
export function logSources(paths: ProjectPaths, listed: readonly string[], names: readonly string[]): { selected: string[]; all: string[] } {
  const all = [...listed];
  let files: string[] = [];
  try {
    files = readdirSync(paths.logsDir);
  } catch {
    /* no logs yet */
  }
  for (const file of files) {
    const match = /^([a-z0-9][a-z0-9_-]*)\.log$/.exec(file);
    if (match && !all.includes(match[1]!)) all.push(match[1]!);
  }
  return { selected: names.length > 0 ? [...names] : all, all };
}
