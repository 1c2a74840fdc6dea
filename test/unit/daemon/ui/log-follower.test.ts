// The dashboard's live log, against a real file that something else appends to, the way
// a service writes its log: whole lines only, offsets the page can stitch history to,
// rotation (truncation) starting over, and a flood's excess skipped and said so.
import { appendFileSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LogFollower, type LogBatch } from '../../../../src/daemon/ui/log-follower.js';
import { waitFor } from '../../../helpers/procs.js';

let dir = '';
let follower: LogFollower | null = null;
afterEach(() => {
  follower?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function follow(initial: string): { file: string; batches: LogBatch[]; text: () => string } {
  dir = mkdtempSync(path.join(tmpdir(), 'stack-follow-'));
  const file = path.join(dir, 'api.log');
  writeFileSync(file, initial);
  const batches: LogBatch[] = [];
  follower = new LogFollower(() => new Map([['api', file]]), (b) => batches.push(b));
  follower.start();
  return { file, batches, text: () => batches.map((b) => b.text).join('\n') };
}

describe('LogFollower', () => {
  it('hands over the lines written after it started, whole lines only, with their offsets', async () => {
    const { file, batches, text } = follow('before\n');
    appendFileSync(file, 'one\ntw');
    await waitFor(() => text() === 'one', { timeoutMs: 5000, message: 'the first whole line' });
    appendFileSync(file, 'o\r\nthree\n');
    await waitFor(() => text() === 'one\ntwo\nthree', { timeoutMs: 5000, message: 'the line completed, then the next' });
    expect(batches.map(({ lines, start, end }) => ({ lines, start, end }))).toEqual([
      { lines: 1, start: 7, end: 11 },
      { lines: 2, start: 11, end: 22 },
    ]);
  });

  it('starts over at the beginning of a rotated (truncated) log', async () => {
    // Rotation truncates a log that reached max_size: what follows is shorter than that.
    const { file, text } = follow('old line\n'.repeat(1000));
    truncateSync(file, 0);
    appendFileSync(file, 'after rotation\n');
    await waitFor(() => text() === 'after rotation', { timeoutMs: 5000, message: 'the line after the rotation' });
  });

  it('skips what a flood wrote beyond a poll’s read, says how much, and resumes at a line start', async () => {
    const { file, batches } = follow('');
    const line = `${'x'.repeat(99)}\n`;
    appendFileSync(file, line.repeat(30_000) + 'the end\n');
    await waitFor(() => batches.some((b) => b.text.endsWith('the end')), { timeoutMs: 5000, message: 'the flood read to its end' });
    const [batch] = batches;
    expect(batch!.skipped).toBeGreaterThan(1024 * 1024);
    expect(batch!.text.split('\n').slice(0, -1).every((l) => l === 'x'.repeat(99))).toBe(true);
    expect(batch!.skipped! + (batch!.end - batch!.start)).toBe(30_000 * 100 + 8);
  });
});
