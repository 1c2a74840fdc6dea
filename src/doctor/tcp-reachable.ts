/**
 * Does host:port accept a TCP connection within `timeoutMs`? The reason when not.
 * localhost is either loopback (127.0.0.1 or ::1), as in a health check: a database or
 * dev server that bound localhost may have got the IPv6 one only.
 */
import { probeTcp } from '../runtime/probes/tcp.js';

export type Reachability = { ok: true } | { ok: false; reason: string };

export async function tcpReachable(host: string, port: number, timeoutMs = 500): Promise<Reachability> {
  // 0.0.0.0 and :: mean "any address" to a server; a client reaches that on loopback.
  const target = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  // The same probe as a `health: { tcp }` check, so both say a failure the same way.
  const outcome = await probeTcp({ kind: 'tcp', host: target, port }, { timeoutMs, cwd: process.cwd(), env: {} });
  return outcome.ok ? { ok: true } : { ok: false, reason: outcome.message };
}
