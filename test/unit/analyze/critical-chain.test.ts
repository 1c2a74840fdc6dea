/**
 * `stack analyze` from timelines written here event by event (ms after the up began): which
 * up it picks, the chain it marks, each service's parts, and that the parts and the shares
 * add up to the total `up` printed.
 */
import { describe, expect, it } from 'vitest';
import { analyzeEvents, type Analysis } from '../../../src/analyze/critical-chain.js';
import type { StackEvent } from '../../../src/protocol/events.js';

const T0 = Date.parse('2026-12-01T10:00:00.000Z');
type Row = [ms: number, type: string, service?: string, fields?: Record<string, unknown>];

function timeline(rows: Row[]): StackEvent[] {
  return rows.map(([ms, type, service, fields]) => ({ at: new Date(T0 + ms).toISOString(), type, ...(service ? { service } : {}), ...fields }));
}

const up = (ms: number, services: string[], id = 'u1'): Row => [ms, 'up-start', undefined, { id, project: 'shop', services }];
const end = (ms: number, ok = true, failed: unknown[] = [], id = 'u1', began = 0): Row => [ms, 'up-end', undefined, { id, ok, elapsedMs: ms - began, failed }];
const launch = (ms: number, service: string, after: Record<string, string> = {}): Row => [ms, 'launch', service, { after }];
const start = (ms: number, service: string, pid = 100): Row => [ms, 'start', service, { pid }];
const listening = (ms: number, service: string, port = 4000): Row => [ms, 'listening', service, { address: '127.0.0.1', port }];
const healthy = (ms: number, service: string): Row => [ms, 'health', service, { health: 'healthy', detail: 'HTTP 200' }];

/** One service that waits `waits` for its dependency, spawns in 10ms, listens 100ms later, is ready 200ms after that. */
function served(service: string, launchedAt: number, after: Record<string, string> = {}): Row[] {
  return [launch(launchedAt, service, after), start(launchedAt + 10, service), listening(launchedAt + 110, service), healthy(launchedAt + 310, service)];
}

const dbApiWeb = timeline([
  up(0, ['db', 'api', 'web', 'worker']),
  ...served('db', 2),
  [5, 'launch', 'worker', { after: {} }],
  start(15, 'worker'),
  healthy(60, 'worker'),
  ...served('api', 313, { db: 'healthy' }),
  ...served('web', 624, { api: 'healthy' }),
  end(940),
]);

const byName = (a: Analysis, name: string) => a.services.find((s) => s.name === name)!;
const partsSum = (s: Analysis['services'][number]) => (s.waitingMs ?? 0) + (s.buildMs ?? 0) + (s.spawnMs ?? 0) + (s.listenMs ?? 0) + (s.readyMs ?? 0);

describe('analyzeEvents: the chain', () => {
  const a = analyzeEvents(dbApiWeb);

  it('marks db → api → web, the chain that ended last', () => {
    expect(a.ok).toBe(true);
    expect(a.problem).toBeNull();
    expect(a.critical).toEqual(['db', 'api', 'web']);
    expect(byName(a, 'worker').critical).toBe(false);
    expect(byName(a, 'web').waitedFor).toBe('api');
  });

  it.each(['db', 'api', 'web', 'worker'])('%s: its parts add up to when it was ready', (name) => {
    const s = byName(a, name);
    expect(partsSum(s)).toBe(s.readyAtMs);
  });

  it('gives each part of a service its own interval', () => {
    expect(byName(a, 'api')).toMatchObject({ waitingMs: 313, buildMs: null, spawnMs: 10, listenMs: 100, readyMs: 200, readyAtMs: 623, elapsedMs: 310, pid: 100, port: 4000 });
    // A tcp check listens and is ready in the same probe; no probe that connects: no listening moment.
    expect(byName(a, 'worker')).toMatchObject({ listenMs: null, readyMs: 45, outcome: 'ready' });
  });

  it('shares add up to the chain, and with finishing to the total up printed', () => {
    const shares = a.critical.map((n) => byName(a, n).addsMs!);
    expect(shares).toEqual([312, 311, 311]);
    expect(shares.reduce((x, y) => x + y)).toBe(a.chainMs);
    expect(a.chainMs! + a.finishingMs!).toBe(a.up!.elapsedMs);
    expect(a.up).toMatchObject({ project: 'shop', elapsedMs: 940, laterNoOps: 0 });
  });
});

type Case = [name: string, rows: Row[], expected: Partial<Analysis> & { outcomes?: Record<string, string> }];
const cases: Case[] = [
  ['the dependency met last is the one waited for', [
    up(0, ['db', 'cache', 'api']),
    ...served('db', 0),
    launch(0, 'cache'), start(10, 'cache'), healthy(500, 'cache'),
    ...served('api', 501, { db: 'healthy', cache: 'healthy' }),
    end(820),
  ], { critical: ['cache', 'api'] }],
  ['depends_on started: the share ends at the spawn', [
    up(0, ['api', 'web']),
    ...served('api', 0),
    ...served('web', 11, { api: 'started' }),
    end(330),
  ], { critical: ['api', 'web'], chainMs: 321 }],
  ['a service already running is not on the chain', [
    up(0, ['db', 'api']),
    ...served('api', 1, { db: 'healthy' }),
    end(320),
  ], { critical: ['api'], outcomes: { db: 'already-running', api: 'ready' } }],
  ['a build in the run is its own part', [
    up(0, ['api']),
    launch(0, 'api'), [400, 'build', 'api', { code: 0, signal: null, durationMs: 398 }], start(410, 'api'), healthy(500, 'api'),
    end(505),
  ], { critical: ['api'], outcomes: { api: 'ready' } }],
  ['a job that completes is ready when it exits 0', [
    up(0, ['migrate', 'api']),
    launch(0, 'migrate'), start(5, 'migrate'), [200, 'exit', 'migrate', { code: 0, signal: null }],
    ...served('api', 201, { migrate: 'completed' }),
    end(520),
  ], { critical: ['migrate', 'api'], outcomes: { migrate: 'completed' } }],
];

describe('analyzeEvents: cases', () => {
  it.each(cases)('%s', (_name, rows, { outcomes, ...expected }) => {
    const a = analyzeEvents(timeline(rows));
    expect(a).toMatchObject(expected);
    for (const [name, outcome] of Object.entries(outcomes ?? {})) expect(byName(a, name).outcome).toBe(outcome);
    for (const s of a.services.filter((x) => x.readyAtMs !== null)) expect(partsSum(s)).toBe(s.readyAtMs);
    if (a.ok) expect(a.chainMs! + a.finishingMs!).toBe(a.up!.elapsedMs);
  });

  it('reads the build before the launch of a restarted service as its build', () => {
    const a = analyzeEvents(timeline([up(0, ['api']), [300, 'build', 'api', { code: 0, signal: null, durationMs: 290 }], launch(350, 'api'), start(360, 'api'), healthy(400, 'api'), end(401)]));
    expect(byName(a, 'api')).toMatchObject({ waitingMs: 60, buildMs: 290, spawnMs: 10, readyAtMs: 400 });
  });
});

describe('analyzeEvents: which up, and when there is none to show', () => {
  it('says so when no up was recorded', () => {
    expect(analyzeEvents([])).toMatchObject({ ok: false, up: null, problem: expect.stringContaining('No `stack up`') });
    const old = analyzeEvents(timeline([start(0, 'api')]));
    expect(old.problem).toContain('older stack');
  });

  it('skips later ups that found everything running', () => {
    const a = analyzeEvents([...dbApiWeb, ...timeline([up(5000, ['db', 'api', 'web', 'worker'], 'u2'), end(5003, true, [], 'u2', 5000)])]);
    expect(a.up).toMatchObject({ id: 'u1', laterNoOps: 1 });
    expect(a.critical).toEqual(['db', 'api', 'web']);
  });

  it('shows where a failed up stopped', () => {
    const a = analyzeEvents(timeline([
      up(0, ['db', 'api', 'web']),
      ...served('db', 0),
      launch(311, 'api', { db: 'healthy' }), start(320, 'api'), [400, 'exit', 'api', { code: 1, signal: null, reason: "Error: Cannot find module 'x'" }],
      end(402, false, [
        { service: 'api', reason: "exited with code 1 before it was healthy: Error: Cannot find module 'x'", blocked: false },
        { service: 'web', reason: 'not started: its dependency api failed', blocked: true },
      ]),
    ]));
    expect(a.ok).toBe(false);
    expect(a.problem).toMatch(/failed after 402ms: api failed; 1 service depending on it did not start\.$/);
    expect(a.critical).toEqual(['db', 'api']);
    expect(byName(a, 'api')).toMatchObject({ outcome: 'failed', failedAtMs: 400, error: expect.stringContaining('Cannot find module') });
    expect(byName(a, 'web')).toMatchObject({ outcome: 'blocked', error: 'not started: its dependency api failed' });
    expect(byName(a, 'db').outcome).toBe('ready');
  });

  it('says an up did not finish when the daemon stopped during it', () => {
    const a = analyzeEvents(timeline([up(0, ['db', 'api']), ...served('db', 0), launch(311, 'api', { db: 'healthy' }), [900, 'daemon-stop', undefined, { pid: 1 }]]));
    expect(a.ok).toBe(false);
    expect(a.problem).toMatch(/did not finish: the daemon stopped 900ms into it, waiting for api\.$/);
    expect(byName(a, 'api').outcome).toBe('unfinished');
  });

  it('says an up is still running', () => {
    const a = analyzeEvents(timeline([up(0, ['db']), launch(0, 'db')]), T0 + 2500);
    expect(a.problem).toMatch(/has not finished yet: it has been running for 2\.5s, waiting for db\.$/);
  });
});

describe('analyzeEvents: a service held back for the critical path', () => {
  const a = analyzeEvents(
    timeline([
      up(0, ['db', 'docs']),
      ...served('db', 2),
      [92, 'held', 'docs', { behind: ['db'], slackMs: 900, heldMs: 90, until: 'critical started' }],
      ...served('docs', 92),
      end(410),
    ]),
  );

  it('says how long of its wait was the hold, and for which', () => {
    expect(byName(a, 'docs')).toMatchObject({ waitingMs: 92, heldMs: 90, heldFor: ['db'] });
    expect(byName(a, 'db')).toMatchObject({ heldMs: null, heldFor: [] });
  });
});
