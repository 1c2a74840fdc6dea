/**
 * For `doctor --staged` (the pre-commit hook): the stack file as it is staged for the
 * commit, which may differ from the working tree. null when git has no staged version
 * (not a repository, file untracked): then the file on disk is what gets checked.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';

export function stagedSource(configFile: string): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(
      'git',
      ['show', `:./${path.basename(configFile)}`],
      { cwd: path.dirname(configFile), encoding: 'utf8', maxBuffer: 4 * 1024 * 1024 },
      (error, stdout) => resolve(error ? null : stdout),
    );
  });
}
