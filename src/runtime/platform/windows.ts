import { descendantsOf } from './process-table.js';
import { runText } from './run-text.js';
import { summedMemory } from './process-table.js';
import { fileTimeToEpochMs, parseNetstatListening, parseWin32Processes, processQuery, type Win32ProcessRow } from './windows-parse.js';
import type { Platform, ProcessRow } from './types.js';

/**
 * Windows: netstat for ports, PowerShell CIM queries for processes. CreationDate as a
 * FILETIME is exact, so it serves as the start token. There are no process groups; a
 * "group" is the process and its descendants.
 */

async function win32Processes(pid?: number): Promise<Win32ProcessRow[]> {
  const script = processQuery(pid);
  return parseWin32Processes((await runText('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', script], 20_000)) ?? '');
}

function asRows(processes: Win32ProcessRow[]): ProcessRow[] {
  return processes.map(({ pid, ppid }) => ({ pid, ppid, pgid: 0, state: 'R' }));
}

export const windowsPlatform: Platform = {
  // Win32_Process.CreationDate is in 100 ns units.
  startTimeResolutionMs: 1,

  async processStart(pid) {
    const row = (await win32Processes(pid)).find((p) => p.pid === pid);
    if (!row?.created) return null;
    return { startedAt: fileTimeToEpochMs(row.created), token: row.created };
  },

  async listeningSockets() {
    return parseNetstatListening((await runText('netstat', ['-ano'])) ?? '');
  },

  async processTree(pid) {
    const processes = await win32Processes();
    if (!processes.some((p) => p.pid === pid)) return [];
    return [pid, ...descendantsOf(asRows(processes), pid)];
  },

  async processTrees(roots) {
    const rows = asRows(await win32Processes());
    return new Map(roots.map((pid) => [pid, rows.some((r) => r.pid === pid) ? [pid, ...descendantsOf(rows, pid)] : []]));
  },

  async processInfo(pid) {
    const row = (await win32Processes(pid)).find((p) => p.pid === pid);
    // Windows does not expose another process's working directory.
    return row ? { command: row.command, cwd: null } : null;
  },

  async groupMembers(pgid, among) {
    const processes = await win32Processes();
    const self = processes.some((p) => p.pid === pgid) ? [pgid] : [];
    const members = [...self, ...descendantsOf(asRows(processes), pgid)];
    return among ? members.filter((pid) => among.includes(pid)) : members;
  },

  async treeMemory(roots) {
    // Win32_Process has no cheap resident size across a tree here: pidusage per pid.
    const trees = await this.processTrees(roots);
    // Loaded on first use (pidusage): CLI start-up is a hot path.
    const { resourceUsage } = await import('../process/usage.js');
    const usage = await resourceUsage([...trees.values()].flat());
    return summedMemory(trees, usage);
  },

  async processesWithEnv() {
    // Windows does not show another process's environment: only the process tree finds a service's processes.
    return new Map();
  },
};
