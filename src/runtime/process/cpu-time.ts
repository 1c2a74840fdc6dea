/**
 * How long a process's main thread has been running or ready to run (waiting for a core),
 * in ms, for telling a booting process that works (loading and compiling its code) from
 * one that waits (a timer, a socket, a dependency): the start order (daemon/start-order.ts)
 * holds services with slack back while a critical one works. The time it waited for a
 * core counts, or a process starved by the others on a busy machine would look idle.
 * Linux only: /proc/<pid>/schedstat counts both in nanoseconds, one ~20 µs read;
 * /proc/<pid>/stat counts in 10 ms ticks, too coarse to see a 5 ms poll. Elsewhere (and
 * when the process is gone) null: asking `ps` every few ms would cost more than it saves.
 */
import { readFileSync } from 'node:fs';

export function mainThreadBusyMs(pid: number): number | null {
  if (process.platform !== 'linux') return null;
  try {
    const [onCpu, waiting] = readFileSync(`/proc/${pid}/schedstat`, 'latin1').split(' ', 2).map(Number);
    return Number.isFinite(onCpu) && Number.isFinite(waiting) ? (onCpu! + waiting!) / 1e6 : null;
  } catch {
    return null;
  }
}
