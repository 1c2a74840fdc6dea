import { formatDuration } from '../../format.js';
import { isAlive } from '../process/identity.js';
import type { Prober } from './types.js';

/**
 * A process that dies at import (a missing module, a command not found) is alive for a
 * few milliseconds; calling it healthy then would make `up` report "running" for a
 * service that is already gone. So it must have stayed up this long first.
 */
export const PROCESS_SETTLE_MS = 500;

/** For services without a port or health check: healthy while the recorded process runs. */
export const probeProcess: Prober<'process'> = async (_probe, ctx) => {
  if (!ctx.identity) return { ok: false, message: 'no process recorded' };
  const { pid, startedAt } = ctx.identity;
  if (!(await isAlive(ctx.identity))) return { ok: false, message: `process ${pid} is not running` };
  const age = Date.now() - startedAt;
  if (age < PROCESS_SETTLE_MS) return { ok: false, message: `process ${pid} started ${formatDuration(age)} ago; waiting to see it stay up` };
  return { ok: true, message: `process ${pid} is running` };
};
