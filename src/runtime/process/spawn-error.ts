import { statSync } from 'node:fs';
import { StackError, isErrnoException } from '../../errors.js';
import type { Command } from '../types.js';

export interface SpawnTarget {
  command: Command;
  cwd: string;
  /** Used in messages: `service "api"`; defaults to the command itself. */
  label?: string;
}

export function commandText(command: Command): string {
  return 'shell' in command ? command.shell : command.argv.join(' ');
}

/**
 * Rewrites a raw spawn failure ("spawn /bin/sh ENOENT") into a sentence about what the
 * user configured: the working directory or the command.
 */
export function spawnFailure(error: unknown, { command, cwd, label }: SpawnTarget): StackError {
  const what = label ?? `"${commandText(command)}"`;
  const cwdProblem = describeCwdProblem(cwd);
  if (cwdProblem !== null) {
    return new StackError('SPAWN_CWD_INVALID', `Cannot start ${what}: its working directory ${cwd} ${cwdProblem}.`, {
      hint: 'Create the directory, or fix `cwd` in stack.yaml (relative paths start at the config file).',
      cause: error,
    });
  }
  const executable = 'argv' in command ? (command.argv[0] ?? '') : 'the shell';
  const code = isErrnoException(error) ? error.code : undefined;
  if (code === 'ENOENT') {
    return new StackError('SPAWN_COMMAND_NOT_FOUND', `Cannot start ${what}: command "${executable}" was not found.`, {
      hint: 'Install it, or use a path to it; commands are looked up on PATH and relative paths start at the service cwd.',
      cause: error,
    });
  }
  if (code === 'EACCES') {
    return new StackError('SPAWN_PERMISSION_DENIED', `Cannot start ${what}: permission denied running "${executable}".`, {
      hint: `Make it executable (chmod +x ${executable}) and check that ${cwd} is readable.`,
      cause: error,
    });
  }
  const reason = code ?? (error instanceof Error ? error.message : String(error));
  return new StackError('SPAWN_FAILED', `Cannot start ${what}: the OS refused to start it (${reason}).`, { cause: error });
}

function describeCwdProblem(cwd: string): string | null {
  try {
    return statSync(cwd).isDirectory() ? null : 'is not a directory';
  } catch (error) {
    return isErrnoException(error) && error.code === 'ENOENT' ? 'does not exist' : 'cannot be read';
  }
}
