/**
 * Free TCP ports, as the OS hands them out: listen on port 0 and read what it chose. The
 * wildcard of both families ([::], which also covers 0.0.0.0 and 127.0.0.1) is asked, so
 * the port is free on every address a server may bind. Every listener stays open until
 * all ports are chosen, so the OS cannot hand out one twice; a port `usable` turns down
 * stays held meanwhile for the same reason.
 */
import net from 'node:net';
import { StackError } from '../../errors.js';

const MAX_REFUSED = 200;

export async function freePorts(count: number, usable: (port: number) => boolean): Promise<number[]> {
  const servers: net.Server[] = [];
  const chosen: number[] = [];
  try {
    while (chosen.length < count) {
      if (servers.length >= count + MAX_REFUSED) {
        throw new StackError('NO_FREE_PORT', `stack could not find a free port after trying ${servers.length}.`, {
          hint: 'free some ports, or write a port number instead of auto in stack.yaml',
        });
      }
      const server = await listenAnywhere();
      servers.push(server);
      const address = server.address();
      if (address !== null && typeof address === 'object' && usable(address.port)) chosen.push(address.port);
    }
    return chosen;
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}

async function listenAnywhere(): Promise<net.Server> {
  try {
    return await listen('::');
  } catch {
    // No IPv6 on this machine.
    return listen('0.0.0.0');
  }
}

function listen(host: string): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host, exclusive: true, ipv6Only: false }, () => resolve(server));
  });
}
