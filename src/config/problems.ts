/** Collects every problem found in a config, with positions, so they can be thrown at once. */
import { ConfigError, type ConfigCheckId, type ConfigProblem } from '../errors.js';
import { NO_POSITION, type KeyPath, type SourcePositions } from './positions.js';

export interface ProblemOptions {
  hint?: string | undefined;
  /** Point at the key instead of the value (unknown keys, bad names). */
  at?: 'key' | 'value';
  /** Point at this text inside the scalar (e.g. the "${VAR}" that is not set). */
  text?: string;
  /** The doctor check this problem belongs to; default 'config-invalid'. */
  check?: ConfigCheckId;
}

/** A problem as its finder reports it: the check may be left to the default. */
export type ProblemInput = Omit<ConfigProblem, 'check'> & { check?: ConfigCheckId };

export class Problems {
  private readonly items: ConfigProblem[] = [];
  private positions: SourcePositions | undefined;

  /** `file` is the config file as shown to the user. */
  constructor(readonly file: string) {}

  /** Positions become available once the YAML has parsed. */
  usePositions(positions: SourcePositions): void {
    this.positions = positions;
  }

  /** A problem at a key path of the config file. */
  at(keyPath: KeyPath, message: string, options: ProblemOptions = {}): void {
    const position = !this.positions
      ? NO_POSITION
      : options.text !== undefined
        ? this.positions.locateText(keyPath, options.text)
        : this.positions.locate(keyPath, options.at);
    this.add({ file: this.file, ...position, path: formatKeyPath(keyPath), message, hint: options.hint, check: options.check });
  }

  add(problem: ProblemInput): void {
    const clean: ConfigProblem = {
      ...problem,
      path: printable(problem.path),
      message: printable(problem.message),
      check: problem.check ?? 'config-invalid',
    };
    if (problem.hint === undefined) delete clean.hint;
    else clean.hint = printable(problem.hint);
    this.items.push(clean);
  }

  get count(): number {
    return this.items.length;
  }

  /** Sorted by position (problems in the config file first), without exact duplicates. */
  list(): ConfigProblem[] {
    const seen = new Set<string>();
    const unique = this.items.filter((p) => {
      const key = JSON.stringify([p.file, p.line, p.col, p.path, p.message]);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const rank = (p: ConfigProblem): number => (p.file === this.file ? 0 : 1);
    return unique
      .map((p, index) => ({ p, index }))
      .sort((a, b) => rank(a.p) - rank(b.p) || a.p.line - b.p.line || a.p.col - b.p.col || a.index - b.index)
      .map(({ p }) => p);
  }

  throwIfAny(): void {
    if (this.items.length > 0) throw new ConfigError(this.list());
  }
}

/**
 * Keys and values quoted in a problem come from the file: their control characters (a
 * newline, an escape sequence that recolours the terminal, a NUL, a bidi override) are
 * shown as escapes, so each problem stays one honest line.
 */
const UNPRINTABLE = /[\0-\x08\x0a-\x1f\x7f-\x9f\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => {
    if (c === '\0') return '\\0';
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** ["services", "web", "depends_on", 0] → "services.web.depends_on[0]" */
export function formatKeyPath(keyPath: KeyPath): string {
  let out = '';
  for (const segment of keyPath) {
    out += typeof segment === 'number' ? `[${segment}]` : out === '' ? segment : `.${segment}`;
  }
  return out;
}
