import { existsSync, mkdtempSync, openSync, readFileSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rotate, rotateIfLarger } from '../../../../src/daemon/state/log-rotation.js';

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

  it('a line written while the copy runs stays in the live log, not lost with the truncation', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rot-')), 'a.log');
    const writer = openSync(file, 'a');
    try {
      writeSync(writer, 'flood line\n'.repeat(50));
      const rotation = rotate(file, 200, 2, () => writeSync(writer, 'flood done\n'));
      expect(rotation).toEqual({ dropped: 550 - readFileSync(`${file}.1`, 'utf8').length });
      // The copy is still only the newest max_size bytes, from a line start.
      const copy = readFileSync(`${file}.1`, 'utf8');
      expect(copy.length).toBeLessThanOrEqual(200);
      expect(copy.startsWith('flood line\n') && copy.endsWith('flood line\n')).toBe(true);
      expect(readFileSync(file, 'utf8')).toBe('flood done\n');
      writeSync(writer, 'after\n');
      expect(readFileSync(file, 'utf8')).toBe('flood done\nafter\n');
    } finally {
      closeSync(writer);
    }
  });

  it('a line written while what came during the copy is read back is kept too (a flood\'s last line, a descheduled daemon)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rot-')), 'a.log');
    const writer = openSync(file, 'a');
    try {
      writeSync(writer, 'flood line\n'.repeat(50));
      const rotation = rotate(file, 200, 2, () => writeSync(writer, 'during the copy\n'), () => writeSync(writer, 'flood done\n'));
      expect(readFileSync(file, 'utf8')).toBe('during the copy\nflood done\n');
      expect(rotation!.dropped).toBe(550 - readFileSync(`${file}.1`, 'utf8').length);
    } finally {
      closeSync(writer);
    }
  });

  it('what comes while reading back is still capped at the newest max_size bytes, from a line start', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rot-')), 'a.log');
    const writer = openSync(file, 'a');
    try {
      writeSync(writer, 'old line\n'.repeat(50));
      const lines = (from: number) => Array.from({ length: 20 }, (_, i) => `new ${from + i}\n`).join('');
      rotate(file, 100, 2, () => writeSync(writer, lines(0)), () => writeSync(writer, lines(20)));
      const live = readFileSync(file, 'utf8');
      expect(live.length).toBeLessThanOrEqual(100);
      expect(live.startsWith('new ') && live.endsWith('new 39\n')).toBe(true);
    } finally {
      closeSync(writer);
    }
  });

  it('of a flood written during the copy, the newest max_size bytes stay in the live log', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rot-')), 'a.log');
    const writer = openSync(file, 'a');
    try {
      writeSync(writer, 'old line\n'.repeat(50));
      const rotation = rotate(file, 100, 2, () => writeSync(writer, Array.from({ length: 40 }, (_, i) => `new ${i}\n`).join('')));
      const live = readFileSync(file, 'utf8');
      expect(live.length).toBeLessThanOrEqual(100);
      expect(live.endsWith('new 39\n')).toBe(true);
      expect(live.startsWith('new ')).toBe(true);
      expect(rotation!.dropped).toBeGreaterThan(0);
    } finally {
      closeSync(writer);
    }
  });

  it('ignores a missing file', () => {
    expect(rotateIfLarger(join(tmpdir(), 'no-such-dir-xyz', 'a.log'), 10, 3)).toBe(false);
  });
});
