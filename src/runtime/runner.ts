import { closeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa, type Options } from 'execa';
import { openLogFile } from './log-file.js';
import { getPlatform } from './platform/index.js';
import { withExec } from './shell-exec.js';
import { spawnFailure, type SpawnTarget } from './spawn-error.js';
import type { ExitInfo, ProcessIdentity, SpawnOptions, SpawnedProcess } from './types.js';

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
  let subprocess;
  try {
    subprocess = startDetached(opts, logFd);
  } catch (error) {
    throw spawnFailure(error, target);
  } finally {
    // The child holds its own copy of the descriptor.
    closeSync(logFd);
  }
  const { pid } = subprocess;
  if (pid === undefined) {
    const failed = await subprocess;
    throw spawnFailure(failed.cause ?? failed, target);
  }
  subprocess.unref();
  const exited = subprocess.then(
    (result): ExitInfo => ({ code: result.exitCode ?? null, signal: result.signal ?? null, at: Date.now() }),
    (): ExitInfo => ({ code: null, signal: null, at: Date.now() }),
  );
  return { identity: await identifyChild(pid), exited };
}

function startDetached({ command, cwd, env }: SpawnOptions, logFd: number) {
  // execa's types only admit descriptors 3-9, yet a lone number reaches child_process.spawn
  // unchanged, which is the point: the child writes to the file itself.
  const log = logFd as unknown as Options['stdout'];
  const options = {
    cwd,
    env,
    extendEnv: true,
    detached: true,
    // Must not kill the service when the daemon exits.
    cleanup: false,
    reject: false,
    buffer: false,
    stdin: 'ignore',
    stdout: log,
    stderr: log,
  } satisfies Options;
  return 'shell' in command
    ? execa(withExec(command.shell), { ...options, shell: true })
    : execa(command.argv[0] ?? '', command.argv.slice(1), options);
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
