// Who holds a port, whichever address it was bound on: a dev server that bound localhost
// may sit on ::1 only, and one that bound nothing on 0.0.0.0 or ::. Real listeners in this
// process, so the holder must be this process. The OS's socket table is shared between
// readers for a few milliseconds (linux.ts), so a listener just opened is waited for.
import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { portTakenReason } from '../../../../src/daemon/service/port-check.js';
import { portHolder } from '../../../../src/runtime/ports/port-holder.js';
import { hasIpv6Loopback, NEEDS_IPV6 } from '../../../helpers/ipv6.js';
import { waitFor } from '../spawn-helpers.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function listenOn(host: string): Promise<number> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return (server.address() as AddressInfo).port;
}

describe.runIf(process.platform === 'linux' || process.platform === 'darwin')('port holder', () => {
  for (const host of ['127.0.0.1', '::1', '0.0.0.0', '::']) {
    it(`finds the process listening on ${host}`, async ({ skip }) => {
      skip(host.includes(':') && !hasIpv6Loopback, NEEDS_IPV6);
      const port = await listenOn(host);
      const holder = await waitFor(() => portHolder(port), `the holder of port ${port}`);
      expect(holder).toMatchObject({ pid: process.pid, cwd: process.cwd() });
    });
  }

  it('a port held on ::1 only is taken: the reason names the pid and says how to free it', async ({ skip }) => {
    skip(!hasIpv6Loopback, NEEDS_IPV6);
    const port = await listenOn('::1');
    const notOurs = async (): Promise<boolean> => false;
    expect(await waitFor(() => portTakenReason({ port }, notOurs, async () => undefined), `port ${port} taken`)).toMatch(new RegExp(`^port ${port} is already in use by pid ${process.pid} \\(.+\\), which stack did not start; stop it \\(kill ${process.pid}\\)`));
  });

  it('for port: auto the reason says that stack up moves it, instead of editing stack.yaml', async () => {
    const port = await listenOn('127.0.0.1');
    const notOurs = async (): Promise<boolean> => false;
    const reason = await waitFor(() => portTakenReason({ port, portAuto: true }, notOurs, async () => undefined), `port ${port} taken`);
    expect(reason).toMatch(/or run `stack up` or `stack restart`, which move this service to a free port$/);
  });

  it("a port held by the service's own leftover is freed and asked about again, not refused", async () => {
    const port = await listenOn('127.0.0.1');
    const notOurs = async (): Promise<boolean> => false;
    await waitFor(() => portTakenReason({ port }, notOurs, async () => undefined), `port ${port} taken`);
    let freed = 0;
    const ours = async (pid: number): Promise<boolean> => pid === process.pid;
    const free = async (): Promise<void> => {
      freed++;
      await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
      // As stopping a process does: over once the socket is gone from the OS's table.
      await waitFor(async () => (await portHolder(port)) === null || undefined, `port ${port} free`);
    };
    expect({ reason: await portTakenReason({ port }, ours, free), freed }).toEqual({ reason: null, freed: 1 });
  });
});
