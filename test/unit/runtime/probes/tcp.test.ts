import { describe, expect, it } from 'vitest';
import { runProbe } from '../../../../src/runtime/probes/index.js';
import { waitFor } from '../spawn-helpers.js';
import { closedPort, connectionCount, silentServer } from './servers.js';

const ctx = { timeoutMs: 1000, cwd: process.cwd(), env: {} };

describe('tcp probe', () => {
  it('is healthy when the port accepts, and closes the connection', async () => {
    const { server, port } = await silentServer();
    const result = await runProbe({ kind: 'tcp', host: '127.0.0.1', port }, ctx);
    expect(result).toMatchObject({ ok: true, message: expect.stringMatching(/^connected in (\d+ms|\d+\.\ds)$/) });
    await waitFor(async () => (await connectionCount(server)) === 0, 'the probe connection to close');
  });

  it('says when the connection is refused', async () => {
    const port = await closedPort();
    expect(await runProbe({ kind: 'tcp', host: '127.0.0.1', port }, ctx)).toMatchObject({ ok: false, message: 'connection refused' });
  });

  it('resolves for an address that never answers', async () => {
    // TEST-NET-1 is never routed: the connect either times out or fails at once, depending on the network.
    const result = await runProbe({ kind: 'tcp', host: '192.0.2.1', port: 9 }, { ...ctx, timeoutMs: 200 });
    expect(result.ok).toBe(false);
  });
});
