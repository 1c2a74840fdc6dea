/**
 * The program a service command runs: argv[0], or the first word of a shell command
 * when it can be read with confidence. Anything with shell syntax we would have to
 * interpret (quotes, $VAR, subshells, redirections, builtins like cd) gives null: a
 * guess that is wrong would send people chasing a missing command that is not missing.
 */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from '../config/types.js';

const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=[A-Za-z0-9_@%+=:,./-]*$/;
/** Shell builtins and keywords: there is no file to find. `exec` is looked through. */
const BUILTINS = new Set([
  '.', ':', '[', '[[', '!', '{', 'alias', 'bg', 'break', 'builtin', 'case', 'cd', 'command', 'continue', 'declare',
  'do', 'done', 'echo', 'elif', 'else', 'esac', 'eval', 'exit', 'export', 'false', 'fg', 'fi', 'for', 'function',
  'if', 'jobs', 'kill', 'local', 'printf', 'pwd', 'read', 'readonly', 'return', 'set', 'shift', 'source', 'test',
  'then', 'time', 'trap', 'true', 'type', 'ulimit', 'umask', 'unset', 'until', 'wait', 'while',
]);

export function commandWord(command: Command): string | null {
  if ('argv' in command) return command.argv[0] ?? null;
  const words = command.shell.trim().split(/\s+/);
  let i = 0;
  while (i < words.length && ASSIGNMENT.test(words[i]!)) i++;
  if (words[i] === 'exec') i++;
  const word = words[i];
  if (word === undefined || word === '' || !PLAIN_WORD.test(word) || BUILTINS.has(word)) return null;
  return word;
}

/**
 * Where `word` resolves: a path (with a slash) relative to `cwd`, else the first
 * executable file of that name on `pathEnv`. null when there is none.
 */
export function resolveExecutable(word: string, cwd: string, pathEnv: string | undefined): string | null {
  if (word.includes('/')) {
    const file = path.resolve(cwd, word);
    return isExecutableFile(file) ? file : null;
  }
  for (const dir of (pathEnv ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const file = path.resolve(cwd, dir, word);
    if (isExecutableFile(file)) return file;
  }
  return null;
}

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
