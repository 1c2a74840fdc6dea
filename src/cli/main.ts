/**
 * The CLI entry. Commands are registered from data and import their implementation
 * lazily, so `stack --help` never loads yaml, zod or execa. This is the only place that
 * turns errors into text and exit codes. (`stack status` with a daemon running does not
 * even come here: bin/stack.js answers it through fast-status.ts.)
 */
import { Command, CommanderError, Option } from 'commander';
import { VERSION } from '../version.js';
import { count, duration, portNumber } from './options.js';
import { WAIT_CONDITIONS } from '../protocol/wait.js';
import { GRAPH_FORMATS } from '../graph/graph-view.js';
import { EXPORT_FORMATS } from '../export/formats.js';
import { INIT_SOURCES } from '../init/draft.js';
import { reportError } from './report-error.js';
import { argumentWords } from './argument-words.js';
import type { GlobalOptions } from './project.js';

// Each command's action takes the program, then commander's own arguments for it.
type Action = (program: Command, ...args: any[]) => Promise<void>;

interface CommandSpec {
  name: string;
  aliases?: string[];
  args?: string;
  /** The words the first argument can be: completion offers them; the command refuses others (argument-words.ts). */
  words?: readonly string[];
  summary: string;
  options?: Option[];
  run: () => Promise<Action>;
}

const commands: CommandSpec[] = [
  {
    name: 'up',
    args: '[services...]',
    summary: 'start services (and their dependencies) in order; returns when they are ready',
    options: [
      new Option('--no-wait', 'return once the services are started, without waiting for health'),
      new Option('--timeout <duration>', 'give up waiting after this long (e.g. 90s, 2m)'),
      new Option('--attach', 'then follow the logs; Ctrl-C detaches, services keep running'),
      new Option('--foreground', 'supervise in this terminal; Ctrl-C stops everything'),
      new Option('--dry-run', 'say what up would restart (config changed), start and stop (removed from stack.yaml), and change nothing'),
      new Option('--json', 'print { ok, services: [{ name, state, health, pid, elapsedMs, error }] } at the end instead of progress'),
    ],
    run: async () => (await import('./commands/up.js')).upCommand,
  },
  {
    name: 'down',
    args: '[services...]',
    summary: 'stop services, dependents first (all of them, and the daemon, when none are named)',
    options: [new Option('--json', 'print { ok, services: [{ name, state, health, pid, elapsedMs, error }] } at the end instead of progress')],
    run: async () => (await import('./commands/down.js')).downCommand,
  },
  {
    name: 'restart',
    args: '<services...>',
    summary: 'stop and start services again (running their build first)',
    options: [
      new Option('--with-deps', 'also restart what they depend on'),
      new Option('--dependents', 'also restart what depends on them'),
      new Option('--json', 'print { ok, services: [{ name, state, health, pid, elapsedMs, error }] } at the end instead of progress'),
    ],
    run: async () => (await import('./commands/restart.js')).restartCommand,
  },
  {
    name: 'status',
    aliases: ['ps'],
    summary: 'show each service: state, health, pid, port, uptime, restarts, cpu, memory',
    options: [
      new Option('--json', 'print JSON (the shape is a stable contract); with --watch, one document a line at each change'),
      new Option('-w, --watch', 'keep the table up to date in place (in a pipe: print it again only when something changed); Ctrl-C stops'),
      new Option('--interval <duration>', 'with --watch: how often to refresh what the daemon does not announce (uptime, cpu, memory)').argParser(duration).default(1000, '1s'),
    ],
    run: async () => (await import('./commands/status.js')).statusCommand,
  },
  {
    name: 'analyze',
    summary: 'the critical chain of the last up: for each service, time waiting for its dependencies, build, spawn, listening, ready',
    options: [new Option('--json', 'print { ok, problem, up, critical, chainMs, finishingMs, services } (the shape is a stable contract)')],
    run: async () => (await import('./commands/analyze.js')).analyzeCommand,
  },
  {
    name: 'wait',
    args: '[services...]',
    summary: 'block until the services (default: all) are healthy, running, completed or stopped; exit 1 as soon as one cannot get there',
    options: [
      new Option('--for <condition>', 'what to wait for').choices(WAIT_CONDITIONS).default('healthy'),
      new Option('--timeout <duration>', 'give up after this long (e.g. 30s, 2m), naming who is not there yet').argParser(duration),
      new Option('--json', 'print one result per service: name, state, health, pid, ok, reason'),
    ],
    run: async () => (await import('./commands/wait.js')).waitCommand,
  },
  {
    name: 'graph',
    summary: 'the dependency graph from stack.yaml, with live state when the stack runs',
    options: [
      new Option('--format <format>', 'tree (dependents above what they depend on), dot (Graphviz), mermaid (GitHub markdown) or json')
        .choices(GRAPH_FORMATS)
        .default('tree'),
    ],
    run: async () => (await import('./commands/graph.js')).graphCommand,
  },
  {
    name: 'logs',
    args: '[services...]',
    summary: 'show service logs, prefixed and colored per service',
    options: [
      new Option('-n, --lines <n>', 'lines per service').argParser(count).default(50),
      new Option('-f, --follow', 'keep printing new lines'),
      new Option('--since <when>', 'only lines written since then: 10m, 1h, 14:02 or an ISO date'),
      new Option('--grep <regex>', 'only lines matching this JavaScript regular expression (case-sensitive); -n counts the matches'),
      new Option('--json', 'print { services: [{ name, file, lines }] } (not with -f)'),
    ],
    run: async () => (await import('./commands/logs.js')).logsCommand,
  },
  {
    name: 'events',
    args: '[services...]',
    summary: 'the timeline: starts, exits with reasons, health changes, restarts, stale code',
    options: [
      new Option('-n, --lines <n>', 'how many of the latest events').argParser(count).default(30),
      new Option('-f, --follow', 'keep printing new events'),
      new Option('--json', 'one JSON object per line'),
    ],
    run: async () => (await import('./commands/events.js')).eventsCommand,
  },
  {
    name: 'doctor',
    args: '[services...]',
    summary:
      'check the stack and explain what is wrong, root cause first, with the next command for each finding; exit 1 on any error (a broken stack.yaml is reported as findings, also exit 1)',
    options: [
      new Option('--json', 'print { ok, findings } (the shape is a stable contract)'),
      new Option('--fix', 'restart the services stack manages that are down, unhealthy or stale, then check again; never touches processes stack did not start'),
      new Option('--staged', 'pre-commit mode: only the services whose sources are staged (and their dependencies), which must be up, healthy and fresh; the staged stack.yaml is what is checked'),
    ],
    run: async () => (await import('./commands/doctor.js')).doctorCommand,
  },
  {
    name: 'ui',
    summary: 'open the live dashboard (served by the daemon on 127.0.0.1, started if needed); prints its URL with the token',
    options: [
      new Option('--port <n>', 'listen on this port (default: a free one); applies when the dashboard starts').argParser(portNumber),
      new Option('--no-open', 'print the URL without opening a browser'),
      new Option('--json', 'print { url, port, pid, started }'),
    ],
    run: async () => (await import('./commands/ui.js')).uiCommand,
  },
  {
    name: 'config',
    summary: 'validate stack.yaml and print the resolved config',
    options: [
      new Option('--json', 'print JSON instead of YAML'),
      new Option('--show-secrets', 'print values of *TOKEN*, *PASSWORD*, *SECRET*, *KEY* variables and URL passwords unmasked'),
    ],
    run: async () => (await import('./commands/config.js')).configCommand,
  },
  {
    name: 'init',
    summary: 'write a commented stack.yaml from the Procfile, compose file or package.json here; says what it guessed',
    options: [
      new Option('--from <source>', 'read this kind of file (default: the first found of Procfile, compose file, package.json)').choices(INIT_SOURCES),
      new Option('--force', 'replace an existing stack.yaml'),
      new Option('--dry-run', 'print the stack.yaml it would write (notes on stderr) and write nothing'),
    ],
    run: async () => (await import('./commands/init.js')).initCommand,
  },
  {
    name: 'export',
    args: '<format>',
    words: EXPORT_FORMATS,
    summary: 'print the stack as a compose file (compose) or Kubernetes manifests (k8s): same commands, env, ports, health checks, dependencies',
    options: [new Option('-o, --output <file>', 'write to this file instead of stdout')],
    run: async () => (await import('./commands/export.js')).exportCommand,
  },
  {
    name: 'hook',
    args: '<action>',
    words: ['install', 'uninstall'],
    summary: '`install` or `uninstall` a git pre-commit hook running `stack doctor --staged` (keeps an existing hook; respects core.hooksPath)',
    run: async () => (await import('./commands/hook.js')).hookCommand,
  },
  {
    name: 'mcp',
    summary: 'serve this project to MCP clients (coding agents) over stdio: status, doctor, logs, events, graph, config, wait, up, down, restart (see the README)',
    run: async () => (await import('../mcp/server.js')).mcpCommand,
  },
  {
    name: 'completion',
    args: '[shell]',
    summary: 'print a completion script for bash, zsh or fish (see the README for how to install it)',
    // What the scripts call back at completion time: the service names, one a line.
    options: [new Option('--services', 'print the service names of the stack.yaml in reach').hideHelp()],
    run: async () => (await import('./commands/completion.js')).completionCommand,
  },
];

const FILE_FLAGS = '-f, --file <path>';
const FILE_HELP = 'path to stack.yaml (default: $STACK_FILE, else ./stack.yaml or the nearest parent)';

export function buildProgram(): Command {
  const program = new Command('stack')
    .description('A local dev-stack supervisor: start services in order, keep them healthy, catch stale code.')
    .version(VERSION, '-v, --version')
    .option(FILE_FLAGS, FILE_HELP)
    // `stack -f x.yaml logs -f api`: before the command name -f is the file, after it the
    // command's own options apply (logs -f follows).
    .enablePositionalOptions()
    .showSuggestionAfterError(true)
    .showHelpAfterError('hint: stack --help lists the commands')
    .exitOverride();

  for (const spec of commands) {
    const command = program.command(spec.args ? `${spec.name} ${spec.args}` : spec.name).description(spec.summary);
    for (const alias of spec.aliases ?? []) command.alias(alias);
    if (spec.words) argumentWords.set(command, spec.words);
    command.showHelpAfterError(`hint: stack ${spec.name} --help shows its usage${spec.args === '<services...>' ? `, e.g. stack ${spec.name} api` : ''}`);
    for (const option of spec.options ?? []) command.addOption(option);
    // `stack up -f x.yaml` works too; logs keeps -f for --follow, so there it is --file only.
    const takesShortF = !(spec.options ?? []).some((o) => o.short === '-f');
    command.option(takesShortF ? FILE_FLAGS : '--file <path>', FILE_HELP);
    command.action(async (...args: unknown[]) => {
      const own = (args.at(-1) as Command).opts<GlobalOptions>().file;
      if (own !== undefined) program.setOptionValue('file', own);
      const action = await spec.run();
      await action(program, ...args);
    });
  }
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with exit code 0; usage errors are 2.
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    process.exitCode = reportError(error);
  }
}

export type { GlobalOptions };
