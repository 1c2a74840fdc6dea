import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StackError } from '../../../../src/errors.js';
import { spawnService } from '../../../../src/runtime/process/runner.js';
import { fixture, readText, tempDir, track, waitFor } from '../spawn-helpers.js';

describe('spawnService', () => {
  it('appends stdout and stderr to the log file and reports the exit code', async () => {
    const dir = tempDir();
    const logFile = join(dir, 'logs', 'svc.log');
    const run = async () => {
      const spawned = await spawnService({ command: { argv: [process.execPath, fixture('print-lines.js'), '2', '3'] }, cwd: dir, env: {}, logFile });
      track(spawned.identity.pid);
      return spawned.exited;
    };
    expect((await run()).code).toBe(3);
    const second = await run();
    expect(second).toMatchObject({ code: 3, signal: null });
    expect(readText(logFile)).toBe('out 1\nout 2\nerr line\nout 1\nout 2\nerr line\n');
  });

  it('records an identity whose start time is the OS clock of now', async () => {
    const dir = tempDir();
    const before = Date.now();
    const { identity } = await spawnService({ command: { argv: [process.execPath, fixture('ignore-sigterm.js')] }, cwd: dir, env: {}, logFile: join(dir, 'a.log') });
    track(identity.pid);
    expect(identity.startToken).not.toBe('');
    expect(Math.abs(identity.startedAt - before)).toBeLessThan(1000);
  });

  it('runs a string command through the shell with the given env and cwd', async () => {
    const dir = tempDir();
    const logFile = join(dir, 'svc.log');
    const { identity, exited } = await spawnService({
      command: { shell: `"${process.execPath}" "${fixture('print-env.js')}" GREETING | cat` },
      cwd: dir,
      env: { GREETING: 'hello there' },
      logFile,
    });
    track(identity.pid);
    await waitFor(() => readText(logFile).includes('cwd='), 'output');
    expect(readText(logFile)).toContain('GREETING=hello there');
    expect(readText(logFile)).toContain(`cwd=${dir}`);
    process.kill(-identity.pid, 'SIGKILL');
    expect((await exited).signal).toBe('SIGKILL');
  });

  it('reports a shell command that is not found as exit code 127', async () => {
    const dir = tempDir();
    const logFile = join(dir, 'svc.log');
    const { identity, exited } = await spawnService({ command: { shell: 'no-such-command-for-stack' }, cwd: dir, env: {}, logFile });
    track(identity.pid);
    expect((await exited).code).toBe(127);
    expect(readText(logFile)).toContain('no-such-command-for-stack');
  });

  it('explains a missing working directory', async () => {
    const dir = tempDir();
    const cwd = join(dir, 'missing');
    const error = await spawnService({ name: 'api', command: { shell: 'true' }, cwd, env: {}, logFile: join(dir, 'svc.log') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StackError);
    expect(error).toMatchObject({ code: 'SPAWN_CWD_INVALID', message: `Cannot start service "api": its working directory ${cwd} does not exist.` });
  });

  it('explains a missing executable', async () => {
    const dir = tempDir();
    const error = await spawnService({ command: { argv: ['no-such-binary-for-stack', '--x'] }, cwd: dir, env: {}, logFile: join(dir, 'svc.log') }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'SPAWN_COMMAND_NOT_FOUND',
      message: 'Cannot start "no-such-binary-for-stack --x": command "no-such-binary-for-stack" was not found.',
    });
  });

  it('explains a file that is not executable', async () => {
    const dir = tempDir();
    const error = await spawnService({ name: 'web', command: { argv: [fixture('listen.js')] }, cwd: dir, env: {}, logFile: join(dir, 'svc.log') }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SPAWN_PERMISSION_DENIED' });
    expect((error as StackError).hint).toContain('chmod +x');
  });

  it('does not keep the event loop alive for the service', async () => {
    const dir = tempDir();
    const countProcessHandles = () => process.getActiveResourcesInfo().filter((r) => r === 'ProcessWrap').length;
    const before = countProcessHandles();
    const { identity } = await spawnService({ command: { argv: [process.execPath, fixture('ignore-sigterm.js')] }, cwd: dir, env: {}, logFile: join(dir, 'a.log') });
    track(identity.pid);
    expect(countProcessHandles()).toBe(before);
  });
});
