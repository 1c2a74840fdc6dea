/**
 * `stack status --watch`'s pure half: whether a refresh is a change worth a new copy in a
 * pipe, and the string that redraws a frame in place on a terminal.
 */
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { changed, fitFrame, frameText, NOT_RUNNING, redraw, steadyKey, truncate, type Seen } from '../../../../src/cli/watch/frame.js';
import { serviceStatus } from '../../../../src/protocol/service-status.js';
import type { ServiceStatus, StatusResponse } from '../../../../src/protocol/status.js';

const ID = { pid: 4242, startToken: 't', startedAt: Date.parse('2026-12-01T10:00:00.000Z') };
const api = serviceStatus({ name: 'api', state: 'running', health: 'healthy', identity: ID, port: 4000, listening: [4000], usage: { cpu: 0.4, memory: 50e6 }, healthDetail: 'HTTP 200 in 2ms' });

function seen(changes: Partial<ServiceStatus> = {}, top: Partial<StatusResponse> = {}): Seen {
  return { status: { project: 'shop', config: 'stack.yaml', daemon: { running: true, pid: 1 }, configProblem: null, services: [{ ...api, ...changes }], ...top } };
}

type Row = [what: string, next: Seen, table: boolean, json: boolean];
const rows: Row[] = [
  ['nothing', seen(), false, false],
  ['cpu and memory', seen({ cpu: 12.5, memory: 90e6 }), false, false],
  ['the probe wording while healthy', seen({ healthDetail: 'HTTP 200 in 9ms' }), false, false],
  ['where it listens (the table shows no difference)', seen({ listening: [] }), false, true],
  ['its state', seen({ state: 'starting', health: 'unknown' }), true, true],
  ['its pid and start (a restart)', seen({ pid: 4343, startedAt: '2026-12-01T10:05:00.000Z', restarts: 1 }), true, true],
  ['health', seen({ health: 'unhealthy', healthDetail: 'HTTP 503' }), true, true],
  ['a stale mark', seen({ stale: true, staleFiles: [{ path: 'src/a.js', modifiedAt: '2026-12-01T10:01:00.000Z' }] }), true, true],
  ['the daemon going away', seen({}, { daemon: { running: false, pid: null } }), true, true],
  ['stack.yaml not loading with no daemon', { problem: 'stack is not running, and stack.yaml has 1 problem' }, true, true],
];

describe('changed: a new copy only when the stack changed', () => {
  const before = seen();
  it.each(rows)('%s', (_what, next, table, json) => {
    expect(changed(steadyKey(before), next)).toBe(table);
    expect(changed(steadyKey(before, true), next, true)).toBe(json);
  });

  it('prints the first refresh', () => {
    expect(changed(null, seen())).toBe(true);
  });

  it('while unhealthy, a new probe result is a change', () => {
    const unhealthy = seen({ health: 'unhealthy', healthDetail: 'HTTP 503' });
    expect(changed(steadyKey(unhealthy), seen({ health: 'unhealthy', healthDetail: 'connection refused on 127.0.0.1 and ::1' }))).toBe(true);
  });

  it('the clock alone changes nothing (uptime is read at a fixed clock)', () => {
    const key = steadyKey(seen());
    expect(steadyKey(seen())).toBe(key);
    expect(frameText(seen(), ID.startedAt + 1000, false)).not.toBe(frameText(seen(), ID.startedAt + 5000, false));
  });
});

describe('frameText', () => {
  it('a pipe copy says when it is from, a terminal frame says how to stop', () => {
    const now = ID.startedAt + 3000;
    expect(stripVTControlCharacters(frameText(seen(), now, false)).split('\n')[0]).toMatch(/^— \d\d:\d\d:\d\d$/);
    expect(stripVTControlCharacters(frameText(seen(), now, true)).split('\n').at(-1)).toMatch(/^updated \d\d:\d\d:\d\d · Ctrl-C to stop$/);
  });

  it('says the stack is not running when no daemon answers', () => {
    expect(frameText(seen({}, { daemon: { running: false, pid: null } }), 0, false)).toContain(NOT_RUNNING);
    expect(frameText(seen(), 0, false)).not.toContain(NOT_RUNNING);
  });
});

describe('redraw: one write that replaces the previous frame in place', () => {
  it.each([
    ['the first frame', 0, ['a', 'b'], 'a\x1b[K\nb\x1b[K\n\x1b[J'],
    ['over a frame of 3 lines', 3, ['x', 'y', 'z'], '\x1b[3Fx\x1b[K\ny\x1b[K\nz\x1b[K\n\x1b[J'],
    ['a shorter frame: the rest below is erased', 4, ['x'], '\x1b[4Fx\x1b[K\n\x1b[J'],
  ])('%s', (_what, previous, lines, expected) => {
    expect(redraw(previous, lines)).toBe(expected);
  });
});

describe('fitFrame: never wider or taller than the terminal', () => {
  it('cuts a long line below the width, keeping its colours and closing them', () => {
    const [line] = fitFrame(`\x1b[31m${'x'.repeat(50)}\x1b[39m`, 20, 10);
    expect(stripVTControlCharacters(line!)).toBe(`${'x'.repeat(18)}…`);
    expect(line!.startsWith('\x1b[31m')).toBe(true);
    expect(line!.endsWith('\x1b[0m…')).toBe(true);
  });

  it('leaves a short line alone', () => {
    expect(truncate('\x1b[32mok\x1b[39m', 10)).toBe('\x1b[32mok\x1b[39m');
  });

  it('keeps at most rows − 1 lines, the last saying how many are hidden', () => {
    const lines = fitFrame(Array.from({ length: 12 }, (_, i) => `line ${i}`).join('\n'), 80, 6);
    expect(lines).toHaveLength(5);
    expect(lines.slice(0, 4)).toEqual(['line 0', 'line 1', 'line 2', 'line 3']);
    expect(stripVTControlCharacters(lines[4]!)).toBe('… 8 more lines (a taller terminal shows them)');
  });
});
