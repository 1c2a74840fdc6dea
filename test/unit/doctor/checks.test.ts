// Each check's decision over a hand-built status and config: no processes, no daemon.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configInvalid } from '../../../src/doctor/checks/config-invalid.js';
import { commandNotFound } from '../../../src/doctor/checks/command-not-found.js';
import { crashLoop } from '../../../src/doctor/checks/crash-loop.js';
import { dependencyDown } from '../../../src/doctor/checks/dependency-down.js';
import { dependencyUnreachable } from '../../../src/doctor/checks/dependency-unreachable.js';
import { healthPortMismatch, probePort } from '../../../src/doctor/checks/health-port-mismatch.js';
import { portConflict } from '../../../src/doctor/checks/port-conflict.js';
import { portMismatch } from '../../../src/doctor/checks/port-mismatch.js';
import { serviceDown } from '../../../src/doctor/checks/service-down.js';
import { serviceUnhealthy } from '../../../src/doctor/checks/service-unhealthy.js';
import { staleCode } from '../../../src/doctor/checks/stale-code.js';
import { planFix } from '../../../src/doctor/fix-plan.js';
import { ConfigError, type ConfigProblem } from '../../../src/errors.js';
import { hasIpv6Loopback, NEEDS_IPV6 } from '../../helpers/ipv6.js';
import { context, svcConfig, svcStatus } from './fixtures.js';

const exit137 = { code: null, signal: 'SIGKILL', at: '2026-11-23T10:02:00.000Z', reason: null };
const exit1 = { code: 1, signal: null, at: '2026-11-23T10:02:00.000Z', reason: "Error: Cannot find module 'x'" };

describe('config-invalid: config problems as findings', () => {
  const p = (path: string, message: string, check: ConfigProblem['check']): ConfigProblem => ({ file: 'stack.yaml', line: 3, col: 5, path, message, check });

  it('gives one error finding per problem, under the check id the problem carries, with file:line:col and the service', async () => {
    const problems = [p('services.api.cwd', 'directory api does not exist', 'cwd-missing'), p('name', 'expected a string', 'config-invalid')];
    const ctx = { ...context([], null), config: null, configError: new ConfigError(problems) };
    expect(await configInvalid(ctx)).toEqual([
      expect.objectContaining({ check: 'cwd-missing', severity: 'error', service: 'api', message: 'stack.yaml:3:5 services.api.cwd: directory api does not exist', fixable: false }),
      expect.objectContaining({ check: 'config-invalid', severity: 'error', service: null, message: 'stack.yaml:3:5 name: expected a string', fixable: false }),
    ]);
  });
});

describe('status checks', () => {
  it('port-conflict names the foreign pid, command and cwd; the hint is the kill command; never fixable', async () => {
    const ctx = context([], [svcStatus('api', { managedBy: 'foreign', pid: 4242, port: 4000, foreign: { command: 'node server.js', cwd: '/old' } })]);
    const [finding] = await portConflict(ctx);
    expect(finding).toMatchObject({ check: 'port-conflict', severity: 'error', hint: 'kill 4242', fixable: false });
    expect(finding!.message).toMatch(/^port 4000 of api is held by pid 4242 \(node server\.js, in \/old, running for \S+\)/);
  });

  it('port-conflict on a port: auto service is a warning whose hint is stack up, which moves it', async () => {
    const ctx = context([svcConfig('api', { port: 41234, portAuto: true })], [svcStatus('api', { managedBy: 'foreign', pid: 4242, port: 41234 })]);
    const [finding] = await portConflict(ctx);
    expect(finding).toMatchObject({ severity: 'warning', hint: 'stack up moves api to a free port; or free this one: kill 4242', fixable: false });
    expect(finding!.message).toMatch(/^port 41234 of api \(port: auto\) is held by pid 4242/);
  });

  it('port-mismatch: a stack-managed service listening elsewhere than declared', async () => {
    const ctx = context([], [svcStatus('api', { port: 50053, listening: [50054] }), svcStatus('ok', { port: 1, listening: [1, 2] }), svcStatus('quiet', { port: 3 })]);
    expect(await portMismatch(ctx)).toEqual([expect.objectContaining({ service: 'api', message: 'api listens on 50054 but stack.yaml says 50053' })]);
  });

  it('health-port-mismatch is a warning about http and tcp probes on another port', async () => {
    expect(probePort({ kind: 'http', url: 'http://localhost/health' })).toBe(80);
    const ctx = context(
      [
        svcConfig('a', { port: 4000, health: { ...svcConfig('a').health, probe: { kind: 'http', url: 'http://127.0.0.1:4001/health' } } }),
        svcConfig('b', { port: 4002, health: { ...svcConfig('b').health, probe: { kind: 'tcp', host: '127.0.0.1', port: 4002 } } }),
      ],
      null,
    );
    expect(await healthPortMismatch(ctx)).toEqual([expect.objectContaining({ service: 'a', severity: 'warning', check: 'health-port-mismatch' })]);
  });

  it("service-down: failed exits are errors with code and reason; a job's clean exit is not; stopped services are an info note", async () => {
    const clean = { ...exit1, code: 0, reason: null };
    const ctx = context(
      [svcConfig('api', { port: 4000 }), svcConfig('task'), svcConfig('idle', { port: 4001 }), svcConfig('cache', { port: 6379 })],
      [
        svcStatus('api', { state: 'exited', pid: null, managedBy: null, lastExit: exit1 }),
        svcStatus('task', { state: 'exited', pid: null, managedBy: null, lastExit: clean }),
        // An old crash, then a run stopped on purpose: being stopped is the news, not the crash.
        svcStatus('idle', { state: 'stopped', pid: null, managedBy: null, lastExit: { ...exit1, signal: 'SIGKILL', code: null } }),
        // A server that exits 0 (redis-cli shutdown) is down, not done.
        svcStatus('cache', { state: 'exited', pid: null, managedBy: null, port: 6379, lastExit: clean }),
      ],
    );
    const findings = await serviceDown(ctx);
    expect(findings.map((f) => [f.service, f.severity])).toEqual([
      ['api', 'error'],
      ['idle', 'info'],
      ['cache', 'error'],
    ]);
    expect(findings[0]).toMatchObject({ service: 'api', severity: 'error', fixable: true });
    expect(findings[0]!.message).toMatch(/^api is down: exited with code 1 at .*: Error: Cannot find module 'x'$/);
    expect(findings[1]).toMatchObject({ service: 'idle', severity: 'info', message: 'idle is not running', hint: 'stack up idle' });
    expect(findings[2]!.message).toMatch(/^cache is down: exited with code 0 at /);
  });

  it('crash-loop and service-unhealthy', async () => {
    const ctx = context([], [
      svcStatus('a', { state: 'crashloop', pid: null, restarts: 5, lastExit: exit1 }),
      svcStatus('b', { health: 'unhealthy', healthDetail: 'HTTP 503 in 2ms' }),
    ]);
    expect((await crashLoop(ctx))[0]!.message).toMatch(/^a is in a crash loop: restarted 5 times.*Cannot find module/);
    expect(await serviceUnhealthy(ctx)).toEqual([
      expect.objectContaining({ service: 'b', message: 'b is running but its health check fails: HTTP 503 in 2ms', fixable: true }),
    ]);
  });

  it.each<[string, Partial<import('../../../src/protocol/status.js').ServiceStatus>, string]>([
    ['a first start, probed once', { healthDetail: 'connection refused' }, 'c is not ready yet: starting for 2h00m; its health check says: connection refused'],
    ['not probed yet', { healthDetail: null }, 'c is not ready yet: starting for 2h00m; its health check has not passed yet'],
    ['started again after failures', { restarts: 2, healthDetail: 'connection refused on 127.0.0.1' }, 'c is not ready yet: starting for 2h00m (restarted 2 times); its health check says: connection refused on 127.0.0.1'],
  ])('service-unhealthy: a service still starting is a warning, never "healthy" (%s)', async (_, over, message) => {
    // Two hours and a half minute ago: the minutes shown hold however slow the machine.
    const startedAt = new Date(Date.now() - 2 * 3600_000 - 30_000).toISOString();
    const ctx = context([], [svcStatus('c', { state: 'starting', health: 'unknown', startedAt, ...over })]);
    const findings = await serviceUnhealthy(ctx);
    expect(findings).toEqual([{ check: 'service-unhealthy', severity: 'warning', service: 'c', message, hint: 'stack wait c   (if it never gets there: stack logs c)', fixable: false }]);
  });

  it('service-unhealthy: starting again after a crash is an error that quotes the crash', async () => {
    const crash = { code: 1, signal: null, at: new Date().toISOString(), reason: 'npm error Missing script: "dev"' };
    const ctx = context([], [
      svcStatus('a', { state: 'starting', health: 'unknown', restarts: 1, lastExit: crash }),
      svcStatus('b', { state: 'starting', health: 'unknown', restarts: 3, lastExit: { ...crash, code: null, signal: 'SIGKILL', reason: null } }),
    ]);
    const findings = await serviceUnhealthy(ctx);
    expect(findings.map((f) => [f.severity, f.hint, f.fixable])).toEqual([['error', 'stack logs a', false], ['error', 'stack logs b', false]]);
    expect(findings[0]!.message).toMatch(/^a is starting again \(restarted once\) after it exited with code 1 at \S+: npm error Missing script: "dev"$/);
    expect(findings[1]!.message).toMatch(/^b is starting again \(restarted 3 times\) after it was killed by SIGKILL at \S+$/);
  });

  it('stale-code lists the newest file and how long after start; fixable only for our own processes', async () => {
    const staleFiles = [{ path: 'api/server.js', modifiedAt: '2026-11-23T10:00:05.000Z' }];
    const ctx = context([], [svcStatus('api', { stale: true, staleFiles }), svcStatus('old', { stale: true, staleFiles, managedBy: 'foreign', pid: 7 })]);
    const [ours, theirs] = await staleCode(ctx);
    expect(ours).toMatchObject({ fixable: true, hint: 'stack restart api', message: 'api runs stale code: api/server.js was modified 5.0s after it started' });
    expect(theirs).toMatchObject({ fixable: false });
    expect(theirs!.message).toMatch(/pid 7, not started by stack/);
  });
});

describe('dependency-down', () => {
  it('puts one line on the dependent naming the failed dependency', async () => {
    const ctx = context(
      [svcConfig('api'), svcConfig('web', { dependsOn: { api: 'healthy' } }), svcConfig('task'), svcConfig('app', { dependsOn: { task: 'completed' } })],
      [
        svcStatus('api', { state: 'exited', pid: null, managedBy: null, lastExit: exit137 }),
        svcStatus('web'),
        svcStatus('task', { state: 'exited', pid: null, lastExit: { ...exit1, code: 0 } }),
        svcStatus('app'),
      ],
    );
    const findings = await dependencyDown(ctx);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ check: 'dependency-down', service: 'web', causedBy: 'api' });
    expect(findings[0]!.message).toMatch(/^api is down \(SIGKILL at .*\); web depends on it — fix api first$/);
  });

  it('a stopped dependency is news only when its dependent runs', async () => {
    const configs = [svcConfig('api'), svcConfig('web', { dependsOn: { api: 'healthy' } })];
    const stopped = svcStatus('api', { state: 'stopped', pid: null, managedBy: null });
    expect(await dependencyDown(context(configs, [stopped, svcStatus('web', { state: 'stopped', pid: null })]))).toEqual([]);
    expect(await dependencyDown(context(configs, [stopped, svcStatus('web')]))).toHaveLength(1);
  });
});

describe('dependency-unreachable', () => {
  let server: net.Server;
  let open = 0;
  let closed = 0;
  beforeAll(async () => {
    server = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    open = (server.address() as net.AddressInfo).port;
    const probe = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => probe.once('listening', r));
    closed = (probe.address() as net.AddressInfo).port;
    await new Promise((r) => probe.close(r));
  });
  afterAll(() => server.close());

  it('reports a host:port from env that refuses connections, not one that accepts', async () => {
    const ctx = context([svcConfig('api', { env: { DATABASE_URL: `postgres://u:pw@127.0.0.1:${closed}/db`, CACHE_HOST: '127.0.0.1', CACHE_PORT: String(open) } })], null);
    const findings = await dependencyUnreachable(ctx);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toBe(`api is configured to reach 127.0.0.1:${closed} (DATABASE_URL), which does not accept connections: connection refused`);
    expect(findings[0]!.message).not.toMatch(/pw/);
  });

  it('leaves a target that is a stack service which is down to dependency-down', async () => {
    const ctx = context(
      [svcConfig('db', { port: closed }), svcConfig('api', { env: { DATABASE_URL: `postgres://localhost:${closed}/db` } })],
      [svcStatus('db', { state: 'exited', pid: null, port: closed, lastExit: exit1 }), svcStatus('api')],
    );
    expect(await dependencyUnreachable(ctx)).toEqual([]);
  });

  it('reaches localhost on either loopback: a server on ::1 only accepts; when both refuse, the message names both', async ({ skip }) => {
    skip(!hasIpv6Loopback, NEEDS_IPV6);
    const onIpv6 = net.createServer().listen(0, '::1');
    await new Promise((r) => onIpv6.once('listening', r));
    try {
      const port = (onIpv6.address() as net.AddressInfo).port;
      const env = { DATABASE_URL: `postgres://localhost:${port}/db`, REDIS_URL: `redis://localhost:${closed}` };
      const findings = await dependencyUnreachable(context([svcConfig('api', { env })], null));
      expect(findings.map((f) => f.message)).toEqual([
        `api is configured to reach localhost:${closed} (REDIS_URL), which does not accept connections: connection refused on 127.0.0.1 and ::1`,
      ]);
    } finally {
      onIpv6.close();
    }
  });
});

describe('command-not-found', () => {
  it('reports a program missing from PATH or from cwd, skips what it cannot parse', async () => {
    const ctx = context(
      [
        svcConfig('a', { command: { argv: ['definitely-not-a-command-xyz'] } }),
        svcConfig('b', { command: { shell: './missing.sh --x' }, cwd: '/tmp' }),
        svcConfig('c', { command: { shell: 'cd x && definitely-not-a-command-xyz' } }),
        svcConfig('d', { command: { argv: [process.execPath, 'x.js'] } }),
      ],
      null,
    );
    const findings = await commandNotFound(ctx);
    expect(findings.map((f) => f.service)).toEqual(['a', 'b']);
    expect(findings[0]!.message).toBe('a runs definitely-not-a-command-xyz, which is not on PATH');
    expect(findings[1]!.message).toBe('b runs ./missing.sh, but /tmp/missing.sh does not exist');
  });
});

describe('planFix', () => {
  it('restarts fixable errors in dependency order and leaves foreign processes alone', () => {
    const f = (check: 'service-down' | 'stale-code' | 'port-conflict', service: string, fixable: boolean) => ({
      check,
      severity: 'error' as const,
      service,
      message: '',
      hint: '',
      fixable,
    });
    const plan = planFix([f('stale-code', 'web', true), f('service-down', 'db', true), f('port-conflict', 'cache', false)], { web: ['api'], api: ['db'], db: [], cache: [] });
    expect(plan.restart).toEqual(['db', 'web']);
    expect(plan.leftAlone.map((x) => x.service)).toEqual(['cache']);
  });
});

describe('dependency-down through a chain', () => {
  it('names the deepest failing dependency as the one to fix first', async () => {
    const ctx = context(
      [svcConfig('db'), svcConfig('api', { dependsOn: { db: 'healthy' } }), svcConfig('web', { dependsOn: { api: 'healthy' } })],
      [
        svcStatus('db', { state: 'exited', pid: null, managedBy: null, lastExit: exit137 }),
        svcStatus('api', { state: 'exited', pid: null, managedBy: null, lastExit: exit1 }),
        svcStatus('web'),
      ],
    );
    const findings = await dependencyDown(ctx);
    expect(findings.map((f) => [f.service, f.causedBy, f.hint])).toEqual([
      ['api', 'db', 'stack doctor db'],
      ['web', 'api', 'stack doctor db'],
    ]);
    expect(findings[1]!.message).toMatch(/^api is down \(exit 1 at .*\); web depends on it — the root cause is deeper: db is down \(SIGKILL at .*\); fix db first$/);
  });
});
