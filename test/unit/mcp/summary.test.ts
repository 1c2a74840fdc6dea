// The text that comes with each tool's JSON: root cause first, in the CLI's own words.
import { describe, expect, it } from 'vitest';
import { configSummary, eventsSummary, logsSummary } from '../../../src/mcp/summary/records.js';
import { doctorSummary, operationSummary, waitSummary } from '../../../src/mcp/summary/reports.js';
import { graphSummary, list, statusSummary } from '../../../src/mcp/summary/status.js';
import type { StatusResponse } from '../../../src/protocol/status.js';
import type { Finding } from '../../../src/doctor/types.js';
import type { StackEvent } from '../../../src/protocol/events.js';
import { formatClock } from '../../../src/format.js';
import type { GraphNode } from '../../../src/graph/graph-view.js';
import { context, svcConfig, svcStatus } from '../doctor/fixtures.js';

const NOW = Date.parse('2026-11-23T10:05:00.000Z');
const EXIT_AT = '2026-11-23T10:04:00.000Z';

function status(services: StatusResponse['services'], over: Partial<StatusResponse> = {}): StatusResponse {
  return { project: 'shop', config: 'stack.yaml', daemon: { running: true, pid: 7 }, configProblem: null, services, ...over };
}

const stale = svcStatus('api', {
  pid: 4242,
  stale: true,
  staleFiles: [{ path: 'api/server.js', modifiedAt: '2026-11-23T10:00:03.000Z' }],
});

describe('statusSummary', () => {
  it.each([
    {
      name: 'all fine: running, healthy and fresh',
      given: status([svcStatus('db'), svcStatus('api')]),
      want: 'db and api are running and healthy, on fresh code (no watched source changed since they started). (shop, stack.yaml, daemon pid 7)',
    },
    {
      name: 'stale code comes first, with the file, in the NOTES wording',
      given: status([svcStatus('db'), stale]),
      want: 'api (running, healthy, pid 4242): STALE: api/server.js modified 3.0s after start. db is running and healthy, on fresh code (no watched source changed since it started). (shop, stack.yaml, daemon pid 7)',
    },
    {
      name: 'a crash before stale code, whatever the order of the services',
      given: status([stale, svcStatus('worker', { state: 'exited', health: 'unknown', pid: null, lastExit: { code: 1, signal: null, at: EXIT_AT, reason: "Cannot find module 'x'" } })]),
      want: `worker (exited): exited with code 1 at ${formatClock(EXIT_AT)}: Cannot find module 'x'. api (running, healthy, pid 4242): STALE: api/server.js modified 3.0s after start. (shop, stack.yaml, daemon pid 7)`,
    },
    {
      name: 'config changed, with the keys',
      given: status([svcStatus('api', { configChanged: true, configChanges: ['port', 'env.DB'] })]),
      want: 'api (running, healthy, pid 1000): CONFIG CHANGED: port, env.DB. (shop, stack.yaml, daemon pid 7)',
    },
    {
      name: 'no daemon: nothing runs, said first',
      given: status([svcStatus('api', { state: 'stopped', health: 'unknown', pid: null })], { daemon: { running: false, pid: null } }),
      want: 'Nothing is running: no stack daemon runs for shop (the up tool starts the stack). api: stopped. (shop, stack.yaml, no daemon running)',
    },
    {
      name: 'a broken stack.yaml is said before anything else',
      given: status([svcStatus('api')], { configProblem: 'stack.yaml has 1 problem (stack.yaml:3:5); showing the running config' }),
      want: 'stack.yaml has 1 problem (stack.yaml:3:5); showing the running config. api is running and healthy, on fresh code (no watched source changed since it started). (shop, stack.yaml, daemon pid 7)',
    },
    {
      name: 'states grouped when nothing needs attention',
      given: status([svcStatus('a', { state: 'starting', health: 'unknown' }), svcStatus('b', { state: 'starting', health: 'unknown' })]),
      want: 'a and b: starting. (shop, stack.yaml, daemon pid 7)',
    },
  ])('$name', ({ given, want }) => {
    expect(statusSummary(given, NOW)).toBe(want);
  });
});

const finding = (over: Partial<Finding>): Finding => ({ check: 'stale-code', severity: 'error', service: 'api', message: 'api runs stale code', hint: 'stack restart api', fixable: true, ...over });

describe('doctorSummary', () => {
  it.each([
    { name: 'nothing wrong', findings: [], want: 'All 2 services healthy and fresh.' },
    {
      name: 'only notes: not running',
      findings: [finding({ check: 'service-down', severity: 'info', service: 'db', message: 'db is not running', hint: 'stack up db' })],
      want: 'No problems; not running: db (start with: stack up).',
    },
    {
      name: 'the first finding is the root cause, with its next command',
      findings: [
        finding({ check: 'service-down', service: 'db', message: 'db is down: exited with code 1', hint: 'stack logs db' }),
        finding({ check: 'dependency-down', service: 'api', message: 'api depends on db, which is down', hint: 'fix db first', causedBy: 'db' }),
      ],
      want: 'Root cause: db is down: exited with code 1; next: stack logs db. Then: api depends on db, which is down; next: fix db first. 2 problems: db is down; api depends on db.',
    },
    {
      name: 'a warning alone',
      findings: [finding({ check: 'health-port-mismatch', severity: 'warning', message: "api's health check probes port 9", hint: 'use ${PORT}' })],
      want: "Root cause: api's health check probes port 9; next: use ${PORT}. No errors; 1 warning: api's health check probes another port.",
    },
  ])('$name', ({ findings, want }) => {
    expect(doctorSummary({ ok: findings.every((f) => f.severity !== 'error'), findings }, ['db', 'api'])).toBe(want);
  });

  it('spells out five findings and counts the rest', () => {
    const findings = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((s) => finding({ service: s, message: `${s} runs stale code`, hint: `stack restart ${s}` }));
    const text = doctorSummary({ ok: false, findings }, ['a']);
    expect(text.match(/; next: /g)).toHaveLength(5);
    expect(text).toContain('(2 more in the JSON.)');
  });
});

const opService = (name: string, over: Record<string, unknown> = {}) => ({ name, state: 'running' as const, health: 'healthy' as const, pid: 42, elapsedMs: 306, error: null, ...over });

describe('operationSummary', () => {
  it.each([
    { name: 'restarted', verb: 'restarted', services: [opService('api')], failure: null, want: 'Restarted: api running, healthy, pid 42 (306ms).' },
    { name: 'nothing to do', verb: 'stopped', services: [], failure: null, want: 'No service needed to be stopped.' },
    {
      name: 'a failure leads with the reason and the log tail, then the error, then where things are',
      verb: 'ready',
      services: [opService('api', { state: 'exited', health: 'unknown', pid: null, elapsedMs: null, error: 'exited with code 1' })],
      failure: { details: ['', '✖ api: exited with code 1', '  last line of .stack/logs/api.log:', '  │ Error: boom'], error: ['error: api failed.', 'hint: fix the cause above'] },
      want: "✖ api: exited with code 1\n  last line of .stack/logs/api.log:\n  │ Error: boom\nerror: api failed.\nhint: fix the cause above\nNow: api exited: exited with code 1.",
    },
  ])('$name', ({ verb, services, failure, want }) => {
    expect(operationSummary(verb, { ok: failure === null, services }, failure)).toBe(want);
  });
});

describe('waitSummary', () => {
  const result = (name: string, pid: number | null) => ({ name, state: 'running' as const, health: 'healthy' as const, pid, ok: true, reason: null });
  it.each([
    { services: [result('api', 9)], want: 'api is healthy (pid 9).' },
    { services: [result('db', 8), result('api', 9)], want: 'db and api are healthy (db pid 8, api pid 9).' },
  ])('ok: $want', ({ services, want }) => {
    expect(waitSummary({ ok: true, for: 'healthy', timedOut: false, services }, [])).toBe(want);
  });
  it('failed: the CLI error lines', () => {
    expect(waitSummary({ ok: false, for: 'healthy', timedOut: true, services: [] }, ['error: api is not healthy yet', 'hint: x'])).toBe('error: api is not healthy yet\nhint: x');
  });
});

describe('eventsSummary', () => {
  const at = (s: number) => new Date(Date.parse('2026-11-23T10:00:00.000Z') + s * 1000).toISOString();
  const ev = (s: number, over: Partial<StackEvent> & { type: string }): StackEvent => ({ at: at(s), service: 'api', ...over });
  it.each([
    { name: 'no log yet', events: [], found: false, want: 'No events yet: nothing has been started in this project.' },
    { name: 'none about these services', events: [], found: true, want: 'No events about these services.' },
    {
      name: 'the latest trouble before the latest event',
      events: [ev(0, { type: 'exit', code: 1, signal: null, reason: 'boom' }), ev(1, { type: 'start', pid: 5 })],
      found: true,
      want: `Latest trouble: ${formatClock(at(0))} api exited with code 1: boom. Latest event: ${formatClock(at(1))} api started (pid 5). 2 events from ${at(0)} to ${at(1)}.`,
    },
    {
      name: 'a failing health check is trouble; a passing one is not',
      events: [ev(0, { type: 'health', health: 'healthy', detail: 'ok' }), ev(1, { type: 'health', health: 'unhealthy', detail: 'HTTP 503' })],
      found: true,
      want: `Latest trouble: ${formatClock(at(1))} api unhealthy: HTTP 503. 2 events from ${at(0)} to ${at(1)}.`,
    },
  ])('$name', ({ events, found, want }) => {
    expect(eventsSummary(events, found)).toBe(want);
  });
});

describe('logsSummary, configSummary, graphSummary, list', () => {
  it('logs: lines per service and where they are', () => {
    const doc = { services: [{ name: 'api', file: '.stack/logs/api.log', lines: ['a', 'b'] }, { name: 'db', file: '.stack/logs/db.log', lines: [] }] };
    expect(logsSummary(doc, undefined)).toBe('api: 2 lines (.stack/logs/api.log); db: no lines (.stack/logs/db.log).');
    expect(logsSummary(doc, 'GET')).toBe('api: 2 lines matching GET (.stack/logs/api.log); db: no lines matching GET (.stack/logs/db.log).');
  });

  it('config: services with port and dependencies', () => {
    const { config } = context([svcConfig('db', { port: 5433 }), svcConfig('api', { port: 4000, dependsOn: { db: 'healthy' } }), svcConfig('worker')], null);
    expect(configSummary(config!, 'stack.yaml')).toBe(
      't (stack.yaml) is valid: 3 services: db (port 5433), api (port 4000; depends on db), worker. Values of secret-named variables and URL passwords are masked.',
    );
  });

  it('graph: what needs attention, then the tree', () => {
    const nodes: GraphNode[] = [
      { name: 'db', dependsOn: {}, live: { state: 'running', health: 'healthy', stale: false, configChanged: false } },
      { name: 'api', dependsOn: { db: 'healthy' }, live: { state: 'running', health: 'healthy', stale: true, configChanged: false } },
    ];
    expect(graphSummary(nodes)).toBe('api: running, healthy, STALE. 2 services, 1 dependency.\napi  running, healthy, STALE\n└─ db [healthy]  running, healthy');
    expect(graphSummary(nodes.map(({ live: _live, ...n }) => n))).toBe('2 services, 1 dependency. No daemon runs: the graph alone, without live state.\napi\n└─ db [healthy]');
  });

  it.each([
    [[], ''],
    [['a'], 'a'],
    [['a', 'b'], 'a and b'],
    [['a', 'b', 'c'], 'a, b and c'],
  ])('list %j', (names, want) => {
    expect(list(names)).toBe(want);
  });
});
