/** `git` as a child process for the start-content baseline and the scans: never the user's hook environment, never a lock. */
import { spawn } from 'node:child_process';

/** Set by git for hooks (stack may be started from a pre-commit hook): they would point our git elsewhere. */
const HOOK_VARIABLES = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_PREFIX', 'GIT_OBJECT_DIRECTORY'];

export function gitEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' };
  for (const name of HOOK_VARIABLES) delete env[name];
  return { ...env, ...extra };
}

export interface RunningGit {
  /** Its stdout; rejects on a non-zero exit (or no git at all, or `stop()`). */
  output: Promise<string>;
  /** Ends it (SIGTERM) when its answer is no longer wanted. */
  stop(): void;
}

/** Starts git in `cwd`. */
export function startGit(args: readonly string[], cwd: string, options: { env?: Record<string, string>; input?: string } = {}): RunningGit {
  const child = spawn('git', args, { cwd, env: gitEnv(options.env), stdio: ['pipe', 'pipe', 'pipe'] });
  const output = new Promise<string>((resolve, reject) => {
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new Error(`git ${commandOf(args)} exited with ${signal ?? code}: ${err.trim()}`));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
  return {
    output,
    stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    },
  };
}

/** Runs git in `cwd`; resolves to its stdout, rejects on a non-zero exit (or no git at all). */
export function runGit(args: readonly string[], cwd: string, options: { env?: Record<string, string>; input?: string } = {}): Promise<string> {
  return startGit(args, cwd, options).output;
}

/** `diff-files` of `-c x=y diff-files …`, for messages. */
function commandOf(args: readonly string[]): string {
  return args.find((arg, i) => !arg.startsWith('-') && args[i - 1] !== '-c') ?? 'git';
}
