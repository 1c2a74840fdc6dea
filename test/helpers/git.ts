/** git in tests: nothing from the developer's git config (a global core.hooksPath, signing, templates). */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export function gitEnv(dir: string): Record<string, string> {
  return {
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CEILING_DIRECTORIES: path.dirname(dir),
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@example.com',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@example.com',
  };
}

/** Runs git in `cwd` (default: the repository `dir`) and returns what it printed. */
export function git(dir: string, args: string[], cwd = dir): string {
  return execFileSync('git', args, { cwd, env: { ...process.env, ...gitEnv(dir) }, encoding: 'utf8' });
}
