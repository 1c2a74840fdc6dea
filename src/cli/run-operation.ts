/**
 * Send up/restart/down to the daemon, print its progress as it streams, and turn a
 * failed outcome into the failing services' reasons and log tails.
 */
import chalk from 'chalk';
import type { Done, Failure, ServiceStatus, StatusResponse, StreamEvent } from '../daemon/protocol.js';
import { StackError } from '../errors.js';
import { displayPath, type ProjectPaths } from '../paths.js';
import { readLogTail } from '../runtime/log-tail.js';
import { requestJson, requestStream } from '../client/ipc.js';
import { formatDuration } from './render/format.js';
import { ProgressPrinter } from './render/progress.js';

export const LOG_TAIL_LINES = 20;

export interface OperationOptions {
  path: '/up' | '/restart' | '/down';
  body: unknown;
  /** All service names, for column width and colours. */
  services: string[];
  /** "ready", "restarted", "stopped". */
  verb: string;
  timeoutMs?: number;
}

const SETTLED = new Set(['healthy', 'started', 'completed', 'already-running', 'stopped']);

export async function runOperation(paths: ProjectPaths, options: OperationOptions): Promise<Done> {
  const printer = new ProgressPrinter(options.services);
  const began = Date.now();
  const settled = new Set<string>();
  let done: Done | null = null;
  const stream = requestStream<StreamEvent>(paths.socket, options.path, options.body, (event) => {
    if (event.type === 'done') {
      done = event;
      return;
    }
    if (SETTLED.has(event.phase)) settled.add(event.service);
    printer.progress(event);
  });

  if (options.timeoutMs === undefined) await stream;
  else if ((await raceTimeout(stream, options.timeoutMs)) === 'timeout') await timedOut(paths, options.timeoutMs);

  const result = done as Done | null;
  if (!result) {
    throw new StackError('DAEMON_GONE', 'The stack daemon ended the request without an answer.', {
      hint: `see ${displayPath(paths, paths.daemonLog)}, then run: stack status`,
    });
  }
  printer.summary(result, options.verb, settled.size, Date.now() - began);
  if (!result.ok) await reportFailures(paths, result.failures);
  return result;
}

async function raceTimeout(work: Promise<void>, ms: number): Promise<'done' | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  try {
    return await Promise.race([work.then(() => 'done' as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function timedOut(paths: ProjectPaths, ms: number): Promise<never> {
  const status = await requestJson<StatusResponse>(paths.socket, 'GET', '/status');
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

export async function reportFailures(paths: ProjectPaths, failures: Failure[]): Promise<void> {
  const roots = failures.filter((f) => f.logFile !== null);
  for (const failure of roots) {
    const lines = await readLogTail(failure.logFile!, LOG_TAIL_LINES);
    console.error('');
    console.error(chalk.red(`✖ ${failure.service}: ${failure.reason}`));
    if (lines.length === 0) {
      console.error(chalk.dim(`  (${displayPath(paths, failure.logFile!)} is empty)`));
      continue;
    }
    console.error(chalk.dim(`  last ${lines.length} lines of ${displayPath(paths, failure.logFile!)}:`));
    for (const line of lines) console.error(`  ${chalk.dim('│')} ${line}`);
  }
  const names = roots.map((f) => f.service);
  const skipped = failures.length - roots.length;
  throw new StackError(
    'OPERATION_FAILED',
    `${names.join(', ')} failed${skipped > 0 ? `; ${skipped} ${skipped === 1 ? 'service' : 'services'} depending on it did not start` : ''}.`,
    { hint: `fix the cause above, then run: stack up   (full log: stack logs ${names[0] ?? ''})`.trimEnd() },
  );
}
