import { describe, expect, it } from 'vitest';
import { isRuntimeData } from '../../../../src/runtime/sources/runtime-data.js';

describe('isRuntimeData: files a server writes for itself', () => {
  it.each([
    ['app.log', true],
    ['app.log.1', true],
    ['app.log.2.gz', true],
    ['ERROR.LOG', true],
    ['redis.pid', true],
    ['api.sock', true],
    ['data.sqlite', true],
    ['data.sqlite3', true],
    ['data.sqlite-wal', true],
    ['data.sqlite3-shm', true],
    ['dev.db', true],
    ['dev.db-journal', true],
    ['dump.rdb', true],
    ['temp-4242.rdb', true],
    ['appendonly.aof', true],
    // Code and config, also with those words in the name.
    ['server.js', false],
    ['log.ts', false],
    ['logger.js', false],
    ['db.ts', false],
    ['schema.db.ts', false],
    ['catalog', false],
    ['package-lock.json', false],
    ['yarn.lock', false],
    ['Cargo.lock', false],
    ['changelog.md', false],
    ['.env', false],
  ])('%s → %s', (name, expected) => {
    expect(isRuntimeData(name)).toBe(expected);
  });
});
