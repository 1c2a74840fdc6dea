/**
 * Errors become a sentence, a few detail lines and a hint; a stack trace only with
 * STACK_DEBUG=1. An ExitError was reported by its command already: only its code is
 * left. Returns the exit code.
 */
import chalk from 'chalk';
import { ExitError, StackError } from '../errors.js';

export function reportError(error: unknown): number {
  const debug = process.env.STACK_DEBUG === '1';
  if (error instanceof ExitError) return error.exitCode;
  if (error instanceof StackError) {
    console.error(`${chalk.red('error:')} ${error.message}`);
    for (const line of error.details) console.error(`  ${line}`);
    if (error.hint) console.error(`${chalk.dim('hint:')} ${error.hint}`);
    if (debug) console.error(error.stack);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  console.error(`${chalk.red('error:')} stack hit an internal error: ${message}`);
  if (debug) console.error(error instanceof Error ? error.stack : error);
  else console.error(`${chalk.dim('hint:')} rerun with STACK_DEBUG=1 to see where, and report it`);
  return 1;
}
