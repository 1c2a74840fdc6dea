import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa, type Result } from 'execa';
import { spawnFailure } from '../process/spawn-error.js';
import { formatDuration } from '../../format.js';
import { timedOut } from './describe.js';
import type { ProbeOutcome, Prober } from './types.js';

/** After killing a timed-out command, how long to wait for its pipes to close before giving up on them. */
const KILL_GRACE_MS = 200;

/**
 * Runs the command through the shell; exit 0 is healthy. It runs in its own process group
 * so that on timeout the shell and everything it started can be killed together.
 */
export const probeExec: Prober<'exec'> = async (probe, ctx) => {
  const started = performance.now();
  const detached = process.platform !== 'win32';
  const subprocess = execa(probe.command, {
    shell: true,
    cwd: ctx.cwd,
    env: ctx.env,
    extendEnv: true,
    detached,
    reject: false,
    stdin: 'ignore',
    stripFinalNewline: true,
  });
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    killAll(subprocess.pid, detached, () => subprocess.kill('SIGKILL'));
  }, ctx.timeoutMs);
  try {
    const result = await settle(subprocess, ctx.timeoutMs + KILL_GRACE_MS);
    if (expired || result === null) {
      // A process that left the group may still hold our pipes open; stop waiting for them.
      subprocess.stdout?.destroy();
      subprocess.stderr?.destroy();
      return { ok: false, message: timedOut(ctx.timeoutMs) };
    }
    if (subprocess.pid === undefined) {
      return { ok: false, message: spawnFailure(result.cause ?? result, { command: { shell: probe.command }, cwd: ctx.cwd }).message };
    }
    return describeExit(result, Math.round(performance.now() - started));
  } finally {
    clearTimeout(timer);
  }
};

async function settle<T>(promise: Promise<T>, withinMs: number): Promise<T | null> {
  const deadline = new AbortController();
  try {
    return await Promise.race([promise, sleep(withinMs, null, { signal: deadline.signal })]);
  } finally {
    deadline.abort();
  }
}

function killAll(pid: number | undefined, detached: boolean, fallback: () => void): void {
  try {
    if (pid !== undefined && detached) process.kill(-pid, 'SIGKILL');
    else fallback();
  } catch {
    // Already gone.
  }
}

function describeExit(result: Result, elapsed: number): ProbeOutcome {
  if (result.exitCode === 0) return { ok: true, message: `exit 0 in ${formatDuration(elapsed)}` };
  const status = result.signal ? `killed by ${result.signal}` : `exit code ${result.exitCode ?? 'unknown'}`;
  const output = firstLine(String(result.stderr ?? '')) || firstLine(String(result.stdout ?? ''));
  return { ok: false, message: output ? `${status}: ${output}` : status };
}

function firstLine(text: string): string {
  const line = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  return line.trim().slice(0, 200);
}
