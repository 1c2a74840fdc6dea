import { endianness } from 'node:os';

/** Pure parsers for Linux /proc text, kept apart from the reads so they can be tested on sample text. */

export interface ProcStat {
  pid: number;
  comm: string;
  state: string;
  ppid: number;
  pgrp: number;
  /** Field 22: start time after boot in clock ticks, exactly as the kernel prints it. */
  startTicks: string;
  /** Field 24: resident set size in pages. */
  rssPages: number;
}

/**
 * Parses /proc/<pid>/stat. The comm field sits in parentheses and may itself contain
 * spaces and parentheses, so the fixed fields are taken from after the LAST ')'.
 */
export function parseProcStat(text: string): ProcStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const rest = text.slice(close + 2).split(' ');
  // rest[0] is field 3 (state), so field N is rest[N - 3].
  const [state, ppid, pgrp] = rest;
  const startTicks = rest[19];
  if (state === undefined || ppid === undefined || pgrp === undefined || startTicks === undefined) return null;
  return {
    pid: Number(text.slice(0, open).trim()),
    comm: text.slice(open + 1, close),
    state,
    ppid: Number(ppid),
    pgrp: Number(pgrp),
    startTicks,
    rssPages: Number(rest[21] ?? 0) || 0,
  };
}

export interface ProcNetTcpEntry {
  host: string;
  port: number;
  inode: string;
}

/**
 * One LISTEN row (state 0A) of /proc/net/tcp{,6}: "sl: local rem st tx:rx tr:when retrnsmt uid timeout inode".
 * Matched over the whole text at once: a busy machine has thousands of rows (TIME_WAIT
 * sockets mostly) and `stack status` reads this on every call.
 */
const LISTEN_ROW = /^\s*\d+:\s+([0-9A-Fa-f]+):([0-9A-Fa-f]+)\s+[0-9A-Fa-f]+:[0-9A-Fa-f]+\s+0A\s+\S+\s+\S+\s+\S+\s+\d+\s+\d+\s+(\d+)/gm;

/** Listening entries of /proc/net/tcp or /proc/net/tcp6. */
export function parseProcNetTcp(text: string, littleEndian = endianness() === 'LE'): ProcNetTcpEntry[] {
  const entries: ProcNetTcpEntry[] = [];
  for (const [, hexHost = '', hexPort = '', inode = ''] of text.matchAll(LISTEN_ROW)) {
    entries.push({ host: decodeHexAddress(hexHost, littleEndian), port: Number.parseInt(hexPort, 16), inode });
  }
  return entries;
}

/** A row of /proc/net/tcp{,6} in a state other than LISTEN (0A): the listening rows are over. */
const NON_LISTEN_ROW = /^\s*\d+:\s+\S+\s+\S+\s+(?!0A)[0-9A-Fa-f]{2}\s/m;

/**
 * Whether `text` (a chunk of /proc/net/tcp{,6}) holds a row past the listening ones. The
 * kernel lists listening sockets first: tcp_seq_start walks the listening hash, then the
 * established one, which holds no LISTEN socket (net/ipv4/tcp_ipv4.c, tcp_get_idx).
 */
export function pastListeningRows(text: string): boolean {
  return NON_LISTEN_ROW.test(text);
}

/**
 * The kernel prints each 32-bit word of the address as a native integer, so on
 * little-endian machines the bytes of every word appear reversed.
 */
export function decodeHexAddress(hex: string, littleEndian: boolean): string {
  const bytes: number[] = [];
  for (let word = 0; word < hex.length; word += 8) {
    const wordBytes = (hex.slice(word, word + 8).match(/../g) ?? []).map((pair) => Number.parseInt(pair, 16));
    bytes.push(...(littleEndian ? wordBytes.reverse() : wordBytes));
  }
  return bytes.length === 4 ? bytes.join('.') : formatIpv6(bytes);
}

function formatIpv6(bytes: number[]): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${bytes.slice(12).join('.')}`;
  }
  // Collapse the longest run of two or more zero groups into "::" (RFC 5952).
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; start++) {
    let length = 0;
    while (start + length < 8 && groups[start + length] === 0) length++;
    if (length > bestLength) {
      bestStart = start;
      bestLength = length;
    }
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
