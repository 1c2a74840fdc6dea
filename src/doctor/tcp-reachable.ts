/** Does host:port accept a TCP connection within `timeoutMs`? The reason when not. */
import { connect } from 'node:net';
import { describeNetworkError } from '../runtime/probes/describe.js';

export type Reachability = { ok: true } | { ok: false; reason: string };

export function tcpReachable(host: string, port: number, timeoutMs = 500): Promise<Reachability> {
  return new Promise((resolve) => {
    // 0.0.0.0 and :: mean "any address" to a server; a client reaches that on loopback.
    const target = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
    const socket = connect({ host: target, port });
    const finish = (result: Reachability): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ ok: false, reason: `no answer within ${timeoutMs}ms` }), timeoutMs);
    socket.once('connect', () => finish({ ok: true }));
    socket.on('error', (error) => finish({ ok: false, reason: describeNetworkError(error) }));
  });
}
