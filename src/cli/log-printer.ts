/**
 * Printing service logs with a coloured "name |" prefix: the last lines of each, and
 * following new lines as they are appended.
 */
import { offsetSince } from '../daemon/log-index.js';
import { readLogTail } from '../runtime/log-tail.js';
import { logSize } from '../runtime/log-file.js';
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
      const from = since === undefined ? 0 : offsetSince(source.file, since);
      for (const text of await readLogTail(source.file, lines, from)) {
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
