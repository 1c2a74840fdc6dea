import { createServer, connect, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { linuxPlatform } from '../../../../src/runtime/platform/linux.js';
import { spawnService } from '../../../../src/runtime/process/runner.js';
import { hasIpv6Loopback, NEEDS_IPV6 } from '../../../helpers/ipv6.js';
import { fixture, readText, tempDir, track, treePids, waitFor } from '../spawn-helpers.js';

describe.runIf(process.platform === 'linux')('linux platform', () => {
  it('reads a start time that is stable and in the past', async () => {
    const first = await linuxPlatform.processStart(process.pid);
    const second = await linuxPlatform.processStart(process.pid);
    expect(first?.token).toMatch(/^\d+$/);
    expect(second?.token).toBe(first?.token);
    expect(first?.startedAt).toBeLessThanOrEqual(Date.now());
    expect(await linuxPlatform.processStart(99_999_999)).toBeNull();
  });

  it('dates a forked child no earlier than its parent, within the two ticks the start times round by', async () => {
    // The order leftovers.ts reads them in: the root at spawn, what it forked later.
    const dir = tempDir();
    const { identity } = await spawnService({ command: { shell: 'sleep 30 & wait' }, cwd: dir, env: {}, logFile: join(dir, 'sh.log') });
    track(identity.pid);
    const child = await waitFor(async () => (await linuxPlatform.processTree(identity.pid)).find((pid) => pid !== identity.pid), 'the forked sleep');
    track(child);
    const tolerance = 2 * linuxPlatform.startTimeResolutionMs;
    for (let round = 0; round < 50; round++) {
      const parent = await linuxPlatform.processStart(identity.pid);
      const forked = await linuxPlatform.processStart(child);
      expect(forked!.startedAt).toBeGreaterThanOrEqual(parent!.startedAt - tolerance);
      expect(Number(forked!.token)).toBeGreaterThanOrEqual(Number(parent!.token));
    }
  });

  it('finds the pid listening on an ephemeral port', async () => {
    const dir = tempDir();
    const logFile = join(dir, 'svc.log');
    const { identity } = await spawnService({ command: { argv: [process.execPath, fixture('listen.js')] }, cwd: dir, env: { PORT: '0' }, logFile });
    track(identity.pid);
    const port = Number(await waitFor(() => /listening (\d+)/.exec(readText(logFile))?.[1], 'port'));
    const sockets = await linuxPlatform.listeningSockets();
    expect(sockets.find((s) => s.port === port)).toMatchObject({ host: '127.0.0.1', pid: identity.pid });
    const amongOwners = await linuxPlatform.listeningSockets({ ownerPids: [identity.pid] });
    expect(amongOwners.find((s) => s.port === port)?.pid).toBe(identity.pid);
    const amongOthers = await linuxPlatform.listeningSockets({ ownerPids: [process.pid] });
    expect(amongOthers.find((s) => s.port === port)?.pid).toBeNull();
  });

  it('finds a listener opened after hundreds of other connections (it reads only the listening rows)', async () => {
    // Closed connections leave TIME_WAIT rows, which the kernel lists after all listeners.
    const listen = (server: Server) => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
    const busy = createServer((socket) => socket.end());
    const busyPort = await listen(busy);
    for (let batch = 0; batch < 6; batch++) {
      await Promise.all(
        Array.from({ length: 50 }, () => new Promise((resolve) => connect(busyPort, '127.0.0.1').on('close', resolve).on('error', resolve).resume())),
      );
    }
    const late = createServer();
    const latePort = await listen(late);
    try {
      const ports = (await linuxPlatform.listeningSockets()).map((s) => s.port);
      expect(ports).toEqual(expect.arrayContaining([busyPort, latePort]));
      expect((await linuxPlatform.listeningSockets({ ownerPids: [process.pid] })).find((s) => s.port === latePort)?.pid).toBe(process.pid);
    } finally {
      busy.close();
      late.close();
    }
  });

  it('finds IPv6 listeners (/proc/net/tcp6) with their address and owner: ::1 only and ::', async ({ skip }) => {
    skip(!hasIpv6Loopback, NEEDS_IPV6);
    const listen = (host: string) => new Promise<Server>((resolve) => createServer().listen(0, host).once('listening', function (this: Server) { resolve(this); }));
    const servers = await Promise.all([listen('::1'), listen('::')]);
    const [loopback, any] = servers.map((server) => (server.address() as AddressInfo).port);
    try {
      const found = await waitFor(async () => {
        const mine = (await linuxPlatform.listeningSockets({ ownerPids: [process.pid] })).filter((s) => s.port === loopback || s.port === any);
        return mine.length === 2 ? mine : undefined;
      }, 'both listeners');
      expect(found).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ host: '::1', port: loopback, pid: process.pid }),
          expect.objectContaining({ host: '::', port: any, pid: process.pid }),
        ]),
      );
    } finally {
      for (const server of servers) server.close();
    }
  });

  it('finds grandchildren in the process tree and the process group', async () => {
    const dir = tempDir();
    const logFile = join(dir, 'svc.log');
    const { identity } = await spawnService({ command: { shell: `"${process.execPath}" "${fixture('tree.js')}" 2; true` }, cwd: dir, env: {}, logFile });
    track(identity.pid);
    await waitFor(() => readText(logFile).includes('depth 0'), 'grandchildren');
    const pids = treePids(readText(logFile));
    const tree = await linuxPlatform.processTree(identity.pid);
    expect(tree[0]).toBe(identity.pid);
    expect(tree).toEqual(expect.arrayContaining(pids));
    expect((await linuxPlatform.groupMembers(identity.pid)).sort()).toEqual(tree.sort());
    // Asked about some pids only (no table scan): the same answer for those.
    expect((await linuxPlatform.groupMembers(identity.pid, tree)).sort()).toEqual(tree.sort());
    expect(await linuxPlatform.groupMembers(identity.pid, [identity.pid, process.pid, 99_999_999])).toEqual([identity.pid]);
    expect(await linuxPlatform.processTree(99_999_999)).toEqual([]);
  });

  it('finds a child that a worker thread spawned (each thread keeps its own child list), and gives the same tree as the process table', async () => {
    const dir = tempDir();
    const logFile = join(dir, 'svc.log');
    const { identity } = await spawnService({ command: { argv: [process.execPath, fixture('spawn-from-worker.js')] }, cwd: dir, env: {}, logFile });
    track(identity.pid);
    const child = Number(await waitFor(() => /child (\d+)/.exec(readText(logFile))?.[1], 'the worker\'s child'));
    track(child);
    const trees = await linuxPlatform.processTrees([identity.pid, 99_999_999]);
    expect(trees.get(identity.pid)).toEqual([identity.pid, child]);
    expect(trees.get(99_999_999)).toEqual([]);
    // The same two processes as the whole process table's view of its group.
    expect((await linuxPlatform.groupMembers(identity.pid)).sort()).toEqual([...trees.get(identity.pid)!].sort());
  });

  it('reads the command line and cwd', async () => {
    const dir = tempDir();
    const { identity } = await spawnService({ command: { argv: [process.execPath, fixture('ignore-sigterm.js'), 'an arg'] }, cwd: dir, env: {}, logFile: join(dir, 'a.log') });
    track(identity.pid);
    expect(await linuxPlatform.processInfo(identity.pid)).toEqual({ command: `${process.execPath} ${fixture('ignore-sigterm.js')} an arg`, cwd: dir });
    expect(await linuxPlatform.processInfo(99_999_999)).toBeNull();
  });
});
