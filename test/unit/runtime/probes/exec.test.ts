import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProbe } from '../../../../src/runtime/probes/index.js';
import { isRunning, readText, tempDir, track, waitFor } from '../spawn-helpers.js';

describe('exec probe', () => {
  it('is healthy on exit 0, run in the given cwd with the given env', async () => {
    const dir = tempDir();
    const result = await runProbe({ kind: 'exec', command: `test "$PROBE_VAR" = yes && test "$(pwd)" = "${dir}"` }, { timeoutMs: 5000, cwd: dir, env: { PROBE_VAR: 'yes' } });
    expect(result).toMatchObject({ ok: true, message: expect.stringMatching(/^exit 0 in (\d+ms|\d+\.\ds)$/) });
  });

  it('reports the exit code and the first line of stderr', async () => {
    const result = await runProbe({ kind: 'exec', command: 'echo "db not ready" >&2; echo more >&2; exit 3' }, { timeoutMs: 5000, cwd: tempDir(), env: {} });
    expect(result).toMatchObject({ ok: false, message: 'exit code 3: db not ready' });
  });

  it('times out and kills everything the command started', async () => {
    const dir = tempDir();
    const pidFile = join(dir, 'pid');
    const result = await runProbe({ kind: 'exec', command: `sleep 30 & echo $! > "${pidFile}"; wait` }, { timeoutMs: 300, cwd: dir, env: {} });
    expect(result).toMatchObject({ ok: false, message: 'timed out after 300ms' });
    const sleeper = track(Number(await waitFor(() => readText(pidFile).trim(), 'pid file')));
    await waitFor(() => !isRunning(sleeper), 'the background sleep to be killed', 2000);
  });

  it('explains a missing cwd', async () => {
    const cwd = join(tempDir(), 'missing');
    const result = await runProbe({ kind: 'exec', command: 'true' }, { timeoutMs: 1000, cwd, env: {} });
    expect(result).toMatchObject({ ok: false, message: `Cannot start "true": its working directory ${cwd} does not exist.` });
  });
});
