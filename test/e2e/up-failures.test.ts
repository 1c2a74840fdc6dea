// `stack up` when a service cannot come up: exit 1, the failing service, the reason and
// its log tail — what the user needs to fix it without opening another terminal.
import { describe, expect, it } from 'vitest';
import { freePorts } from '../helpers/free-port.js';
import { crashService, httpService, stackYaml } from '../helpers/fixtures.js';
import { printed, runExpecting, serviceIn, statusJson, useProjects } from './support.js';

const project = useProjects();

describe('stack up failures', () => {
  it('a failing health check: exit 1, names the service, the reason (HTTP 500) and shows its log tail', async () => {
    const [port] = await freePorts(1);
    const p = await project('health-500');
    await p.write(
      'stack.yaml',
      stackYaml({
        payments: httpService({
          port: port!,
          name: 'payments-fixture',
          healthStatus: 500,
          // The 500s must be what fails it: with no start period, a loaded machine's Node can
          // take longer than two intervals to listen, and "connection refused" is then the
          // true reason (seen once, with two busy loops beside the suite).
          health: { http: 'http://127.0.0.1:${PORT}/health', start_period: '3s', interval: '200ms', retries: 2 },
        }),
      }),
    );

    const up = await runExpecting(p.dir, ['up'], 1);

    expect(up.stderr, printed(up)).toMatch(/payments/);
    expect(up.stderr, printed(up)).toMatch(/HTTP 500/);
    // The fixture's own lines, shown as the log tail.
    expect(up.stderr, printed(up)).toMatch(/payments-fixture: starting \(pid \d+\)/);
    expect(up.stderr, printed(up)).toContain(`listening on ${port}`);
    expect(up.stderr, printed(up)).not.toMatch(/^\s+at /m);
  });

  it('a service crashing at import: exit 1 with "Cannot find module", its dependents are not started', async () => {
    const [papi, pweb, padmin] = await freePorts(3);
    const p = await project('import-crash');
    await p.write(
      'stack.yaml',
      stackYaml({
        api: crashService({ module: 'left-pad', port: papi }),
        web: { ...httpService({ port: pweb!, name: 'web' }), depends_on: ['api'] },
        admin: { ...httpService({ port: padmin!, name: 'admin' }), depends_on: ['web'] },
      }),
    );

    const up = await runExpecting(p.dir, ['up'], 1);
    const all = up.stdout + up.stderr;

    expect(up.stderr, printed(up)).toMatch(/api/);
    expect(up.stderr, printed(up)).toContain("Cannot find module 'left-pad'");
    expect(all, printed(up)).toMatch(/exit(ed)? (with )?code 1/);
    for (const dependent of ['web', 'admin']) {
      expect(all, `${dependent} should be reported as not started\n${printed(up)}`).toMatch(new RegExp(`\\b${dependent}\\b.*not started`));
    }
    // No stack trace of stack itself; the service's own trace only appears as indented log-tail lines.
    expect(up.stderr.split('\n').filter((l) => /^\s{4}at /.test(l)), printed(up)).toEqual([]);

    const status = await statusJson(p.dir);
    for (const dependent of ['web', 'admin']) {
      const s = serviceIn(status, dependent);
      expect(s.state, `${dependent} in status --json`).not.toBe('running');
      expect(s.pid, `${dependent} in status --json`).toBeNull();
    }
    expect(serviceIn(status, 'api').lastExit?.reason ?? '').toContain("Cannot find module 'left-pad'");
  });

  it('a port-less worker crashing at import: exit 1 with "Cannot find module", not "running"', async () => {
    const p = await project('worker-crash');
    await p.write('stack.yaml', stackYaml({ worker: crashService({ module: 'left-pad' }) }));

    const up = await runExpecting(p.dir, ['up'], 1);

    expect(up.stderr, printed(up)).toMatch(/worker/);
    expect(up.stderr, printed(up)).toContain("Cannot find module 'left-pad'");
    expect(serviceIn(await statusJson(p.dir), 'worker').state).not.toBe('running');
  });

  it('--timeout 2s on a service that needs 30s to boot: exit 1 with a "Gave up" sentence naming it', async () => {
    const [port] = await freePorts(1);
    const p = await project('up-timeout');
    // A long start_period: its failing probes don't count, so only --timeout can end the wait.
    await p.write(
      'stack.yaml',
      stackYaml({ slowpoke: httpService({ port: port!, bootMs: 30_000, health: { tcp: port, start_period: '120s' } }) }),
    );

    // Were --timeout ignored, `up` would wait the 30 s boot out: the 20 s safety net kills it (exit 143, not 1).
    const up = await runExpecting(p.dir, ['up', '--timeout', '2s'], 1, { timeoutMs: 20_000 });

    expect(up.stderr, printed(up)).toMatch(/Gave up[^\n]*slowpoke/);
    expect(up.stderr, printed(up)).not.toMatch(/^\s+at /m);
  });

  it('a command that does not exist (shell string): exit 1 with a reason that says so', async () => {
    const p = await project('no-such-command');
    await p.write('stack.yaml', stackYaml({ ghost: { command: 'definitely-not-a-command-xyz' } }));

    const up = await runExpecting(p.dir, ['up'], 1);

    expect(up.stderr, printed(up)).toMatch(/ghost/);
    expect(up.stderr, printed(up)).toMatch(/definitely-not-a-command-xyz[^\n]*not found|not found[^\n]*definitely-not-a-command-xyz/);
    expect(up.stderr, printed(up)).not.toMatch(/^\s+at /m);
  });

  it('a command that does not exist (argv list): exit 1 with a reason that says so', async () => {
    const p = await project('no-such-argv');
    await p.write('stack.yaml', stackYaml({ ghost: { command: ['definitely-not-a-command-xyz', '--serve'] } }));

    const up = await runExpecting(p.dir, ['up'], 1);

    expect(up.stderr, printed(up)).toMatch(/ghost/);
    expect(up.stderr, printed(up)).toMatch(/definitely-not-a-command-xyz[^\n]*not found|not found[^\n]*definitely-not-a-command-xyz/);
    expect(up.stderr, printed(up)).not.toMatch(/^\s+at /m);
  });
});
