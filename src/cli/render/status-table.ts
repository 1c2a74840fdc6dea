/**
 * The `stack status` table: one row per service, and a note saying what needs attention
 * (STALE code, CONFIG CHANGED since the process started, new or removed in stack.yaml),
 * under a line saying so when stack.yaml does not load and the running config is shown.
 */
import chalk from 'chalk';
import type { ServiceStatus, StatusResponse } from '../../protocol/status.js';
import { statusNotes, type StatusNote } from '../../protocol/status-notes.js';
import { formatBytes, formatDuration } from '../../format.js';
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
  return statusNotes(s, now).map(paint).join('; ');
}

/** A marker in bold red before plain words; other notes coloured by their level. */
function paint(note: StatusNote): string {
  if (note.label) return chalk.red.bold(note.label) + (note.text ? `: ${note.text}` : '');
  if (note.level === 'error') return chalk.red(note.text);
  if (note.level === 'warning') return chalk.yellow(note.text);
  return chalk.dim(note.text);
}
