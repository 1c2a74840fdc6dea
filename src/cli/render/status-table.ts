/**
 * The `stack status` table: one row per service, and a note saying what needs attention
 * (STALE code, CONFIG CHANGED since the process started, new or removed in stack.yaml),
 * under a line saying so when stack.yaml does not load and the running config is shown.
 */
import chalk from 'chalk';
import type { ServiceStatus, StatusResponse } from '../../protocol/status.js';
import { describeExit, describeLastExit } from '../../protocol/exit-wording.js';
import { formatBytes, formatClock, formatDuration } from '../../format.js';
import { renderTable } from './table.js';

const HEADER = ['SERVICE', 'STATE', 'HEALTH', 'PID', 'PORT', 'UPTIME', 'RESTARTS', 'CPU', 'MEM', 'NOTES'];

export function renderStatus(status: StatusResponse, now = Date.now()): string {
  const daemon = status.daemon.running ? `daemon pid ${status.daemon.pid}` : 'no daemon running';
  const title = chalk.bold(`${status.project}`) + chalk.dim(` (${status.config}, ${daemon})`);
  // A daemon of an older version sends no configProblem.
  const head = status.configProblem ? `${title}\n${chalk.red(status.configProblem)}` : title;
  if (status.services.length === 0) return `${head}\nno services`;
  const rows = status.services.map((s) => row(s, now));
  return `${head}\n${renderTable(HEADER.map((h) => chalk.dim(h)), rows)}`;
}

function row(s: ServiceStatus, now: number): string[] {
  return [
    s.name,
    colorState(s),
    colorHealth(s),
    s.pid === null ? '-' : String(s.pid),
    s.port === null ? '-' : String(s.port),
    s.startedAt && s.pid !== null ? formatDuration(now - Date.parse(s.startedAt)) : '-',
    String(s.restarts),
    s.cpu === null ? '-' : `${s.cpu}%`,
    memory(s),
    serviceNotes(s, now),
  ];
}

/** "46 MB", or against its limit: "46 MB / 512 MB" (red once over it). */
function memory(s: ServiceStatus): string {
  const used = s.memory === null ? '-' : formatBytes(s.memory);
  // A daemon of an older version sends no memoryLimit.
  if (s.memoryLimit === null || s.memoryLimit === undefined) return used;
  const text = `${used} / ${formatBytes(s.memoryLimit)}`;
  return s.memory !== null && s.memory > s.memoryLimit ? chalk.red(text) : text;
}

function colorState(s: ServiceStatus): string {
  switch (s.state) {
    case 'running':
      return s.managedBy === 'foreign' ? chalk.yellow('foreign') : chalk.green(s.state);
    case 'exited':
    case 'crashloop':
      return chalk.red(s.state);
    case 'stopped':
      return chalk.dim(s.state);
    default:
      return chalk.yellow(s.state);
  }
}

function colorHealth(s: ServiceStatus): string {
  if (s.health === 'healthy') return chalk.green('healthy');
  if (s.health === 'unhealthy') return chalk.red('unhealthy');
  return chalk.dim('-');
}

/** The NOTES column: what needs attention about a service, in words (`stack mcp`'s status summary reads it too). */
export function serviceNotes(s: ServiceStatus, now: number): string {
  const out: string[] = [];
  if (s.stale) out.push(chalk.red.bold('STALE') + staleNote(s));
  const changes = s.configChanges ?? [];
  if (changes.length > 0) out.push(`${chalk.red.bold('CONFIG CHANGED')}: ${changes.join(', ')}`);
  for (const note of s.notes ?? []) out.push(chalk.yellow(note));
  if (s.health === 'unhealthy' && s.healthDetail) out.push(chalk.red(s.healthDetail));
  if (s.port !== null && s.listening.length > 0 && !s.listening.includes(s.port)) {
    out.push(chalk.yellow(`listens on ${s.listening.join(', ')}, not ${s.port}`));
  }
  if ((s.state === 'exited' || s.state === 'crashloop') && s.lastExit) {
    out.push(chalk.red(describeLastExit(s.lastExit, formatClock)));
  }
  if (s.restartAt) {
    out.push(chalk.yellow(`restarting in ${formatDuration(Math.max(0, Date.parse(s.restartAt) - now))}`));
  } else if (s.state === 'crashloop') {
    out.push(chalk.red(`gave up after ${s.restarts} restarts; fix it, then: stack restart ${s.name}`));
  } else if (s.state === 'running' && s.managedBy === 'stack' && s.restarts > 0 && s.lastExit) {
    out.push(chalk.dim(`last ${describeExit(s.lastExit)} at ${formatClock(s.lastExit.at)}`));
  }
  if (s.managedBy === 'stack' && s.pid !== null && (s.state === 'exited' || s.state === 'stopped' || s.state === 'crashloop')) {
    out.push(chalk.yellow(`its process is gone but pid ${s.pid}, which it started, still holds the port; stack down stops it`));
  }
  if (s.managedBy === 'foreign') {
    const what = s.foreign?.command ? ` (${s.foreign.command}${s.foreign.cwd ? ` in ${s.foreign.cwd}` : ''})` : '';
    out.push(chalk.yellow(`not started by stack: pid ${s.pid ?? '?'}${what} holds the port`));
  }
  return out.join('; ');
}

/** " api/routes.js modified 3m12s after start (+2 more)". */
function staleNote(s: ServiceStatus): string {
  const [newest, ...rest] = s.staleFiles;
  if (!newest || !s.startedAt) return '';
  const after = formatDuration(Math.max(0, Date.parse(newest.modifiedAt) - Date.parse(s.startedAt)));
  const more = rest.length > 0 ? ` (+${rest.length} more)` : '';
  return `: ${newest.path} modified ${after} after start${more}`;
}
