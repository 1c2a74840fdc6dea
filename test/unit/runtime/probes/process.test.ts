import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { runProbe } from '../../../../src/runtime/probes/index.js';
import { PROCESS_SETTLE_MS } from '../../../../src/runtime/probes/process.js';
import { spawnService } from '../../../../src/runtime/process/runner.js';
import { fixture, tempDir, track } from '../spawn-helpers.js';

describe('process probe', () => {
  it('is healthy once the recorded process has stayed up a moment, and not after it dies', async () => {
    const dir = tempDir();
    const { identity, exited } = await spawnService({ command: { argv: [process.execPath, fixture('ignore-sigterm.js')] }, cwd: dir, env: {}, logFile: join(dir, 'a.log') });
    track(identity.pid);
    const ctx = { timeoutMs: 1000, cwd: dir, env: {}, identity };
    const early = await runProbe({ kind: 'process' }, ctx);
    expect(early.ok).toBe(false);
    expect(early.message).toMatch(/waiting to see it stay up/);
    await sleep(PROCESS_SETTLE_MS + 50);
    expect(await runProbe({ kind: 'process' }, ctx)).toMatchObject({ ok: true, message: `process ${identity.pid} is running` });
    expect((await runProbe({ kind: 'process' }, { ...ctx, identity: { ...identity, startToken: '1' } })).ok).toBe(false);
    process.kill(identity.pid, 'SIGKILL');
    await exited;
    expect(await runProbe({ kind: 'process' }, ctx)).toMatchObject({ ok: false, message: `process ${identity.pid} is not running` });
  });
});
