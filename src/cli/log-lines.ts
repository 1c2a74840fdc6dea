/**
 * Reading service logs for `stack logs` (printed or `--json`) and `stack mcp`'s logs tool:
 * the last lines of each log, reaching into rotated copies, from a time on (`since`), and
 * only the lines matching a pattern (`grep`, applied before the count: the last n matches).
 */
import { existsSync } from 'node:fs';
import { offsetSince } from '../protocol/log-index.js';
import { readLogTail } from '../runtime/logs/log-tail.js';
import { parseDuration } from '../config/duration.js';
import { StackError } from '../errors.js';

export interface LogSource {
  name: string;
  file: string;
}

export interface LogQuery {
  /** How many lines per service (the last ones); Infinity for all. */
  lines: number;
  /** Only lines written since then (ms since the epoch). */
  since?: number;
  /** Only lines matching it. */
  grep?: RegExp;
}

/** `stack logs --json`: `{ services: [{ name, file, lines }] }`, `file` relative to the project. */
export interface LogsDocument {
  services: Array<{ name: string; file: string; lines: string[] }>;
}

export async function readLogLines(file: string, query: LogQuery): Promise<string[]> {
  const { lines, since, grep } = query;
  if (lines <= 0) return [];
  if (since !== undefined) {
    const found = await readLogTail(file, grep ? Number.POSITIVE_INFINITY : lines, offsetSince(file, since));
    return grep ? found.filter((l) => grep.test(l)).slice(-lines) : found;
  }
  return grep ? grepAcrossRotations(file, lines, grep) : tailAcrossRotations(file, lines);
}

/**
 * The last `lines` lines of a log, reaching into its rotated copies (<file>.1 is the
 * newest of them) when the live file, just rotated, holds fewer.
 */
export async function tailAcrossRotations(file: string, lines: number): Promise<string[]> {
  let out = await readLogTail(file, lines);
  for (let generation = 1; out.length < lines; generation++) {
    const older = `${file}.${generation}`;
    if (!existsSync(older)) break;
    out = [...(await readLogTail(older, lines - out.length)), ...out];
  }
  return out;
}

/** The last `lines` lines matching `pattern`, the live file first, then older copies while there are too few. */
async function grepAcrossRotations(file: string, lines: number, pattern: RegExp): Promise<string[]> {
  let out = (await readLogTail(file, Number.POSITIVE_INFINITY)).filter((l) => pattern.test(l));
  for (let generation = 1; out.length < lines; generation++) {
    const older = `${file}.${generation}`;
    if (!existsSync(older)) break;
    out = [...(await readLogTail(older, Number.POSITIVE_INFINITY)).filter((l) => pattern.test(l)), ...out];
  }
  return out.slice(-lines);
}

/** `--grep <regex>` (a JavaScript regular expression, case-sensitive like grep); `option` names it in the error. */
export function grepPattern(text: string, option = '--grep'): RegExp {
  try {
    return new RegExp(text);
  } catch (error) {
    const why = (error as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '');
    throw new StackError('USAGE', `${option} ${text} is not a regular expression: ${why}.`, {
      exitCode: 2,
      hint: 'it is a JavaScript regular expression: put a backslash before a special character, e.g. \\[error\\]',
    });
  }
}

/** `--since 10m` (that long ago) or a date/time ("2026-11-23T14:02", "14:02" today), in ms since the epoch. */
export function sinceTime(text: string, option = '--since', now = new Date()): number {
  const ago = parseDuration(text);
  if (ago.ok) return now.getTime() - ago.ms;
  const clock = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (clock) {
    const d = new Date(now);
    d.setHours(Number(clock[1]), Number(clock[2]), Number(clock[3] ?? 0), 0);
    return d.getTime();
  }
  const at = Date.parse(text);
  if (!Number.isNaN(at)) return at;
  throw new StackError('USAGE', `${option} ${text} is neither a duration nor a time.`, {
    exitCode: 2,
    hint: `e.g. ${option} 10m, ${option} 14:02 or ${option} 2026-11-23T14:02`,
  });
}
