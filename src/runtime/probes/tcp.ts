import { performance } from 'node:perf_hooks';
import { formatDuration } from '../../format.js';
import { addressesOf, connectFirst } from './connect-first.js';
import type { ProbeOutcome, Prober } from './types.js';

/**
 * Healthy when host:port accepts a TCP connection, which is closed straight away. For
 * localhost (the default host), either loopback will do: 127.0.0.1 or ::1.
 */
export const probeTcp: Prober<'tcp'> = async (probe, ctx): Promise<ProbeOutcome> => {
  const started = performance.now();
  const connection = await connectFirst(addressesOf(probe.host), probe.port, ctx.timeoutMs);
  if (!connection.ok) return { ok: false, message: connection.message };
  connection.socket.destroy();
  const message = `connected to ${connection.address} in ${formatDuration(performance.now() - started)}`;
  return { ok: true, message, reached: { address: connection.address, port: probe.port } };
};
