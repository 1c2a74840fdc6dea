/**
 * Printing service logs with a coloured "name |" prefix: the last lines of each, and
 * following new lines as they are appended.
 */
import { logSize } from '../runtime/logs/log-file.js';
import { LineCursor, followFiles } from './follow-file.js';
import { readLogLines, type LogQuery, type LogSource } from './log-lines.js';
import { serviceColor } from './render/colors.js';

export type { LogSource };

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

  /** The last lines of each source the query asks for, one service after another. */
  async tail(query: LogQuery): Promise<number> {
    let printed = 0;
    for (const source of this.sources) {
      for (const text of await readLogLines(source.file, query)) {
        this.line(source, text);
        printed++;
      }
    }
    return printed;
  }

  /** Print lines appended from now on (with `grep`, those matching it) until `signal` aborts. */
  async follow(signal: AbortSignal, grep?: RegExp): Promise<void> {
    const cursors = this.sources.map((s) => new LineCursor(s.file, logSize(s.file)));
    const byFile = new Map(this.sources.map((s) => [s.file, s]));
    const print = (source: LogSource, line: string): void => {
      if (!grep || grep.test(line)) this.line(source, line);
    };
    await followFiles(cursors, (cursor, lines) => lines.forEach((l) => print(byFile.get(cursor.file)!, l)), signal);
  }
}
