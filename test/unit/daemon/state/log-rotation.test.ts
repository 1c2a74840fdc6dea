import { existsSync, mkdtempSync, openSync, readFileSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rotateIfLarger } from '../../../../src/daemon/state/log-rotation.js';

describe('rotateIfLarger', () => {
  it('leaves a small log alone', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rot-')), 'a.log');
    writeFileSync(file, 'small\n');
    expect(rotateIfLarger(file, 1024, 3)).toBe(false);
    expect(existsSync(`${file}.1`)).toBe(false);
  });

  it('shifts old files up, keeps at most `keep`, and a writer holding the file in append mode carries on at its start', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rot-')), 'a.log');
    const writer = openSync(file, 'a');
    try {
      for (const round of ['one', 'two', 'three', 'four']) {
        writeSync(writer, `${round}\n`.repeat(100));
        expect(rotateIfLarger(file, 100, 2)).toBe(true);
      }
      writeSync(writer, 'after\n');
    } finally {
      closeSync(writer);
    }
    expect(readFileSync(`${file}.1`, 'utf8').split('\n')[0]).toBe('four');
    expect(readFileSync(`${file}.2`, 'utf8').split('\n')[0]).toBe('three');
    expect(existsSync(`${file}.3`)).toBe(false);
    // O_APPEND: the write after truncation starts the file over, with no hole of zeros.
    expect(readFileSync(file, 'utf8')).toBe('after\n');
  });

  it('ignores a missing file', () => {
    expect(rotateIfLarger(join(tmpdir(), 'no-such-dir-xyz', 'a.log'), 10, 3)).toBe(false);
  });
});
