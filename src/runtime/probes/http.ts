import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { connect as connectTls } from 'node:tls';
import { formatDuration } from '../../format.js';
import { addressesOf, connectFirst } from './connect-first.js';
import { describeNetworkError, timedOut } from './describe.js';
import type { ProbeOutcome, Prober } from './types.js';

/**
 * Node's own http client, not undici: undici parses HTTP in WebAssembly, and loading it
 * grew the daemon by ~25 MB of RSS (measured: 44 → 78 MB for 200 probes, node:http 44 →
 * 53 MB), which is most of a daemon's footprint. node:http's parser is native and loaded
 * anyway. No agent: each probe opens its own connection (connect-first.ts: localhost is
 * either loopback, whichever accepts) and closes it, so polling never accumulates
 * sockets. An https URL is probed without verifying the certificate.
 */

/** Enough of the body to let a small response finish cleanly; the status alone decides. */
const DRAIN_LIMIT = 64 * 1024;

/**
 * GET the URL; 2xx and 3xx are healthy. Redirects are not followed: a 3xx already proves
 * the server answers. The outcome is known at the response headers; the body is drained
 * afterwards (up to DRAIN_LIMIT, within the timeout) only so the connection closes cleanly,
 * so a streaming endpoint is healthy too.
 */
export const probeHttp: Prober<'http'> = (probe, ctx) =>
  new Promise<ProbeOutcome>((resolve) => {
    const started = performance.now();
    let request: http.ClientRequest | undefined;
    // Set once the connection is made: whatever the server then answers, it listens.
    let reached: ProbeOutcome['reached'];
    const connecting = new AbortController();
    // The first resolve() decides: a later timeout or error only closes the connection.
    const close = (): void => {
      clearTimeout(timer);
      connecting.abort();
      request?.destroy();
    };
    const timer = setTimeout(() => {
      resolve({ ok: false, message: timedOut(ctx.timeoutMs), reached });
      close();
    }, ctx.timeoutMs);
    const onResponse = (response: IncomingMessage): void => {
      const status = response.statusCode ?? 0;
      const ok = status >= 200 && status < 400;
      resolve({ ok, message: ok ? `HTTP ${status} in ${formatDuration(performance.now() - started)}` : `HTTP ${status}`, reached });
      let drained = 0;
      response.on('data', (chunk: Buffer) => {
        drained += chunk.length;
        if (drained > DRAIN_LIMIT) close();
      });
      response.once('end', close);
      response.on('error', close);
    };
    try {
      const url = new URL(probe.url);
      const client = url.protocol === 'https:' ? https : http;
      const createConnection: http.ClientRequestArgs['createConnection'] = (_options, done) => {
        void connectFirst(addressesOf(url.hostname), portOf(url), ctx.timeoutMs, connecting.signal).then((connection) => {
          if (connection.ok) {
            reached = { address: connection.address, port: portOf(url) };
            return done(null, url.protocol === 'https:' ? withTls(connection.socket, url.hostname) : connection.socket);
          }
          resolve({ ok: false, message: connection.message });
          close();
        });
        return undefined;
      };
      // No agent: the request uses createConnection's socket and closes it when done.
      request = client.get(url, { headers: { connection: 'close' }, createConnection }, onResponse);
      request.on('error', (error) => {
        resolve({ ok: false, message: describeNetworkError(error), reached });
        close();
      });
    } catch (error) {
      // An invalid URL or an unsupported protocol: said as a probe result.
      resolve({ ok: false, message: describeNetworkError(error) });
      close();
    }
  });

function portOf(url: URL): number {
  return url.port !== '' ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

/**
 * TLS over the connected socket. A health check asks whether the server answers, not
 * whether its certificate is trusted: local https usually runs on a self-signed or mkcert
 * certificate, which Node (with its own CA bundle) would reject.
 */
function withTls(socket: Socket, hostname: string) {
  const servername = isIP(hostname.replace(/^\[|\]$/g, '')) === 0 ? hostname : undefined;
  return connectTls({ socket, servername, rejectUnauthorized: false });
}
