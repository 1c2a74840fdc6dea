/**
 * A cursor over a file that something else appends to (a service log, events.jsonl):
 * each read() returns the complete lines appended since the last. A file that shrank
 * (rotation truncates it) is read again from its start. `stack logs -f`, `stack events -f`
 * and the dashboard's live log and timeline all read through it.
 */
import { open } from 'node:fs/promises';
import { logSize } from './log-file.js';

/** A cursor over one growing file: each read() returns the complete lines appended since the last. */
export class LineCursor {
  private partial = '';

  constructor(
    readonly file: string,
    private offset: number,
  ) {}

  /** Where the complete lines handed out so far end (a byte offset in the file). */
  get linesEnd(): number {
    return this.offset - Buffer.byteLength(this.partial);
  }

  async read(): Promise<string[]> {
    const size = logSize(this.file);
    if (size < this.offset) this.offset = 0;
    if (size === this.offset) return [];
    const handle = await open(this.file, 'r');
    let text: string;
    try {
      const buffer = Buffer.alloc(size - this.offset);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, this.offset);
      text = buffer.subarray(0, bytesRead).toString('utf8');
      this.offset += bytesRead;
    } finally {
      await handle.close();
    }
    const lines = (this.partial + text).split(/\r?\n/);
    this.partial = lines.pop() ?? '';
    return lines;
  }
}

