/**
 * The quick answer to "is this port free?" before a service starts: listen on it on the
 * wildcard of both families and close again at once (~0.05 ms). Reading the OS's socket
 * tables to find out costs 5–8 ms on Linux (/proc/net/tcp6 is walked whole even when it
 * holds nothing), once per start, on every hop of a dependency chain.
 *
 * Only "free" is believed, and only on Linux, where a dual-stack listen on [::]:port fails
 * whenever any socket listens on that port, on any address of either family (checked
 * against 127.0.0.1, ::1, 0.0.0.0, ::, 127.0.0.2 and an IPv6-only ::). BSD and macOS let
 * a wildcard bind share a port with a specific one, and Windows has its own rules, so
 * there the tables are read as before. Any failure (in use, by a listener or an outgoing
 * connection; a port below 1024; no IPv6) means "ask the tables", which say who holds it.
 */
import net from 'node:net';

export function listensFreely(port: number, platform: NodeJS.Platform = process.platform): Promise<boolean> {
  if (platform !== 'linux') return Promise.resolve(false);
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    // exclusive: never shared through a cluster primary; ipv6Only false: [::] covers IPv4 too.
    server.listen({ port, host: '::', exclusive: true, ipv6Only: false }, () => {
      // The descriptor is closed within close() itself, so the port is free again when this resolves.
      server.close();
      resolve(true);
    });
  });
}
