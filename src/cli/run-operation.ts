/**
 * Run up/restart/down through a StackControl (the daemon over its socket, or the
 * supervisor in this process for --foreground), print its progress as it comes, then
 * the closing line, and turn a failed outcome into the failing services' reasons and
 * log tails. Both modes report through here, so they print the same. With `json`, the
 * progress is collected instead of printed and one document closes the operation
 * (render/operation-json.ts); failure reasons and log tails still go to stderr.
 */
import chalk from 'chalk';
import type { Progress, StackControl } from '../protocol/control.js';
import type { Done, DownRequest, Failure, RestartRequest, UpRequest } from '../protocol/messages.js';
import { redactDeep, redactorFor, type Redactor } from '../protocol/redact.js';
import type { ServiceStatus, StatusResponse } from '../protocol/status.js';
import { StackError } from '../errors.js';
import type { ProjectPaths } from '../project-dir.js';
import { readLogTail } from '../runtime/logs/log-tail.js';
import { displayPath, formatDuration } from '../format.js';
import { ProgressPrinter } from './render/progress.js';
import { OperationJsonCollector, type OperationJson } from './render/operation-json.js';

export const LOG_TAIL_LINES = 20;

export type Operation =
  | { name: 'up'; body: UpRequest }
  | { name: 'down'; body: DownRequest }
  | { name: 'restart'; body: RestartRequest };

export interface OperationOptions {
  control: StackControl;
  operation: Operation;
  /** All service names, for column width and colours. */
  services: string[];
  /** "ready", "restarted", "stopped". */
  verb: string;
  /** Only these services are reported as "already running" and counted (restart names a few; their running dependencies are not news). */
  focus?: string[];
  /** Where progress lines go (default stdout; doctor --fix --json keeps stdout for JSON). */
  write?: (line: string) => void;
  timeoutMs?: number;
  /** Failure reasons and log tails quote service output: secrets are masked (redactorFor(config)). */
  redact?: Redactor;
  /** Once aborted (Ctrl-C in --foreground), nothing more is printed and the outcome is not reported. */
  interrupted?: AbortSignal;
  /** `up --dry-run`: the progress is the plan; the closing line says nothing was changed. */
  dryRun?: boolean;
  /**
   * `--json`: print no progress; print `{ ok, services }` on stdout at the end (also on a
   * failure or timeout), from `statusAfter()` (default: the control's status; `down` of
   * everything asks once the daemon is gone).
   */
  json?: boolean;
  statusAfter?: () => Promise<StatusResponse>;
  /** Where the `--json` document goes (default: stdout, as JSON text); `stack mcp` returns it as a tool result. */
  emitJson?: (document: OperationJson) => void;
  /** Where failure reasons and log tails go, line by line (default stderr). */
  writeError?: (line: string) => void;
}

export async function runOperation(paths: ProjectPaths, options: OperationOptions): Promise<Done> {
  const { control, operation, interrupted } = options;
  const redact = options.redact ?? redactorFor(null);
  const printer = new ProgressPrinter(options.services, options.focus, options.write, options.dryRun);
  const collector = options.json ? new OperationJsonCollector() : null;
  const began = Date.now();
  const controller = new AbortController();
  const progress: Progress = (event) => {
    if (interrupted?.aborted) return;
    if (collector) collector.progress(redactDeep(event, redact));
    else printer.progress(redactDeep(event, redact));
  };
  const printJson = async (ok: boolean, failures: Failure[]): Promise<void> => {
    if (!collector) return;
    const status = await (options.statusAfter ?? (() => control.status()))();
    const document = collector.document(ok, options.services, status, failures, options.focus);
    if (options.emitJson) options.emitJson(document);
    else console.log(JSON.stringify(document, null, 2));
  };
  const run = call(control, operation, progress, controller.signal);

  let done: Done;
  if (options.timeoutMs === undefined) done = await run;
  else {
    const raced = await raceTimeout(run, options.timeoutMs);
    if (raced === 'timeout') {
      controller.abort();
      run.catch(() => undefined);
      await printJson(false, []);
      return timedOut(control, options.timeoutMs);
    }
    done = raced;
  }
  if (interrupted?.aborted) return done;
  const result = redactDeep(done, redact);
  if (collector) await printJson(result.ok, result.failures);
  // up's own figure when the daemon gives one: the total `stack analyze` shows for it.
  else printer.summary(result, options.verb, result.elapsedMs ?? Date.now() - began);
  if (!result.ok) await reportFailures(paths, result.failures, redact, options.writeError);
  return result;
}

function call(control: StackControl, operation: Operation, progress: Progress, signal: AbortSignal): Promise<Done> {
  switch (operation.name) {
    case 'up':
      return control.up(operation.body, progress, signal);
    case 'down':
      return control.down(operation.body, progress, signal);
    case 'restart':
      return control.restart(operation.body, progress, signal);
  }
}

async function raceTimeout(work: Promise<Done>, ms: number): Promise<Done | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function timedOut(control: StackControl, ms: number): Promise<never> {
  const status = await control.status();
  const waiting = status.services.filter((s) => s.state !== 'stopped' && !(s.state === 'running' && s.health === 'healthy'));
  throw new StackError(
    'UP_TIMEOUT',
    `Gave up waiting after ${formatDuration(ms)}: ${waiting.map(describeWaiting).join('; ') || 'services were still starting'}.`,
    { hint: 'they keep starting in the background: stack status shows where they are, stack logs <service> why' },
  );
}

function describeWaiting(s: ServiceStatus): string {
  const detail = s.healthDetail ? ` (last check: ${s.healthDetail})` : '';
  return `${s.name} is ${s.state}${detail}`;
}

export async function reportFailures(
  paths: ProjectPaths,
  failures: Failure[],
  redact: Redactor,
  write: (line: string) => void = (line) => console.error(line),
): Promise<void> {
  if (failures.length > 0 && failures.every((f) => f.interrupted)) throw interruptedByDown(failures);
  const roots = failures.filter((f) => !f.blocked);
  for (const failure of roots) {
    write('');
    write(chalk.red(`✖ ${failure.service}: ${redact(failure.reason)}`));
    if (!failure.log) continue;
    const lines = (await readLogTail(failure.log.file, LOG_TAIL_LINES, failure.log.from)).map(redact);
    const file = displayPath(failure.log.file, paths.root);
    if (lines.length === 0) {
      write(chalk.dim(`  (it printed nothing to ${file})`));
      continue;
    }
    const what = lines.length === 1 ? 'last line' : `last ${lines.length} lines`;
    write(chalk.dim(`  ${what} of ${file}:`));
    for (const line of lines) write(`  ${chalk.dim('│')} ${line}`);
  }
  const names = roots.map((f) => f.service);
  const blocked = failures.length - roots.length;
  const them = names.length === 1 ? 'it' : 'them';
  const logged = roots.filter((f) => f.log !== null).map((f) => f.service);
  const logs = logged.length === 0 ? '' : `   (full ${logged.length === 1 ? 'log' : 'logs'}: stack logs ${logged.join(' ')})`;
  throw new StackError(
    'OPERATION_FAILED',
    `${names.join(', ')} failed${blocked > 0 ? `; ${blocked} ${blocked === 1 ? 'service' : 'services'} depending on ${them} did not start` : ''}.`,
    { hint: `fix the cause above, then run: stack up${logs}` },
  );
}

/** `stack down` stopped what this `up` waited for: nothing is broken, but the stack is not up (exit 1). */
function interruptedByDown(failures: Failure[]): StackError {
  const names = failures.map((f) => f.service);
  const were = names.length === 1 ? 'it was' : 'they were';
  return new StackError('INTERRUPTED', `stack down stopped ${names.join(', ')} before ${were} ready.`, {
    hint: 'nothing of it runs now; to start it again, run: stack up',
  });
}
