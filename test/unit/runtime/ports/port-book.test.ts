/**
 * The ports of `port: auto`: .stack/ports.json read forgivingly, a machine-wide claim per
 * port so two copies of a project never keep the same one, and the book that chooses
 * (free, distinct, not avoided), keeps and moves them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { PortBook } from '../../../../src/runtime/ports/port-book.js';
import { PortClaims } from '../../../../src/runtime/ports/port-claims.js';
import { parsePortsFile } from '../../../../src/runtime/ports/ports-file.js';

function tempDir(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'stack-ports-test-')));
  onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A project's runtime dir and a claims dir of its own (so tests never share claims with real projects). */
function setup(): { runtimeDir: string; claims: string; other: string } {
  const root = tempDir();
  return { runtimeDir: path.join(root, 'a', '.stack'), claims: path.join(root, 'claims'), other: path.join(root, 'b', '.stack') };
}

const move = { from: 4000, to: 4001, at: '2026-12-01T10:00:00.000Z', holder: 'pid 1 (x)' };

describe('parsePortsFile', () => {
  it.each<[string, string | null, object]>([
    ['no file', null, { ports: {}, moves: {} }],
    ['garbled', '{ports', { ports: {}, moves: {} }],
    ['another version', '{"version":2,"ports":{"api":4000}}', { ports: {}, moves: {} }],
    ['ports and moves', JSON.stringify({ version: 1, ports: { api: 4001 }, moves: { api: move } }), { ports: { api: 4001 }, moves: { api: move } }],
    ['bad entries dropped', JSON.stringify({ version: 1, ports: { a: 0, b: 70000, c: '80', d: 8080 }, moves: { a: { from: 1 } } }), { ports: { d: 8080 }, moves: {} }],
  ])('%s', (_, text, expected) => {
    expect(parsePortsFile(text)).toEqual({ version: 1, ...expected });
  });
});

describe('PortClaims', () => {
  it('a port kept by another project is refused; a stale claim (no longer kept there) is taken over', () => {
    const { runtimeDir, claims, other } = setup();
    const mine = new PortClaims(runtimeDir, claims);
    const theirs = new PortClaims(other, claims);
    expect(theirs.claim(41234)).toBe(true);
    fs.mkdirSync(other, { recursive: true });
    fs.writeFileSync(path.join(other, 'ports.json'), JSON.stringify({ version: 1, ports: { api: 41234 }, moves: {} }));
    expect(mine.claim(41234)).toBe(false);
    expect(theirs.claim(41234)).toBe(true);
    fs.writeFileSync(path.join(other, 'ports.json'), JSON.stringify({ version: 1, ports: { api: 41999 }, moves: {} }));
    expect(mine.claim(41234)).toBe(true);
    expect(fs.readFileSync(path.join(claims, '41234'), 'utf8')).toBe(runtimeDir);
    theirs.release(41234);
    expect(fs.existsSync(path.join(claims, '41234'))).toBe(true);
    mine.release(41234);
    expect(fs.existsSync(path.join(claims, '41234'))).toBe(false);
  });
  it('a new claim sweeps away the claims of projects that no longer keep their port, once they are a minute old', () => {
    const { runtimeDir, claims, other } = setup();
    const gone = path.join(path.dirname(path.dirname(other)), 'deleted', '.stack');
    fs.mkdirSync(other, { recursive: true });
    fs.writeFileSync(path.join(other, 'ports.json'), JSON.stringify({ version: 1, ports: { api: 41300 }, moves: {} }));
    expect(new PortClaims(other, claims).claim(41300)).toBe(true); // kept: stays
    expect(new PortClaims(other, claims).claim(41301)).toBe(true); // not kept by its project: stale
    expect(new PortClaims(gone, claims).claim(41302)).toBe(true); // its project was deleted: stale
    expect(new PortClaims(gone, claims).claim(41303)).toBe(true); // stale, but claimed just now: left alone
    const old = new Date(Date.now() - 120_000);
    for (const port of [41300, 41301, 41302]) fs.utimesSync(path.join(claims, String(port)), old, old);
    expect(new PortClaims(runtimeDir, claims).claim(41304)).toBe(true);
    expect(fs.readdirSync(claims).sort()).toEqual(['41300', '41303', '41304']);
  });
});

describe('PortBook', () => {
  it('chooses distinct free ports once, avoiding the given ones, and keeps them', async () => {
    const { runtimeDir, claims } = setup();
    const book = new PortBook(runtimeDir, claims);
    await book.choose(['api', 'db'], new Set([5173]));
    const { api, db } = book.read().ports;
    expect(api).toBeGreaterThan(0);
    expect(db).toBeGreaterThan(0);
    expect(api).not.toBe(db);
    expect([api, db]).not.toContain(5173);
    await book.choose(['api', 'db'], new Set());
    expect(new PortBook(runtimeDir, claims).read().ports).toEqual({ api, db });
    expect(fs.statSync(path.join(runtimeDir, 'ports.json')).mode & 0o777).toBe(0o600);
  });

  it('a move gives a new free port, remembers the move until cleared, and is done once', async () => {
    const { runtimeDir, claims } = setup();
    const book = new PortBook(runtimeDir, claims);
    await book.choose(['api'], new Set());
    const from = book.kept('api')!;
    const to = await book.move('api', from, 'pid 1 (x)');
    expect(to).not.toBe(from);
    expect(book.kept('api')).toBe(to);
    expect(book.moves().api).toMatchObject({ from, to, holder: 'pid 1 (x)' });
    // Another command moved it already: nothing moves again.
    expect(await book.move('api', from, 'pid 1 (x)')).toBe(to);
    await book.clearMoves(['api']);
    expect(book.moves()).toEqual({});
    expect(book.kept('api')).toBe(to);
  });
});
