/**
 * Typed errors that cross every layer. Only the CLI entry turns them into text and an
 * exit code (see src/cli/main.ts); everything below throws.
 */
export type ExitCode = 1 | 2;

/** Every code a StackError can have: scripts and tests match on them, so a typo must not compile. */
export type StackErrorCode =
  // usage and config
  | 'USAGE'
  | 'UNKNOWN_SERVICE'
  | 'CONFIG_NOT_FOUND'
  | 'CONFIG_INVALID'
  // operations
  | 'OPERATION_FAILED'
  | 'UP_TIMEOUT'
  | 'WAIT_FAILED'
  | 'INTERRUPTED'
  // the daemon and its socket
  | 'DAEMON_ERROR'
  | 'DAEMON_GONE'
  | 'DAEMON_RUNNING'
  | 'DAEMON_SOCKET_DENIED'
  | 'DAEMON_START_FAILED'
  | 'RUNTIME_DIR_NOT_DIR'
  | 'RUNTIME_DIR_NOT_OURS'
  | 'RUNTIME_DIR_UNWRITABLE'
  | 'SOCKET_IS_DIR'
  | 'SOCKET_NOT_OURS'
  | 'LOCK_TIMEOUT'
  // ports
  | 'NO_FREE_PORT'
  // processes and their logs
  | 'SPAWN_COMMAND_NOT_FOUND'
  | 'SPAWN_CWD_INVALID'
  | 'SPAWN_FAILED'
  | 'SPAWN_PERMISSION_DENIED'
  | 'STOP_NOT_PERMITTED'
  | 'LOG_UNREADABLE'
  | 'LOG_UNWRITABLE'
  // stack init and stack export
  | 'INIT_EXISTS'
  | 'INIT_NOTHING_FOUND'
  | 'INIT_SOURCE_INVALID'
  | 'INIT_INVALID_RESULT'
  | 'EXPORT_IMAGE_INVALID'
  | 'EXPORT_WRITE_FAILED'
  // git and the pre-commit hook
  | 'NOT_A_GIT_REPO'
  | 'GIT_NOT_FOUND'
  | 'GIT_HOOKS_DIR'
  | 'HOOK_IS_SYMLINK'
  | 'HOOK_MANAGED'
  | 'HOOK_UNSUPPORTED';

export interface StackErrorOptions {
  /** A command or action the user can take, shown under the message. */
  hint?: string;
  /** 1 = an operation or check failed, 2 = usage or config error. */
  exitCode?: ExitCode;
  /** Extra lines printed after the message (e.g. a log tail). */
  details?: string[];
  cause?: unknown;
}

export class StackError extends Error {
  readonly code: StackErrorCode;
  readonly hint: string | undefined;
  readonly exitCode: ExitCode;
  readonly details: string[];

  constructor(code: StackErrorCode, message: string, options: StackErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StackError';
    this.code = code;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? 1;
    this.details = options.details ?? [];
  }
}

/**
 * "Already reported, just exit with this code": the command has printed its outcome
 * itself (doctor's report), so the CLI adds nothing and only sets the exit code.
 */
export class ExitError extends Error {
  readonly exitCode: ExitCode;

  constructor(exitCode: ExitCode) {
    super(`exit with code ${exitCode}`);
    this.name = 'ExitError';
    this.exitCode = exitCode;
  }
}

/**
 * The doctor check (DESIGN §5) each config problem is reported under. The config loader
 * knows which mistake it found, so it says so here; doctor's CheckId includes these.
 */
export type ConfigCheckId =
  | 'config-invalid'
  | 'dependency-cycle'
  | 'dependency-missing'
  | 'duplicate-port'
  | 'cwd-missing'
  | 'env-file-missing';

/** One problem found in stack.yaml, with its position. */
export interface ConfigProblem {
  /** Absolute or display path of the config file. */
  file: string;
  /** 1-based; 0 when the problem has no position (e.g. a missing file). */
  line: number;
  col: number;
  /** Key path, e.g. "services.api.health.interval". Empty for document-level problems. */
  path: string;
  message: string;
  /** "did you mean …" or what to write instead. */
  hint?: string;
  /** 'config-invalid' unless the mistake has a check of its own (a cycle, a missing cwd, …). */
  check: ConfigCheckId;
}

/** Every problem in a config, reported at once. Exit code 2. */
export class ConfigError extends StackError {
  readonly problems: ConfigProblem[];

  constructor(problems: ConfigProblem[]) {
    const count = problems.length;
    const file = problems[0]?.file ?? 'stack.yaml';
    super(
      'CONFIG_INVALID',
      count === 1 ? `${file} has 1 problem:` : `${file} has ${count} problems:`,
      { exitCode: 2, details: problems.map(formatProblem) },
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export function formatProblem(p: ConfigProblem): string {
  const where = p.line > 0 ? `${p.file}:${p.line}:${p.col}` : p.file;
  const key = p.path ? ` ${p.path}:` : '';
  const hint = p.hint ? ` (${p.hint})` : '';
  return `${where}${key} ${p.message}${hint}`;
}

export function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}
