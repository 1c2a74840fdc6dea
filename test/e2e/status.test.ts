// `stack status`: the --json contract of DESIGN §4, with and without a daemon, and the table.
import { describe, expect, it } from 'vitest';
import { freePorts } from '../helpers/free-port.js';
import { crashService, httpService, stackYaml } from '../helpers/fixtures.js';
import { isPidAlive, waitFor } from '../helpers/procs.js';
import { linesOf, printed, runExpecting, serviceIn, statusJson, useProjects, type ServiceJson } from './support.js';

const project = useProjects();

const SERVICE_KEYS = [
  'name',
  'state',
  'health',
  'pid',
  'port',
  'listening',
  'startedAt',
  'restarts',
  'cpu',
  'memory',
  'memoryLimit',
  'stale',
  'staleFiles',
  'staleBy',
  'loaded',
  'configChanged',
  'configChanges',
  'lastExit',
  'managedBy',
  'notes',
] as const;
const STATES = ['pending', 'building', 'starting', 'running', 'stopping', 'stopped', 'exited', 'crashloop'];
const HEALTHS = ['unknown', 'healthy', 'unhealthy'];

function isIsoTimestamp(value: unknown): boolean {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString() === value;
}

/** The parts of the contract every service entry honours, whatever its state. */
function expectServiceShape(s: ServiceJson): void {
  const where = `service ${s.name}: ${JSON.stringify(s)}`;
  for (const key of SERVICE_KEYS) expect(s, where).toHaveProperty(key);
  expect(typeof s.name, where).toBe('string');
  expect(STATES, where).toContain(s.state);
  expect(HEALTHS, where).toContain(s.health);
  expect(s.pid === null || Number.isInteger(s.pid), where).toBe(true);
  expect(s.port === null || Number.isInteger(s.port), where).toBe(true);
  expect(Array.isArray(s.listening) && s.listening.every((n) => Number.isInteger(n)), where).toBe(true);
  expect(s.startedAt === null || isIsoTimestamp(s.startedAt), where).toBe(true);
  expect(Number.isInteger(s.restarts) && s.restarts >= 0, where).toBe(true);
  expect(s.cpu === null || typeof s.cpu === 'number', where).toBe(true);
  expect(s.memory === null || typeof s.memory === 'number', where).toBe(true);
  expect(typeof s.stale, where).toBe('boolean');
  expect(Array.isArray(s.staleFiles), where).toBe(true);
  for (const file of s.staleFiles) {
    expect(typeof file.path, where).toBe('string');
    expect(isIsoTimestamp(file.modifiedAt), where).toBe(true);
  }
  expect([null, 'content', 'mtime'], where).toContain(s.staleBy);
  if (s.pid === null) expect(s.staleBy, where).toBeNull();
  expect(typeof s.configChanged, where).toBe('boolean');
  expect(Array.isArray(s.configChanges) && s.configChanges.every((k) => typeof k === 'string'), where).toBe(true);
  expect(Array.isArray(s.notes) && s.notes.every((n) => typeof n === 'string'), where).toBe(true);
  if (s.lastExit !== null) {
    expect(Object.keys(s.lastExit).sort(), where).toEqual(['at', 'code', 'reason', 'signal']);
    expect(s.lastExit.code === null || Number.isInteger(s.lastExit.code), where).toBe(true);
    expect(s.lastExit.signal === null || typeof s.lastExit.signal === 'string', where).toBe(true);
    expect(isIsoTimestamp(s.lastExit.at), where).toBe(true);
    expect(s.lastExit.reason === null || typeof s.lastExit.reason === 'string', where).toBe(true);
  }
}

describe('stack status', () => {
  it('status --json has the shape of DESIGN §4 for running, exited and never-started services', async () => {
    const [papi, pbroken, pidle] = await freePorts(3);
    const p = await project('status-json');
    await p.write(
      'stack.yaml',
      stackYaml(
        {
          api: httpService({ port: papi!, name: 'api', argv: true }),
          broken: crashService({ module: 'left-pad', port: pbroken, restart: 'no' }),
          idle: httpService({ port: pidle!, name: 'idle' }),
        },
        { name: 'shop' },
      ),
    );
    await runExpecting(p.dir, ['up', 'api'], 0);
    await runExpecting(p.dir, ['up', 'broken'], 1);

    const status = await statusJson(p.dir);

    expect(Object.keys(status).sort()).toEqual(['config', 'configProblem', 'daemon', 'project', 'services']);
    expect(status.configProblem).toBeNull();
    expect(status.project).toBe('shop');
    expect(status.config).toBe('stack.yaml');
    expect(Object.keys(status.daemon).sort()).toEqual(['pid', 'running']);
    expect(status.daemon.running).toBe(true);
    expect(Number.isInteger(status.daemon.pid)).toBe(true);
    expect(isPidAlive(status.daemon.pid!)).toBe(true);
    expect(status.services.map((s) => s.name).sort()).toEqual(['api', 'broken', 'idle']);
    for (const s of status.services) expectServiceShape(s);

    const api = serviceIn(status, 'api');
    expect(api).toMatchObject({ state: 'running', health: 'healthy', port: papi, managedBy: 'stack', stale: false, staleFiles: [] });
    expect(Number.isInteger(api.pid) && isPidAlive(api.pid!)).toBe(true);
    expect(api.listening).toContain(papi);
    expect(isIsoTimestamp(api.startedAt)).toBe(true);
    expect(Date.parse(api.startedAt!)).toBeLessThanOrEqual(Date.now());
    expect(api.restarts).toBe(0);
    expect(typeof api.cpu).toBe('number');
    expect(api.cpu!).toBeGreaterThanOrEqual(0);
    expect(typeof api.memory).toBe('number');
    expect(api.memory!).toBeGreaterThan(0);
    expect(api.lastExit).toBeNull();

    const broken = serviceIn(status, 'broken');
    expect(broken).toMatchObject({ state: 'exited', pid: null, port: pbroken, listening: [] });
    expect(broken.lastExit).toMatchObject({ code: 1, signal: null });
    expect(broken.lastExit!.reason).toContain("Cannot find module 'left-pad'");

    const idle = serviceIn(status, 'idle');
    expect(idle).toMatchObject({ state: 'stopped', health: 'unknown', pid: null, port: pidle, listening: [], lastExit: null });
  });

  it('without a daemon (nothing ever started): exit 0, daemon.running false, every service stopped', async () => {
    const [pa, pb] = await freePorts(2);
    const p = await project('status-no-daemon');
    await p.write(
      'stack.yaml',
      stackYaml({ db: httpService({ port: pa!, name: 'db' }), api: { ...httpService({ port: pb!, name: 'api' }), depends_on: ['db'] } }),
    );

    const status = await statusJson(p.dir);

    expect(Object.keys(status).sort()).toEqual(['config', 'configProblem', 'daemon', 'project', 'services']);
    expect(status.configProblem).toBeNull();
    expect(status.daemon).toEqual({ running: false, pid: null });
    expect(status.services.map((s) => s.name).sort()).toEqual(['api', 'db']);
    for (const s of status.services) {
      expectServiceShape(s);
      expect(s, s.name).toMatchObject({ state: 'stopped', pid: null });
    }
  });

  it('the table lists every service with its state', async () => {
    const [papi, pworker, pidle] = await freePorts(3);
    const p = await project('status-table');
    await p.write(
      'stack.yaml',
      stackYaml({
        api: httpService({ port: papi!, name: 'api' }),
        worker: crashService({ module: 'left-pad', port: pworker, restart: 'no' }),
        idle: httpService({ port: pidle!, name: 'idle' }),
      }),
    );
    await runExpecting(p.dir, ['up', 'api'], 0);
    await runExpecting(p.dir, ['up', 'worker'], 1);

    const table = await runExpecting(p.dir, ['status'], 0);

    const rows = linesOf(table.stdout);
    const row = (name: string): string => rows.find((line) => new RegExp(`^\\s*${name}\\s`).test(line)) ?? '';
    expect(row('api'), printed(table)).toMatch(/\brunning\b/);
    expect(row('api'), printed(table)).toMatch(/\bhealthy\b/);
    expect(row('api'), printed(table)).toContain(String(papi));
    expect(row('worker'), printed(table)).toMatch(/\bexited\b/);
    expect(row('idle'), printed(table)).toMatch(/\bstopped\b/);
  });

  it('without a daemon: a service that crashed, was restarted and then stopped by down shows as stopped', async () => {
    const [port] = await freePorts(1);
    const p = await project('status-after-down');
    await p.write('stack.yaml', stackYaml({ api: httpService({ port: port!, argv: true }) }));
    await runExpecting(p.dir, ['up'], 0);
    process.kill(serviceIn(await statusJson(p.dir), 'api').pid!, 'SIGKILL');
    await waitFor(async () => serviceIn(await statusJson(p.dir), 'api').restarts === 1, { timeoutMs: 15_000, message: 'api restarted' });
    await runExpecting(p.dir, ['down'], 0);

    const status = await statusJson(p.dir);
    expect(status.daemon.running).toBe(false);
    expect(serviceIn(status, 'api')).toMatchObject({ state: 'stopped', pid: null });
  });
});
