import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LogIndexer, offsetSince } from '../../../src/protocol/log-index.js';

describe('log index', () => {
  it('maps a time to the size the log had then', () => {
    const log = join(mkdtempSync(join(tmpdir(), 'idx-')), 'a.log');
    const indexer = new LogIndexer();
    writeFileSync(log, 'first\n');
    indexer.sample(log, 1000);
    indexer.sample(log, 1500); // unchanged: not recorded again
    appendFileSync(log, 'second\n');
    indexer.sample(log, 2000);
    appendFileSync(log, 'third\n');
    indexer.sample(log, 3000);

    expect(offsetSince(log, 500)).toBe(0);
    expect(offsetSince(log, 1000)).toBe(6);
    expect(offsetSince(log, 2500)).toBe(13);
    expect(offsetSince(log, 9999)).toBe(19);
  });

  it('starts over after a rotation, and without an index reads from the start', () => {
    const log = join(mkdtempSync(join(tmpdir(), 'idx-')), 'a.log');
    expect(offsetSince(log, 1000)).toBe(0);
    const indexer = new LogIndexer();
    writeFileSync(log, 'a lot of old text\n');
    indexer.sample(log, 1000);
    writeFileSync(log, 'new\n');
    indexer.sample(log, 2000, true);
    expect(offsetSince(log, 1500)).toBe(0);
    expect(offsetSince(log, 2000)).toBe(4);
  });
});
