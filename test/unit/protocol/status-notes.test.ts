import { describe, expect, it } from 'vitest';
import { serviceStatus } from '../../../src/protocol/service-status.js';
import { statusNotes } from '../../../src/protocol/status-notes.js';
import type { ServiceStatus } from '../../../src/protocol/status.js';

const now = Date.parse('2026-12-01T10:00:10.000Z');
const startedAt = Date.parse('2026-12-01T10:00:00.000Z');
const running = (over: Partial<ServiceStatus> = {}): ServiceStatus => ({
  ...serviceStatus({ name: 'api', state: 'running', health: 'healthy', identity: { pid: 42, startedAt }, port: 4000, listening: [4000] }),
  ...over,
});
const said = (s: ServiceStatus) => statusNotes(s, now).map((n) => `${n.level}|${n.label ?? ''}|${n.text}`);

describe('statusNotes: what status says beside a service', () => {
  it.each<[string, ServiceStatus, string[]]>([
    ['a healthy fresh service', running(), []],
    [
      'stale, with the newest file and how many more',
      running({ stale: true, staleFiles: [{ path: 'src/a.ts', modifiedAt: '2026-12-01T10:00:03.000Z' }, { path: 'src/b.ts', modifiedAt: '2026-12-01T10:00:02.000Z' }] }),
      ['error|STALE|src/a.ts modified 3.0s after start (+1 more)'],
    ],
    ['config changed, keys only', running({ configChanged: true, configChanges: ['port', 'env.DB_URL'] }), ['error|CONFIG CHANGED|port, env.DB_URL']],
    ['a port mismatch', running({ listening: [4001] }), ['warning||listens on 4001, not 4000']],
    ['an unhealthy probe', running({ health: 'unhealthy', healthDetail: 'HTTP 503 in 2ms' }), ['error||HTTP 503 in 2ms']],
    [
      'a crash with its reason',
      running({ state: 'exited', pid: null, managedBy: null, lastExit: { code: 1, signal: null, at: '2026-12-01T10:00:05.000Z', reason: "Cannot find module 'x'" } }),
      [expect.stringMatching(/^error\|\|exited with code 1 at .*: Cannot find module 'x'$/) as unknown as string],
    ],
    [
      'a job that exited 0: completed, not an error',
      running({ state: 'exited', pid: null, managedBy: null, port: null, listening: [], lastExit: { code: 0, signal: null, at: '2026-12-01T10:00:05.000Z', reason: null } }),
      [expect.stringMatching(/^quiet\|\|completed at .+$/) as unknown as string],
    ],
    [
      'a server that exited 0: down, an error',
      running({ state: 'exited', pid: null, managedBy: null, lastExit: { code: 0, signal: null, at: '2026-12-01T10:00:05.000Z', reason: null } }),
      [expect.stringMatching(/^error\|\|exited with code 0 at .+$/) as unknown as string],
    ],
    ['a foreign holder', running({ managedBy: 'foreign', pid: 7, foreign: { command: 'node old.js', cwd: '/srv' } }), ['warning||not started by stack: pid 7 (node old.js in /srv) holds the port']],
    ['new in stack.yaml', { ...serviceStatus({ name: 'api', state: 'stopped', added: true }) }, ['warning||new in stack.yaml']],
  ])('%s', (_what, status, notes) => expect(said(status)).toEqual(notes));
});
