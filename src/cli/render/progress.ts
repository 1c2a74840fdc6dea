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
  /** Of those, the ones that were running already (nothing was done to them). */
  private readonly untouched = new Set<string>();
  /** Services this operation set going (`up --no-wait` answers before they are ready). */
  private readonly launched = new Set<string>();
  /** Failed in this operation: the daemon may start them again (restart policy), the operation's verdict stays. */
  private readonly failed = new Set<string>();
  /** What `up` planned, by action: restart (config changed), start (new, or not running), stop (removed). */
  private readonly planned = { restart: [] as string[], start: [] as string[], stop: [] as string[] };

  /**
   * `focus`: when set, only these services are counted and reported as "already
   * running" (restart names a few; their running dependencies are not news).
   */
  constructor(
    services: readonly string[],
    private readonly focus?: readonly string[],
    private readonly write: (line: string) => void = (line) => console.log(line),
    /** `up --dry-run`: the plan is what `up` would do, and nothing was done. */
    private readonly dryRun = false,
  ) {
    this.width = Math.max(...services.map((s) => s.length), 4);
    this.index = new Map(services.map((s, i) => [s, i]));
  }

  progress(event: ServiceProgress): void {
    const quiet = this.focus !== undefined && !this.focus.includes(event.service);
    if (quiet && event.phase === 'already-running') return;
    if (!quiet && SETTLED.has(event.phase)) this.settled.add(event.service);
    if (!quiet && event.phase === 'already-running') this.untouched.add(event.service);
    else if (event.phase !== 'already-running') this.untouched.delete(event.service);
    if (!quiet && LAUNCHED.has(event.phase)) this.launched.add(event.service);
    const action = PLANNED[event.phase];
    if (action) this.planned[action].push(event.service);
    const again = event.phase === 'starting' && this.failed.has(event.service);
    if (event.phase === 'failed') this.failed.add(event.service);
    const line = again ? restartingAfterFailure() : describe(event, this.dryRun);
    if (!line) return;
    const [mark, text] = line;
    this.write(`${mark} ${serviceLabel(event.service, this.index.get(event.service) ?? 0, this.width)}  ${text}`);
  }

  /** The closing line: how many services are ready and how long it took. */
  summary(done: Done, verb: string, elapsedMs: number): void {
    if (this.dryRun) return this.write(dryRunSummary(this.planned));
    // A service stopped for its removal from stack.yaml is not one of those made ready.
    const ready = [...this.settled].filter((s) => !this.planned.stop.includes(s));
    const count = ready.length;
    const launched = this.launched.size;
    if (done.ok && verb === 'starting' && launched > 0) {
      // `up --no-wait`: nothing is ready yet, and that is not "nothing to do".
      this.write(chalk.green(`✔ ${launched} ${launched === 1 ? 'service' : 'services'} starting in the background (stack status shows how far they got; stack wait waits for them)`));
    } else if (done.ok && count === 0) {
      this.write(chalk.green(verb === 'stopped' ? '✔ nothing was running' : '✔ nothing to do'));
    } else if (done.ok && ready.every((s) => this.untouched.has(s))) {
      // Nothing was started: a duration here would read as if something had been.
      this.write(chalk.green(`✔ ${count === 1 ? 'the service was' : count === 2 ? 'both services were' : `all ${count} services were`} already running, nothing to do`));
    } else if (done.ok) {
      this.write(chalk.green(`✔ ${count} ${count === 1 ? 'service' : 'services'} ${verb} in ${formatDuration(elapsedMs)}`));
    }
  }
}

const restartingAfterFailure = (): [string, string] => [chalk.dim('↻'), chalk.dim('restarting after the failure (its restart policy); still reported as failed below')];

const LAUNCHED = new Set<ServiceProgress['phase']>(['waiting', 'deferred', 'building', 'starting', 'new', 'config-changed']);

const PLANNED: Partial<Record<ServiceProgress['phase'], 'restart' | 'start' | 'stop'>> = {
  'config-changed': 'restart',
  new: 'start',
  'not-running': 'start',
  removed: 'stop',
};

/** "restarting", or "would restart" in a dry run. */
function doing(action: 'restart' | 'start' | 'stop', dryRun: boolean): string {
  if (dryRun) return `would ${action}`;
  return action === 'stop' ? 'stopping' : `${action}ing`;
}

function dryRunSummary(planned: { restart: string[]; start: string[]; stop: string[] }): string {
  const parts = (['restart', 'start', 'stop'] as const).filter((a) => planned[a].length > 0).map((a) => `${a} ${listOf(planned[a])}`);
  if (parts.length === 0) return chalk.green('✔ dry run: nothing to do, what runs is what stack.yaml says');
  return `dry run, nothing changed: stack up would ${listOf(parts)}`;
}

/** "a", "a and b", "a, b and c". */
function listOf(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function describe(e: ServiceProgress, dryRun = false): [string, string] | null {
  const took = e.elapsedMs !== undefined ? ` in ${formatDuration(e.elapsedMs)}` : '';
  const pid = e.pid ? chalk.dim(` (pid ${e.pid})`) : '';
  switch (e.phase) {
    case 'waiting':
      return [chalk.dim('…'), chalk.dim(`waiting for ${e.detail}`)];
    case 'deferred':
      return [chalk.dim('…'), chalk.dim(`held back: ${e.detail}`)];
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
    case 'config-changed':
      return [chalk.yellow('↻'), chalk.yellow(`config changed (${e.detail ?? 'stack.yaml'}): ${doing('restart', dryRun)}`)];
    case 'new':
      return [chalk.dim('▸'), `new in stack.yaml: ${doing('start', dryRun)}`];
    case 'removed':
      return [chalk.yellow('▸'), chalk.yellow(`removed from stack.yaml: ${doing('stop', dryRun)}`)];
    case 'not-running':
      return [chalk.dim('▸'), `not running: ${doing('start', dryRun)}`];
    case 'port-moved':
      return [chalk.yellow('↻'), chalk.yellow(e.detail ?? 'port moved')];
  }
}

/** "exited with code 1 before it was healthy: Error: …" → "exited with code 1 before it was healthy". */
function firstClause(reason: string): string {
  const colon = reason.indexOf(': ');
  const semicolon = reason.indexOf(';');
  const cut = [colon, semicolon].filter((i) => i > 0);
  return cut.length > 0 ? reason.slice(0, Math.min(...cut)) : reason;
}
