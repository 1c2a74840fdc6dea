import { describe, expect, it } from 'vitest';
import { isNeverSource } from '../../../../src/runtime/sources/never-sources.js';

describe('isNeverSource: what a server writes for itself, and what editors leave beside a file', () => {
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
    ['.server.js.swp', true],
    ['.server.js.swo', true],
    ['4913', true],
    ['server.js~', true],
    ['.#server.js', true],
    ['#server.js#', true],
    ['server.js___jb_tmp___', true],
    ['server.js.orig', true],
    ['server.js.rej', true],
    ['.DS_Store', true],
    ['Thumbs.db', true],
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
    ['.swcrc', false],
    ['server.swp.js', false],
    ['49130', false],
    ['#readme.md', false],
  ])('%s → %s', (name, expected) => {
    expect(isNeverSource(name)).toBe(expected);
  });
});
