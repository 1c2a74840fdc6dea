/**
 * Printing service logs with a coloured "name |" prefix: the last lines of each, and
 * following new lines as they are appended.
 */
import { existsSync } from 'node:fs';
import { offsetSince } from '../protocol/log-index.js';
import { readLogTail } from '../runtime/logs/log-tail.js';
import { logSize } from '../runtime/logs/log-file.js';
import { LineCursor, followFiles } from './follow-file.js';
import { serviceColor } from './render/colors.js';

export interface LogSource {
  name: string;
  file: string;
}

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

  /** The last `lines` lines of each source, one service after another; with `since`, only lines written since then. */
  async tail(lines: number, since?: number): Promise<number> {
    let printed = 0;
    for (const source of this.sources) {
      const texts = since === undefined ? await tailAcrossRotations(source.file, lines) : await readLogTail(source.file, lines, offsetSince(source.file, since));
      for (const text of texts) {
        this.line(source, text);
        printed++;
      }
    }
    return printed;
  }

  /** Print lines appended from now on until `signal` aborts. */
  async follow(signal: AbortSignal): Promise<void> {
    const cursors = this.sources.map((s) => new LineCursor(s.file, logSize(s.file)));
    const byFile = new Map(this.sources.map((s) => [s.file, s]));
    await followFiles(cursors, (cursor, lines) => lines.forEach((l) => this.line(byFile.get(cursor.file)!, l)), signal);
  }
}

/**
 * The last `lines` lines of a log, reaching into its rotated copies (<file>.1 is the
 * newest of them) when the live file, just rotated, holds fewer.
 */
export async function tailAcrossRotations(file: string, lines: number): Promise<string[]> {
  let out = await readLogTail(file, lines);
  for (let generation = 1; out.length < lines; generation++) {
    const older = `${file}.${generation}`;
    if (!existsSync(older)) break;
    out = [...(await readLogTail(older, lines - out.length)), ...out];
  }
  return out;
}
