/**
 * A lock between processes on one machine: a directory, since mkdir either creates it or
 * fails, atomically, on every file system. A holder that died leaves it behind; a lock
 * older than STALE_MS is taken over.
 */
import { mkdirSync, rmdirSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { StackError, isErrnoException } from '../errors.js';

const STALE_MS = 10_000;
const POLL_MS = 10;

export async function withDirLock<T>(lock: string, what: string, work: () => Promise<T>): Promise<T> {
  const began = Date.now();
  while (!tryLock(lock)) {
    if (Date.now() - began > 2 * STALE_MS) {
      throw new StackError('LOCK_TIMEOUT', `Another stack command has held ${lock} for too long (${what}).`, { hint: `if no stack command runs, remove ${lock}` });
    }
    await sleep(POLL_MS);
  }
  try {
    return await work();
  } finally {
    releaseLock(lock);
  }
}

/** Takes the lock if it is free (true); a lock older than `staleMs` is removed, to be taken on the next try. */
export function tryLock(lock: string, staleMs = STALE_MS): boolean {
  try {
    mkdirSync(lock, { mode: 0o700 });
    return true;
  } catch (error) {
    if (!isErrnoException(error) || error.code !== 'EEXIST') throw error;
    try {
      if (Date.now() - statSync(lock).mtimeMs > staleMs) rmdirSync(lock);
    } catch {
      /* released meanwhile */
    }
    return false;
  }
}

export function releaseLock(lock: string): void {
  try {
    rmdirSync(lock);
  } catch {
    /* taken over as stale: nothing of ours to remove */
  }
}
