// macOS cannot run here: lsof is played by a mock that answers with captured output, so
// what is checked is what darwin.ts asks lsof and what it makes of the answer.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { darwinPlatform } from '../../../../src/runtime/platform/darwin.js';

const runText = vi.hoisted(() => vi.fn<(file: string, args: string[]) => Promise<string | null>>());
vi.mock('../../../../src/runtime/platform/run-text.js', () => ({ runText }));

/** A server that bound localhost (::1 only), a dual-stack wildcard and an IPv4 one. */
const LSOF = ['p9120', 'f23', 'tIPv6', 'n[::1]:5173', 'p412', 'f8', 'tIPv4', 'n*:7000', 'f9', 'tIPv6', 'n*:7000', ''].join('\n');

describe('darwin listening sockets', () => {
  beforeEach(() => {
    runText.mockReset();
    runText.mockResolvedValue(LSOF);
  });

  it('lists IPv4 and IPv6 listeners with their owners', async () => {
    expect(await darwinPlatform.listeningSockets()).toEqual([
      { host: '::1', port: 5173, pid: 9120 },
      { host: '0.0.0.0', port: 7000, pid: 412 },
      { host: '::', port: 7000, pid: 412 },
    ]);
    expect(runText).toHaveBeenCalledWith('lsof', ['-nP', '-iTCP', '-sTCP:LISTEN', '-F', 'ptn']);
  });

  it('answers "is anything listening?" (no owner pids) with every listener, as port holders need', async () => {
    expect((await darwinPlatform.listeningSockets({ ownerPids: [] })).map((s) => s.port)).toEqual([5173, 7000, 7000]);
    expect(runText).toHaveBeenCalledWith('lsof', ['-nP', '-iTCP', '-sTCP:LISTEN', '-F', 'ptn']);
  });

  it('asks lsof about the owner pids only when there are some', async () => {
    await darwinPlatform.listeningSockets({ ownerPids: [9120, 412] });
    expect(runText).toHaveBeenCalledWith('lsof', ['-nP', '-iTCP', '-sTCP:LISTEN', '-a', '-p', '9120,412', '-F', 'ptn']);
  });
});
