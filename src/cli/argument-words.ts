/**
 * Commands whose first argument is one of a few words (`hook install|uninstall`, `export
 * compose|k8s`): main.ts records the words here, shell completion offers them, and the
 * command refuses any other word in its own sentence, with a suggestion for a typo.
 */
import type { Command } from 'commander';
import { closest } from '../config/suggest.js';
import { StackError } from '../errors.js';

export const argumentWords = new WeakMap<Command, readonly string[]>();

/** `word`, known to be one of `words`; else a usage error (exit 2) naming them. */
export function oneOf<T extends string>(command: string, what: string, word: string, words: readonly T[]): T {
  if ((words as readonly string[]).includes(word)) return word as T;
  const guess = closest(word, words);
  const listed = words.map((w) => `stack ${command} ${w}`);
  throw new StackError('USAGE', `stack ${command} has no ${what} "${word}"${guess ? ` (did you mean ${guess}?)` : ''}.`, {
    exitCode: 2,
    hint: `use ${listed.slice(0, -1).join(', ')} or ${listed.at(-1)}`,
  });
}
