import { describe, expect, it } from 'vitest';
import { runProbe } from '../../../../src/runtime/probes/index.js';
import { waitFor } from '../helpers.js';
import { closedPort, connectionCount, httpServer, silentServer } from './servers.js';

const ctx = { timeoutMs: 1000, cwd: process.cwd(), env: {} };

describe('http probe', () => {
  it('is healthy on 2xx and drains the body', async () => {
    const { port } = await httpServer((_req, res) => res.end('x'.repeat(100_000)));
    const result = await runProbe({ kind: 'http', url: `http://127.0.0.1:${port}/health` }, ctx);
    expect(result.ok).toBe(true);
    expect(result.message).toMatch(/^HTTP 200 in \d+ms$/);
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
    expect(await runProbe({ kind: 'http', url: `http://127.0.0.1:${port}/` }, ctx)).toMatchObject({ ok: false, message: 'connection refused' });
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

  it('reports an invalid URL without throwing', async () => {
    expect((await runProbe({ kind: 'http', url: 'not a url' }, ctx)).ok).toBe(false);
  });
});
