import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAlive, readIdentity } from '../../../../src/runtime/process/identity.js';
import { spawnService } from '../../../../src/runtime/process/runner.js';
import { fixture, tempDir, track } from '../spawn-helpers.js';

/** Larger than any pid_max, so never a live process. */
const NO_SUCH_PID = 99_999_999;

describe('identity', () => {
  it('reads the same identity that spawn recorded', async () => {
    const dir = tempDir();
    const { identity } = await spawnService({ command: { argv: [process.execPath, fixture('ignore-sigterm.js')] }, cwd: dir, env: {}, logFile: join(dir, 'a.log') });
    track(identity.pid);
    const read = await readIdentity(identity.pid);
    expect(read?.startToken).toBe(identity.startToken);
    expect(Math.abs((read?.startedAt ?? 0) - identity.startedAt)).toBeLessThan(1000);
  });

  it('is alive only with the matching start token', async () => {
    const self = await readIdentity(process.pid);
    expect(self).not.toBeNull();
    if (!self) return;
    expect(await isAlive(self)).toBe(true);
    expect(await isAlive({ ...self, startToken: '12345' })).toBe(false);
    expect(await isAlive({ ...self, startToken: '' })).toBe(false);
  });

  it('knows no process for an unused pid', async () => {
    expect(await readIdentity(NO_SUCH_PID)).toBeNull();
    expect(await isAlive({ pid: NO_SUCH_PID, startToken: '1', startedAt: 0 })).toBe(false);
  });
});
