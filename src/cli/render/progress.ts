/**
 * Live progress of up/restart/down, one line per step, so it reads the same in a
 * terminal, a CI log and a pipe: "✔ api  healthy in 412ms (pid 4242)".
 */
import chalk from 'chalk';
import type { Done, ServiceProgress } from '../../daemon/protocol.js';
import { serviceLabel } from './colors.js';
import { formatDuration } from './format.js';

export class ProgressPrinter {
  private readonly width: number;
  private readonly index: Map<string, number>;

  constructor(
    services: readonly string[],
    private readonly write: (line: string) => void = (line) => console.log(line),
  ) {
    this.width = Math.max(...services.map((s) => s.length), 4);
    this.index = new Map(services.map((s, i) => [s, i]));
  }

  progress(event: ServiceProgress): void {
    const line = describe(event);
    if (!line) return;
    const [mark, text] = line;
    this.write(`${mark} ${serviceLabel(event.service, this.index.get(event.service) ?? 0, this.width)}  ${text}`);
  }

  /** The closing line: how many services are ready and how long it took. */
  summary(done: Done, verb: string, count: number, elapsedMs: number): void {
    if (done.ok) {
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
      return [chalk.red('✖'), chalk.red(`failed: ${e.detail}`)];
    case 'skipped':
      return [chalk.yellow('⊘'), chalk.yellow(e.detail ?? 'not started')];
    case 'stopping':
      return [chalk.dim('▸'), 'stopping'];
    case 'stopped':
      return [chalk.dim('■'), `stopped${took}`];
  }
}
