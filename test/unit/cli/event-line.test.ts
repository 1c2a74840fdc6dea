// `stack events` in words for the events each `up` writes (read back by `stack analyze`).
import { describe, expect, it } from 'vitest';
import { formatEvent } from '../../../src/cli/render/event-line.js';

const at = '2026-12-01T10:00:00.000Z';

describe('formatEvent: an up in the timeline', () => {
  it.each([
    [{ type: 'up-start', id: '1.1', project: 'shop', services: ['db', 'api'] }, 'stack  up of db, api began'],
    [{ type: 'up-end', id: '1.1', ok: true, elapsedMs: 1234, failed: [] }, 'stack  up done in 1.2s (stack analyze shows where the time went)'],
    [{ type: 'up-end', id: '1.1', ok: false, elapsedMs: 900, failed: [{ service: 'api', reason: 'x', blocked: false }, { service: 'web', reason: 'y', blocked: true }] }, 'stack  up failed after 900ms: api'],
    [{ type: 'launch', service: 'api', after: { db: 'healthy', cache: 'started' } }, 'api    starting: db is healthy, cache is started'],
    [{ type: 'launch', service: 'db', after: {} }, 'db     starting'],
    [{ type: 'listening', service: 'api', address: '127.0.0.1', port: 4000 }, 'api    listening on 127.0.0.1:4000'],
  ])('%o', (event, expected) => {
    // Without its colours and its clock.
    const line = formatEvent({ at, ...event }, 5).replace(/\x1b\[[0-9;]*m/g, '');
    expect(line.slice(line.indexOf('  ') + 2)).toBe(expected);
  });
});

describe('formatEvent: port: auto and memory_limit', () => {
  it.each([
    [{ type: 'port-moved', service: 'api', from: 41234, to: 41240, holder: 'pid 4242 (python3 -m http.server)' }, 'api    port 41234 is held by pid 4242 (python3 -m http.server); moved to 41240 (port: auto)'],
    [{ type: 'memory-over-limit', service: 'api', memory: 566231040, limit: 536870912, reason: 'memory 540 MB over limit 512 MB' }, 'api    memory 540 MB over limit 512 MB (two samples in a row): stopping it'],
  ])('%o', (event, expected) => {
    const line = formatEvent({ at, ...event }, 5).replace(/\x1b\[[0-9;]*m/g, '');
    expect(line.slice(line.indexOf('  ') + 2)).toBe(expected);
  });
});

// One restart writes two events: the policy's decision when the process failed, then the
// new run beginning (after the backoff); their words say which moment each is.
describe('formatEvent: the two moments of a restart', () => {
  it.each([
    [{ type: 'restart-scheduled', service: 'api', delayMs: 0, reason: 'exited with code 3' }, 'api    will restart at once: exited with code 3'],
    [{ type: 'restart-scheduled', service: 'api', delayMs: 500, reason: 'killed by SIGKILL' }, 'api    will restart in 500ms: killed by SIGKILL'],
    [{ type: 'restart', service: 'api', attempt: 1, reason: 'exited with code 3' }, 'api    restart #1 begins: exited with code 3'],
    [{ type: 'restart', service: 'api', attempt: 2, reason: 'memory 540 MB over limit 512 MB' }, 'api    restart #2 begins: memory 540 MB over limit 512 MB'],
    [{ type: 'restart', service: 'api', reason: 'sources changed (on_stale: restart)' }, 'api    restart begins: sources changed (on_stale: restart)'],
  ])('%o', (event, expected) => {
    const line = formatEvent({ at, ...event }, 5).replace(/\x1b\[[0-9;]*m/g, '');
    expect(line.slice(line.indexOf('  ') + 2)).toBe(expected);
  });
});
