import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { openLogFile } from '../logs/log-file.js';
import { getPlatform } from '../platform/index.js';
import { withExec } from './shell-exec.js';
import { spawnFailure, type SpawnTarget } from './spawn-error.js';
import { noteSpawned, stopService } from './stop.js';
import type { ExitInfo, ProcessIdentity, SpawnOptions, SpawnedProcess, StopOptions } from '../types.js';

const IDENTITY_ATTEMPTS = 20;
const IDENTITY_RETRY_MS = 5;

/**
 * Starts a service detached, in its own process group (pgid = its pid) so the whole group
 * can be signalled at once and it outlives the daemon. Its output goes straight into the
 * log file, never through us, and the daemon does not wait for it to exit.
 */
export async function spawnService(opts: SpawnOptions): Promise<SpawnedProcess> {
  const target: SpawnTarget = { command: opts.command, cwd: opts.cwd, label: opts.name && `service "${opts.name}"` };
  const logFd = openLogFile(opts.logFile, 'a');
  let child: ChildProcess;
  try {
    child = startDetached(opts, logFd);
  } catch (error) {
    throw spawnFailure(error, target);
  } finally {
    // The child holds its own copy of the descriptor.
    closeSync(logFd);
  }
  // Settles once: 'error' (could not start, or could not be signalled) or 'exit'.
  const outcome = new Promise<ExitInfo | Error>((resolve) => {
    child.once('error', (error) => resolve(error));
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() }));
  });
  const { pid } = child;
  if (pid === undefined) {
    const failed = await outcome;
    throw spawnFailure(failed instanceof Error ? failed : new Error('the process could not be started'), target);
  }
  child.unref();
  const exited = outcome.then((result): ExitInfo => (result instanceof Error ? { code: null, signal: null, at: Date.now() } : result));
  const identity = await identifyChild(pid);
  noteSpawned(identity, exited);
  return { identity, exited };
}

/**
 * spawnService, unless `signal` was aborted while it spawned (a stop came meanwhile):
 * then the new process is stopped again before this resolves, with null.
 */
export async function spawnUnlessAborted(opts: SpawnOptions, signal: AbortSignal, stop: StopOptions): Promise<SpawnedProcess | null> {
  const spawned = await spawnService(opts);
  if (!signal.aborted) return spawned;
  await stopService(spawned.identity, stop);
  return null;
}

/**
 * node:child_process rather than execa: the daemon spawns every service through here, and
 * execa costs the daemon's start-up more than it gives a detached child whose output
 * goes straight to a file (no pipes to manage, no result to buffer).
 */
function startDetached({ command, cwd, env }: SpawnOptions, logFd: number): ChildProcess {
  const options = {
    cwd,
    env: { ...process.env, ...env },
    // Its own process group (pgid = pid), so it can be signalled whole and outlives the daemon.
    detached: true,
    stdio: ['ignore', logFd, logFd] as ['ignore', number, number],
  };
  return 'shell' in command
    ? spawn(withExec(command.shell), { ...options, shell: true })
    : spawn(command.argv[0] ?? '', command.argv.slice(1), options);
}

/**
 * Reads the child's start token right after spawn, retrying briefly in case the OS has not
 * published it yet. A child that is already gone gets an empty token, which never matches
 * a live process, so it can never be signalled by mistake.
 */
async function identifyChild(pid: number): Promise<ProcessIdentity> {
  for (let attempt = 0; attempt < IDENTITY_ATTEMPTS; attempt++) {
    const start = await getPlatform().processStart(pid);
    if (start !== null) return { pid, startToken: start.token, startedAt: start.startedAt };
    await sleep(IDENTITY_RETRY_MS);
  }
  return { pid, startToken: '', startedAt: Date.now() };
}
