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
    [{ type: 'restart', service: 'api', attempt: 1, reason: 'memory 540 MB over limit 512 MB' }, 'api    restarted: memory 540 MB over limit 512 MB (restart #1)'],
  ])('%o', (event, expected) => {
    const line = formatEvent({ at, ...event }, 5).replace(/\x1b\[[0-9;]*m/g, '');
    expect(line.slice(line.indexOf('  ') + 2)).toBe(expected);
  });
});
