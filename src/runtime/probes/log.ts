import { open } from 'node:fs/promises';
import type { ProbeOutcome, Prober } from './types.js';

const CHUNK = 256 * 1024;
const NEWLINE = 0x0a;

/** How far a log file has been scanned for the current run; one per file, so only new bytes are ever read. */
interface Scan {
  offset: number;
  pattern: string;
  regex: RegExp;
  position: number;
  match: string | null;
}

const scans = new Map<string, Scan>();

/** Healthy once a line written after ctx.logOffset (this run's output) matches the pattern. */
export const probeLog: Prober<'log'> = async (probe, ctx) => {
  if (ctx.logFile === undefined) return { ok: false, message: 'no log file to watch' };
  const scan = scanFor(ctx.logFile, ctx.logOffset ?? 0, probe.pattern);
  if (scan === null) return { ok: false, message: `invalid log pattern /${probe.pattern}/` };
  if (scan.match === null) await scanNewBytes(ctx.logFile, scan);
  return outcome(scan);
};

function scanFor(file: string, offset: number, pattern: string): Scan | null {
  const existing = scans.get(file);
  if (existing && existing.offset === offset && existing.pattern === pattern) return existing;
  let regex: RegExp;
  try {
    regex = new RegExp(pattern);
  } catch {
    return null;
  }
  const scan: Scan = { offset, pattern, regex, position: offset, match: null };
  scans.set(file, scan);
  return scan;
}

/** Reads from the last complete line onwards; a trailing partial line is tested now and read again next time. */
async function scanNewBytes(file: string, scan: Scan): Promise<void> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    return;
  }
  try {
    const { size } = await handle.stat();
    // The file was truncated or replaced: start again from the top.
    if (size < scan.position) scan.position = Math.min(scan.offset, size);
    while (scan.position < size && scan.match === null) {
      const buffer = Buffer.alloc(Math.min(CHUNK, size - scan.position));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, scan.position);
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(0, bytesRead);
      const end = chunk.lastIndexOf(NEWLINE) + 1;
      // A line longer than a chunk is tested in pieces.
      const complete = end > 0 ? chunk.subarray(0, end) : bytesRead === CHUNK ? chunk : null;
      scan.match = firstMatch((complete ?? chunk).toString('utf8'), scan.regex);
      if (complete === null) break;
      scan.position += complete.length;
    }
  } finally {
    await handle.close();
  }
}

function firstMatch(text: string, regex: RegExp): string | null {
  return text.split(/\r?\n/).find((line) => regex.test(line)) ?? null;
}

function outcome(scan: Scan): ProbeOutcome {
  if (scan.match === null) return { ok: false, message: `no log line matches /${scan.pattern}/ yet` };
  const line = scan.match.trim();
  return { ok: true, message: `log matched: ${line.length > 80 ? `${line.slice(0, 77)}...` : line}` };
}
