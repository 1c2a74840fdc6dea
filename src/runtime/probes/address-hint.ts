/**
 * Why a probe of one loopback address is refused while the service runs fine: it listens
 * on the port at the other one. A server that binds `localhost` gets 127.0.0.1 or ::1,
 * whichever its resolver answered first (Node 18+ and Vite often get ::1 only), and a
 * health check written as http://127.0.0.1:PORT/ then fails with "connection refused"
 * although the port is open. `localhost` in the probe tries both (connect-first.ts).
 */
import { isIP } from 'node:net';
import type { HealthProbe } from '../../config/types.js';

export interface ProbeAddress {
  /** An IP literal, brackets dropped. */
  host: string;
  port: number;
}

/** The address an http or tcp probe connects to when its host is an IP literal; else null (a name: the probe tries what it resolves to). */
export function probeAddress(probe: HealthProbe): ProbeAddress | null {
  let host: string;
  let port: number;
  if (probe.kind === 'tcp') {
    host = probe.host;
    port = probe.port;
  } else if (probe.kind === 'http') {
    let url: URL;
    try {
      url = new URL(probe.url);
    } catch {
      return null;
    }
    host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    port = url.port !== '' ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  } else return null;
  return isIP(host) === 0 ? null : { host, port };
}

/**
 * A sentence for the probe's "connection refused" when something listens on its port, but
 * at addresses that do not take a connection to the probed one; null when that is not why
 * (nothing listens there, or one of them would take it). `listening`: the hosts of the
 * sockets that listen on the probed port, as the OS shows them ("0.0.0.0", "::", "::1").
 */
export function addressMismatch(address: ProbeAddress, listening: readonly string[]): string | null {
  if (listening.length === 0 || listening.some((host) => reaches(host, address.host))) return null;
  return `port ${address.port} is open on ${[...new Set(listening)].join(' and ')} only, which a connection to ${address.host} does not reach: use localhost in the health check (it tries 127.0.0.1 and ::1)`;
}

/** Whether a socket bound to `bound` accepts a connection to `target`. */
function reaches(bound: string, target: string): boolean {
  if (bound === target) return true;
  // An IPv6 wildcard takes IPv4 too (Linux's and macOS's default, net.ipv6.bindv6only=0).
  if (bound === '::') return true;
  return bound === '0.0.0.0' && isIP(target) === 4;
}
