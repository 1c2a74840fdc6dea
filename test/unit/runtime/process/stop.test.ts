import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAlive } from '../../../../src/runtime/process/identity.js';
import { spawnService } from '../../../../src/runtime/process/runner.js';
import { groupAlive, stopService } from '../../../../src/runtime/process/stop.js';
import type { SpawnOptions } from '../../../../src/runtime/types.js';
import { fixture, isRunning, readText, tempDir, track, treePids, waitFor } from '../spawn-helpers.js';

async function start(command: SpawnOptions['command'], readyText: string) {
  const dir = tempDir();
  const logFile = join(dir, 'svc.log');
  const spawned = await spawnService({ command, cwd: dir, env: {}, logFile });
  track(spawned.identity.pid);
  await waitFor(() => readText(logFile).includes(readyText), readyText);
  return { ...spawned, logFile };
}

describe('stopService', () => {
  it('stops a process with its signal, after which it is no longer alive', async () => {
    const { identity, exited } = await start({ argv: [process.execPath, fixture('listen.js')] }, 'listening');
    expect(await isAlive(identity)).toBe(true);
    const result = await stopService(identity, { signal: 'SIGTERM', timeoutMs: 10_000 });
    expect(result).toEqual({ signalled: true, escalated: false });
    expect(await exited).toMatchObject({ code: 0 });
    expect(await isAlive(identity)).toBe(false);
    expect(await groupAlive(identity.pid)).toBe(false);
  });

  it('never signals a pid whose start token does not match', async () => {
    const { identity } = await start({ argv: [process.execPath, fixture('ignore-sigterm.js')] }, 'ready');
    const result = await stopService({ ...identity, startToken: `${identity.startToken}1` }, { signal: 'SIGKILL', timeoutMs: 100 });
    expect(result).toEqual({ signalled: false, escalated: false });
    expect(isRunning(identity.pid)).toBe(true);
    expect(await isAlive(identity)).toBe(true);
  });

  it('escalates to SIGKILL when the process ignores the stop signal', async () => {
    const { identity, exited, logFile } = await start({ argv: [process.execPath, fixture('ignore-sigterm.js')] }, 'ready');
    const result = await stopService(identity, { signal: 'SIGTERM', timeoutMs: 300 });
    expect(result).toEqual({ signalled: true, escalated: true });
    expect(readText(logFile)).toContain('got SIGTERM, ignoring it');
    expect(await exited).toMatchObject({ signal: 'SIGKILL' });
  });

  it('stops every process of the tree: shell, child and grandchildren', async () => {
    const { identity, logFile } = await start({ shell: `"${process.execPath}" "${fixture('tree.js')}" 2; echo unreachable` }, 'depth 0');
    const pids = treePids(readText(logFile));
    expect(pids).toHaveLength(3);
    const result = await stopService(identity, { signal: 'SIGTERM', timeoutMs: 10_000 });
    expect(result.signalled).toBe(true);
    for (const pid of [identity.pid, ...pids]) expect(isRunning(pid), `pid ${pid}`).toBe(false);
  });

  it('stops the rest of the group when the leader is already gone', async () => {
    const { identity, exited, logFile } = await start({ shell: `"${process.execPath}" "${fixture('tree.js')}" 1; echo unreachable` }, 'depth 0');
    const pids = treePids(readText(logFile));
    process.kill(identity.pid, 'SIGKILL');
    await exited;
    expect(await groupAlive(identity.pid)).toBe(true);
    const result = await stopService(identity, { signal: 'SIGTERM', timeoutMs: 10_000 });
    expect(result.signalled).toBe(true);
    for (const pid of pids) expect(isRunning(pid), `pid ${pid}`).toBe(false);
  });

  it('reports a process that is already gone as not signalled', async () => {
    const { identity, exited } = await start({ argv: [process.execPath, fixture('listen.js')] }, 'listening');
    process.kill(identity.pid, 'SIGKILL');
    await exited;
    expect(await stopService(identity, { signal: 'SIGTERM', timeoutMs: 100 })).toEqual({ signalled: false, escalated: false });
  });
});
