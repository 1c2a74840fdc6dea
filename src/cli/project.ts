/**
 * Which project a command is about. Locating stack.yaml is cheap (a few stats);
 * parsing it loads yaml and zod, so only commands that need the config do that.
 */
import type { Command } from 'commander';
import type { StackConfig } from '../config/types.js';
import type { RequestEnv } from '../protocol/messages.js';
import { StackError, type ConfigError } from '../errors.js';
import { projectPaths, type ProjectPaths } from '../project-dir.js';
import { findConfigFile } from '../config/find.js';
import { closest } from '../config/suggest.js';

export interface GlobalOptions {
  file?: string;
}

export function locateProject(program: Command): ProjectPaths {
  const { file } = program.opts<GlobalOptions>();
  return projectPaths(findConfigFile({ file, cwd: process.cwd(), env: process.env }));
}

/**
 * stack.yaml, resolved with this shell's environment. A `port: auto` service with no port
 * kept yet gets one now (the first command to resolve the config chooses it, so `config`,
 * `graph` and `doctor` show the number `up` will use); `choosePorts: false` only reads the
 * kept ones (shell completion must not write).
 */
export async function loadProjectConfig(paths: ProjectPaths, { choosePorts = true } = {}): Promise<StackConfig> {
  const [{ loadConfig }, { keptPorts, loadChoosingPorts }, { PortBook }] = await Promise.all([
    import('../config/index.js'),
    import('../config/auto-port.js'),
    import('../runtime/ports/port-book.js'),
  ]);
  const book = new PortBook(paths.runtimeDir);
  const load = (autoPorts: import('../config/auto-port.js').AutoPortSource) => loadConfig(paths.configFile, { env: process.env, autoPorts });
  return choosePorts ? loadChoosingPorts(load, book) : load(keptPorts(book.read().ports));
}

/**
 * This shell's environment, sent with the config it resolved (up, restart): the daemon
 * resolves `${VAR}` with it when stack.yaml changes, as this command just did.
 */
export function requestEnv(): RequestEnv {
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
}

/** Service names given on the command line must exist; say which do not and what was meant. */
export function checkServiceNames(config: StackConfig, names: readonly string[]): void {
  checkNames(`in ${config.file}`, Object.keys(config.services), names);
}

/** checkServiceNames against a list of names from `where` ("in /p/stack.yaml", or what the daemon runs). */
export function checkNames(where: string, known: readonly string[], names: readonly string[]): void {
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length === 0) return;
  const lines = unknown.map((n) => {
    const guess = closest(n, [...known]);
    return guess ? `${n} (did you mean ${guess}?)` : n;
  });
  throw new StackError('UNKNOWN_SERVICE', `No service named ${lines.join(', ')} ${where}.`, {
    exitCode: 2,
    hint: `services are: ${known.join(', ')}`,
  });
}

/**
 * While stack.yaml does not load, a command that can go on without it says so on stderr
 * (stdout stays its own, e.g. a --json document): the problems, file:line:col each, then
 * what it does instead (`instead`, one sentence).
 */
export async function sayGoingOnWithout(problem: ConfigError, instead: string): Promise<void> {
  const { default: chalk } = await import('chalk');
  console.error([chalk.yellow(problem.message), ...problem.details.map((d) => `  ${d}`), chalk.yellow(instead)].join('\n'));
}
