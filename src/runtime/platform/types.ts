/** What the runtime needs to know from the OS about processes and ports; one implementation per OS. */

export interface ListeningSocket {
  port: number;
  /** Local address as the OS shows it: "0.0.0.0", "127.0.0.1", "::", "::1". */
  host: string;
  /** Owning process, or null when the OS does not show it to us (another user's process). */
  pid: number | null;
  inode?: string;
}

export interface ListeningSocketsOptions {
  ownerPids?: number[];
  /** Only the owners of sockets on these ports are looked for (the others' pid may be null). */
  ports?: readonly number[];
}

export interface ProcessStart {
  /** Epoch milliseconds. */
  startedAt: number;
  /** The OS's exact record of the start; equal tokens mean the same process. */
  token: string;
}

export interface Platform {
  /**
   * How coarse processStart's time is: the OS rounds a start time down by up to this
   * much, so a file saved just before a process started can look newer than it.
   */
  readonly startTimeResolutionMs: number;
  /** OS start time of pid, or null if no such (live) process. */
  processStart(pid: number): Promise<ProcessStart | null>;
  /**
   * All TCP sockets in LISTEN state the OS shows us (IPv4 and IPv6), with the owning pid
   * when visible. With `ownerPids`, owners are only looked for among those processes
   * (much cheaper when the question is "what does this process tree listen on?"); other
   * sockets may then be left out or come back with pid null. An empty `ownerPids` asks
   * only whether anything listens: every socket comes back, its pid null or not.
   */
  listeningSockets(options?: ListeningSocketsOptions): Promise<ListeningSocket[]>;
  /** listeningSockets with `ownerPids: []` is a few file reads (no program is run): cheap enough to ask ahead. */
  readonly listeningIsCheap?: boolean;
  /** pid plus all its descendants; [] when pid does not exist. */
  processTree(pid: number): Promise<number[]>;
  /** processTree for several roots, reading the process table once. */
  processTrees(pids: readonly number[]): Promise<Map<number, number[]>>;
  /** Command line and cwd, or null if gone. */
  processInfo(pid: number): Promise<{ command: string; cwd: string | null } | null>;
  /**
   * Live (non-zombie) members of process group `pgid`. On Windows, which has no process
   * groups, the process and its descendants. `among`: only these pids are asked about
   * (cheaper where the OS is read per process: no scan of the whole table).
   */
  groupMembers(pgid: number, among?: readonly number[]): Promise<number[]>;
  /**
   * Live processes of ours whose environment has `variable`, with its value. stack puts a
   * marker there in every service it starts, and children inherit it (also those that
   * left the process group or daemonized), so this finds what belongs to a service after
   * its root process is gone. Empty where the OS does not show environments (Windows).
   */
  processesWithEnv(variable: string): Promise<Map<number, string>>;
  /**
   * Resident memory in bytes of each root's process tree (the root and its descendants,
   * summed); a root that is not running is absent. Asked every sample for services with
   * a memory_limit, so it reads the process table once for all of them.
   */
  treeMemory(roots: readonly number[]): Promise<Map<number, number>>;
}

/** One row of the OS process table, as far as the runtime cares. */
export interface ProcessRow {
  pid: number;
  ppid: number;
  /** Process group id (0 where the OS has none). */
  pgid: number;
  /** One-letter state; "Z" (zombie) and "X" (dead) are not running. */
  state: string;
  /** Resident memory in bytes, where the table tells it (Linux, macOS). */
  rss?: number;
}
