import type { Socket } from 'node:net';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { formatDuration } from '../../format.js';
import { addressesOf, connectFirst } from './connect-first.js';
import { describeNetworkError, timedOut } from './describe.js';
import { readStatus } from './http-head.js';
import type { ProbeOutcome, Prober } from './types.js';

/**
 * One GET over a connection of its own, written and read on the socket directly: a probe
 * needs the status line only, and node:http's client (a ClientRequest, an IncomingMessage,
 * their streams and parser per probe) was most of the daemon's idle CPU, ~1.4 % of a core
 * for 20 services probed every 2 s against ~0.9 % this way (docs/benchmarks.md, "Speed
 * work"). Not undici either: it parses HTTP in WebAssembly, ~25 MB of RSS. Each probe
 * connects (connect-first.ts: localhost is either loopback, whichever accepts), sends
 * `Connection: close` and closes, so a server that stops accepting or stops answering fails
 * the next probe, and polling never accumulates sockets. An https URL is probed without
 * verifying the certificate.
 */

/** Enough of the body to let a small response finish cleanly; the status alone decides. */
const DRAIN_LIMIT = 64 * 1024;
/** A head longer than this without a status line is not an HTTP response (Node's own limit is 16 KB). */
const HEAD_LIMIT = 16 * 1024;

const NOT_HTTP = 'not an HTTP response (does the server speak http on this port?)';

/**
 * GET the URL; 2xx and 3xx are healthy. Redirects are not followed: a 3xx already proves
 * the server answers. The outcome is known at the status line; the body is drained
 * afterwards (up to DRAIN_LIMIT, within the timeout) only so the connection closes cleanly,
 * so a streaming endpoint is healthy too.
 */
export const probeHttp: Prober<'http'> = (probe, ctx) =>
  new Promise<ProbeOutcome>((resolve) => {
    const started = performance.now();
    let url: URL;
    try {
      url = new URL(probe.url);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`Protocol "${url.protocol}" not supported. Expected "http:" or "https:"`);
    } catch (error) {
      // An invalid URL or an unsupported protocol: said as a probe result.
      resolve({ ok: false, message: describeNetworkError(error) });
      return;
    }
    const port = portOf(url);
    let socket: Socket | undefined;
    let decided = false;
    // Set once the connection is made: whatever the server then answers, it listens.
    let reached: ProbeOutcome['reached'];
    // The first decide() wins: a later timeout or error only closes the connection.
    const decide = (outcome: ProbeOutcome): void => {
      if (decided) return;
      decided = true;
      resolve(outcome);
    };
    const close = (): void => {
      clearTimeout(timer);
      socket?.destroy();
    };
    const timer = setTimeout(() => {
      decide({ ok: false, message: timedOut(ctx.timeoutMs), reached });
      close();
    }, ctx.timeoutMs);

    const converse = (connection: Socket): void => {
      socket = connection;
      let head = '';
      let drained = 0;
      connection.on('data', (chunk: Buffer) => {
        if (decided) {
          drained += chunk.length;
          if (drained > DRAIN_LIMIT) close();
          return;
        }
        head += chunk.toString('latin1', 0, Math.min(chunk.length, HEAD_LIMIT + 1 - head.length));
        const read = readStatus(head);
        if (read.kind === 'incomplete' && head.length <= HEAD_LIMIT) return;
        if (read.kind !== 'status') {
          decide({ ok: false, message: NOT_HTTP, reached });
          close();
          return;
        }
        const ok = read.status >= 200 && read.status < 400;
        decide({ ok, message: ok ? `HTTP ${read.status} in ${formatDuration(performance.now() - started)}` : `HTTP ${read.status}`, reached });
      });
      // A server that hangs up before its status line is what node:http called "socket hang up".
      connection.once('end', () => {
        decide({ ok: false, message: 'connection reset', reached });
        close();
      });
      connection.on('error', (error) => {
        decide({ ok: false, message: describeNetworkError(error), reached });
        close();
      });
      connection.once('close', () => {
        decide({ ok: false, message: 'connection reset', reached });
        close();
      });
      connection.write(requestFor(url));
    };

    // No abort signal: connectFirst gives up by itself at the same timeout (an AbortController
    // per probe, and the DOMException of its abort, cost more than the rest of a probe).
    void connectFirst(addressesOf(url.hostname), port, ctx.timeoutMs).then(async (connection) => {
      if (!connection.ok) {
        decide({ ok: false, message: connection.message });
        close();
        return;
      }
      reached = { address: connection.address, port };
      if (decided) {
        connection.socket.destroy();
        return;
      }
      converse(url.protocol === 'https:' ? await withTls(connection.socket, url.hostname) : connection.socket);
      // The timeout fired while TLS was being loaded.
      if (decided) close();
    });
  });

/** The GET of `url` a probe sends: its path and query, Host, credentials as Basic auth (as node:http did), `Connection: close`. */
export function requestFor(url: URL): string {
  let head = `GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\n`;
  if (url.username !== '' || url.password !== '') {
    const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    head += `Authorization: Basic ${Buffer.from(credentials).toString('base64')}\r\n`;
  }
  return `${head}Connection: close\r\n\r\n`;
}

function portOf(url: URL): number {
  return url.port !== '' ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

/**
 * TLS over the connected socket, node:tls loaded on the first https probe only. A health
 * check asks whether the server answers, not whether its certificate is trusted: local
 * https usually runs on a self-signed or mkcert certificate, which Node (with its own CA
 * bundle) would reject.
 */
async function withTls(socket: Socket, hostname: string): Promise<Socket> {
  const { connect } = await import('node:tls');
  const servername = isIP(hostname.replace(/^\[|\]$/g, '')) === 0 ? hostname : undefined;
  return connect({ socket, servername, rejectUnauthorized: false });
}
