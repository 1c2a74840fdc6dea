import { describe, expect, it } from 'vitest';
import { displayPath, formatBytes, formatDuration } from '../../src/format.js';
import { renderTable } from '../../src/cli/render/table.js';

describe('formatDuration', () => {
  it.each([
    [0, '0ms'],
    [412, '412ms'],
    [1234, '1.2s'],
    [42_000, '42s'],
    [192_000, '3m12s'],
    [2 * 3600_000 + 5 * 60_000, '2h05m'],
    [27 * 3600_000, '1d3h'],
  ])('%i ms → %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe('formatBytes', () => {
  it.each([
    [512, '512 B'],
    [1536, '1.5 KB'],
    [52_428_800, '50 MB'],
  ])('%i → %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));
});

describe('displayPath', () => {
  it.each([
    ['/p/.stack/logs/api.log', '/p', '.stack/logs/api.log'],
    ['logs/api.log', '/p', 'logs/api.log'],
    ['/p', '/p', '.'],
    ['/p/..notes', '/p', '..notes'],
    ['/elsewhere/stack.yaml', '/p', '/elsewhere/stack.yaml'],
    ['/p2/stack.yaml', '/p', '/p2/stack.yaml'],
    ['../q/stack.yaml', '/p/sub', '/p/q/stack.yaml'],
  ])('%s from %s → %s', (file, base, shown) => expect(displayPath(file, base)).toBe(shown));
});

describe('renderTable', () => {
  it('aligns columns ignoring colour codes and trims trailing space', () => {
    const out = renderTable(['A', 'BB', 'C'], [['\u001b[32mxx\u001b[39m', 'y', ''], ['z', 'longer', 'end']]);
    expect(out.split('\n').map((l) => l.replace(/\u001b\[\d+m/g, ''))).toEqual(['A   BB      C', 'xx  y', 'z   longer  end']);
  });
});
