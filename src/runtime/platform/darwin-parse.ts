import type { ListeningSocket, ProcessRow } from './types.js';

/** Pure parsers for macOS ps/lsof output, tested with captured samples. */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `ps -o lstart=` ("Mon Nov 23 10:00:00 2026", local time, LC_ALL=C) → epoch ms, or null. */
export function parseLstart(text: string): number | null {
  const match = /^\w{3}\s+(\w{3})\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})\s+(\d{4})$/.exec(text.trim());
  if (!match) return null;
  const [, month = '', day, hours, minutes, seconds, year] = match;
  const monthIndex = MONTHS.indexOf(month);
  if (monthIndex < 0) return null;
  return new Date(Number(year), monthIndex, Number(day), Number(hours), Number(minutes), Number(seconds)).getTime();
}

/** `ps -o stat=,lstart= -p PID` → state and the lstart text. */
export function parseStatLstart(text: string): { state: string; lstart: string } | null {
  const match = /^\s*(\S+)\s+(.+?)\s*$/.exec(text);
  if (!match) return null;
  return { state: match[1] ?? '', lstart: match[2] ?? '' };
}

/** `ps -axo pid=,ppid=,pgid=,stat=` → rows. */
export function parsePsRows(text: string): ProcessRow[] {
  const rows: ProcessRow[] = [];
  for (const line of text.split('\n')) {
    const [pid, ppid, pgid, state, rssKb] = line.trim().split(/\s+/);
    if (pid === undefined || ppid === undefined || pgid === undefined || state === undefined) continue;
    // ps prints rss in KiB.
    const rss = rssKb !== undefined && /^\d+$/.test(rssKb) ? { rss: Number(rssKb) * 1024 } : {};
    rows.push({ pid: Number(pid), ppid: Number(ppid), pgid: Number(pgid), state, ...rss });
  }
  return rows;
}

/**
 * `lsof -nP -iTCP -sTCP:LISTEN -F ptn`: a "p<pid>" line starts a process, then for each of
 * its sockets "f<fd>", "t<type>" (IPv4 or IPv6) and "n<address>:<port>" lines follow. An
 * IPv6 address comes in brackets ("[::1]:3000"); a wildcard is "*:3000" for both
 * families, so the type says whether it is 0.0.0.0 or ::.
 */
export function parseLsofListen(text: string): ListeningSocket[] {
  const sockets: ListeningSocket[] = [];
  let pid: number | null = null;
  let type = '';
  for (const line of text.split('\n')) {
    if (line.startsWith('p')) pid = Number(line.slice(1));
    if (line.startsWith('f')) type = '';
    if (line.startsWith('t')) type = line.slice(1);
    if (!line.startsWith('n')) continue;
    const name = line.slice(1);
    const colon = name.lastIndexOf(':');
    if (colon < 0) continue;
    const rawHost = name.slice(0, colon).replace(/^\[|\]$/g, '');
    const host = rawHost !== '*' ? rawHost : type === 'IPv6' ? '::' : '0.0.0.0';
    sockets.push({ host, port: Number(name.slice(colon + 1)), pid });
  }
  return sockets;
}

/** `lsof -a -d cwd -p PID -Fn` → the path on the "n" line. */
export function parseLsofCwd(text: string): string | null {
  const line = text.split('\n').find((l) => l.startsWith('n'));
  return line === undefined ? null : line.slice(1);
}

/**
 * `ps -axEww -o pid=,command=` → pid ⇒ value of `variable`, for the processes whose
 * environment (appended to the command as space-separated NAME=value words) has it.
 * A value with spaces is cut at the first one: stack's markers have none.
 */
export function parsePsEnv(text: string, variable: string): Map<number, string> {
  const found = new Map<number, string>();
  const marker = new RegExp(`(?:^|\\s)${variable.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}=(\\S*)`);
  for (const line of text.split('\n')) {
    const m = /^\s*(\d+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const value = marker.exec(m[2]!);
    if (value) found.set(Number(m[1]), value[1]!);
  }
  return found;
}
