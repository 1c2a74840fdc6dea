import { isAlive } from '../identity.js';
import type { Prober } from './types.js';

/** For services without a port or health check: healthy while the recorded process runs. */
export const probeProcess: Prober<'process'> = async (_probe, ctx) => {
  if (!ctx.identity) return { ok: false, message: 'no process recorded' };
  const { pid } = ctx.identity;
  return (await isAlive(ctx.identity))
    ? { ok: true, message: `process ${pid} is running` }
    : { ok: false, message: `process ${pid} is not running` };
};
