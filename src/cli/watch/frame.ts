/**
 * What `stack status --watch` shows, as pure functions: the frame (the status table, or
 * what stands in for it), the key that decides whether a pipe gets a new copy, and the
 * one string that replaces the previous frame on a terminal in place.
 */
import chalk from 'chalk';
import { stripVTControlCharacters } from 'node:util';
import type { StatusResponse } from '../../protocol/status.js';
import { formatClock } from '../../format.js';
import { renderStatus } from '../render/status-table.js';

/** What one refresh found: a status, or why there is none (stack.yaml does not load and no daemon runs). */
export type Seen = { status: StatusResponse } | { problem: string };

export const NOT_RUNNING = 'stack is not running: no daemon answers; this table comes back by itself once one does (stack up)';

/**
 * What a change is made of, for a pipe: the table as it would read, minus what moves on
 * its own (cpu, memory; uptime and "restarting in", which the table computes from the
 * clock, are read at a fixed clock, so only a new start time or restart time changes them).
 * With `json`, the document instead, minus cpu, memory and the last probe's wording while
 * healthy ("HTTP 200 in 3ms"). Two refreshes with the same key show the same stack.
 */
export function steadyKey(seen: Seen, json = false): string {
  if ('problem' in seen) return `problem:${seen.problem}`;
  const services = seen.status.services.map((s) => ({
    ...s,
    cpu: null,
    memory: null,
    healthDetail: s.health === 'unhealthy' ? (s.healthDetail ?? null) : null,
  }));
  const steady = { ...seen.status, services };
  return json ? JSON.stringify(steady) : stripVTControlCharacters(tableOf(steady, 0));
}

/** Print again? Only when the stack is not what the last copy showed. */
export function changed(previousKey: string | null, seen: Seen, json = false): boolean {
  return previousKey !== steadyKey(seen, json);
}

/** The text of one frame: the table (or the sentence standing in for it), and a line saying when. */
export function frameText(seen: Seen, now: number, tty: boolean): string {
  const body = 'problem' in seen ? chalk.red(seen.problem) : tableOf(seen.status, now);
  const when = formatClock(new Date(now).toISOString(), new Date(now));
  // A terminal's frame is redrawn in place: the hint belongs under it. A pipe's copies pile up: each says when it is from.
  return tty ? `${body}\n${chalk.dim(`updated ${when} · Ctrl-C to stop`)}` : `${chalk.dim(`— ${when}`)}\n${body}`;
}

function tableOf(status: StatusResponse, now: number): string {
  const table = renderStatus(status, now);
  return status.daemon.running ? table : `${table}\n${chalk.yellow(NOT_RUNNING)}`;
}

/**
 * The frame as it fits a terminal `columns` × `rows`: each line cut to less than the
 * width (a wrapped line would make the rows to go back up uncountable, and a line that
 * fills the last column leaves the cursor in limbo), and at most rows − 1 lines (the
 * cursor cannot go back above the top of the screen: a taller frame would scroll away
 * and leave a copy in the scrollback at each redraw).
 */
export function fitFrame(text: string, columns: number, rows: number): string[] {
  const width = Math.max(10, columns - 1);
  const lines = text.split('\n').map((line) => truncate(line, width));
  const room = Math.max(2, rows - 1);
  if (lines.length <= room) return lines;
  const cut = lines.length - (room - 1);
  return [...lines.slice(0, room - 1), chalk.dim(truncate(`… ${cut} more ${cut === 1 ? 'line' : 'lines'} (a taller terminal shows them)`, width))];
}

/**
 * The one write that replaces a frame of `previousLines` lines (the cursor on the line
 * below it) with `lines`: back to its first line, each new line written over the old one
 * and the rest of that line erased, then everything below erased (a shorter frame). The
 * screen is never blank in between, so nothing flickers; nothing scrolls, so the
 * scrollback stays clean.
 */
export function redraw(previousLines: number, lines: readonly string[]): string {
  const up = previousLines > 0 ? `\x1b[${previousLines}F` : '';
  return `${up}${lines.map((line) => `${line}\x1b[K\n`).join('')}\x1b[J`;
}

export const HIDE_CURSOR = '\x1b[?25l';
export const SHOW_CURSOR = '\x1b[?25h';

/** `line` cut to `width` visible characters (colour codes kept, and reset when cut), with "…" at the cut. */
export function truncate(line: string, width: number): string {
  if (stripVTControlCharacters(line).length <= width) return line;
  let out = '';
  let visible = 0;
  for (const [token] of line.matchAll(/\x1b\[[0-9;?]*[A-Za-z]|[\s\S]/gu)) {
    if (token.startsWith('\x1b')) out += token;
    else if (visible < width - 1) {
      out += token;
      visible += 1;
    } else break;
  }
  return `${out}\x1b[0m…`;
}
