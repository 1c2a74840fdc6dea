import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { grepPattern, readLogLines, sinceTime, tailAcrossRotations } from '../../../src/cli/log-lines.js';
import { StackError } from '../../../src/errors.js';

describe('tailAcrossRotations', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'stack-tail-'));
  const file = path.join(dir, 'api.log');
  writeFileSync(`${file}.2`, 'a1\na2\n');
  writeFileSync(`${file}.1`, 'b1\nb2\nb3\n');
  writeFileSync(file, 'c1\n');

  it('reads only the live file when it holds enough lines', async () => {
    writeFileSync(path.join(dir, 'web.log'), 'x\ny\nz\n');
    writeFileSync(path.join(dir, 'web.log.1'), 'old\n');
    expect(await tailAcrossRotations(path.join(dir, 'web.log'), 2)).toEqual(['y', 'z']);
  });

  it('continues into the rotated copies, newest first, keeping the order of the lines', async () => {
    expect(await tailAcrossRotations(file, 3)).toEqual(['b2', 'b3', 'c1']);
    expect(await tailAcrossRotations(file, 5)).toEqual(['a2', 'b1', 'b2', 'b3', 'c1']);
  });

  it('returns what there is when all the files together are shorter', async () => {
    expect(await tailAcrossRotations(file, 50)).toEqual(['a1', 'a2', 'b1', 'b2', 'b3', 'c1']);
    expect(await tailAcrossRotations(path.join(dir, 'missing.log'), 5)).toEqual([]);
  });
});

describe('readLogLines with grep', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'stack-grep-'));
  const file = path.join(dir, 'api.log');
  writeFileSync(`${file}.1`, 'GET /a 200\nPOST /a 404\nGET /b 200\n');
  writeFileSync(file, 'GET /c 500\nPOST /c 404\nGET /d 200\n');

  it.each([
    { grep: /404/, lines: 50, want: ['POST /a 404', 'POST /c 404'] },
    { grep: /404/, lines: 1, want: ['POST /c 404'] },
    { grep: /^GET/, lines: 2, want: ['GET /c 500', 'GET /d 200'] },
    { grep: /^GET/, lines: 3, want: ['GET /b 200', 'GET /c 500', 'GET /d 200'] },
    { grep: /nothing/, lines: 5, want: [] },
    { grep: /GET/, lines: 0, want: [] },
  ])('$grep, last $lines: the last matching lines, reaching into rotated copies', async ({ grep, lines, want }) => {
    expect(await readLogLines(file, { lines, grep })).toEqual(want);
  });
});

describe('grepPattern and sinceTime', () => {
  it('an invalid regular expression is a usage error naming the option', () => {
    const error = (() => {
      try {
        grepPattern('[oops', 'grep');
      } catch (e) {
        return e as StackError;
      }
    })();
    expect(error).toBeInstanceOf(StackError);
    expect(error?.message).toBe('grep [oops is not a regular expression: Unterminated character class.');
    expect(error?.exitCode).toBe(2);
  });

  const now = new Date(2026, 10, 23, 15, 0, 0);
  it.each([
    { text: '10m', want: now.getTime() - 600_000 },
    { text: '14:02', want: new Date(2026, 10, 23, 14, 2, 0).getTime() },
    { text: '2026-11-23T14:02:00Z', want: Date.parse('2026-11-23T14:02:00Z') },
  ])('since $text', ({ text, want }) => {
    expect(sinceTime(text, '--since', now)).toBe(want);
  });

  it('since something else is a usage error', () => {
    expect(() => sinceTime('yesterday-ish')).toThrow('--since yesterday-ish is neither a duration nor a time.');
  });
});
