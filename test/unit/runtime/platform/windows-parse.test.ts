import { describe, expect, it } from 'vitest';
import { fileTimeToEpochMs, parseNetstatListening, parseWin32Processes, processQuery } from '../../../../src/runtime/platform/windows-parse.js';

/** Samples in the format netstat -ano prints (one row from a German locale) and in the format of processQuery. */
describe('Windows parsers', () => {
  it('keeps listening TCP sockets from netstat -ano, in any locale', () => {
    const text = [
      '',
      'Active Connections',
      '',
      '  Proto  Local Address          Foreign Address        State           PID',
      '  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       1044',
      '  TCP    127.0.0.1:4000         0.0.0.0:0              ABHÖREN         8812',
      '  TCP    127.0.0.1:4000         127.0.0.1:51234        ESTABLISHED     8812',
      '  TCP    [::]:445               [::]:0                 LISTENING       4',
      '  TCP    [::1]:5173             [::]:0                 LISTENING       9120',
      '  UDP    0.0.0.0:5353           *:*                                    2260',
      '',
    ].join('\r\n');
    expect(parseNetstatListening(text)).toEqual([
      { host: '0.0.0.0', port: 135, pid: 1044 },
      { host: '127.0.0.1', port: 4000, pid: 8812 },
      { host: '::', port: 445, pid: 4 },
      { host: '::1', port: 5173, pid: 9120 },
    ]);
  });

  it('keeps IPv6 listeners: loopback only, a dual-stack server (one row per family) and a zone id', () => {
    const text = [
      '  Proto  Local Address          Foreign Address        State           PID',
      '  TCP    [::1]:3000             [::]:0                 LISTENING       7001',
      '  TCP    0.0.0.0:3001           0.0.0.0:0              LISTENING       7002',
      '  TCP    [::]:3001              [::]:0                 LISTENING       7002',
      '  TCP    [fe80::1c2d:3e4f:5a6b:7c8d%12]:3002  [::]:0   LISTENING       7003',
      '  TCP    [::1]:3000             [::1]:50123            ESTABLISHED     7001',
    ].join('\r\n');
    expect(parseNetstatListening(text)).toEqual([
      { host: '::1', port: 3000, pid: 7001 },
      { host: '0.0.0.0', port: 3001, pid: 7002 },
      { host: '::', port: 3001, pid: 7002 },
      { host: 'fe80::1c2d:3e4f:5a6b:7c8d%12', port: 3002, pid: 7003 },
    ]);
  });

  it('parses process lines, including hidden creation dates and tabs in command lines', () => {
    const text = '4\t0\t\t\r\n8812\t7720\t134080416051234567\t"C:\\Program Files\\nodejs\\node.exe" server.js\r\n9120\t8812\t134080416059999999\tnode\ta\tb\r\n';
    expect(parseWin32Processes(text)).toEqual([
      { pid: 4, ppid: 0, created: null, command: '' },
      { pid: 8812, ppid: 7720, created: '134080416051234567', command: '"C:\\Program Files\\nodejs\\node.exe" server.js' },
      { pid: 9120, ppid: 8812, created: '134080416059999999', command: 'node\ta\tb' },
    ]);
  });

  it('converts FILETIME to epoch milliseconds', () => {
    expect(fileTimeToEpochMs('116444736000000000')).toBe(0);
    expect(fileTimeToEpochMs('133444736001234567')).toBe(Date.UTC(2023, 10, 14, 22, 13, 20, 123));
  });

  it('filters the CIM query by pid', () => {
    expect(processQuery(8812)).toContain('-Filter "ProcessId=8812"');
    expect(processQuery()).not.toContain('-Filter');
  });
});
