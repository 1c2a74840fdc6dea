/**
 * Printing service logs with a coloured "name |" prefix: the last lines of each, and
 * following new lines as they are appended (polling sizes: it works the same on every
 * OS and copes with truncation).
 */
import { open, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { readLogTail } from '../runtime/log-tail.js';
import { serviceColor } from './render/colors.js';

export interface LogSource {
  name: string;
  file: string;
}

const FOLLOW_POLL_MS = 150;

export class LogPrinter {
  private readonly width: number;

  constructor(
    private readonly sources: readonly LogSource[],
    private readonly allNames: readonly string[] = sources.map((s) => s.name),
  ) {
    this.width = Math.max(...sources.map((s) => s.name.length), 1);
  }

  line(source: LogSource, text: string): void {
    const index = Math.max(this.allNames.indexOf(source.name), 0);
    const prefix = serviceColor(index)(`${source.name.padEnd(this.width)} |`);
    process.stdout.write(`${prefix} ${text}\n`);
  }

  /** The last `lines` lines of each source, one service after another. */
  async tail(lines: number): Promise<void> {
    for (const source of this.sources) {
      for (const text of await readLogTail(source.file, lines)) this.line(source, text);
    }
  }

  /** Print lines appended from now on until `signal` aborts. */
  async follow(signal: AbortSignal): Promise<void> {
    const offsets = new Map<string, number>();
    for (const source of this.sources) offsets.set(source.file, await sizeOf(source.file));
    const partial = new Map<string, string>();
    while (!signal.aborted) {
      for (const source of this.sources) {
        const size = await sizeOf(source.file);
        let offset = offsets.get(source.file) ?? 0;
        if (size < offset) offset = 0; // truncated or rotated: start over
        if (size === offset) continue;
        const text = (partial.get(source.file) ?? '') + (await readRange(source.file, offset, size));
        offsets.set(source.file, size);
        const lines = text.split(/\r?\n/);
        partial.set(source.file, lines.pop() ?? '');
        for (const l of lines) this.line(source, l);
      }
      try {
        await sleep(FOLLOW_POLL_MS, undefined, { signal });
      } catch {
        return;
      }
    }
  }
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

async function readRange(file: string, start: number, end: number): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(end - start);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, start);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}
