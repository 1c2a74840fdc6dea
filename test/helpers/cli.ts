/**
 * Drive the real CLI (bin/stack.js → dist/bundle/cli/main.js; run `npm run build` first) the
 * way a user does: `node bin/stack.js <args>` in a project directory.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type ResultPromise } from 'execa';
import { E2E_MARKER_VAR, waitFor } from './procs.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const STACK_BIN = path.join(REPO_ROOT, 'bin', 'stack.js');

export interface RunStackOptions {
  /** Extra environment (on top of the inherited one); a value of undefined removes a variable. */
  env?: Record<string, string | undefined>;
  /** Kill the CLI (SIGTERM, then SIGKILL 2 s later) after this long. Default 60 000 ms. */
  timeoutMs?: number;
  /** Written to the CLI's stdin. */
  input?: string;
  /** stderr goes into stdout, through one pipe: both in the order written, as a terminal shows them. */
  merged?: boolean;
}

export interface RunStackResult {
  /** The exit code; 128 + signal number when it was killed by a signal (e.g. after a timeout). */
  code: number;
  stdout: string;
  stderr: string;
  /** True when timeoutMs ran out and the CLI was killed. */
  timedOut: boolean;
  /** The command line, for assertion messages. */
  command: string;
}

const SIGNAL_NUMBERS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 };

/** The environment every CLI run gets: no colors, nothing from the developer's shell that changes config discovery. */
function cliEnv(cwd: string, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    NO_COLOR: '1',
    // chalk honours FORCE_COLOR over everything; test runners like to set it.
    FORCE_COLOR: undefined,
    STACK_FILE: undefined,
    STACK_DEBUG: undefined,
    // Inherited by the daemon and the services, so procs.ts can find them all.
    [E2E_MARKER_VAR]: path.resolve(cwd),
    ...extra,
  };
}

function signalToCode(signal: string | undefined): number {
  return signal ? 128 + (SIGNAL_NUMBERS[signal] ?? 0) : -1;
}

/** Runs `stack <args>` in `cwd` and waits for it to exit. Never rejects on a non-zero exit. */
export async function runStack(cwd: string, args: string[], opts: RunStackOptions = {}): Promise<RunStackResult> {
  const [file, argv] = opts.merged
    ? ['/bin/sh', ['-c', 'exec "$0" "$@" 2>&1', process.execPath, STACK_BIN, ...args]]
    : [process.execPath, [STACK_BIN, ...args]];
  const result = await execa(file, argv, {
    cwd,
    env: cliEnv(cwd, opts.env),
    extendEnv: true,
    reject: false,
    timeout: opts.timeoutMs ?? 60_000,
    forceKillAfterDelay: 2000,
    input: opts.input,
    stdin: opts.input === undefined ? 'ignore' : undefined,
    encoding: 'utf8',
  });
  return {
    code: result.exitCode ?? signalToCode(result.signal),
    stdout: String(result.stdout ?? ''),
    stderr: String(result.stderr ?? ''),
    timedOut: result.timedOut,
    command: `stack ${args.join(' ')}`,
  };
}

export interface StartStackOptions {
  env?: Record<string, string | undefined>;
  /** Safety net: kill it after this long. Default 120 000 ms. */
  timeoutMs?: number;
}

export type StackSubprocess = ResultPromise<{ reject: false; encoding: 'utf8' }>;

const outputs = new WeakMap<object, { stdout: string; stderr: string }>();

/**
 * Starts a long-running `stack <args>` (`up --foreground`, `logs -f`, `status --watch`)
 * and returns the execa subprocess. Its output is collected from the first byte:
 * read it with outputOf(), wait on it with waitForOutput(), end it with stopStack().
 * Awaiting the subprocess gives the execa result (never rejects).
 */
export function startStack(cwd: string, args: string[], opts: StartStackOptions = {}): StackSubprocess {
  const subprocess = execa(process.execPath, [STACK_BIN, ...args], {
    cwd,
    env: cliEnv(cwd, opts.env),
    extendEnv: true,
    reject: false,
    timeout: opts.timeoutMs ?? 120_000,
    forceKillAfterDelay: 2000,
    stdin: 'ignore',
    encoding: 'utf8',
  }) as StackSubprocess;
  const collected = { stdout: '', stderr: '' };
  outputs.set(subprocess, collected);
  subprocess.stdout?.on('data', (chunk: Buffer | string) => {
    collected.stdout += chunk.toString();
  });
  subprocess.stderr?.on('data', (chunk: Buffer | string) => {
    collected.stderr += chunk.toString();
  });
  return subprocess;
}

/** Everything a startStack() subprocess has printed so far. */
export function outputOf(subprocess: StackSubprocess): { stdout: string; stderr: string; all: string } {
  const collected = outputs.get(subprocess);
  if (!collected) throw new Error('outputOf(): not a subprocess from startStack()');
  return { ...collected, all: collected.stdout + collected.stderr };
}

/**
 * Waits until the subprocess's stdout or stderr matches `pattern`; returns the match.
 * Fails early, with the output so far, when the subprocess exits first.
 */
export async function waitForOutput(
  subprocess: StackSubprocess,
  pattern: string | RegExp,
  opts: { timeoutMs?: number; stream?: 'stdout' | 'stderr' | 'all' } = {},
): Promise<RegExpMatchArray> {
  const stream = opts.stream ?? 'all';
  const regex = typeof pattern === 'string' ? new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : pattern;
  let exited = false;
  void subprocess.then(() => {
    exited = true;
  });
  try {
    // waitFor treats a throwing predicate as "not yet": report the exit as a value to stop at once.
    const found = await waitFor(
      (): { match: RegExpMatchArray } | { exited: true } | undefined => {
        const match = outputOf(subprocess)[stream].match(regex);
        if (match) return { match };
        if (exited) return { exited: true };
        return undefined;
      },
      { timeoutMs: opts.timeoutMs ?? 30_000, intervalMs: 25, message: `output matching ${regex}` },
    );
    if ('exited' in found) throw new Error(`stack exited (code ${subprocess.exitCode}) before printing ${regex}`);
    return found.match;
  } catch (err) {
    const out = outputOf(subprocess);
    throw new Error(`${(err as Error).message}\n--- stdout ---\n${out.stdout}\n--- stderr ---\n${out.stderr}`);
  }
}

/**
 * Sends `signal` (default SIGINT, like Ctrl-C) and waits for the subprocess to exit,
 * escalating to SIGKILL after `timeoutMs` (default 15 000 ms). Returns code and output.
 */
export async function stopStack(
  subprocess: StackSubprocess,
  opts: { signal?: NodeJS.Signals; timeoutMs?: number } = {},
): Promise<RunStackResult & { signal: string | undefined }> {
  if (subprocess.exitCode === null && subprocess.signalCode === null) subprocess.kill(opts.signal ?? 'SIGINT');
  const timer = setTimeout(() => subprocess.kill('SIGKILL'), opts.timeoutMs ?? 15_000);
  try {
    const result = await subprocess;
    const out = outputOf(subprocess);
    return {
      code: result.exitCode ?? signalToCode(result.signal),
      signal: result.signal,
      stdout: out.stdout,
      stderr: out.stderr,
      timedOut: result.timedOut,
      command: result.command,
    };
  } finally {
    clearTimeout(timer);
  }
}
