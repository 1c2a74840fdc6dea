import { describe, expect, it } from 'vitest';
import { parseLsofCwd, parseLsofListen, parseLstart, parsePsRows, parseStatLstart } from '../../../../src/runtime/platform/darwin-parse.js';

/** Samples in the formats macOS ps and lsof print under LC_ALL=C (see their man pages). */
describe('macOS parsers', () => {
  it('parses ps lstart as local time', () => {
    expect(parseLstart('Mon Nov 23 10:00:05 2026')).toBe(new Date(2026, 10, 23, 10, 0, 5).getTime());
    expect(parseLstart('Tue Mar  3 09:07:01 2026')).toBe(new Date(2026, 2, 3, 9, 7, 1).getTime());
    expect(parseLstart('garbage')).toBeNull();
  });

  it('splits state from lstart', () => {
    expect(parseStatLstart('Ss   Tue Mar  3 09:07:01 2026\n')).toEqual({ state: 'Ss', lstart: 'Tue Mar  3 09:07:01 2026' });
    expect(parseStatLstart('')).toBeNull();
  });

  it('parses the process table', () => {
    const text = '    1     0     1 Ss  \n  501     1   501 S   \n  502   501   501 Z   \n';
    expect(parsePsRows(text)).toEqual([
      { pid: 1, ppid: 0, pgid: 1, state: 'Ss' },
      { pid: 501, ppid: 1, pgid: 501, state: 'S' },
      { pid: 502, ppid: 501, pgid: 501, state: 'Z' },
    ]);
  });

  it('reads resident memory when the table has it (ps prints KiB)', () => {
    expect(parsePsRows('  501     1   501 S     51200\n  502   501   501 S   \n')).toEqual([
      { pid: 501, ppid: 1, pgid: 501, state: 'S', rss: 51200 * 1024 },
      { pid: 502, ppid: 501, pgid: 501, state: 'S' },
    ]);
  });

  it('parses lsof listening sockets with their pids', () => {
    const text = ['p412', 'f8', 'n*:7000', 'f9', 'n*:5000', 'p9917', 'f21', 'n127.0.0.1:5433', 'f22', 'n[::1]:4000', ''].join('\n');
    expect(parseLsofListen(text)).toEqual([
      { host: '0.0.0.0', port: 7000, pid: 412 },
      { host: '0.0.0.0', port: 5000, pid: 412 },
      { host: '127.0.0.1', port: 5433, pid: 9917 },
      { host: '::1', port: 4000, pid: 9917 },
    ]);
  });

  it('parses IPv6 listeners: bracketed addresses, zone ids, and a wildcard by its type', () => {
    const text = [
      'p9120', 'f23', 'tIPv6', 'n[::1]:3000',
      'p412', 'f8', 'tIPv6', 'n*:3000', 'f9', 'tIPv4', 'n*:3001', 'f10', 'tIPv6', 'n[fe80::1%lo0]:3002', 'f11', 'tIPv6', 'n[::]:3003',
      '',
    ].join('\n');
    expect(parseLsofListen(text)).toEqual([
      { host: '::1', port: 3000, pid: 9120 },
      { host: '::', port: 3000, pid: 412 },
      { host: '0.0.0.0', port: 3001, pid: 412 },
      { host: 'fe80::1%lo0', port: 3002, pid: 412 },
      { host: '::', port: 3003, pid: 412 },
    ]);
  });

  it('parses the cwd from lsof', () => {
    expect(parseLsofCwd('p9917\nfcwd\nn/Users/ann/shop/api\n')).toBe('/Users/ann/shop/api');
    expect(parseLsofCwd('')).toBeNull();
  });
});
