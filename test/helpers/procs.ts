/**
 * Process helpers for e2e tests: is a pid alive, wait for a condition, and find every
 * process that belongs to a test's temporary project (so a test can assert that nothing
 * of its stack survived, and clean up after itself).
 *
 * On Linux, processes are found through /proc: a process belongs to a directory when
 * its cwd is inside it, an argument of its command line is a path inside it, or its
 * environment carries the e2e marker (see E2E_MARKER_VAR) with a value inside it.
 * Elsewhere only the command line is available (via `ps`).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * runStack/startStack put this variable into the CLI's environment, with the (absolute)
 * directory the CLI runs in as value. The daemon and the services it starts inherit it,
 * which makes them findable even when their cwd and command line say nothing.
 */
export const E2E_MARKER_VAR = 'STACK_E2E_MARKER';

export interface ProcInfo {
  pid: number;
  ppid: number;
  /** argv; empty for kernel threads and zombies. */
  argv: string[];
  /** Absolute cwd, when readable. */
  cwd: string | undefined;
  /** Why the process matched: 'cwd', 'cmdline' or 'env'. */
  matchedBy: 'cwd' | 'cmdline' | 'env';
}

// ---------------------------------------------------------------------------
// liveness

function procState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) S ..." — comm may contain spaces and parentheses; the state follows the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return undefined;
  }
}

/** True while `pid` exists and is not a zombie (a zombie has exited; only its parent has not reaped it yet). */
export function isPidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (process.platform === 'linux') {
    const state = procState(pid);
    if (state === undefined) return false;
    if (state === 'Z' || state === 'X' || state === 'x') return false;
  }
  return true;
}

// ---------------------------------------------------------------------------
// waiting

export interface WaitForOptions {
  /** Give up after this long. Default 10 000 ms. */
  timeoutMs?: number;
  /** Poll every this many ms. Default 50 ms. */
  intervalMs?: number;
  /** Says what is being waited for, in the timeout error ("api to be healthy"). */
  message?: string;
}

/**
 * Polls `predicate` until it returns a truthy value, and returns that value. A throwing
 * predicate counts as "not yet". On timeout, throws an error naming what was awaited,
 * the last value and the last error seen.
 *
 * For waiting on conditions (a port opens, a file appears), never for asserting speed:
 * pick generous timeouts.
 */
export async function waitFor<T>(
  predicate: () => T | Promise<T>,
  options: WaitForOptions = {},
): Promise<NonNullable<T>> {
  const { timeoutMs = 10_000, intervalMs = 50 } = options;
  const what = options.message ?? describePredicate(predicate);
  const started = Date.now();
  let attempts = 0;
  let lastValue: unknown;
  let lastError: unknown;
  for (;;) {
    attempts++;
    try {
      const value = await predicate();
      if (value) return value as NonNullable<T>;
      lastValue = value;
      lastError = undefined;
    } catch (err) {
      lastError = err;
    }
    const elapsed = Date.now() - started;
    if (elapsed >= timeoutMs) {
      const details = [
        `waitFor timed out after ${timeoutMs} ms (${attempts} attempt${attempts === 1 ? '' : 's'}) waiting for ${what}`,
        lastError !== undefined
          ? `last error: ${lastError instanceof Error ? lastError.message : String(lastError)}`
          : `last value: ${safeJson(lastValue)}`,
      ];
      throw new Error(details.join('; '), lastError instanceof Error ? { cause: lastError } : undefined);
    }
    await sleep(Math.min(intervalMs, Math.max(0, timeoutMs - elapsed)));
  }
}

function describePredicate(fn: (...args: never[]) => unknown): string {
  const src = fn.toString().replace(/\s+/g, ' ').trim();
  return src.length > 120 ? `${src.slice(0, 117)}...` : src;
}

function safeJson(value: unknown): string {
  try {
    return value === undefined ? 'undefined' : JSON.stringify(value);
  } catch {
    return String(value);
  }
}

// ---------------------------------------------------------------------------
// finding processes

function isInside(child: string, dir: string): boolean {
  return child === dir || child.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);
}

function canonical(dir: string): string[] {
  const abs = path.resolve(dir);
  let real = abs;
  try {
    real = realpathSync(abs);
  } catch {
    // already removed: match on the given path
  }
  return real === abs ? [abs] : [abs, real];
}

/** pids of this process and its ancestors: never reported, never killed. */
function selfAndAncestors(): Set<number> {
  const pids = new Set<number>([process.pid]);
  let pid = process.ppid;
  while (pid > 1 && !pids.has(pid)) {
    pids.add(pid);
    const ppid = readPpid(pid);
    if (ppid === undefined) break;
    pid = ppid;
  }
  return pids;
}

function readPpid(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[1]);
  } catch {
    return undefined;
  }
}

function readArgv(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((a) => a !== '');
  } catch {
    return [];
  }
}

function readCwd(pid: number): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return undefined;
  }
}

function readEnv(pid: number): Map<string, string> {
  const env = new Map<string, string>();
  try {
    for (const entry of readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')) {
      const eq = entry.indexOf('=');
      if (eq > 0) env.set(entry.slice(0, eq), entry.slice(eq + 1));
    }
  } catch {
    // gone, or not ours
  }
  return env;
}

function linuxPids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

type Matcher = (p: { pid: number; argv: string[]; cwd: string | undefined; env: () => Map<string, string> }) => ProcInfo['matchedBy'] | undefined;

function scan(match: Matcher): ProcInfo[] {
  const skip = selfAndAncestors();
  const found: ProcInfo[] = [];
  if (process.platform === 'linux') {
    for (const pid of linuxPids()) {
      if (skip.has(pid) || !isPidAlive(pid)) continue;
      const argv = readArgv(pid);
      if (argv.length === 0) continue; // kernel thread or zombie
      const cwd = readCwd(pid);
      let env: Map<string, string> | undefined;
      const matchedBy = match({ pid, argv, cwd, env: () => (env ??= readEnv(pid)) });
      if (matchedBy) found.push({ pid, ppid: readPpid(pid) ?? 0, argv, cwd, matchedBy });
    }
    return found;
  }
  // macOS and other unixes: command lines only.
  const out = execFileSync('ps', ['-axww', '-o', 'pid=,ppid=,command='], { encoding: 'utf8' });
  for (const line of out.split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const pid = Number(m[1]);
    if (skip.has(pid)) continue;
    const argv = m[3]!.split(' ');
    const matchedBy = match({ pid, argv, cwd: undefined, env: () => new Map() });
    if (matchedBy) found.push({ pid, ppid: Number(m[2]), argv, cwd: undefined, matchedBy });
  }
  return found;
}

/**
 * Live processes whose environment has E2E_MARKER_VAR (or `varName`) set to `marker`,
 * or to a path inside `marker` when the marker is a directory. Linux only (empty elsewhere).
 */
export function processesWithEnvMarker(marker: string, varName: string = E2E_MARKER_VAR): ProcInfo[] {
  const dirs = path.isAbsolute(marker) ? canonical(marker) : [];
  return scan(({ env }) => {
    const value = env().get(varName);
    if (value === undefined) return undefined;
    if (value === marker || dirs.some((d) => isInside(value, d))) return 'env';
    return undefined;
  });
}

/**
 * Live processes that belong to `dir`: cwd inside it, a command-line argument naming a
 * path inside it, or the e2e env marker pointing inside it. Excludes this process and
 * its ancestors.
 */
export function processesUnder(dir: string): ProcInfo[] {
  const dirs = canonical(dir);
  const inside = (p: string) => dirs.some((d) => isInside(p, d));
  return scan(({ argv, cwd, env }) => {
    if (cwd !== undefined && inside(cwd.replace(/ \(deleted\)$/, ''))) return 'cwd';
    if (argv.some((arg) => arg.split(/[=\s]/).some((part) => path.isAbsolute(part) && inside(part)))) return 'cmdline';
    const marker = env().get(E2E_MARKER_VAR);
    if (marker !== undefined && inside(marker)) return 'env';
    return undefined;
  });
}

/** One line per process, for assertion messages: "1234 (cwd) node server.js [cwd /tmp/...]". */
export function describeProcs(procs: ProcInfo[]): string {
  if (procs.length === 0) return '(none)';
  return procs
    .map((p) => `${p.pid} (by ${p.matchedBy}, ppid ${p.ppid}) ${p.argv.join(' ')}${p.cwd ? ` [cwd ${p.cwd}]` : ''}`)
    .join('\n');
}

/**
 * SIGKILLs every process that belongs to `dir` (see processesUnder), repeating a few
 * rounds so that children forked meanwhile are caught too. Returns the pids it killed.
 * For cleanup only; never kills this process or its ancestors.
 */
export async function killAllUnder(dir: string, options: { rounds?: number } = {}): Promise<number[]> {
  const killed = new Set<number>();
  const rounds = options.rounds ?? 5;
  for (let round = 0; round < rounds; round++) {
    const procs = processesUnder(dir);
    if (procs.length === 0) break;
    for (const p of procs) {
      try {
        process.kill(p.pid, 'SIGKILL');
        killed.add(p.pid);
      } catch {
        // already gone
      }
    }
    await waitFor(() => procs.every((p) => !isPidAlive(p.pid)), {
      timeoutMs: 2000,
      intervalMs: 20,
      message: `killed processes under ${dir} to disappear`,
    }).catch(() => undefined);
  }
  return [...killed];
}
