// `stack up --foreground` and `stack up` drive the same operations and report through the
// same code: what they print about bringing a stack up is the same, line for line, on
// success and on failure (then --foreground stops what it started and exits 1).
import { describe, expect, it } from 'vitest';
import { runStack, startStack, stopStack, waitForOutput, outputOf } from '../helpers/cli.js';
import { freePorts } from '../helpers/free-port.js';
import { crashService, httpService, stackYaml } from '../helpers/fixtures.js';
import { printed, runExpecting, useProjects } from './support.js';

const project = useProjects();

/** Output with what differs from run to run (durations, pids) written out of it. */
function normalised(text: string): string[] {
  return text
    .replace(/\b\d+(?:\.\d+)?(?:ms|s)\b/g, 'T')
    .replace(/\(pid \d+\)/g, '(pid N)')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

describe('up --foreground reports as up does', () => {
  it('a stack that comes up: the same progress lines and the same closing line', async () => {
    const [pdb, papi] = await freePorts(2);
    const p = await project('foreground-same-ok', {
      'stack.yaml': stackYaml({
        db: httpService({ port: pdb!, name: 'db', argv: true }),
        api: { ...httpService({ port: papi!, name: 'api', argv: true }), depends_on: ['db'] },
      }),
    });
    const detached = await runExpecting(p.dir, ['up'], 0);
    await runExpecting(p.dir, ['down'], 0);

    const foreground = startStack(p.dir, ['up', '--foreground']);
    try {
      await waitForOutput(foreground, /following logs/);
      const { stdout, stderr } = outputOf(foreground);
      const upPart = stdout.slice(0, stdout.indexOf('following logs'));
      expect(normalised(upPart), printed(detached)).toEqual(normalised(detached.stdout));
      expect(normalised(stderr)).toEqual(normalised(detached.stderr));
    } finally {
      await stopStack(foreground, { signal: 'SIGINT' });
    }
  });

  it('a stack that fails: the same failure, log tail and closing sentence; then --foreground stops it and exits 1', async () => {
    const [papi, pweb] = await freePorts(2);
    const p = await project('foreground-same-failure', {
      'stack.yaml': stackYaml({
        api: crashService({ module: 'left-pad', port: papi, restart: 'no' }),
        web: { ...httpService({ port: pweb!, name: 'web' }), depends_on: ['api'] },
      }),
    });
    // One stream, as a terminal shows both: the order of stdout and stderr lines counts.
    const detached = await runStack(p.dir, ['up'], { merged: true });
    expect(detached.code, printed(detached)).toBe(1);
    await runExpecting(p.dir, ['down'], 0);

    const foreground = await runStack(p.dir, ['up', '--foreground'], { merged: true });
    expect(foreground.code, printed(foreground)).toBe(1);
    const stopped = foreground.stdout.indexOf('stopping…');
    expect(stopped, printed(foreground)).toBeGreaterThan(0);
    expect(normalised(foreground.stdout.slice(0, stopped)), printed(detached)).toEqual(normalised(detached.stdout));
    // The closing sentence is there, in both, before --foreground stops anything.
    expect(detached.stdout, printed(detached)).toMatch(/api failed; 1 service depending on it did not start/);
    // Nothing of the stack is left running.
    const status = await runExpecting(p.dir, ['status', '--json'], 0);
    expect(JSON.parse(status.stdout).services.every((s: { pid: number | null }) => s.pid === null), printed(status)).toBe(true);
  });
});
