/**
 * The lifecycle of one service, as a pure transition: `next(life, event, env)` returns
 * the new lifecycle and the effects to run. Every change of a service's state, health,
 * process, restart count or last exit is a row here; the probes, the exit watch, the
 * build step, the restart timer and the source watcher only report events, and the
 * service object (service.ts) is the one writer that applies what this returns.
 *
 * An event that makes no sense in the current state (a probe result after a stop, an
 * exit of a run that was replaced) is ignored: `ignored` says why, and nothing changes.
 */
import { describeExitWithReason, isCleanExit, memoryOverLimit } from '../../protocol/exit-wording.js';
import type { LastExit } from '../../protocol/status.js';
import { afterFailure, ignore, notReadyReason, progress, record, stale, to } from './lifecycle-steps.js';
import { isActive, type Effect, type Lifecycle, type LifecycleEnv, type LifecycleEvent, type Transition } from './lifecycle-types.js';
import { emptyHistory, type Failure } from './restart-policy.js';
import { newRun } from './run.js';
import { retryCrashloopOnChange, shouldAutoRestart } from './staleness.js';

type Handler<E> = (life: Lifecycle, event: E, env: LifecycleEnv) => Transition;
type Handlers = { [T in LifecycleEvent['type']]: Handler<Extract<LifecycleEvent, { type: T }>> };

export function next(life: Lifecycle, event: LifecycleEvent, env: LifecycleEnv): Transition {
  const handler = handlers[event.type] as Handler<LifecycleEvent>;
  return handler(life, event, env);
}

const handlers: Handlers = {
  'start-requested': (life, { by, reason }) => {
    if (isActive(life.state) || life.state === 'stopping') return ignore(life, `it is ${life.state}`);
    const run = newRun(life.run.id + 1);
    // A new run starts clean: the start (its port check) stops any orphan in its way.
    const common = { state: 'pending' as const, run, restartDueAt: null, restartReason: null, beforeBuild: null };
    if (by === 'policy') {
      const restarts = life.restarts + 1;
      return to(life, { ...common, restarts }, record('restart', { attempt: restarts, reason }));
    }
    // A person (or a code change) started it: the count of automatic restarts and the backoff start over.
    const started = to(life, { ...common, restarts: 0, history: emptyHistory() }, { kind: 'cancel-restart' });
    if (by === 'change') started.effects.push(record('restart', { reason }));
    return started;
  },

  abandoned: (life, { reason }) => {
    if (life.state !== 'pending') return ignore(life, `it is ${life.state}, not waiting to start`);
    return to(life, { state: 'stopped', run: { ...life.run, failure: reason } });
  },

  'build-started': (life, { log }) => {
    if (life.state === 'building' || life.state === 'stopping') return ignore(life, `it is ${life.state}`);
    // The build log is the run's output to show until the process is spawned.
    return to(life, { state: 'building', beforeBuild: life.state, run: { ...life.run, log } }, progress('building'));
  },

  'build-finished': (life, { code, signal, durationMs }) => {
    const recorded = record('build', { code, signal, durationMs });
    // Something else happened meanwhile (the process exited, a stop): that state stands.
    if (life.state !== 'building') return to(life, {}, recorded);
    return to(life, { state: life.beforeBuild ?? 'stopped', beforeBuild: null }, recorded);
  },

  'spawn-started': (life) => {
    if (life.state !== 'pending') return ignore(life, `it is ${life.state}, not about to start`);
    return to(life, { state: 'starting', run: { ...life.run, log: null } }, progress('starting'));
  },

  'start-failed': (life, { reason }, env) => {
    if (life.state !== 'pending' && life.state !== 'starting') return ignore(life, `it is ${life.state}, not starting`);
    if (life.identity) return ignore(life, 'its process is already running');
    // A failed build's log explains it (spawn-started let go of it: a busy port or a spawn error has no output to show).
    return to(
      life,
      {
        state: 'exited',
        lastExit: { code: null, signal: null, at: new Date(env.now).toISOString(), reason },
        run: { ...life.run, failure: reason },
      },
      record('start-failed', { reason }),
    );
  },

  spawned: (life, { identity, log }) => {
    if (life.state !== 'starting' || life.run.stopRequested) return ignore(life, `it is ${life.state}`);
    if (life.identity) return ignore(life, 'its process is already running');
    return to(
      life,
      { identity, staleReportedFor: null, sourcesStale: false, run: { ...life.run, spawned: true, log } },
      { kind: 'process-started', startedAt: identity.startedAt },
      record('start', { pid: identity.pid }),
      { kind: 'monitor', watchExit: false },
    );
  },

  listening: (life, { runId, address, port }) => {
    const old = stale(life, runId);
    if (old) return ignore(life, old);
    if (!life.identity || life.run.listening) return ignore(life, life.identity ? 'it was heard listening already' : 'no process runs');
    return to(life, { run: { ...life.run, listening: true } }, record('listening', { address, port }));
  },

  'probe-passed': (life, { runId, detail }, env) => {
    const old = stale(life, runId);
    if (old) return ignore(life, old);
    if (!life.identity) return ignore(life, 'no process runs');
    const effects = life.health === 'healthy' ? [] : [record('health', { health: 'healthy', detail })];
    const changes: Partial<Lifecycle> = { health: 'healthy', healthDetail: detail };
    if (!life.run.ready) {
      changes.run = { ...life.run, ready: true };
      // The first pass makes the run ready; during a build it is where the build returns to.
      if (life.state === 'building') changes.beforeBuild = 'running';
      else if (life.state === 'starting') changes.state = 'running';
      // A save that landed while it started (after its spawn): the process is up, and stale.
      if (changes.state === 'running' && life.sourcesStale && shouldAutoRestart({ onStale: env.onStale, state: 'running', crashLooping: false })) {
        effects.push({ kind: 'restart', by: 'change', reason: 'sources changed while it started (on_stale: restart)' });
      }
    }
    return to(life, changes, ...effects);
  },

  'probe-failed': (life, { runId, detail, counted, failures }, env) => {
    const old = stale(life, runId);
    if (old) return ignore(life, old);
    if (!life.identity) return ignore(life, 'no process runs');
    if (!counted || failures < env.retries) return to(life, { healthDetail: detail });
    const reason = `health check failed ${failures === 1 ? 'once' : `${failures} times in a row`}: ${detail}`;
    const run = life.run.ready ? life.run : { ...life.run, failure: life.run.failure ?? reason };
    const unhealthy = { ...life, health: 'unhealthy' as const, healthDetail: detail, run };
    if (life.health === 'unhealthy') return to(unhealthy, {});
    const ranForMs = env.now - life.identity.startedAt;
    const policy = afterFailure(unhealthy, { kind: 'unhealthy' }, reason, ranForMs, env);
    return { life: policy.life, effects: [record('health', { health: 'unhealthy', detail }), ...policy.effects] };
  },

  exited: (life, { runId, exit, reason, leftovers, holder }, env) => {
    const old = stale(life, runId);
    if (old) return ignore(life, old);
    if (!life.identity) return ignore(life, 'no process runs');
    if (holder && isCleanExit(exit) && life.daemonizedFrom === null) {
      // The command daemonized: it exited cleanly and left its server on the port (Type=forking).
      return to(
        life,
        { identity: holder, daemonizedFrom: life.identity.pid, staleReportedFor: null, sourcesStale: false },
        record('daemonized', { pid: holder.pid, from: life.identity.pid }),
        { kind: 'process-started', startedAt: holder.startedAt },
        // Not our child: no exit event comes for it, so the monitor polls its liveness.
        { kind: 'monitor', watchExit: true },
      );
    }
    const ranForMs = env.now - life.identity.startedAt;
    // Stopped by stack over its memory limit: that is why it ended, and the failure the policy counts.
    const over = life.pendingFailure;
    const lastExit: LastExit = { code: exit.code, signal: exit.signal, at: new Date(exit.at).toISOString(), reason: over?.reason ?? reason };
    const ended: Lifecycle = {
      ...life,
      state: 'exited',
      health: 'unknown',
      identity: null,
      sourcesStale: false,
      lastExit,
      beforeBuild: null,
      daemonizedFrom: null,
      pendingFailure: null,
      run: { ...life.run, exit },
    };
    const pids = leftovers.map((p) => p.pid);
    const recorded = record('exit', { code: exit.code, signal: exit.signal, reason: lastExit.reason, ...(pids.length > 0 ? { leftovers: pids } : {}) });
    const failure: Failure = over?.failure ?? { kind: 'exit', code: exit.code, signal: exit.signal, job: env.job };
    const why = over?.reason ?? describeExitWithReason(lastExit);
    // A service is its process tree: what is left of it goes before the policy acts.
    if (leftovers.length > 0) {
      return to(ended, { pendingFailure: { failure, reason: why, ranForMs }, orphans: leftovers }, { kind: 'abort-run' }, recorded, { kind: 'reap', leftovers });
    }
    // `up` reports a crash at start at once; the policy still retries it in the background
    // (the cause may be passing) until it counts as a crash loop.
    const policy = afterFailure(ended, failure, why, ranForMs, env);
    return { life: policy.life, effects: [{ kind: 'abort-run' }, recorded, ...policy.effects] };
  },

  'leftovers-reaped': (life, { runId, pids, escalated }, env) => {
    if (runId !== life.run.id || !life.pendingFailure) return ignore(life, 'no exit waits for its leftovers');
    const { failure, reason, ranForMs } = life.pendingFailure;
    const policy = afterFailure({ ...life, pendingFailure: null, orphans: [] }, failure, reason, ranForMs, env);
    return { life: policy.life, effects: [record('leftovers-stopped', { pids, escalated }), ...policy.effects] };
  },

  'memory-over-limit': (life, { runId, bytes, limit }, env) => {
    const old = stale(life, runId);
    if (old) return ignore(life, old);
    if (!life.identity) return ignore(life, 'no process runs');
    if (life.pendingFailure) return ignore(life, 'its process is being stopped already');
    // Stopped now rather than at the restart: a backoff must not leave it growing, nor a crash loop or restart: no.
    const reason = memoryOverLimit(bytes, limit);
    const failure: Failure = { kind: 'memory' };
    return to(
      life,
      { pendingFailure: { failure, reason, ranForMs: env.now - life.identity.startedAt } },
      record('memory-over-limit', { memory: bytes, limit, reason }),
      { kind: 'stop-process' },
    );
  },

  'restart-due': (life) => {
    if (life.restartDueAt === null) return ignore(life, 'no restart is scheduled');
    return to(life, { restartDueAt: null, restartReason: null }, { kind: 'restart', by: 'policy', reason: life.restartReason ?? 'restart policy' });
  },

  'stop-requested': (life, { replaced, byDown }) =>
    to(
      life,
      { restartDueAt: null, restartReason: null, run: { ...life.run, replaced, stoppedByDown: byDown, stopRequested: true } },
      { kind: 'cancel-restart' },
      { kind: 'abort-run' },
    ),

  'stop-began': (life) => {
    if (!life.identity) return ignore(life, 'no process runs');
    if (life.state === 'stopping') return ignore(life, 'it is stopping already');
    return to(life, { state: 'stopping', beforeBuild: null }, progress('stopping'));
  },

  stopped: (life, { pid, escalated, elapsedMs, leftovers }) => {
    const failure = life.run.failure ?? (life.run.ready ? null : notReadyReason(life.run));
    const run = { ...life.run, failure };
    const also = leftovers.length > 0 ? { leftovers } : {};
    const over = { beforeBuild: null, daemonizedFrom: null, pendingFailure: null, orphans: [], run };
    if (pid === null) {
      if (life.identity) return ignore(life, 'its process still runs');
      // Nothing ran: a crash stays on record as `exited`.
      const state = life.state === 'exited' ? 'exited' : 'stopped';
      // What a dead root left running was stopped: that is news (down never says "nothing was running" then).
      if (leftovers.length > 0) return to(life, { ...over, state }, record('stop', { pid: null, escalated, ...also }), progress('stopped', { elapsedMs }));
      return to(life, { ...over, state });
    }
    if (life.state !== 'stopping') return ignore(life, `it is ${life.state}, not stopping`);
    return to(
      life,
      { ...over, state: 'stopped', health: 'unknown', identity: null },
      record('stop', { pid, escalated, ...also }),
      progress('stopped', { elapsedMs }),
    );
  },

  restored: (life, { record: saved, alive, log, leftovers }) => {
    if (life.state !== 'stopped' || life.identity) return ignore(life, 'it is already supervised');
    const kept = { restarts: saved.restarts, lastExit: saved.lastExit };
    if (saved.identity && alive) {
      return to(
        life,
        { ...kept, state: 'starting', identity: saved.identity, daemonizedFrom: saved.daemonizedFrom ?? null, run: { ...newRun(life.run.id + 1), spawned: true, log } },
        // Files saved while no daemon watched count too.
        { kind: 'watch-sources', primeSince: saved.identity.startedAt },
        record('adopt', { pid: saved.identity.pid }),
        // We are not its parent, so no exit event comes: the monitor polls liveness instead.
        { kind: 'monitor', watchExit: true },
      );
    }
    if (saved.identity) {
      const left = leftovers.length > 0 ? { leftovers: leftovers.map((p) => p.pid) } : {};
      return to(life, { ...kept, state: 'exited', orphans: leftovers }, record('lost', { pid: saved.identity.pid, ...left }));
    }
    return to(life, { ...kept, state: saved.state === 'exited' ? 'exited' : 'stopped' });
  },

  // on_stale: restart restarts at the first change of a save: the stale process is stopped
  // at once, and the new one waits for the save to settle (service.ts, save-settle.ts).
  'sources-changed': (life, { path, stale: isStale }, env) => {
    // A crash loop gets one more try on the next change, with on_stale: restart.
    if (retryCrashloopOnChange({ onStale: env.onStale, state: life.state })) {
      return to(life, {}, { kind: 'restart', by: 'change', reason: 'sources changed after a crash loop' });
    }
    if (!life.identity) return to(life, {});
    if (!isStale) return to(life, { sourcesStale: false });
    const effects: Effect[] = [];
    const changes: Partial<Lifecycle> = { sourcesStale: true };
    if (life.staleReportedFor !== life.identity.startedAt) {
      changes.staleReportedFor = life.identity.startedAt;
      effects.push(record('stale', { files: path, pid: life.identity.pid }));
    }
    if (shouldAutoRestart({ onStale: env.onStale, state: life.state, crashLooping: false })) {
      effects.push({ kind: 'restart', by: 'change', reason: 'sources changed (on_stale: restart)' });
    }
    return to(life, changes, ...effects);
  },
};
