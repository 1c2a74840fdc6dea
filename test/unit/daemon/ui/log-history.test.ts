import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCursor, readLogPage } from '../../../../src/daemon/ui/log-history.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function logs(files: Record<string, string>): string {
  dir = mkdtempSync(path.join(tmpdir(), 'stack-history-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return path.join(dir, 'api.log');
}

const numbered = (from: number, to: number): string => Array.from({ length: to - from + 1 }, (_, i) => `line ${from + i}`).join('\n') + '\n';

/** Every page from the newest back, as the page's "Load older" reads them. */
async function allPages(file: string, maxBytes: number): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor = null;
  for (;;) {
    const page = await readLogPage(file, cursor, maxBytes);
    pages.push(page.lines);
    if (page.older === null) return pages;
    cursor = parseCursor(page.older);
  }
}

describe('readLogPage', () => {
  it('walks from the live log back through its rotated copies, each line once, in order', async () => {
    const file = logs({ 'api.log': numbered(201, 300), 'api.log.1': numbered(101, 200), 'api.log.2': numbered(1, 100) });
    const pages = await allPages(file, 300);
    expect(pages.length).toBeGreaterThan(3);
    expect(pages.reverse().flat()).toEqual(numbered(1, 300).trim().split('\n'));
  });

  it('holds back a line still being written, and says where the live lines start', async () => {
    const file = logs({ 'api.log': 'one\ntwo\nthr' });
    expect(await readLogPage(file, null)).toEqual({ lines: ['one', 'two'], until: 8, older: null });
  });

  it('has nothing to say about a service that never logged', async () => {
    const file = logs({});
    expect(await readLogPage(file, null)).toEqual({ lines: [], until: 0, older: null });
  });

  it.each([['1:20'], ['0:0']])('takes cursor %s', (cursor) => expect(parseCursor(cursor)).not.toBeNull());
  it.each([['x'], ['1:'], [':2'], ['1:2:3'], ['-1:2'], ['9999:1']])('refuses cursor %s', (cursor) => expect(parseCursor(cursor)).toBeNull());
});
