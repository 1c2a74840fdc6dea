import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';

/** Shared by the runtime tests: fixtures, temp dirs, and cleanup of every process a test starts. */

export function fixture(name: string): string {
  return fileURLToPath(new URL(`../../fixtures/procs/${name}`, import.meta.url));
}

const dirs: string[] = [];
const groups = new Set<number>();

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stack-runtime-'));
  dirs.push(dir);
  return dir;
}

/** Registers a process group leader to be killed after the test, whatever its outcome. */
export function track(pid: number): number {
  groups.add(pid);
  return pid;
}

afterEach(() => {
  for (const pgid of groups) {
    for (const target of [-pgid, pgid]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
  groups.clear();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Polls until `check` returns a value other than undefined/false/null. */
export async function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/**
 * Whether pid is a running process. kill(pid, 0) alone also succeeds for zombies, and
 * orphans whose init never reaps them (as in some containers) stay zombies forever.
 */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  if (process.platform !== 'linux') return true;
  const stat = readText(`/proc/${pid}/stat`);
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return stat !== '' && state !== 'Z' && state !== 'X';
}

/** Pids reported by tree.js in its log ("pid 123 depth 2"). */
export function treePids(log: string): number[] {
  return [...log.matchAll(/^pid (\d+) depth \d+$/gm)].map((m) => Number(m[1]));
}
