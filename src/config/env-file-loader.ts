/** Loads the env files a config names, once each, reporting problems at the entry that names them. */
import path from 'node:path';
import { readEnvFile, type EnvFileRead } from './env-file.js';
import type { KeyPath } from './positions.js';
import { displayPath } from '../format.js';
import { formatKeyPath, type Problems } from './problems.js';

export class EnvFileLoader {
  private readonly reads = new Map<string, EnvFileRead>();
  private readonly reportedContent = new Set<string>();

  /** Relative env file paths resolve against `root`, the config file's directory. */
  constructor(
    private readonly root: string,
    private readonly problems: Problems,
  ) {}

  /** Absolute paths of every env file read so far, in the order first read. */
  files(): string[] {
    return [...this.reads.keys()];
  }

  /** The variables of `file`, or undefined (with a problem at `keyPath`) when it cannot be read. */
  load(file: string, keyPath: KeyPath): Map<string, string> | undefined {
    if (file.includes('\0')) return undefined; // no such file can exist; checkNulBytes reports it
    const absolute = path.resolve(this.root, file);
    const shown = displayPath(absolute, process.cwd());
    let read = this.reads.get(absolute);
    if (!read) {
      read = readEnvFile(absolute, shown);
      this.reads.set(absolute, read);
    }
    if (!read.ok) {
      this.problems.at(keyPath, read.message, { hint: read.hint, check: read.check });
      return undefined;
    }
    if (!this.reportedContent.has(absolute)) {
      this.reportedContent.add(absolute);
      for (const p of read.parsed.problems) {
        this.problems.add({ file: shown, line: p.line, col: p.col, path: formatKeyPath(keyPath), message: p.message });
      }
    }
    return read.parsed.vars;
  }
}

/** `env_file: a` or `env_file: [a, b]` as (value, key path) pairs; other shapes are left to the schema. */
export function envFileEntries(value: unknown, keyPath: KeyPath): Array<{ file: string; keyPath: KeyPath }> {
  if (typeof value === 'string') return value.trim() === '' ? [] : [{ file: value, keyPath }];
  if (!Array.isArray(value)) return [];
  return value.flatMap((file, index) =>
    typeof file === 'string' && file.trim() !== '' ? [{ file, keyPath: [...keyPath, index] }] : [],
  );
}
