import type { ListeningSocket } from './types.js';

/** Pure parsers for Windows netstat/PowerShell output, tested with captured samples. */

/**
 * `netstat -ano`: keeps TCP rows whose foreign address has port 0, which is how
 * listening sockets show; the State column is localised ("LISTENING", "ABHÖREN"…).
 */
export function parseNetstatListening(text: string): ListeningSocket[] {
  const sockets: ListeningSocket[] = [];
  for (const line of text.split(/\r?\n/)) {
    const fields = line.trim().split(/\s+/);
    const [proto, local, foreign] = fields;
    const pid = fields.at(-1);
    if (proto !== 'TCP' || local === undefined || fields.length !== 5 || !foreign?.endsWith(':0')) continue;
    const colon = local.lastIndexOf(':');
    sockets.push({
      host: local.slice(0, colon).replace(/^\[|\]$/g, ''),
      port: Number(local.slice(colon + 1)),
      pid: pid !== undefined && /^\d+$/.test(pid) ? Number(pid) : null,
    });
  }
  return sockets;
}

export interface Win32ProcessRow {
  pid: number;
  ppid: number;
  /** CreationDate as a Windows FILETIME (100 ns ticks since 1601-01-01 UTC), or null when hidden. */
  created: string | null;
  command: string;
}

/** Lines printed by PROCESS_QUERY: pid, ppid, FILETIME and command line, tab-separated. */
export function parseWin32Processes(text: string): Win32ProcessRow[] {
  const rows: Win32ProcessRow[] = [];
  for (const line of text.split(/\r?\n/)) {
    const [pid, ppid, created, ...command] = line.split('\t');
    if (pid === undefined || ppid === undefined || !/^\d+$/.test(pid)) continue;
    rows.push({ pid: Number(pid), ppid: Number(ppid), created: created ? created.trim() : null, command: command.join('\t').trim() });
  }
  return rows;
}

const FILETIME_TICKS_PER_MS = 10_000n;
const FILETIME_UNIX_EPOCH_MS = 11_644_473_600_000n;

export function fileTimeToEpochMs(fileTime: string): number {
  return Number(BigInt(fileTime) / FILETIME_TICKS_PER_MS - FILETIME_UNIX_EPOCH_MS);
}

/** PowerShell that prints one line per process in the format parseWin32Processes reads. */
export function processQuery(pid?: number): string {
  const filter = pid === undefined ? '' : ` -Filter "ProcessId=${Math.trunc(pid)}"`;
  return [
    '[Console]::OutputEncoding = [Text.Encoding]::UTF8',
    `Get-CimInstance Win32_Process${filter} | ForEach-Object {`,
    '  $created = if ($_.CreationDate) { $_.CreationDate.ToFileTimeUtc() } else { "" }',
    '  "$($_.ProcessId)`t$($_.ParentProcessId)`t$created`t$($_.CommandLine)"',
    '}',
  ].join('\n');
}
