// The quick "is the port free?" of a start: believed only when it is certain. Real
// listeners and connections in this process; any of them on the port must make it ask the
// OS's tables (false), and a free port must be free again straight after the answer.
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { listensFreely } from '../../../../src/runtime/ports/port-free.js';
import { hasIpv6Loopback, NEEDS_IPV6 } from '../../../helpers/ipv6.js';

const servers: Server[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function listenOn(host: string, options: { ipv6Only?: boolean; port?: number } = {}): Promise<number> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port ?? 0, host, ipv6Only: options.ipv6Only ?? false }, resolve);
  });
  return (server.address() as AddressInfo).port;
}

/** A port nothing listens on: one the OS just handed out and took back. */
async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe.runIf(process.platform === 'linux')('listensFreely (Linux)', () => {
  const held: Array<{ host: string; ipv6Only?: boolean }> = [
    { host: '127.0.0.1' },
    { host: '127.0.0.2' },
    { host: '0.0.0.0' },
    { host: '::1' },
    { host: '::' },
    { host: '::', ipv6Only: true },
  ];
  for (const { host, ipv6Only } of held) {
    it(`a port someone listens on at ${host}${ipv6Only ? ' (IPv6 only)' : ''} is not free`, async ({ skip }) => {
      skip(host.includes(':') && !hasIpv6Loopback, NEEDS_IPV6);
      const port = await listenOn(host, { ipv6Only });
      expect(await listensFreely(port)).toBe(false);
    });
  }

  it("a port that is an outgoing connection's own end is not called free", async () => {
    const port = await listenOn('127.0.0.1');
    const socket = connect(port, '127.0.0.1');
    sockets.push(socket);
    await new Promise((resolve) => socket.once('connect', resolve));
    expect(await listensFreely(socket.localPort!)).toBe(false);
  });

  it('a free port is free, and free again for a server right after the answer', async () => {
    const port = await unusedPort();
    expect(await listensFreely(port)).toBe(true);
    expect(await listenOn('::', { port })).toBe(port);
  });
});

describe('listensFreely elsewhere', () => {
  for (const platform of ['darwin', 'win32', 'freebsd'] as const) {
    it(`on ${platform} it never answers free: the tables are read instead`, async () => {
      expect(await listensFreely(await unusedPort(), platform)).toBe(false);
    });
  }
});
