/**
 * Where a project's git pre-commit hook lives: the repository's top, then
 * `core.hooksPath` (relative to the top when relative) or `git rev-parse --git-path hooks`
 * (which follows worktrees to the right git directory).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { StackError } from '../errors.js';

interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

function git(cwd: string, args: string[]): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, encoding: 'utf8', timeout: 10_000, windowsHide: true }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') {
        reject(
          error.code === 'ENOENT'
            ? new StackError('GIT_NOT_FOUND', 'git is not installed, or not on PATH, so there is no hook to install.', {
                exitCode: 2,
                hint: 'install git, or run this where git is on PATH',
              })
            : error,
        );
        return;
      }
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

export interface HookLocation {
  /** Absolute path of the work tree's top directory. */
  repoTop: string;
  /** Absolute path of the hooks directory. */
  hooksDir: string;
  /** core.hooksPath as configured, when it is set. */
  hooksPath: string | undefined;
  /** Absolute path of the pre-commit hook (which may not exist). */
  hookFile: string;
}

/** Finds the repository `dir` belongs to and its pre-commit hook. Throws a StackError (exit 2) outside a git work tree. */
export async function locateHook(dir: string): Promise<HookLocation> {
  const top = await git(dir, ['rev-parse', '--show-toplevel']);
  const repoTop = top.stdout.trim();
  if (top.code !== 0 || repoTop === '') {
    const why = top.stderr.trim().split('\n')[0] ?? '';
    throw new StackError('NOT_A_GIT_REPO', `${dir} is not inside a git work tree, so there is no pre-commit hook to manage.`, {
      exitCode: 2,
      hint: `run \`git init\` there first (or use -f to point at a stack.yaml inside a repository)${why ? `; git said: ${why}` : ''}`,
    });
  }
  // --path expands ~; exit code 1 means the key is not set.
  const configured = await git(repoTop, ['config', '--path', '--get', 'core.hooksPath']);
  const hooksPath = configured.code === 0 && configured.stdout.trim() !== '' ? configured.stdout.trim() : undefined;
  let hooksDir: string;
  if (hooksPath !== undefined) {
    hooksDir = path.resolve(repoTop, hooksPath);
  } else {
    const gitPath = await git(repoTop, ['rev-parse', '--git-path', 'hooks']);
    if (gitPath.code !== 0 || gitPath.stdout.trim() === '') {
      throw new StackError('GIT_HOOKS_DIR', `git could not say where the hooks of ${repoTop} live.`, {
        exitCode: 1,
        hint: gitPath.stderr.trim().split('\n')[0] || 'check `git rev-parse --git-path hooks` in that directory',
      });
    }
    // Relative to the directory git ran in.
    hooksDir = path.resolve(repoTop, gitPath.stdout.trim());
  }
  return { repoTop, hooksDir, hooksPath, hookFile: path.join(hooksDir, 'pre-commit') };
}
