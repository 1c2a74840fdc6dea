// Is a build older than its sources? The decision, row by row.
import { describe, expect, it } from 'vitest';
import { buildVerdict } from '../../../src/doctor/build-verdict.js';

const out = (mtimeMs: number) => ({ path: 'dist/server.js', mtimeMs });
const src = (mtimeMs: number) => ({ path: 'src/server.js', mtimeMs });

describe('buildVerdict', () => {
  const rows = [
    ['no output at all', { outputs: 0, oldestOutput: null, newestSource: src(10) }, { kind: 'missing' }],
    ['outputs newer than every source', { outputs: 3, oldestOutput: out(20), newestSource: src(10) }, { kind: 'fresh' }],
    ['written in the same instant', { outputs: 1, oldestOutput: out(10), newestSource: src(10) }, { kind: 'fresh' }],
    ['a source newer than the oldest output', { outputs: 2, oldestOutput: out(10), newestSource: src(11) }, { kind: 'older', oldestOutput: out(10), newestSource: src(11) }],
    ['outputs and no sources', { outputs: 1, oldestOutput: out(10), newestSource: null }, { kind: 'fresh' }],
  ] as const;
  it.each(rows)('%s', (_name, facts, verdict) => {
    expect(buildVerdict(facts)).toEqual(verdict);
  });
});
