// Probe messages write durations the way the rest of stack does (src/format.ts).
import { describe, expect, it } from 'vitest';
import { timedOut } from '../../../../src/runtime/probes/describe.js';

describe('timedOut', () => {
  it.each([
    [300, 'timed out after 300ms'],
    [1000, 'timed out after 1.0s'],
    [1234, 'timed out after 1.2s'],
    [30_000, 'timed out after 30s'],
  ])('%i ms → %s', (ms, text) => expect(timedOut(ms)).toBe(text));
});
