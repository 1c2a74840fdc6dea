import { closeSync, openSync, readFileSync, readSync, readdirSync, readlinkSync } from 'node:fs';
import { parseProcNetTcp, parseProcStat, pastListeningRows, type ProcNetTcpEntry, type ProcStat } from './linux-parse.js';
import { bootClock } from './boot-clock.js';
import { treeByChildren } from './linux-children.js';
import { groupOf, isRunningState, treeMemories, treeOf } from './process-table.js';
import type { ListeningSocket, Platform, ProcessRow } from './types.js';

/**
 * Linux reads /proc directly. Reads are synchronous on purpose: each is a tiny in-memory
 * file, and a batch of sync reads is several times faster than the same batch through
 * the libuv thread pool. Processes come and go between readdir and read, so every
 * per-process read tolerates ENOENT/ESRCH/EACCES by skipping.
 */

/** USER_HZ, the unit of /proc start times, is fixed at 100 by the Linux ABI on every mainstream architecture. */
const USER_HZ = 100;

function tryRead(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** Start times are the boot time plus their ticks, so two processes are dated on one clock. */
const clock = bootClock(() => tryRead('/proc/uptime'));

const TABLE_REUSE_MS = 10;

/** `read`, whose result is handed out again to every caller within `reuseMs`. */
function reusedBriefly<T>(read: () => T, reuseMs = TABLE_REUSE_MS): () => T {
  let last: { at: number; value: T } | null = null;
  return () => {
    if (last && performance.now() - last.at < reuseMs) return last.value;
    const value = read();
    last = { at: performance.now(), value };
    return value;
  };
}

/**
 * The listening rows of /proc/net/tcp{,6}, read only as far as they go (they come first,
 * see pastListeningRows). The kernel formats rows as they are read, ~8 µs each here: a
 * machine making connections has hundreds of TIME_WAIT rows (health probes make 10 a
 * second with 20 services), and reading them all cost ~5 ms of every `stack status`.
 */
function readListeningRows(file: string): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return '';
  }
  const chunks: string[] = [];
  try {
    const buffer = Buffer.allocUnsafe(16 * 1024);
    for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) {
      const text = buffer.toString('latin1', 0, n);
      chunks.push(text);
      if (pastListeningRows(text)) break;
    }
  } catch {
    // A read error mid-way: what was read so far is all there is.
  } finally {
    closeSync(fd);
  }
  return chunks.join('');
}

/**
 * The listening entries of both tables, shared within TABLE_REUSE_MS like the process
 * table: services starting together each check their port (8 at once cost 8 readings,
 * ~3 ms each, mostly /proc/net/tcp6's walk of the whole connection hash).
 */
const listeningEntries = reusedBriefly((): ProcNetTcpEntry[] => [
  ...parseProcNetTcp(readListeningRows('/proc/net/tcp')),
  ...parseProcNetTcp(readListeningRows('/proc/net/tcp6')),
]);

const stateOf = (pid: number): string | null => readStat(pid)?.state ?? null;

function readStat(pid: number): ProcStat | null {
  const text = tryRead(`/proc/${pid}/stat`);
  const stat = text === null ? null : parseProcStat(text);
  // A multi-threaded process (Node) that exits shows its main thread as a zombie while
  // the other threads still wind down, its sockets still open: it has not exited yet.
  // (Measured: R, 7 threads, LISTEN → Z, 2 threads, LISTEN → Z, 1 thread, closed.)
  if (stat?.state === 'Z' && threadCount(pid) > 1) return { ...stat, state: 'R' };
  return stat;
}

function threadCount(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/task`).length;
  } catch {
    return 0;
  }
}

function pids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

/**
 * Many stops polling at once (`stack down` of 200 services: each waits for its group to
 * be gone) would each read every /proc/<pid>/stat per tick; within this window they
 * share one reading (TABLE_REUSE_MS). Liveness polls, groups and tree memory use the table (trees
 * come from the kernel's child lists, linux-children.ts, where it keeps them); a pid's identity
 * before it is signalled is always read fresh (processStart).
 */
const processTable = reusedBriefly(readProcessTable);

function readProcessTable(): ProcessRow[] {
  const rows: ProcessRow[] = [];
  for (const pid of pids()) {
    const stat = readStat(pid);
    if (stat) rows.push({ pid, ppid: stat.ppid, pgid: stat.pgrp, state: stat.state, rss: stat.rssPages * pageSize() });
  }
  return rows;
}

let pageBytes: number | undefined;

/**
 * The kernel's page size (4 KB on x86, 16 or 64 KB on some ARM kernels), the unit of the
 * rss field in /proc/<pid>/stat: our own resident bytes over our own resident pages,
 * rounded to a power of two. Node has no sysconf, and `getconf` would be a process.
 */
function pageSize(): number {
  if (pageBytes !== undefined) return pageBytes;
  const pages = Number(tryRead('/proc/self/statm')?.split(' ')[1]);
  const ratio = pages > 0 ? process.memoryUsage.rss() / pages : 4096;
  pageBytes = 2 ** Math.round(Math.log2(ratio));
  return pageBytes;
}

/** Maps socket inodes to the first process holding them, stopping once every inode is found. */
function socketOwners(inodes: Set<string>, candidates: number[]): Map<string, number> {
  const owners = new Map<string, number>();
  for (const pid of candidates) {
    if (owners.size === inodes.size) break;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let link: string;
      try {
        link = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      if (!link.startsWith('socket:[')) continue;
      const inode = link.slice(8, -1);
      if (inodes.has(inode) && !owners.has(inode)) owners.set(inode, pid);
    }
  }
  return owners;
}

export const linuxPlatform: Platform = {
  // /proc start times are in clock ticks of 1/USER_HZ s.
  startTimeResolutionMs: 1000 / USER_HZ,
  listeningIsCheap: true,

  async processStart(pid) {
    const stat = readStat(pid);
    if (!stat || !isRunningState(stat.state)) return null;
    const boot = clock.bootEpochMs();
    if (boot === null) return null;
    return { startedAt: Math.round(boot + (Number(stat.startTicks) * 1000) / USER_HZ), token: stat.startTicks };
  },

  async listeningSockets(options) {
    const entries = listeningEntries();
    const wanted = options?.ports ? new Set(options.ports) : null;
    // Every process's fds are read until each wanted inode is found: asking for a few
    // ports stops early, asking for all of them reads every process.
    const inodes = new Set(entries.filter((entry) => entry.inode !== '0' && (wanted === null || wanted.has(entry.port))).map((entry) => entry.inode));
    const owners = socketOwners(inodes, options?.ownerPids ?? pids());
    return entries.map(({ host, port, inode }): ListeningSocket => ({ host, port, inode, pid: owners.get(inode) ?? null }));
  },

  async processTree(pid) {
    return treeByChildren(pid, stateOf) ?? treeOf(processTable(), pid);
  },

  async processTrees(roots) {
    const trees = new Map<number, number[]>();
    for (const pid of roots) {
      const tree = treeByChildren(pid, stateOf);
      if (tree === null) return new Map(roots.map((root) => [root, treeOf(processTable(), root)]));
      trees.set(pid, tree);
    }
    return trees;
  },

  async processInfo(pid) {
    let raw: Buffer;
    try {
      raw = readFileSync(`/proc/${pid}/cmdline`);
    } catch {
      return null;
    }
    const args = raw.toString('utf8').split('\0');
    if (args.at(-1) === '') args.pop();
    // Kernel threads and zombies have no command line; show their name the way ps does.
    const command = args.length > 0 ? args.join(' ') : `[${readStat(pid)?.comm ?? ''}]`;
    let cwd: string | null = null;
    try {
      cwd = readlinkSync(`/proc/${pid}/cwd`);
    } catch {
      // Another user's process: the cwd is hidden from us.
    }
    return { command, cwd };
  },

  async groupMembers(pgid, among) {
    if (!among) return groupOf(processTable(), pgid);
    return among.filter((pid) => {
      const stat = readStat(pid);
      return stat !== null && stat.pgrp === pgid && isRunningState(stat.state);
    });
  },

  async treeMemory(roots) {
    return treeMemories(processTable(), roots);
  },

  async processesWithEnv(variable) {
    const found = new Map<number, string>();
    const prefix = `${variable}=`;
    for (const [pid, environ] of environments()) {
      if (!environ.includes(prefix)) continue;
      const value = envValue(environ, prefix);
      if (value !== null && isRunningState(readStat(pid)?.state ?? 'X')) found.set(pid, value);
    }
    return found;
  },
};

/**
 * Every readable /proc/<pid>/environ (another user's is not; a zombie's is empty). Reading
 * them all costs ~10 µs a process; a `down` of many services asks once per service within
 * a few milliseconds, so one reading serves them all for ENVIRON_REUSE_MS.
 */
const ENVIRON_REUSE_MS = 100;
const environments = reusedBriefly((): Array<[number, string]> => {
  const out: Array<[number, string]> = [];
  for (const pid of pids()) {
    const environ = tryRead(`/proc/${pid}/environ`);
    if (environ) out.push([pid, environ]);
  }
  return out;
}, ENVIRON_REUSE_MS);

/** The value of `prefix` (NAME=) in a NUL-separated environ block, or null. */
function envValue(environ: string, prefix: string): string | null {
  for (const entry of environ.split('\0')) if (entry.startsWith(prefix)) return entry.slice(prefix.length);
  return null;
}
