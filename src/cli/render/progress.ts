/**
 * Live progress of up/restart/down, one line per step, so it reads the same in a
 * terminal, a CI log and a pipe: "✔ api  healthy in 412ms (pid 4242)".
 */
import chalk from 'chalk';
import type { Done, ServiceProgress } from '../../protocol/messages.js';
import { serviceLabel } from './colors.js';
import { formatDuration } from '../../format.js';

const SETTLED = new Set<ServiceProgress['phase']>(['healthy', 'started', 'completed', 'already-running', 'stopped']);

export class ProgressPrinter {
  private readonly width: number;
  private readonly index: Map<string, number>;
  /** Services that reached their goal (ready, stopped) during this operation. */
  private readonly settled = new Set<string>();

  /**
   * `focus`: when set, only these services are counted and reported as "already
   * running" (restart names a few; their running dependencies are not news).
   */
  constructor(
    services: readonly string[],
    private readonly focus?: readonly string[],
    private readonly write: (line: string) => void = (line) => console.log(line),
  ) {
    this.width = Math.max(...services.map((s) => s.length), 4);
    this.index = new Map(services.map((s, i) => [s, i]));
  }

  progress(event: ServiceProgress): void {
    const quiet = this.focus !== undefined && !this.focus.includes(event.service);
    if (quiet && event.phase === 'already-running') return;
    if (!quiet && SETTLED.has(event.phase)) this.settled.add(event.service);
    const line = describe(event);
    if (!line) return;
    const [mark, text] = line;
    this.write(`${mark} ${serviceLabel(event.service, this.index.get(event.service) ?? 0, this.width)}  ${text}`);
  }

  /** The closing line: how many services are ready and how long it took. */
  summary(done: Done, verb: string, elapsedMs: number): void {
    const count = this.settled.size;
    if (done.ok && count === 0) {
      this.write(chalk.green(verb === 'stopped' ? '✔ nothing was running' : '✔ nothing to do'));
    } else if (done.ok) {
      this.write(chalk.green(`✔ ${count} ${count === 1 ? 'service' : 'services'} ${verb} in ${formatDuration(elapsedMs)}`));
    }
  }
}

function describe(e: ServiceProgress): [string, string] | null {
  const took = e.elapsedMs !== undefined ? ` in ${formatDuration(e.elapsedMs)}` : '';
  const pid = e.pid ? chalk.dim(` (pid ${e.pid})`) : '';
  switch (e.phase) {
    case 'waiting':
      return [chalk.dim('…'), chalk.dim(`waiting for ${e.detail}`)];
    case 'building':
      return [chalk.dim('▸'), 'building'];
    case 'starting':
      return [chalk.dim('▸'), 'starting'];
    case 'healthy':
      return [chalk.green('✔'), `healthy${took}${pid}`];
    case 'started':
      return [chalk.green('✔'), `running${took}${pid}`];
    case 'completed':
      return [chalk.green('✔'), `completed${took}`];
    case 'already-running':
      return [chalk.green('✔'), `already running${pid}`];
    case 'failed':
      // The reason and log tail follow in the failure report; keep the live line short.
      return [chalk.red('✖'), chalk.red(`failed: ${firstClause(e.detail ?? '')}`)];
    case 'skipped':
      return [chalk.yellow('⊘'), chalk.yellow(e.detail ?? 'not started')];
    case 'stopping':
      return [chalk.dim('▸'), 'stopping'];
    case 'stopped':
      return [chalk.dim('■'), `stopped${took}`];
  }
}

/** "exited with code 1 before it was healthy: Error: …" → "exited with code 1 before it was healthy". */
function firstClause(reason: string): string {
  const colon = reason.indexOf(': ');
  const semicolon = reason.indexOf(';');
  const cut = [colon, semicolon].filter((i) => i > 0);
  return cut.length > 0 ? reason.slice(0, Math.min(...cut)) : reason;
}
