import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLogTail } from '../../../../src/runtime/logs/log-tail.js';
import { tempDir } from '../spawn-helpers.js';

function logWith(content: string): string {
  const file = join(tempDir(), 'svc.log');
  writeFileSync(file, content);
  return file;
}

describe('readLogTail', () => {
  it('returns the last lines', async () => {
    expect(await readLogTail(logWith('a\nb\nc\nd\n'), 2)).toEqual(['c', 'd']);
  });

  it('reads nothing before `from`: one run of a log holding several', async () => {
    const previous = 'old run\nError: old failure\n';
    const file = logWith(`${previous}new run\nnew failure\n`);
    expect(await readLogTail(file, 20, Buffer.byteLength(previous))).toEqual(['new run', 'new failure']);
    expect(await readLogTail(file, 1, Buffer.byteLength(previous))).toEqual(['new failure']);
    // Truncated since the offset was taken: everything there is counts.
    expect(await readLogTail(logWith('short\n'), 20, 1000)).toEqual(['short']);
  });

  it('returns every line when fewer exist than asked for', async () => {
    expect(await readLogTail(logWith('a\nb\n'), 10)).toEqual(['a', 'b']);
    expect(await readLogTail(logWith(''), 10)).toEqual([]);
  });

  it('handles CRLF, blank lines and a trailing partial line', async () => {
    expect(await readLogTail(logWith('a\r\n\r\nb\r\npartial'), 3)).toEqual(['', 'b', 'partial']);
  });

  it('has no lines for a missing file or a request for none', async () => {
    expect(await readLogTail(join(tempDir(), 'missing.log'), 5)).toEqual([]);
    expect(await readLogTail(logWith('a\n'), 0)).toEqual([]);
  });

  it('reads further back when the last chunk holds too few lines', async () => {
    const lines = Array.from({ length: 50_000 }, (_, i) => `line ${i} ${'x'.repeat(i % 50)}`);
    const file = logWith(`${lines.join('\n')}\n`);
    expect(await readLogTail(file, 3)).toEqual(lines.slice(-3));
    expect(await readLogTail(file, 20_000)).toEqual(lines.slice(-20_000));
  });

  it('keeps multi-byte characters whole', async () => {
    const file = logWith(`${'é'.repeat(70_000)}\nfin ✓\n`);
    expect(await readLogTail(file, 1)).toEqual(['fin ✓']);
  });

  it('rejects a directory with a sentence', async () => {
    const dir = join(tempDir(), 'dir.log');
    mkdirSync(dir);
    await expect(readLogTail(dir, 1)).rejects.toMatchObject({ code: 'LOG_UNREADABLE', message: `Cannot read the log file ${dir}.` });
  });
});
