/**
 * Errors become a sentence, a few detail lines and a hint; a stack trace only with
 * STACK_DEBUG=1. An ExitError was reported by its command already: only its code is
 * left. Returns the exit code. `stack mcp` sends the same lines as a tool's error result.
 */
import chalk from 'chalk';
import { ExitError, StackError } from '../errors.js';

export function reportError(error: unknown): number {
  for (const line of errorLines(error)) console.error(line);
  if (error instanceof ExitError || error instanceof StackError) return error.exitCode;
  return 1;
}

/** What the CLI prints for an error, line by line (nothing for an ExitError). */
export function errorLines(error: unknown, debug = process.env.STACK_DEBUG === '1'): string[] {
  if (error instanceof ExitError) return [];
  if (error instanceof StackError) {
    return [
      `${chalk.red('error:')} ${error.message}`,
      ...error.details.map((line) => `  ${line}`),
      ...(error.hint ? [`${chalk.dim('hint:')} ${error.hint}`] : []),
      ...(debug && error.stack ? [error.stack] : []),
    ];
  }
  const message = error instanceof Error ? error.message : String(error);
  return [
    `${chalk.red('error:')} stack hit an internal error: ${message}`,
    debug ? String(error instanceof Error ? error.stack : error) : `${chalk.dim('hint:')} rerun with STACK_DEBUG=1 to see where, and report it`,
  ];
}
