/**
 * Every transition of a service's lifecycle, as a table: a lifecycle in each state ×
 * each event → the state it ends in and the effects it asks for, or "ignored" (the event
 * does not apply there and nothing changes). A matrix row per event covers all eight
 * states; the variants below it cover what the matrix's canonical values do not.
 */
import { describe, expect, it } from 'vitest';
import type { ServiceState } from '../../../../src/protocol/status.js';
import { next } from '../../../../src/daemon/service/lifecycle.js';
import { initialLifecycle, type Effect, type Lifecycle, type LifecycleEnv, type LifecycleEvent } from '../../../../src/daemon/service/lifecycle-types.js';
import { newRun } from '../../../../src/daemon/service/run.js';
import { CRASHLOOP_RESTARTS } from '../../../../src/daemon/service/restart-policy.js';

const STARTED_AT = 1_000_000;
const ID = { pid: 100, startToken: 't', startedAt: STARTED_AT };
const LOG = { file: '/x/api.log', from: 0 };
const BUILD_LOG = { file: '/x/api.build.log', from: 0 };
const CRASH = { code: 1, signal: null, at: new Date(STARTED_AT + 1000).toISOString(), reason: 'Error: boom' };
const RUN = 2;
/** A worker, or the server a daemonizing command left running. */
const SERVER = { pid: 101, startToken: 's', startedAt: STARTED_AT + 10 };

const env: LifecycleEnv = { restart: 'on-failure', retries: 3, probe: { kind: 'http', url: 'http://127.0.0.1:1/' }, onStale: 'warn', job: false, now: STARTED_AT + 5000 };

const base = initialLifecycle();
const MB = 1024 ** 2;
const OVER_REASON = 'memory 540 MB over limit 512 MB';
const OVER = { failure: { kind: 'memory' as const }, reason: OVER_REASON, ranForMs: 5000 };
const run = newRun(RUN);
const spawned = { ...run, spawned: true, log: LOG };
const ready = { ...spawned, ready: true };

/** A lifecycle in each state, as it typically is there. */
const lives = {
  pending: { ...base, state: 'pending', run },
  building: { ...base, state: 'building', beforeBuild: 'pending', run: { ...run, log: BUILD_LOG } },
  starting: { ...base, state: 'starting', identity: ID, run: spawned },
  running: { ...base, state: 'running', identity: ID, health: 'healthy', run: ready },
  stopping: { ...base, state: 'stopping', identity: ID, health: 'healthy', run: { ...ready, stopRequested: true } },
  stopped: { ...base, run },
  exited: { ...base, state: 'exited', lastExit: CRASH, run: { ...spawned, exit: { code: 1, signal: null, at: 0 } } },
  crashloop: { ...base, state: 'crashloop', lastExit: CRASH, run },
  // Variants.
  'starting, not spawned yet': { ...base, state: 'starting', run },
  'building while it runs (restart builds first)': { ...base, state: 'building', beforeBuild: 'running', identity: ID, health: 'healthy', run: ready },
  'building while it boots': { ...base, state: 'building', beforeBuild: 'starting', identity: ID, run: spawned },
  'exited, restart scheduled': { ...base, state: 'exited', lastExit: CRASH, restartDueAt: env.now + 500, restartReason: 'exited with code 1: Error: boom', run },
  'running, heard listening': { ...base, state: 'running', identity: ID, health: 'healthy', run: { ...ready, listening: true } },
  'running, unhealthy': { ...base, state: 'running', identity: ID, health: 'unhealthy', run: ready },
  'running, stale reported': { ...base, state: 'running', identity: ID, health: 'healthy', staleReportedFor: STARTED_AT, sourcesStale: true, run: ready },
  'starting, a save landed after its spawn': { ...base, state: 'starting', identity: ID, staleReportedFor: STARTED_AT, sourcesStale: true, run: spawned },
  'running, restarted 5 times lately': {
    ...base,
    state: 'running',
    identity: ID,
    health: 'healthy',
    run: ready,
    history: { restarts: Array.from({ length: CRASHLOOP_RESTARTS }, (_, i) => env.now - 1000 * (i + 1)).reverse(), streak: 5 },
  },
  'crashloop, its process still up (was unhealthy)': { ...base, state: 'crashloop', identity: ID, health: 'unhealthy', run: ready },
  'exited, its leftovers being stopped': {
    ...base,
    state: 'exited',
    lastExit: CRASH,
    run,
    pendingFailure: { failure: { kind: 'exit', code: null, signal: 'SIGKILL', job: false }, reason: 'killed by SIGKILL', ranForMs: 60_000 },
  },
  'running, a daemonized server': { ...base, state: 'running', identity: SERVER, daemonizedFrom: ID.pid, health: 'healthy', run: ready },
  'running, being stopped over its memory limit': { ...base, state: 'running', identity: ID, health: 'healthy', run: ready, pendingFailure: OVER },
  'running, restarted 5 times lately, being stopped over its memory limit': {
    ...base,
    state: 'running',
    identity: ID,
    health: 'healthy',
    run: ready,
    pendingFailure: OVER,
    history: { restarts: Array.from({ length: CRASHLOOP_RESTARTS }, (_, i) => env.now - 1000 * (i + 1)).reverse(), streak: 5 },
  },
} satisfies Record<string, Lifecycle>;
type Named = keyof typeof lives;

const STATES: ServiceState[] = ['pending', 'building', 'starting', 'running', 'stopping', 'stopped', 'exited', 'crashloop'];

const saved = { state: 'running' as const, identity: ID, restarts: 2, lastExit: null };
const events = {
  'start-requested': { type: 'start-requested', by: 'person' },
  abandoned: { type: 'abandoned', reason: 'not started: its dependency db failed' },
  'build-started': { type: 'build-started', log: BUILD_LOG },
  'build-finished': { type: 'build-finished', code: 0, signal: null, durationMs: 40 },
  'spawn-started': { type: 'spawn-started' },
  'start-failed': { type: 'start-failed', reason: 'port 4000 is already in use' },
  spawned: { type: 'spawned', identity: ID, log: LOG },
  listening: { type: 'listening', runId: RUN, address: '127.0.0.1', port: 4000 },
  'probe-passed': { type: 'probe-passed', runId: RUN, detail: 'HTTP 200 in 1ms' },
  'probe-failed': { type: 'probe-failed', runId: RUN, detail: 'HTTP 500 in 1ms', counted: true, failures: 3 },
  exited: { type: 'exited', runId: RUN, exit: { code: 1, signal: null, at: env.now }, reason: 'Error: boom', leftovers: [], holder: null },
  'restart-due': { type: 'restart-due' },
  'memory-over-limit': { type: 'memory-over-limit', runId: RUN, bytes: 540 * MB, limit: 512 * MB },
  'stop-requested': { type: 'stop-requested', replaced: false, byDown: true },
  'stop-began': { type: 'stop-began' },
  stopped: { type: 'stopped', pid: 100, escalated: false, elapsedMs: 12, leftovers: [] },
  'leftovers-reaped': { type: 'leftovers-reaped', runId: RUN, pids: [101], escalated: false },
  restored: { type: 'restored', record: saved, alive: true, log: LOG, leftovers: [] },
  'sources-changed': { type: 'sources-changed', path: 'src/a.js', stale: true },
} satisfies { [T in LifecycleEvent['type']]: Extract<LifecycleEvent, { type: T }> };

/** "running: record:health progress:starting monitor", or "ignored". */
function outcome(from: Lifecycle, event: LifecycleEvent, overrides: Partial<LifecycleEnv> = {}): string {
  const t = next(from, event, { ...env, ...overrides });
  if (t.ignored) {
    expect(t.life).toBe(from);
    expect(t.effects).toEqual([]);
    return 'ignored';
  }
  return `${t.life.state}:${t.effects.map((e) => ` ${word(e)}`).join('')}`;
}

function word(e: Effect): string {
  if (e.kind === 'record') return `record:${e.type}`;
  if (e.kind === 'progress') return `progress:${e.phase}`;
  return e.kind;
}

const same = (effects = '') => Object.fromEntries(STATES.map((s) => [s, `${s}:${effects}`])) as Record<ServiceState, string>;
const legalIn = (legal: Partial<Record<ServiceState, string>>) =>
  Object.fromEntries(STATES.map((s) => [s, legal[s] ?? 'ignored'])) as Record<ServiceState, string>;

const matrix: { [T in keyof typeof events]: Record<ServiceState, string> } = {
  'start-requested': legalIn({ stopped: 'pending: cancel-restart', exited: 'pending: cancel-restart', crashloop: 'pending: cancel-restart' }),
  abandoned: legalIn({ pending: 'stopped:' }),
  'build-started': {
    ...legalIn({}),
    ...Object.fromEntries(['pending', 'starting', 'running', 'stopped', 'exited', 'crashloop'].map((s) => [s, 'building: progress:building'])),
  },
  'build-finished': { ...same(' record:build'), building: 'pending: record:build' },
  'spawn-started': legalIn({ pending: 'starting: progress:starting' }),
  // The canonical `starting` has spawned already: see the variants.
  'start-failed': legalIn({ pending: 'exited: record:start-failed' }),
  spawned: legalIn({}),
  listening: legalIn({ starting: 'starting: record:listening', running: 'running: record:listening' }),
  'probe-passed': legalIn({ starting: 'running: record:health', running: 'running:' }),
  'probe-failed': legalIn({
    starting: 'starting: record:health record:restart-scheduled schedule-restart',
    running: 'running: record:health record:restart-scheduled schedule-restart',
  }),
  exited: legalIn({
    starting: 'exited: abort-run record:exit record:restart-scheduled schedule-restart',
    running: 'exited: abort-run record:exit record:restart-scheduled schedule-restart',
  }),
  'restart-due': legalIn({}),
  // Stopped at once, whatever the policy will say: the exit that follows carries the reason.
  'memory-over-limit': legalIn({
    starting: 'starting: record:memory-over-limit stop-process',
    running: 'running: record:memory-over-limit stop-process',
  }),
  'leftovers-reaped': legalIn({}),
  'stop-requested': same(' cancel-restart abort-run'),
  'stop-began': legalIn({ starting: 'stopping: progress:stopping', running: 'stopping: progress:stopping' }),
  stopped: legalIn({ stopping: 'stopped: record:stop progress:stopped' }),
  restored: legalIn({ stopped: 'starting: watch-sources record:adopt monitor' }),
  'sources-changed': { ...same(), starting: 'starting: record:stale', running: 'running: record:stale', stopping: 'stopping: record:stale' },
};

type Variant = [from: Named, event: LifecycleEvent, expected: string, env?: Partial<LifecycleEnv>];
const variants: Variant[] = [
  ['exited', { type: 'start-requested', by: 'policy', reason: 'exited with code 1' }, 'pending: record:restart'],
  ['crashloop', { type: 'start-requested', by: 'change', reason: 'sources changed after a crash loop' }, 'pending: cancel-restart record:restart'],
  ['building while it runs (restart builds first)', events['build-finished'], 'running: record:build'],
  ['building while it runs (restart builds first)', events.exited, 'exited: abort-run record:exit record:restart-scheduled schedule-restart'],
  ['building while it boots', events['probe-passed'], 'building: record:health'],
  ['starting, not spawned yet', events['start-failed'], 'exited: record:start-failed'],
  ['starting, not spawned yet', events.spawned, 'starting: process-started record:start monitor'],
  ['running', { ...events['probe-passed'], runId: RUN - 1 }, 'ignored'],
  // Heard once per run: `stack analyze` wants the first moment it listened.
  ['running, heard listening', events.listening, 'ignored'],
  ['starting', { ...events.listening, runId: RUN - 1 }, 'ignored'],
  ['building while it boots', events.listening, 'building: record:listening'],
  ['running', { ...events['probe-failed'], counted: false, failures: 0 }, 'running:'],
  ['running', { ...events['probe-failed'], failures: 2 }, 'running:'],
  // An unhealthy service with restart: no stays unhealthy; with a failing check it is not restarted twice.
  ['running', events['probe-failed'], 'running: record:health', { restart: 'no' }],
  ['running, unhealthy', events['probe-failed'], 'running:'],
  ['running', { ...events.exited, runId: RUN - 1 }, 'ignored'],
  // A job's exit 0 is its work done; a server's (redis-cli shutdown) is it going down, and on-failure brings it back.
  ['running', { ...events.exited, exit: { code: 0, signal: null, at: env.now } }, 'exited: abort-run record:exit', { job: true }],
  ['running', { ...events.exited, exit: { code: 0, signal: null, at: env.now } }, 'exited: abort-run record:exit record:restart-scheduled schedule-restart'],
  ['running', { ...events.exited, exit: { code: 0, signal: null, at: env.now } }, 'exited: abort-run record:exit', { restart: 'no' }],
  ['running', { ...events.exited, exit: { code: 0, signal: null, at: env.now } }, 'exited: abort-run record:exit record:restart-scheduled schedule-restart', { restart: 'always' }],
  ['running', events.exited, 'exited: abort-run record:exit', { restart: 'no' }],
  ['running, restarted 5 times lately', events.exited, 'crashloop: abort-run record:exit record:crashloop'],
  ['exited, restart scheduled', events['restart-due'], 'exited: restart'],
  // Over memory_limit: stopped by stack, and its exit is a failure the restart policy counts like any other.
  ['running', { ...events['memory-over-limit'], runId: RUN - 1 }, 'ignored'],
  ['running, being stopped over its memory limit', events['memory-over-limit'], 'ignored'],
  ['building while it runs (restart builds first)', events['memory-over-limit'], 'building: record:memory-over-limit stop-process'],
  ['crashloop, its process still up (was unhealthy)', events['memory-over-limit'], 'crashloop: record:memory-over-limit stop-process'],
  ['running, a daemonized server', events['memory-over-limit'], 'running: record:memory-over-limit stop-process'],
  ['running, being stopped over its memory limit', { ...events.exited, exit: { code: null, signal: 'SIGTERM', at: env.now } }, 'exited: abort-run record:exit record:restart-scheduled schedule-restart'],
  ['running, being stopped over its memory limit', { ...events.exited, exit: { code: 0, signal: null, at: env.now } }, 'exited: abort-run record:exit record:restart-scheduled schedule-restart', { job: true }],
  ['running, being stopped over its memory limit', { ...events.exited, exit: { code: null, signal: 'SIGTERM', at: env.now } }, 'exited: abort-run record:exit', { restart: 'no' }],
  ['running, restarted 5 times lately, being stopped over its memory limit', { ...events.exited, exit: { code: null, signal: 'SIGTERM', at: env.now } }, 'crashloop: abort-run record:exit record:crashloop'],
  ['running, being stopped over its memory limit', { ...events.exited, exit: { code: null, signal: 'SIGKILL', at: env.now }, leftovers: [SERVER], holder: null }, 'exited: abort-run record:exit reap'],
  // A service is its process tree: what its root left running is stopped before the policy acts.
  ['running', { ...events.exited, exit: { code: null, signal: 'SIGKILL', at: env.now }, leftovers: [SERVER], holder: SERVER }, 'exited: abort-run record:exit reap'],
  ['exited, its leftovers being stopped', events['leftovers-reaped'], 'exited: record:leftovers-stopped record:restart-scheduled schedule-restart'],
  ['exited, its leftovers being stopped', events['leftovers-reaped'], 'exited: record:leftovers-stopped', { restart: 'no' }],
  ['exited, its leftovers being stopped', { ...events['leftovers-reaped'], runId: RUN - 1 }, 'ignored'],
  // A command that exits 0 leaving a process of its own on the port has daemonized: that process is the service.
  ['starting', { ...events.exited, exit: { code: 0, signal: null, at: env.now }, leftovers: [SERVER], holder: SERVER }, 'starting: record:daemonized process-started monitor'],
  ['running', { ...events.exited, exit: { code: 0, signal: null, at: env.now }, leftovers: [SERVER], holder: SERVER }, 'running: record:daemonized process-started monitor'],
  ['running', { ...events.exited, exit: { code: 0, signal: null, at: env.now }, leftovers: [SERVER], holder: null }, 'exited: abort-run record:exit reap'],
  ['running, a daemonized server', { ...events.exited, exit: { code: null, signal: null, at: env.now }, leftovers: [], holder: null }, 'exited: abort-run record:exit record:restart-scheduled schedule-restart'],
  ['exited', { type: 'stopped', pid: null, escalated: false, elapsedMs: 30, leftovers: [101] }, 'exited: record:stop progress:stopped'],
  ['exited, restart scheduled', events['stop-requested'], 'exited: cancel-restart abort-run'],
  ['pending', { type: 'stopped', pid: null, escalated: false, elapsedMs: 0, leftovers: [] }, 'stopped:'],
  ['exited', { type: 'stopped', pid: null, escalated: false, elapsedMs: 0, leftovers: [] }, 'exited:'],
  ['running', { type: 'stopped', pid: null, escalated: false, elapsedMs: 0, leftovers: [] }, 'ignored'],
  ['crashloop, its process still up (was unhealthy)', events['stop-began'], 'stopping: progress:stopping'],
  ['stopped', { ...events.restored, alive: false }, 'exited: record:lost'],
  ['stopped', { ...events.restored, alive: false, leftovers: [SERVER] }, 'exited: record:lost'],
  ['stopped', { ...events.restored, record: { ...saved, state: 'exited', identity: null } }, 'exited:'],
  ['stopped', { ...events.restored, record: { ...saved, state: 'crashloop', identity: null } }, 'stopped:'],
  // on_stale: restart restarts at the first change (the new process waits for the save to settle).
  ['running', events['sources-changed'], 'running: record:stale restart', { onStale: 'restart' }],
  ['running', { ...events['sources-changed'], stale: false }, 'running:'],
  ['running', { ...events['sources-changed'], stale: false }, 'running:', { onStale: 'restart' }],
  ['running, stale reported', events['sources-changed'], 'running:'],
  ['running, stale reported', events['sources-changed'], 'running: restart', { onStale: 'restart' }],
  ['crashloop', events['sources-changed'], 'crashloop: restart', { onStale: 'restart' }],
  ['starting', events['sources-changed'], 'starting: record:stale', { onStale: 'restart' }],
  ['stopping', events['sources-changed'], 'stopping: record:stale', { onStale: 'restart' }],
  // A save that landed after the spawn: once up, the new process is restarted in turn.
  ['starting, a save landed after its spawn', events['probe-passed'], 'running: record:health restart', { onStale: 'restart' }],
  ['starting, a save landed after its spawn', events['probe-passed'], 'running: record:health'],
  ['starting', events['probe-passed'], 'running: record:health', { onStale: 'restart' }],
  ['running, stale reported', events['probe-passed'], 'running:', { onStale: 'restart' }],
];

describe('lifecycle: state × event', () => {
  for (const [type, byState] of Object.entries(matrix)) {
    it.each(STATES)(`${type} in %s`, (state) => {
      expect(outcome(lives[state], events[type as keyof typeof events])).toBe(byState[state]);
    });
  }
});

describe('lifecycle: variants', () => {
  it.each(variants)('%s + %o → %s', (from, event, expected, overrides) => {
    expect(outcome(lives[from], event, overrides)).toBe(expected);
  });
});

describe('lifecycle: what a transition records', () => {
  it('a stale mark is kept until a change leaves the process fresh, and a new process starts fresh', () => {
    const marked = next(lives.running, events['sources-changed'], env).life;
    expect(marked).toMatchObject({ sourcesStale: true, staleReportedFor: STARTED_AT });
    expect(next(marked, { ...events['sources-changed'], stale: false }, env).life.sourcesStale).toBe(false);
    const restarted = next({ ...marked, state: 'starting', identity: null, run: newRun(RUN) }, events.spawned, env).life;
    expect(restarted).toMatchObject({ sourcesStale: false, staleReportedFor: null });
  });

  it('a crash records the exit, clears the process and schedules the restart with the reason', () => {
    const t = next(lives.running, events.exited, env);
    expect(t.life).toMatchObject({ identity: null, health: 'unknown', lastExit: { code: 1, reason: 'Error: boom' }, restartDueAt: env.now });
    expect(t.life.restartReason).toBe('exited with code 1: Error: boom');
    expect(t.life.run.exit).toEqual(events.exited.exit);
  });

  it('over its memory limit: the exit that follows is on record with both figures, and the restart says so', () => {
    const over = next(lives.running, events['memory-over-limit'], env);
    expect(over.life.pendingFailure).toEqual({ failure: { kind: 'memory' }, reason: OVER_REASON, ranForMs: env.now - STARTED_AT });
    expect(over.effects).toContainEqual({ kind: 'record', type: 'memory-over-limit', fields: { memory: 540 * MB, limit: 512 * MB, reason: OVER_REASON } });
    const t = next(over.life, { ...events.exited, exit: { code: null, signal: 'SIGTERM', at: env.now }, reason: null }, env);
    expect(t.life).toMatchObject({ state: 'exited', pendingFailure: null, lastExit: { signal: 'SIGTERM', reason: OVER_REASON }, restartReason: OVER_REASON });
    expect(t.effects).toContainEqual({ kind: 'record', type: 'exit', fields: { code: null, signal: 'SIGTERM', reason: OVER_REASON } });
    expect(next(t.life, events['restart-due'], env).effects).toEqual([{ kind: 'restart', by: 'policy', reason: OVER_REASON }]);
  });

  it('a person starting it resets the restart count and the backoff; the policy counts one more', () => {
    const crashed = { ...lives.exited, restarts: 3, history: { restarts: [1, 2, 3], streak: 3 } };
    expect(next(crashed, events['start-requested'], env).life).toMatchObject({ restarts: 0, history: { restarts: [], streak: 0 }, run: { id: RUN + 1 } });
    expect(next(crashed, { type: 'start-requested', by: 'policy' }, env).life).toMatchObject({ restarts: 4, history: crashed.history });
  });

  it('the first passing probe makes the run ready; counted failures before it fail the run', () => {
    expect(next(lives.starting, events['probe-passed'], env).life.run.ready).toBe(true);
    const failed = next(lives.starting, events['probe-failed'], env).life;
    expect(failed).toMatchObject({ health: 'unhealthy', run: { ready: false, failure: 'health check failed 3 times in a row: HTTP 500 in 1ms' } });
  });

  it('a stop of a run that was not ready leaves the reason for those waiting on it', () => {
    const t = next(lives.stopping, events.stopped, env);
    expect(t.life.run.failure).toBeNull();
    const booting = { ...lives.starting, state: 'stopping' as const, run: { ...spawned, stoppedByDown: true, stopRequested: true } };
    expect(next(booting, events.stopped, env).life.run.failure).toBe('stopped by `stack down` before it was ready');
  });

  it('a start that fails before the spawn is on record as an exit with no code, and keeps a failed build\'s log', () => {
    const afterBuild = { ...lives.pending, run: { ...run, log: BUILD_LOG } };
    const t = next(afterBuild, { type: 'start-failed', reason: 'build failed (exited with code 2)' }, env);
    expect(t.life.lastExit).toMatchObject({ code: null, signal: null, reason: 'build failed (exited with code 2)' });
    expect(t.life.run).toMatchObject({ failure: 'build failed (exited with code 2)', log: BUILD_LOG });
    expect(next(lives.pending, events['spawn-started'], env).life.run.log).toBeNull();
  });

  it('a daemonized server becomes the process of the run; its own exit is the end of it', () => {
    const daemonized = next(lives.starting, { ...events.exited, exit: { code: 0, signal: null, at: env.now }, leftovers: [SERVER], holder: SERVER }, env).life;
    expect(daemonized).toMatchObject({ identity: SERVER, daemonizedFrom: ID.pid, state: 'starting', run: { id: RUN, exit: null } });
    const ended = next(daemonized, { ...events.exited, exit: { code: null, signal: null, at: env.now }, leftovers: [], holder: null }, env).life;
    expect(ended).toMatchObject({ identity: null, daemonizedFrom: null, state: 'exited' });
  });

  it("a dead root's survivors found at re-adoption stay the service's own until a stop or the next start", () => {
    const lost = next(lives.stopped, { ...events.restored, alive: false, leftovers: [SERVER] }, env);
    expect(lost.life).toMatchObject({ state: 'exited', identity: null, orphans: [SERVER] });
    expect(lost.effects).toContainEqual({ kind: 'record', type: 'lost', fields: { pid: ID.pid, leftovers: [SERVER.pid] } });
    const down = next(lost.life, { type: 'stopped', pid: null, escalated: false, elapsedMs: 20, leftovers: [SERVER.pid] }, env);
    expect(down.life.orphans).toEqual([]);
  });

  it('an exit with leftovers keeps them as its own while they are stopped, then the policy acts', () => {
    const crashed = next(lives.running, { ...events.exited, leftovers: [SERVER], holder: SERVER }, env);
    expect(crashed.life).toMatchObject({ state: 'exited', orphans: [SERVER], restartDueAt: null });
    expect(crashed.effects).toContainEqual({ kind: 'record', type: 'exit', fields: { code: 1, signal: null, reason: 'Error: boom', leftovers: [SERVER.pid] } });
    const reaped = next(crashed.life, events['leftovers-reaped'], env);
    expect(reaped.life).toMatchObject({ orphans: [], pendingFailure: null, restartDueAt: env.now });
  });

  it('re-adoption keeps the record\'s restarts and last exit, and starts a new run', () => {
    const t = next(lives.stopped, events.restored, env);
    expect(t.life).toMatchObject({ identity: ID, restarts: 2, run: { id: RUN + 1, spawned: true, log: LOG } });
  });
});
