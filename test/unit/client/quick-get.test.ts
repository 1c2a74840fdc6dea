import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseJsonResponse, quickGetJson } from '../../../src/client/quick-get.js';

describe('parseJsonResponse', () => {
  const answer = (head: string, body: string) => `${head}\r\n\r\n${body}`;

  it('reads the JSON body of a complete 200 answer', () => {
    const body = '{"project":"démo"}';
    expect(parseJsonResponse(answer(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}`, body))).toEqual({ project: 'démo' });
  });

  it('gives up on anything else, so the full client can report it', () => {
    expect(parseJsonResponse(answer('HTTP/1.1 500 Internal Server Error\r\ncontent-length: 2', '{}'))).toBeNull();
    // Truncated: the daemon died mid-answer.
    expect(parseJsonResponse(answer('HTTP/1.1 200 OK\r\ncontent-length: 40', '{"project":'))).toBeNull();
    // Chunked (no content-length) is not what the daemon sends for /status.
    expect(parseJsonResponse(answer('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked', '2\r\n{}\r\n0\r\n\r\n'))).toBeNull();
    expect(parseJsonResponse('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n')).toBeNull();
    expect(parseJsonResponse(answer('HTTP/1.1 200 OK\r\ncontent-length: 3', 'nop'))).toBeNull();
    expect(parseJsonResponse('')).toBeNull();
  });
});

describe('quickGetJson', () => {
  const cleanup: Array<() => void> = [];
  afterEach(() => cleanup.splice(0).forEach((f) => f()));

  async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
    const dir = mkdtempSync(path.join(tmpdir(), 'stack-quick-get-'));
    const socket = path.join(dir, 'daemon.sock');
    const server: Server = createServer(handler);
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    cleanup.push(() => {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    });
    return socket;
  }

  it('asks a node:http server over a unix socket and reads its JSON', async () => {
    const socket = await serve((req, res) => {
      const text = JSON.stringify({ path: req.url, method: req.method });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
    });
    expect(await quickGetJson(socket, '/status')).toEqual({ path: '/status', method: 'GET' });
  });

  it('is null for an error answer, a streamed answer and a missing socket', async () => {
    const failing = await serve((_req, res) => res.writeHead(503).end('{"error":"busy"}'));
    expect(await quickGetJson(failing, '/status')).toBeNull();
    const streaming = await serve((_req, res) => {
      res.write('{"a":');
      res.end('1}');
    });
    expect(await quickGetJson(streaming, '/status')).toBeNull();
    expect(await quickGetJson(path.join(path.dirname(failing), 'missing.sock'), '/status')).toBeNull();
  });

  it('takes the answer once its content-length is in, without waiting for the connection to close', async () => {
    // A server that answers in two writes and then keeps the connection open until the test ends.
    const dir = mkdtempSync(path.join(tmpdir(), 'stack-quick-get-'));
    const socket = path.join(dir, 'daemon.sock');
    const open: Socket[] = [];
    const server = createNetServer((connection) => {
      open.push(connection);
      connection.once('data', () => {
        const body = JSON.stringify({ project: 'démo', services: [] });
        connection.write(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 5)}`);
        setImmediate(() => connection.write(body.slice(5)));
      });
    });
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    cleanup.push(() => {
      open.forEach((c) => c.destroy());
      server.close();
      rmSync(dir, { recursive: true, force: true });
    });
    expect(await quickGetJson(socket, '/status')).toEqual({ project: 'démo', services: [] });
  });
});
