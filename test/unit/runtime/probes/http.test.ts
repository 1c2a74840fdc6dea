import { describe, expect, it } from 'vitest';
import { runProbe } from '../../../../src/runtime/probes/index.js';
import { waitFor } from '../spawn-helpers.js';
import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer } from 'node:net';
import { hasIpv6Loopback, NEEDS_IPV6 } from '../../../helpers/ipv6.js';
import { closedPort, connectionCount, httpServer, listen, silentServer } from './servers.js';

const ctx = { timeoutMs: 1000, cwd: process.cwd(), env: {} };

describe('http probe', () => {
  it('is healthy on 2xx and drains the body', async () => {
    const { port } = await httpServer((_req, res) => res.end('x'.repeat(100_000)));
    const result = await runProbe({ kind: 'http', url: `http://127.0.0.1:${port}/health` }, ctx);
    expect(result.ok).toBe(true);
    expect(result.message).toMatch(/^HTTP 200 in (\d+ms|\d+\.\ds)$/);
  });

  it('is healthy on 3xx without following the redirect', async () => {
    const target = await closedPort();
    const { port } = await httpServer((_req, res) => res.writeHead(302, { location: `http://127.0.0.1:${target}/` }).end());
    expect(await runProbe({ kind: 'http', url: `http://127.0.0.1:${port}/` }, ctx)).toMatchObject({ ok: true, message: expect.stringMatching(/^HTTP 302/) });
  });

  it('is unhealthy on 5xx', async () => {
    const { port } = await httpServer((_req, res) => res.writeHead(500).end('boom'));
    expect(await runProbe({ kind: 'http', url: `http://127.0.0.1:${port}/` }, ctx)).toMatchObject({ ok: false, message: 'HTTP 500' });
  });

  it('says when the connection is refused', async () => {
    const port = await closedPort();
    const result = await runProbe({ kind: 'http', url: `http://127.0.0.1:${port}/` }, ctx);
    expect(result).toMatchObject({ ok: false, message: 'connection refused' });
    expect(result.reached).toBeUndefined();
  });

  it('says the port was reached, also when the answer is unhealthy: the server listens', async () => {
    const { port } = await httpServer((_req, res) => res.writeHead(503).end('booting'));
    expect(await runProbe({ kind: 'http', url: `http://localhost:${port}/` }, ctx)).toMatchObject({ ok: false, message: 'HTTP 503', reached: { address: '127.0.0.1', port } });
  });

  it('times out on a server that never answers, and leaves no connection open', async () => {
    const { server, port } = await silentServer();
    const result = await runProbe({ kind: 'http', url: `http://127.0.0.1:${port}/` }, { ...ctx, timeoutMs: 200 });
    expect(result).toMatchObject({ ok: false, message: 'timed out after 200ms' });
    await waitFor(async () => (await connectionCount(server)) === 0, 'the probe connection to close');
  });

  it('closes its connection after each probe', async () => {
    const { server, port } = await httpServer((_req, res) => res.end('ok'));
    for (let i = 0; i < 3; i++) expect((await runProbe({ kind: 'http', url: `http://127.0.0.1:${port}/` }, ctx)).ok).toBe(true);
    await waitFor(async () => (await connectionCount(server)) === 0, 'connections to close');
  });

  it('is healthy on a streaming endpoint that never ends its body, and closes the connection', async () => {
    const { server, port } = await httpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: hello\n\n');
      // Never ends: an SSE endpoint used as a health URL.
    });
    const result = await runProbe({ kind: 'http', url: `http://127.0.0.1:${port}/events` }, { ...ctx, timeoutMs: 300 });
    expect(result).toMatchObject({ ok: true, message: expect.stringMatching(/^HTTP 200 in (\d+ms|\d+\.\ds)$/) });
    await waitFor(async () => (await connectionCount(server)) === 0, 'the streaming connection to close');
  });

  it('says the connection was reset when the server hangs up before answering', async () => {
    const { port } = await listen(createTcpServer((socket) => socket.once('data', () => socket.destroy())));
    expect(await runProbe({ kind: 'http', url: `http://127.0.0.1:${port}/` }, ctx)).toMatchObject({ ok: false, message: 'connection reset' });
  });

  it('is healthy on https with a self-signed certificate (dev certificates are not verified)', async () => {
    const tls = new URL('../../../fixtures/tls/', import.meta.url);
    const options = { key: readFileSync(new URL('self-signed.key', tls)), cert: readFileSync(new URL('self-signed.crt', tls)) };
    const { port } = await listen(createHttpsServer(options, (_req, res) => res.end('ok')));
    expect(await runProbe({ kind: 'http', url: `https://localhost:${port}/health` }, ctx)).toMatchObject({ ok: true, message: expect.stringMatching(/^HTTP 200/) });
  });

  it('fails an https URL whose server does not speak TLS, with a sentence and no throw', async () => {
    const { port } = await httpServer((_req, res) => res.end('plain'));
    const result = await runProbe({ kind: 'http', url: `https://127.0.0.1:${port}/` }, ctx);
    // The port accepted the connection: it listens, whatever it then says (stack analyze's "listening").
    expect(result).toEqual({
      ok: false,
      message: 'TLS handshake failed (does the server speak https on this port?)',
      durationMs: expect.any(Number),
      reached: { address: '127.0.0.1', port },
    });
  });

  it('says when what answers on the port is not HTTP, and that the port was reached', async () => {
    const { port } = await listen(createTcpServer((socket) => socket.end('SSH-2.0-OpenSSH_9.2\r\n')));
    expect(await runProbe({ kind: 'http', url: `http://127.0.0.1:${port}/` }, ctx)).toMatchObject({
      ok: false,
      message: 'not an HTTP response (does the server speak http on this port?)',
      reached: { address: '127.0.0.1', port },
    });
  });

  it('decides on the final status after an interim 103 Early Hints', async () => {
    const { port } = await httpServer((_req, res) => {
      res.writeEarlyHints({ link: '</app.css>; rel=preload; as=style' });
      res.writeHead(503).end('booting');
    });
    expect(await runProbe({ kind: 'http', url: `http://127.0.0.1:${port}/` }, ctx)).toMatchObject({ ok: false, message: 'HTTP 503' });
  });

  it('decides on a status line that arrives in pieces', async () => {
    const { port } = await listen(
      createTcpServer((socket) =>
        socket.once('data', () => {
          socket.write('HTTP/1.1 2');
          setTimeout(() => socket.end('04 No Content\r\n\r\n'), 20);
        }),
      ),
    );
    expect(await runProbe({ kind: 'http', url: `http://127.0.0.1:${port}/` }, ctx)).toMatchObject({ ok: true, message: expect.stringMatching(/^HTTP 204 in/) });
  });

  it('sends the path, query, Host and the URL’s credentials', async () => {
    let seen: { url?: string; host?: string; authorization?: string } = {};
    const { port } = await httpServer((req, res) => {
      seen = { url: req.url, host: req.headers.host, authorization: req.headers.authorization };
      res.end('ok');
    });
    expect((await runProbe({ kind: 'http', url: `http://probe:s%40cret@127.0.0.1:${port}/ready?deep=1` }, ctx)).ok).toBe(true);
    expect(seen).toEqual({ url: '/ready?deep=1', host: `127.0.0.1:${port}`, authorization: `Basic ${Buffer.from('probe:s@cret').toString('base64')}` });
  });

  it('reports an invalid URL without throwing', async () => {
    expect((await runProbe({ kind: 'http', url: 'not a url' }, ctx)).ok).toBe(false);
  });
});

describe('http probe of localhost: either loopback, whatever the resolver says', () => {
  const tls = new URL('../../../fixtures/tls/', import.meta.url);
  const tlsOptions = () => ({ key: readFileSync(new URL('self-signed.key', tls)), cert: readFileSync(new URL('self-signed.crt', tls)) });

  it('is healthy against a server on 127.0.0.1 only', async () => {
    const { port } = await httpServer((_req, res) => res.end('ok'), '127.0.0.1');
    expect(await runProbe({ kind: 'http', url: `http://localhost:${port}/health` }, ctx)).toMatchObject({ ok: true, message: expect.stringMatching(/^HTTP 200 in/) });
  });

  it('is healthy against a server on ::1 only, sending Host: localhost, and closes the connection', async ({ skip }) => {
    skip(!hasIpv6Loopback, NEEDS_IPV6);
    let host: string | undefined;
    const { server, port } = await httpServer((req, res) => {
      host = req.headers.host;
      res.end('ok');
    }, '::1');
    expect(await runProbe({ kind: 'http', url: `http://localhost:${port}/health` }, ctx)).toMatchObject({ ok: true, message: expect.stringMatching(/^HTTP 200 in/) });
    expect(host).toBe(`localhost:${port}`);
    await waitFor(async () => (await connectionCount(server)) === 0, 'the probe connection to close');
  });

  it('sends one request to a server on both loopbacks and leaves no connection open', async ({ skip }) => {
    skip(!hasIpv6Loopback, NEEDS_IPV6);
    let requests = 0;
    const { server, port } = await httpServer((_req, res) => {
      requests++;
      res.end('ok');
    }, '::');
    expect((await runProbe({ kind: 'http', url: `http://localhost:${port}/` }, ctx)).ok).toBe(true);
    expect(requests).toBe(1);
    await waitFor(async () => (await connectionCount(server)) === 0, 'both connections to close');
  });

  it('is healthy on http://[::1]:PORT/', async ({ skip }) => {
    skip(!hasIpv6Loopback, NEEDS_IPV6);
    const { port } = await httpServer((_req, res) => res.end('ok'), '::1');
    expect(await runProbe({ kind: 'http', url: `http://[::1]:${port}/health` }, ctx)).toMatchObject({ ok: true });
  });

  it('tries an explicit 127.0.0.1 as given: a server on ::1 only is not reached', async ({ skip }) => {
    skip(!hasIpv6Loopback, NEEDS_IPV6);
    const { port } = await httpServer((_req, res) => res.end('ok'), '::1');
    expect(await runProbe({ kind: 'http', url: `http://127.0.0.1:${port}/` }, ctx)).toMatchObject({ ok: false, message: 'connection refused' });
  });

  it('names both loopbacks when both refuse', async () => {
    const port = await closedPort();
    expect(await runProbe({ kind: 'http', url: `http://localhost:${port}/` }, ctx)).toMatchObject({ ok: false, message: 'connection refused on 127.0.0.1 and ::1' });
  });

  it('times out on a silent server on ::1, and leaves no connection open', async ({ skip }) => {
    skip(!hasIpv6Loopback, NEEDS_IPV6);
    const { server, port } = await silentServer('::1');
    expect(await runProbe({ kind: 'http', url: `http://localhost:${port}/` }, { ...ctx, timeoutMs: 200 })).toMatchObject({ ok: false, message: 'timed out after 200ms' });
    await waitFor(async () => (await connectionCount(server)) === 0, 'the probe connection to close');
  });

  it('is healthy on https://localhost against a self-signed server on ::1 only, and closes the connection', async ({ skip }) => {
    skip(!hasIpv6Loopback, NEEDS_IPV6);
    const { server, port } = await listen(createHttpsServer(tlsOptions(), (_req, res) => res.end('ok')), '::1');
    expect(await runProbe({ kind: 'http', url: `https://localhost:${port}/health` }, ctx)).toMatchObject({ ok: true, message: expect.stringMatching(/^HTTP 200/) });
    await waitFor(async () => (await connectionCount(server)) === 0, 'the probe connection to close');
  });

  it('is healthy on https://[::1]:PORT/ (no server name sent for an address)', async ({ skip }) => {
    skip(!hasIpv6Loopback, NEEDS_IPV6);
    const { port } = await listen(createHttpsServer(tlsOptions(), (_req, res) => res.end('ok')), '::1');
    expect(await runProbe({ kind: 'http', url: `https://[::1]:${port}/health` }, ctx)).toMatchObject({ ok: true });
  });
});
