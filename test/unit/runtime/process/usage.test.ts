import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnService } from '../../../../src/runtime/process/runner.js';
import { resourceUsage } from '../../../../src/runtime/process/usage.js';
import { fixture, tempDir, track } from '../spawn-helpers.js';

describe('resourceUsage', () => {
  it('measures live pids and leaves out missing ones', async () => {
    const dir = tempDir();
    const { identity } = await spawnService({ command: { argv: [process.execPath, fixture('ignore-sigterm.js')] }, cwd: dir, env: {}, logFile: join(dir, 'a.log') });
    track(identity.pid);
    const usage = await resourceUsage([identity.pid, process.pid, 99_999_999]);
    expect([...usage.keys()].sort()).toEqual([identity.pid, process.pid].sort());
    expect(usage.get(identity.pid)?.memory).toBeGreaterThan(0);
    expect(usage.get(identity.pid)?.cpu).toBeGreaterThanOrEqual(0);
  });

  it('returns an empty map for no pids or only missing ones', async () => {
    expect((await resourceUsage([])).size).toBe(0);
    expect((await resourceUsage([99_999_999])).size).toBe(0);
  });
});
