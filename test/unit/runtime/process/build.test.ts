import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBuild } from '../../../../src/runtime/process/build.js';
import { tempDir } from '../spawn-helpers.js';

describe('runBuild', () => {
  it('runs to completion and keeps only the latest build in its log', async () => {
    const dir = tempDir();
    const logFile = join(dir, 'logs', 'api.build.log');
    writeFileSync(join(dir, 'marker'), '');
    const first = await runBuild({ command: 'echo first; ls; echo oops >&2', cwd: dir, env: {}, logFile });
    expect(first).toMatchObject({ code: 0, signal: null });
    expect(readFileSync(logFile, 'utf8')).toBe('first\nlogs\nmarker\noops\n');
    const second = await runBuild({ command: 'echo "$BUILD_MODE"; exit 2', cwd: dir, env: { BUILD_MODE: 'prod' }, logFile });
    expect(second.code).toBe(2);
    expect(second.durationMs).toBeGreaterThanOrEqual(0);
    expect(readFileSync(logFile, 'utf8')).toBe('prod\n');
  });

  it('explains a missing working directory', async () => {
    const dir = tempDir();
    const cwd = join(dir, 'nope');
    await expect(runBuild({ command: 'true', cwd, env: {}, logFile: join(dir, 'b.log'), name: 'api' })).rejects.toMatchObject({
      code: 'SPAWN_CWD_INVALID',
      message: `Cannot start the build of service "api": its working directory ${cwd} does not exist.`,
    });
  });
});
