// Has a source changed since its process started? The decision, row by row.
import { describe, expect, it } from 'vitest';
import { judgeChange, needsHash, type CurrentFile } from '../../../../src/daemon/service/content-verdict.js';
import type { StartContent } from '../../../../src/runtime/sources/start-content-types.js';

const LOADED_UNTIL = 1_000_000;
const absent: StartContent = { kind: 'absent' };
const unknown: StartContent = { kind: 'unknown' };
const content = (id: string, size?: number): StartContent => ({ kind: 'content', id, ...(size === undefined ? {} : { size }) });
const gone: CurrentFile = { kind: 'absent' };
const file = (size: number, mtimeMs = LOADED_UNTIL + 5000): CurrentFile => ({ kind: 'file', mtimeMs, size });

describe('judgeChange', () => {
  const rows: [string, StartContent, CurrentFile, string | undefined, { changed: boolean; by: 'content' | 'mtime' }][] = [
    ['touch: same content, later mtime', content('a', 10), file(10), 'a', { changed: false, by: 'content' }],
    ['an edit of the same size', content('a', 10), file(10), 'b', { changed: true, by: 'content' }],
    ['an edit that changes the size (no hash needed)', content('a', 10), file(11), undefined, { changed: true, by: 'content' }],
    ['the start size not known: the hash decides', content('a'), file(11), 'a', { changed: false, by: 'content' }],
    ['deleted', content('a', 10), gone, undefined, { changed: true, by: 'content' }],
    ['created after the start', absent, file(3), undefined, { changed: true, by: 'content' }],
    ['created, then deleted again', absent, gone, undefined, { changed: false, by: 'content' }],
    ['an edit with an older mtime (a restored timestamp) is still an edit', content('a', 10), file(10, LOADED_UNTIL - 9000), 'b', { changed: true, by: 'content' }],
    ['unknown start, modified after it', unknown, file(3), undefined, { changed: true, by: 'mtime' }],
    ['unknown start, modified exactly at it', unknown, file(3, LOADED_UNTIL), undefined, { changed: false, by: 'mtime' }],
    ['unknown start, deleted', unknown, gone, undefined, { changed: true, by: 'mtime' }],
    ['known start, but the file could not be read now: its mtime decides', content('a', 10), file(10), undefined, { changed: true, by: 'mtime' }],
  ];
  it.each(rows)('%s', (_name, start, now, id, verdict) => {
    expect(judgeChange(start, now, LOADED_UNTIL, id)).toEqual(verdict);
  });
});

describe('needsHash', () => {
  const rows: [string, StartContent, CurrentFile, boolean][] = [
    ['same size as at the start', content('a', 10), file(10), true],
    ['start size unknown', content('a'), file(10), true],
    ['another size', content('a', 10), file(11), false],
    ['deleted', content('a', 10), gone, false],
    ['absent at the start', absent, file(10), false],
    ['start unknown', unknown, file(10), false],
  ];
  it.each(rows)('%s', (_name, start, now, expected) => {
    expect(needsHash(start, now)).toBe(expected);
  });
});
