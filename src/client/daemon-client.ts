/**
 * Finding the project's daemon and starting one when there is none. Two CLIs racing to
 * start it make one daemon: the spawn happens under a mkdir lock, and whoever waits on
 * the lock then finds the winner's daemon answering.
 */
import { spawn } from 'node:child_process';
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { StackError, isErrnoException } from '../errors.js';
import { formatDuration } from '../format.js';
import { DAEMON_ENTRY } from '../install.js';
import { daemonProcessEnv } from '../protocol/daemon-env.js';
import { isAlive, readIdentity } from '../runtime/process/identity.js';
import { releaseLock, tryLock } from '../runtime/dir-lock.js';
import { makeRuntimeDir, type ProjectPaths } from '../project-dir.js';
import { SERVICE_MARKER } from '../protocol/service-marker.js';
import type { PingResponse } from '../protocol/messages.js';
import { buildId } from '../version.js';
import { isNoDaemonError, requestJson } from './ipc.js';

const DAEMON_START_TIMEOUT_MS = 10_000;
/** A spawn lock older than this belongs to a CLI that died mid-spawn. */
const STALE_LOCK_MS = 15_000;

/** The daemon's pid when one answers on the project's socket, else null. */
export async function pingDaemon(paths: ProjectPaths): Promise<PingResponse | null> {
  try {
    return await requestJson<PingResponse>(paths.socket, 'GET', '/ping');
  } catch (error) {
    if (isNoDaemonError(error)) return null;
    if (isErrnoException(error) && (error.code === 'EACCES' || error.code === 'EPERM')) {
      throw new StackError('DAEMON_SOCKET_DENIED', `Permission denied talking to the daemon socket ${paths.socket}.`, {
        hint: `it belongs to another user; check the owner of ${paths.runtimeDir}`,
        cause: error,
      });
    }
    throw error;
  }
}

export async function ensureDaemon(paths: ProjectPaths): Promise<PingResponse> {
  const running = await pingDaemon(paths);
  if (running && running.build === buildId()) return running;
  if (running) await replaceOutdated(paths, running);
  makeRuntimeDir(paths.runtimeDir);
  const deadline = Date.now() + DAEMON_START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (tryLock(paths.spawnLock, STALE_LOCK_MS)) {
      try {
        const again = await pingDaemon(paths);
        if (again) return again;
        const started = await spawnWithFallback(paths, deadline);
        for (const warning of started.warnings ?? []) console.error(`warning: ${warning}`);
        return started;
      } finally {
        releaseLock(paths.spawnLock);
      }
    }
    // Someone else is starting it: wait for their daemon.
    await sleep(25);
    const theirs = await pingDaemon(paths);
    if (theirs) return theirs;
  }
  throw daemonDidNotStart(paths);
}

/** The daemon runs code older than what is installed: let it go; the new one re-adopts the services. */
async function replaceOutdated(paths: ProjectPaths, running: PingResponse): Promise<void> {
  await requestJson(paths.socket, 'POST', '/exit').catch(() => undefined);
  await waitForDaemonExit(running.pid);
  console.error(`note: stack was updated since its daemon (pid ${running.pid}) started; a daemon of this version took over, and the services kept running.`);
}

interface SpawnedDaemon {
  exited: () => boolean;
  exitCode: () => number | null;
  /** Where this daemon's lines begin in daemon.log. */
  logOffset: number;
}

/**
 * Until daemon `pid` has exited (it saves state.json last), at most `timeoutMs`. A zombie
 * counts as gone: its start time no longer reads, where kill(pid, 0) would still succeed.
 */
export async function waitForDaemonExit(pid: number, timeoutMs = DAEMON_START_TIMEOUT_MS): Promise<void> {
  const identity = await readIdentity(pid);
  if (!identity) return;
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(10)) {
    if (!(await isAlive(identity))) return;
  }
}

/**
 * V8 flags of the daemon's process, for its footprint (DESIGN §8): no compilers to machine
 * code (`--no-opt`, `--no-maglev` for the Node versions that have Maglev on, and
 * `--no-sparkplug`: V8's interpreter runs everything, which `--jitless` would too but with
 * its slower builtins), no V8 background threads for GC or compiling (`--single-threaded`),
 * and a young generation of 1 MB (`--max-semi-space-size=1`, up to 16 by default: the
 * daemon's allocations are small and short-lived). Together ~9 MB less RSS at rest, with
 * CPU at rest and with the dashboard streaming a 5,000 lines/s flood unchanged
 * (docs/benchmarks.md). A Node that refuses one of them ("bad option") gets a daemon
 * without flags (spawnWithFallback).
 */
export const DAEMON_NODE_FLAGS: readonly string[] = ['--no-opt', '--no-maglev', '--no-sparkplug', '--single-threaded', '--max-semi-space-size=1'];

/**
 * Starts the daemon and waits for it to answer. A Node that does not know one of
 * DAEMON_NODE_FLAGS exits at once with "bad option" (exit code 9): the daemon is then
 * started again without them, and the flags are only a footprint saving lost.
 */
export async function spawnWithFallback(
  paths: ProjectPaths,
  deadline: number,
  { flags = DAEMON_NODE_FLAGS, entry = DAEMON_ENTRY }: { flags?: readonly string[]; entry?: string } = {},
): Promise<PingResponse> {
  const daemon = spawnDaemon(paths, flags, entry);
  try {
    return await waitForDaemon(paths, daemon, deadline);
  } catch (error) {
    if (flags.length === 0 || !daemon.exited() || daemon.exitCode() !== BAD_OPTION_EXIT) throw error;
    return waitForDaemon(paths, spawnDaemon(paths, [], entry), deadline);
  }
}

/** node's exit code for an option it does not know. */
const BAD_OPTION_EXIT = 9;

/** Starts the daemon detached, writing to daemon.log; `exited()` says whether it has exited already. */
function spawnDaemon(paths: ProjectPaths, flags: readonly string[], entry: string): SpawnedDaemon {
  const log = openSync(paths.daemonLog, 'a', 0o600);
  try {
    const logOffset = fstatSync(log).size;
    const child = spawn(process.execPath, [...flags, entry, paths.configFile], {
      cwd: paths.root,
      detached: true,
      stdio: ['ignore', log, log],
      // Not a process of the service whose command ran this CLI (a stack started from a service).
      env: daemonProcessEnv({ ...process.env, [SERVICE_MARKER]: undefined }),
    });
    let exited = false;
    let exitCode: number | null = null;
    child.once('exit', (code) => {
      exited = true;
      exitCode = code;
    });
    child.unref();
    return { exited: () => exited, exitCode: () => exitCode, logOffset };
  } finally {
    closeSync(log);
  }
}

async function waitForDaemon(paths: ProjectPaths, daemon: SpawnedDaemon, deadline: number): Promise<PingResponse> {
  while (Date.now() < deadline) {
    const ping = await pingDaemon(paths);
    if (ping) return ping;
    // A daemon that could not start says why in its log: no point waiting out the timeout.
    if (daemon.exited()) throw daemonExited(paths, daemon.logOffset);
    await sleep(10);
  }
  throw daemonDidNotStart(paths);
}

/** "could not start: <reason>", the daemon's last words in its log (main.ts). */
function daemonExited(paths: ProjectPaths, logOffset: number): StackError {
  let reason: string | undefined;
  try {
    const lines = readFileSync(paths.daemonLog).subarray(logOffset).toString('utf8').split('\n');
    reason = lines.reverse().find((line) => line.includes('could not start: '))?.replace(/^.*could not start: /, '');
  } catch {
    /* no log: say so below */
  }
  const why = reason ? `: ${reason.replace(/\.$/, '')}` : '';
  return new StackError('DAEMON_START_FAILED', `The stack daemon exited as it started${why}.`, {
    hint: `see ${paths.daemonLog} for the details`,
  });
}

function daemonDidNotStart(paths: ProjectPaths): StackError {
  return new StackError('DAEMON_START_FAILED', `The stack daemon did not start within ${formatDuration(DAEMON_START_TIMEOUT_MS)}.`, {
    hint: `see ${paths.daemonLog} for why`,
  });
}
