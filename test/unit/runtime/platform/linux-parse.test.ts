import { describe, expect, it } from 'vitest';
import { decodeHexAddress, parseProcNetTcp, parseProcStat, pastListeningRows } from '../../../../src/runtime/platform/linux-parse.js';

describe('parseProcStat', () => {
  it('reads the fields after the last parenthesis, whatever the command name holds', () => {
    const text = '4242 (my (weird) ) name) S 4200 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 200 18446744073709551615\n';
    expect(parseProcStat(text)).toEqual({ pid: 4242, comm: 'my (weird) ) name', state: 'S', ppid: 4200, pgrp: 4242, startTicks: '987654', rssPages: 200 });
  });

  it('rejects text that is not a stat line', () => {
    expect(parseProcStat('')).toBeNull();
    expect(parseProcStat('12 (x) S 1')).toBeNull();
  });
});

describe('parseProcNetTcp', () => {
  it('keeps listening IPv4 sockets and decodes address and port', () => {
    const text = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 55501 1 0000000000000000 100 0 0 10 0',
      '   1: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1234 1 0000000000000000 100 0 0 10 0',
      '   2: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000  1000        0 55502 1 0000000000000000 20 4 30 10 -1',
      '',
    ].join('\n');
    expect(parseProcNetTcp(text, true)).toEqual([
      { host: '127.0.0.1', port: 8080, inode: '55501' },
      { host: '0.0.0.0', port: 22, inode: '1234' },
    ]);
  });

  it('tells when a chunk has gone past the listening rows', () => {
    const header = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';
    const listen = '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 55501 1 0000000000000000 100 0 0 10 0';
    const timeWait = '   1: 0100007F:1F90 0100007F:C350 06 00000000:00000000 03:00000F5A 00000000     0        0 0 3 0000000000000000';
    expect(pastListeningRows(`${header}\n${listen}\n`)).toBe(false);
    expect(pastListeningRows(`${header}\n${listen}\n${timeWait}\n`)).toBe(true);
    // A row cut before its state (the end of one read) says nothing yet.
    expect(pastListeningRows(`${listen}\n   1: 0100007F:1F90 0100`)).toBe(false);
  });

  it('decodes IPv6 addresses word by word', () => {
    const text = [
      '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 00000000000000000000000001000000:0BB8 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 777 1 0000000000000000 100 0 0 10 0',
      '   1: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 778 1 0000000000000000 100 0 0 10 0',
    ].join('\n');
    expect(parseProcNetTcp(text, true)).toEqual([
      { host: '::1', port: 3000, inode: '777' },
      { host: '::', port: 8080, inode: '778' },
    ]);
  });

  it('formats mapped, partial-zero and big-endian addresses', () => {
    expect(decodeHexAddress('0000000000000000FFFF00000100007F', true)).toBe('::ffff:127.0.0.1');
    expect(decodeHexAddress('B80D0120000000000000000001000000', true)).toBe('2001:db8::1');
    expect(decodeHexAddress('7F000001', false)).toBe('127.0.0.1');
  });
});
