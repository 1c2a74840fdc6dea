// status --json's entries are built in one place, by the daemon and by the CLI without
// one: the defaults, the field order of the contract (DESIGN §4), and the foreign form.
import { describe, expect, it } from 'vitest';
import { asForeign, serviceStatus, withForeign } from '../../../src/protocol/service-status.js';
import type { ForeignHolder } from '../../../src/runtime/ports/foreign.js';

const CONTRACT_KEYS = [
  'name', 'state', 'health', 'pid', 'port', 'listening', 'startedAt', 'restarts', 'cpu', 'memory', 'memoryLimit',
  'stale', 'staleFiles', 'staleBy', 'loaded', 'configChanged', 'configChanges', 'lastExit', 'managedBy', 'notes',
];

const startedAt = Date.parse('2026-11-23T10:00:00.000Z');
const exit = { code: 1, signal: null, at: '2026-11-23T09:59:00.000Z', reason: "Error: Cannot find module 'left-pad'" };
const changed = { path: 'api/server.js', modifiedAt: '2026-11-23T10:05:00.000Z' };

function holder(over: Partial<ForeignHolder> = {}): ForeignHolder {
  return { port: 4000, pid: 4242, command: 'node server.js', cwd: '/srv/api', startedAt, staleFiles: [], ...over };
}

describe('serviceStatus', () => {
  it('fills in what a reader without a daemon cannot know, and leaves out the daemon-only extras', () => {
    const status = serviceStatus({ name: 'api', state: 'exited', port: 4000, restarts: 2, lastExit: exit });
    expect(JSON.stringify(status)).toBe(
      JSON.stringify({
        name: 'api',
        state: 'exited',
        health: 'unknown',
        pid: null,
        port: 4000,
        listening: [],
        startedAt: null,
        restarts: 2,
        cpu: null,
        memory: null,
        memoryLimit: null,
        stale: false,
        staleFiles: [],
        staleBy: null,
        loaded: null,
        configChanged: false,
        configChanges: [],
        lastExit: exit,
        managedBy: null,
        notes: [],
      }),
    );
  });

  it('takes undefined for a config without a port and state.json without a record', () => {
    const status = serviceStatus({ name: 'worker', state: 'stopped', port: undefined, restarts: undefined, lastExit: undefined });
    expect(status).toMatchObject({ port: null, restarts: 0, lastExit: null });
    expect(Object.keys(status)).toEqual(CONTRACT_KEYS);
  });

  it('shows a process stack runs: its pid and start time, managed by stack, the extras last', () => {
    const status = serviceStatus({
      name: 'api',
      state: 'running',
      health: 'healthy',
      identity: { pid: 1234, startedAt },
      port: 4000,
      listening: [4000, 9229],
      restarts: 1,
      usage: { cpu: 12.5, memory: 50_000_000 },
      memoryLimit: 64 * 1024 ** 2,
      stale: true,
      staleFiles: [changed],
      staleBy: { by: 'content', reason: null },
      configChanges: ['port', 'env.DATABASE_URL'],
      lastExit: exit,
      healthDetail: 'HTTP 200 in 3ms',
      restartAt: null,
    });
    expect(Object.keys(status)).toEqual([...CONTRACT_KEYS, 'healthDetail', 'restartAt']);
    expect(status).toEqual({
      name: 'api',
      state: 'running',
      health: 'healthy',
      pid: 1234,
      port: 4000,
      listening: [4000, 9229],
      startedAt: '2026-11-23T10:00:00.000Z',
      restarts: 1,
      cpu: 12.5,
      memory: 50_000_000,
      memoryLimit: 64 * 1024 ** 2,
      stale: true,
      staleFiles: [changed],
      staleBy: 'content',
      loaded: null,
      configChanged: true,
      configChanges: ['port', 'env.DATABASE_URL'],
      lastExit: exit,
      managedBy: 'stack',
      notes: [],
      healthDetail: 'HTTP 200 in 3ms',
      restartAt: null,
    });
  });

  it('writes a pending restart as an ISO time, and keeps null extras of a service without a process', () => {
    const status = serviceStatus({ name: 'api', state: 'exited', identity: null, usage: null, healthDetail: null, restartAt: startedAt + 2000 });
    expect(status).toMatchObject({ pid: null, startedAt: null, managedBy: null, cpu: null, healthDetail: null, restartAt: '2026-11-23T10:00:02.000Z' });
    expect(Object.keys(status)).toEqual([...CONTRACT_KEYS, 'healthDetail', 'restartAt']);
  });

  it('notes a service new in stack.yaml, and one removed from it, which counts as a changed config', () => {
    expect(serviceStatus({ name: 'worker', state: 'stopped', added: true })).toMatchObject({ configChanged: false, configChanges: [], notes: ['new in stack.yaml'] });
    const removed = serviceStatus({ name: 'web', state: 'running', identity: { pid: 1234, startedAt }, removed: true });
    expect(removed).toMatchObject({ configChanged: true, configChanges: [], notes: ['removed from stack.yaml'] });
  });

  it('says how staleness is decided while a process runs, and why when it falls back to mtimes', () => {
    const running = { name: 'api', state: 'running' as const, identity: { pid: 1234, startedAt } };
    expect(serviceStatus({ ...running, staleBy: { by: 'content', reason: null } })).toMatchObject({ staleBy: 'content', notes: [] });
    expect(serviceStatus({ ...running, staleBy: { by: 'mtime', reason: 'not in a git repository' } })).toMatchObject({
      staleBy: 'mtime',
      notes: ['stale by mtime: not in a git repository'],
    });
    // Not known yet, or no process: null, and no note.
    expect(serviceStatus({ ...running, staleBy: null })).toMatchObject({ staleBy: null, notes: [] });
    expect(serviceStatus({ name: 'api', state: 'stopped', staleBy: { by: 'mtime', reason: 'x' } })).toMatchObject({ staleBy: null, notes: [] });
  });
});

describe('asForeign', () => {
  const stopped = serviceStatus({ name: 'api', state: 'stopped', port: 4000, restarts: 3, lastExit: exit, healthDetail: null, restartAt: null });

  it('shows the holder: running, its pid, start time and command, managed by someone else', () => {
    const foreign = asForeign(stopped, holder());
    expect(foreign).toEqual({
      ...stopped,
      state: 'running',
      pid: 4242,
      listening: [4000],
      startedAt: '2026-11-23T10:00:00.000Z',
      staleBy: 'mtime',
      managedBy: 'foreign',
      foreign: { command: 'node server.js', cwd: '/srv/api' },
    });
    // The contract's order is kept; what only a foreign entry has comes last.
    expect(Object.keys(foreign)).toEqual([...Object.keys(stopped), 'foreign']);
  });

  it('is stale when sources changed after the holder started', () => {
    expect(asForeign(stopped, holder({ staleFiles: [changed] }))).toMatchObject({ stale: true, staleFiles: [changed] });
  });

  it('says nothing it does not know about a holder the OS hides (a process of another user)', () => {
    const hidden = asForeign(stopped, holder({ pid: null, command: null, cwd: null, startedAt: null }));
    expect(hidden).toMatchObject({ pid: null, startedAt: null, stale: false, managedBy: 'foreign', foreign: { command: null, cwd: null } });
  });

  it('leaves the status it was given alone', () => {
    const before = JSON.stringify(stopped);
    asForeign(stopped, holder());
    expect(JSON.stringify(stopped)).toBe(before);
  });
});

describe('withForeign', () => {
  it('turns only the services without a process of stack that have a holder, by name', () => {
    const ours = serviceStatus({ name: 'api', state: 'running', identity: { pid: 1234, startedAt }, port: 4000 });
    const idle = serviceStatus({ name: 'web', state: 'stopped', port: 3000 });
    const free = serviceStatus({ name: 'db', state: 'stopped', port: 5432 });
    const holders = new Map([
      ['api', holder()],
      ['web', holder({ port: 3000, pid: 777 })],
    ]);
    const [api, web, db] = withForeign([ours, idle, free], holders);
    expect(api).toBe(ours);
    expect(web).toMatchObject({ name: 'web', pid: 777, listening: [3000], managedBy: 'foreign' });
    expect(db).toBe(free);
  });

  it("shows a holder the service itself left running (its root is gone) as stack's, not foreign", () => {
    const exited = serviceStatus({ name: 'web', state: 'exited', port: 3000, lastExit: exit });
    const [web] = withForeign([exited], new Map([['web', holder({ port: 3000, pid: 778 })]]), new Map([['web', [778]]]));
    expect(web).toMatchObject({ name: 'web', state: 'exited', pid: 778, listening: [3000], managedBy: 'stack', lastExit: exit });
    expect(web).not.toHaveProperty('foreign');
  });
});
