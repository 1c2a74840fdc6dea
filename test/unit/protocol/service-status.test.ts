// status --json's entries are built in one place, by the daemon and by the CLI without
// one: the defaults and the field order of the contract (DESIGN §4).
import { describe, expect, it } from 'vitest';
import { serviceStatus } from '../../../src/protocol/service-status.js';

const CONTRACT_KEYS = ['name', 'state', 'health', 'pid', 'port', 'listening', 'startedAt', 'restarts', 'cpu', 'memory', 'stale', 'staleFiles', 'lastExit', 'managedBy'];

const startedAt = Date.parse('2026-11-23T10:00:00.000Z');
const exit = { code: 1, signal: null, at: '2026-11-23T09:59:00.000Z', reason: "Error: Cannot find module 'left-pad'" };
const changed = { path: 'api/server.js', modifiedAt: '2026-11-23T10:05:00.000Z' };

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
        stale: false,
        staleFiles: [],
        lastExit: exit,
        managedBy: null,
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
      stale: true,
      staleFiles: [changed],
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
      stale: true,
      staleFiles: [changed],
      lastExit: exit,
      managedBy: 'stack',
      healthDetail: 'HTTP 200 in 3ms',
      restartAt: null,
    });
  });

  it('writes a pending restart as an ISO time, and keeps null extras of a service without a process', () => {
    const status = serviceStatus({ name: 'api', state: 'exited', identity: null, usage: null, healthDetail: null, restartAt: startedAt + 2000 });
    expect(status).toMatchObject({ pid: null, startedAt: null, managedBy: null, cpu: null, healthDetail: null, restartAt: '2026-11-23T10:00:02.000Z' });
    expect(Object.keys(status)).toEqual([...CONTRACT_KEYS, 'healthDetail', 'restartAt']);
  });
});
