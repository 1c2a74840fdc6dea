// A page that stops reading its live stream (a background tab, a stalled connection) must
// not grow the daemon's memory: over real sockets, the channel stops queueing at
// MAX_BUFFERED, counts what it dropped, and says so once the page reads again.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_BUFFERED, SseChannel } from '../../../../src/daemon/ui/sse.js';
import { waitFor } from '../../../helpers/procs.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function channelWithClient(): Promise<{ channel: SseChannel; client: http.IncomingMessage }> {
  let channel!: SseChannel;
  const server = http.createServer((_req, res) => (channel = new SseChannel(res)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  });
  const client = await new Promise<http.IncomingMessage>((resolve) => http.get({ host: '127.0.0.1', port: (server.address() as AddressInfo).port }, resolve));
  return { channel, client };
}

/** Lines of ~100 bytes, as a service logging 1,000 lines a second writes them. */
const batch = (n: number, from: number) => JSON.stringify({ service: 'api', text: Array.from({ length: n }, (_, i) => `line ${from + i} ${'x'.repeat(90)}`).join('\n') });

describe('SseChannel', () => {
  it('stops queueing for a page that does not read, and tells it what it missed once it does', async () => {
    const { channel, client } = await channelWithClient();
    client.pause();
    const perBatch = 100;
    let sent = 0;
    let peak = 0;
    // 40 MB: far more than the kernel's socket buffers hold for a reader that stopped.
    for (let i = 0; i < 4000; i++) {
      channel.sendLines('api', perBatch, batch(perBatch, sent));
      sent += perBatch;
      peak = Math.max(peak, channel.buffered);
      if (i % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    channel.send('status', JSON.stringify({ big: 'x'.repeat(1000) }));
    expect(peak).toBeLessThanOrEqual(MAX_BUFFERED + 2 * batch(perBatch, 0).length);

    let text = '';
    client.setEncoding('utf8');
    client.on('data', (chunk: string) => (text += chunk));
    client.resume();
    // Each time the socket drains after drops, one resync; the last one covers the status.
    const resyncs = (): { droppedLines: Record<string, number>; stateDropped: boolean }[] =>
      [...text.matchAll(/event: resync\ndata: (.*)\n/g)].map((m) => JSON.parse(m[1]!));
    await waitFor(() => resyncs().some((r) => r.stateDropped), { timeoutMs: 20_000, message: 'a resync saying a status was dropped' });
    const delivered = (text.match(/^event: log$/gm) ?? []).length * perBatch;
    const dropped = resyncs().reduce((sum, r) => sum + (r.droppedLines.api ?? 0), 0);
    expect(dropped).toBeGreaterThan(0);
    expect(delivered + dropped).toBe(sent);

    // Caught up: lines flow again.
    channel.sendLines('api', 1, JSON.stringify({ service: 'api', text: 'after the gap' }));
    await waitFor(() => text.includes('after the gap'), { timeoutMs: 10_000, message: 'the next line' });
  });

  it('sends everything to a page that keeps up', async () => {
    const { channel, client } = await channelWithClient();
    let text = '';
    client.setEncoding('utf8');
    client.on('data', (chunk: string) => (text += chunk));
    channel.send('status', '{"n":1}');
    channel.sendLines('api', 2, '{"service":"api","text":"one\\ntwo"}');
    await waitFor(() => text.includes('two'), { timeoutMs: 10_000, message: 'both messages' });
    expect(text).toContain('event: status\ndata: {"n":1}\n\n');
    expect(text).toContain('event: log\ndata: {"service":"api","text":"one\\ntwo"}\n\n');
    expect(text).not.toContain('resync');
  });
});
