import { createServer as createHttpServer, type RequestListener } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach } from 'vitest';

/** Real servers on ephemeral ports for the probe tests, closed after each test. */

const servers: Server[] = [];
const sockets = new Set<Socket>();

afterEach(async () => {
  // Even when a test fails half-way, nothing stays open.
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** Listens on an ephemeral port of `host` (one loopback only: '::1' plays a server that bound localhost on IPv6). */
export function listen<S extends Server>(server: S, host = '127.0.0.1'): Promise<{ server: S; port: number }> {
  servers.push(server);
  server.on('connection', (socket: Socket) => sockets.add(socket));
  return new Promise((resolve) => server.listen(0, host, () => resolve({ server, port: (server.address() as AddressInfo).port })));
}

export function httpServer(handler: RequestListener, host?: string) {
  return listen(createHttpServer(handler), host);
}

/** Accepts connections and reads what it is sent, but never answers. */
export function silentServer(host?: string) {
  // Reading lets the server see the client close; an unread socket never notices.
  return listen(createTcpServer((socket) => socket.resume()), host);
}

/** A port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const server = createTcpServer();
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export function connectionCount(server: Server): Promise<number> {
  return new Promise((resolve, reject) => server.getConnections((error, count) => (error ? reject(error) : resolve(count))));
}
