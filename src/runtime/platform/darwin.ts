import { parseLsofCwd, parseLsofListen, parseLstart, parsePsEnv, parsePsRows, parseStatLstart } from './darwin-parse.js';
import { groupOf, isRunningState, treeMemories, treeOf } from './process-table.js';
import { runText } from './run-text.js';
import type { Platform, ProcessRow } from './types.js';

/** macOS has no /proc: ps and lsof answer instead. Start times have one-second resolution. */

async function processTable(): Promise<ProcessRow[]> {
  return parsePsRows((await runText('ps', ['-axo', 'pid=,ppid=,pgid=,stat=,rss='])) ?? '');
}

export const darwinPlatform: Platform = {
  // ps -o lstart prints whole seconds.
  startTimeResolutionMs: 1000,

  async processStart(pid) {
    const parsed = parseStatLstart((await runText('ps', ['-o', 'stat=,lstart=', '-p', String(pid)])) ?? '');
    if (!parsed || !isRunningState(parsed.state)) return null;
    const startedAt = parseLstart(parsed.lstart);
    return startedAt === null ? null : { startedAt, token: parsed.lstart };
  },

  async listeningSockets(options) {
    // lsof names the owners anyway: no pids to look among (is anything listening?) is the full list.
    const only = options?.ownerPids?.length ? ['-a', '-p', options.ownerPids.join(',')] : [];
    return parseLsofListen((await runText('lsof', ['-nP', '-iTCP', '-sTCP:LISTEN', ...only, '-F', 'ptn'])) ?? '');
  },

  async processTree(pid) {
    return treeOf(await processTable(), pid);
  },

  async processTrees(roots) {
    const table = await processTable();
    return new Map(roots.map((pid) => [pid, treeOf(table, pid)]));
  },

  async processInfo(pid) {
    const [command, cwd] = await Promise.all([
      runText('ps', ['-o', 'command=', '-p', String(pid)]),
      runText('lsof', ['-a', '-d', 'cwd', '-p', String(pid), '-Fn']),
    ]);
    if (!command?.trim()) return null;
    return { command: command.trim(), cwd: parseLsofCwd(cwd ?? '') };
  },

  async groupMembers(pgid, among) {
    return groupOf(await processTable(), pgid, among);
  },

  async treeMemory(roots) {
    return treeMemories(await processTable(), roots);
  },

  async processesWithEnv(variable) {
    // `ps -E` appends each process's environment (ours only) to its command.
    return parsePsEnv((await runText('ps', ['-axEww', '-o', 'pid=,command='])) ?? '', variable);
  },
};
