import { describe, expect, it } from 'vitest';
import { runProbe } from '../../../../src/runtime/probes/index.js';
import { connectFirst } from '../../../../src/runtime/probes/connect-first.js';
import { hasIpv6Loopback, NEEDS_IPV6 } from '../../../helpers/ipv6.js';
import { waitFor } from '../spawn-helpers.js';
import { closedPort, connectionCount, silentServer } from './servers.js';

const ctx = { timeoutMs: 1000, cwd: process.cwd(), env: {} };
const CONNECTED = (address: string) => new RegExp(`^connected to ${address.replace(/\./g, '\\.')} in (\\d+ms|\\d+\\.\\ds)$`);

describe('tcp probe', () => {
  it('is healthy when the port accepts, says which address answered, and closes the connection', async () => {
    const { server, port } = await silentServer();
    const result = await runProbe({ kind: 'tcp', host: '127.0.0.1', port }, ctx);
    expect(result).toMatchObject({ ok: true, message: expect.stringMatching(CONNECTED('127.0.0.1')), reached: { address: '127.0.0.1', port } });
    await waitFor(async () => (await connectionCount(server)) === 0, 'the probe connection to close');
  });

  it('says when the connection is refused', async () => {
    const port = await closedPort();
    const result = await runProbe({ kind: 'tcp', host: '127.0.0.1', port }, ctx);
    expect(result).toMatchObject({ ok: false, message: 'connection refused' });
    expect(result.reached).toBeUndefined();
  });

  it('resolves for an address that never answers', async () => {
    // TEST-NET-1 is never routed: the connect either times out or fails at once, depending on the network.
    const result = await runProbe({ kind: 'tcp', host: '192.0.2.1', port: 9 }, { ...ctx, timeoutMs: 200 });
    expect(result.ok).toBe(false);
  });
});

describe('tcp probe of localhost (the default host): either loopback', () => {
  it('is healthy against a server on 127.0.0.1 only', async () => {
    const { port } = await silentServer('127.0.0.1');
    expect(await runProbe({ kind: 'tcp', host: 'localhost', port }, ctx)).toMatchObject({ ok: true, message: expect.stringMatching(CONNECTED('127.0.0.1')) });
  });

  it('is healthy against a server on ::1 only, and closes the connection', async ({ skip }) => {
    skip(!hasIpv6Loopback, NEEDS_IPV6);
    const { server, port } = await silentServer('::1');
    expect(await runProbe({ kind: 'tcp', host: 'localhost', port }, ctx)).toMatchObject({ ok: true, message: expect.stringMatching(CONNECTED('::1')) });
    await waitFor(async () => (await connectionCount(server)) === 0, 'the probe connection to close');
  });

  it('closes both connections when a server accepts on both loopbacks', async ({ skip }) => {
    skip(!hasIpv6Loopback, NEEDS_IPV6);
    // `::` takes IPv4 too (dual-stack socket): both attempts connect, one wins.
    const { server, port } = await silentServer('::');
    expect((await runProbe({ kind: 'tcp', host: 'localhost', port }, ctx)).ok).toBe(true);
    await waitFor(async () => (await connectionCount(server)) === 0, 'both probe connections to close');
  });

  it('names both loopbacks when both refuse', async () => {
    const port = await closedPort();
    expect(await runProbe({ kind: 'tcp', host: 'localhost', port }, ctx)).toMatchObject({ ok: false, message: 'connection refused on 127.0.0.1 and ::1' });
  });

  it('tries an explicit address as given: 127.0.0.1 does not reach a server on ::1, [::1] does', async ({ skip }) => {
    skip(!hasIpv6Loopback, NEEDS_IPV6);
    const { port } = await silentServer('::1');
    expect(await runProbe({ kind: 'tcp', host: '127.0.0.1', port }, ctx)).toMatchObject({ ok: false, message: 'connection refused' });
    expect(await runProbe({ kind: 'tcp', host: '::1', port }, ctx)).toMatchObject({ ok: true, message: expect.stringMatching(CONNECTED('::1')) });
  });
});

describe('connectFirst', () => {
  it('says each address with its own reason when they fail differently', async () => {
    const port = await closedPort();
    const result = await connectFirst(['127.0.0.1', 'no-such-host.invalid'], port, 300);
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/^connection refused on 127\.0\.0\.1, (host not found|timed out after 300ms) on no-such-host\.invalid$/) });
  });

  it('gives up at once, closing its sockets, when the signal aborts', async () => {
    const { server, port } = await silentServer();
    const aborted = new AbortController();
    aborted.abort();
    expect(await connectFirst(['127.0.0.1'], port, 1000, aborted.signal)).toEqual({ ok: false, message: 'aborted' });
    await waitFor(async () => (await connectionCount(server)) === 0, 'no connection left open');
  });
});
