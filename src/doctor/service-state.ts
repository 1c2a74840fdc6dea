/** Plain questions about one service's status that several checks ask. */
import { isJob } from '../config/job.js';
import type { StackConfig } from '../config/types.js';
import type { LastExit, ServiceStatus } from '../protocol/status.js';
import { describeLastExit as describeRecordedExit, isCleanExit } from '../protocol/exit-wording.js';
import { formatClock } from '../format.js';

/**
 * Exited with a failure, or gave up in a crash loop. A clean exit 0 is a failure too,
 * unless the service is a one-shot job (src/config/job.ts): a server that exits 0 is down.
 */
export function hasFailed(s: ServiceStatus, config: StackConfig | null): boolean {
  if (s.state === 'crashloop') return true;
  if (s.state !== 'exited') return false;
  const clean = s.lastExit !== null && isCleanExit(s.lastExit);
  return !clean || !jobOf(s, config);
}

/** Whether the service is a one-shot job; without a config that loads, whether it has no port. */
function jobOf(s: ServiceStatus, config: StackConfig | null): boolean {
  return config ? isJob(s.name, config.services) : s.port === null;
}

/** A process answers for it: started by stack and up, or a foreign process on its port. */
export function isUp(s: ServiceStatus): boolean {
  return s.pid !== null && (s.state === 'running' || s.state === 'starting' || s.state === 'building');
}

/** "exited with code 137 at 14:02:07: Error: Cannot find module 'x'". */
export function describeLastExit(exit: LastExit, now = new Date()): string {
  return describeRecordedExit(exit, (at) => formatClock(at, now));
}

/** "exit 137 at 14:02:07", short, for a dependent's line. */
export function shortExit(exit: LastExit | null, now = new Date()): string {
  if (!exit) return 'not running';
  const what = exit.signal ? exit.signal : exit.code === null ? 'exited' : `exit ${exit.code}`;
  return `${what} at ${formatClock(exit.at, now)}`;
}
