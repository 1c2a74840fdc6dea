import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tailAcrossRotations } from '../../../src/cli/log-printer.js';

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
