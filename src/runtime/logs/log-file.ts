import { mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { StackError } from '../../errors.js';

/**
 * Opens a service's log file for a child's stdout and stderr (one descriptor for both, so
 * their lines interleave in order). 'a' keeps earlier runs; 'w' starts afresh.
 */
export function openLogFile(file: string, mode: 'a' | 'w'): number {
  try {
    mkdirSync(dirname(file), { recursive: true });
    return openSync(file, mode);
  } catch (error) {
    throw new StackError('LOG_UNWRITABLE', `Cannot open the log file ${file} for writing.`, {
      hint: 'Check the permissions of the .stack directory next to stack.yaml.',
      cause: error,
    });
  }
}

/** The log's size in bytes, 0 when it does not exist yet (where this run's output will start). */
export function logSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
