/**
 * Pull the one line that explains a crash out of the last lines of a log (incident 002):
 * "six of ten services exited at import time" is only useful with the *why*.
 */
import { formatBytes } from '../format.js';

const PATTERNS: RegExp[] = [
  /Error: Cannot find module .*/,
  /Error \[ERR_MODULE_NOT_FOUND\]: .*/,
  /ModuleNotFoundError: .*/,
  // npm's own failures, before the script runs: a script name that package.json lacks, a package.json that does not parse.
  /npm (?:error|ERR!) Missing script: .*/,
  /npm (?:error|ERR!) JSON\.parse Invalid package\.json: .*/,
  /ImportError: .*/,
  // Not the `code: 'EADDRINUSE',` line of Node's error dump, which comes after the sentence.
  /EADDRINUSE: .*/,
  /.*[Aa]ddress already in use.*/,
  /SyntaxError: .*/,
  /EACCES.*|[Pp]ermission denied.*/,
  /.*(?:command not found|: not found)$/,
  /ENOENT.*/,
  /\b(?:Fatal|FATAL|Panic|panic):? .*/,
  /^\w*(?:Error|Exception): .*/,
];

/** The most telling line in `lines` (last lines of a service log), or null. */
export function extractExitReason(lines: readonly string[]): string | null {
  for (const pattern of PATTERNS) {
    for (let i = lines.length - 1; i >= 0; i--) {
      const match = pattern.exec(lines[i]!.trim());
      if (match) return truncate(match[0]);
    }
  }
  return null;
}

/** Exited 0 by itself, not by a signal: a one-shot job that is done, or a command that daemonized. */
export function isCleanExit(exit: { code: number | null; signal: string | null }): boolean {
  return exit.code === 0 && exit.signal === null;
}

/** "exited with code 1", "killed by SIGKILL". */
export function describeExit(exit: { code: number | null; signal: string | null }): string {
  if (exit.signal) return `killed by ${exit.signal}`;
  // Not our child (adopted after a daemon restart): the OS tells only its parent the status.
  if (exit.code === null) return 'exited (status unknown)';
  if (exit.code === 127) return 'exited with code 127 (command not found)';
  return `exited with code ${exit.code}`;
}

/**
 * A recorded exit in words, with its time: "exited with code 1 at 14:02:07: Error: …".
 * No code and no signal means it never ran (a failed build, a busy port) or it was not
 * our child: then the reason is the story.
 */
export function describeLastExit(exit: { code: number | null; signal: string | null; reason: string | null; at: string }, clock: (iso: string) => string): string {
  const when = ` at ${clock(exit.at)}`;
  if (exit.code === null && exit.signal === null && exit.reason) return `failed${when}: ${exit.reason}`;
  return describeExitWithReason(exit, when);
}

/** "exited with code 1{when}: Error: Cannot find module 'x'". */
export function describeExitWithReason(exit: { code: number | null; signal: string | null; reason: string | null }, when = ''): string {
  return `${describeExit(exit)}${when}${exit.reason ? `: ${exit.reason}` : ''}`;
}

/** "memory 540 MB over limit 512 MB": why a service over its memory_limit was restarted. */
export function memoryOverLimit(bytes: number, limit: number): string {
  return `memory ${formatBytes(bytes)} over limit ${formatBytes(limit)}`;
}

function truncate(line: string): string {
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

/**
 * The `count` lines worth quoting after a crash, from the last lines of its log: the ones
 * right after the line its reason came from (`after`; for a stack trace, where it was
 * thrown), else the last ones; never blank lines, nor the `Node.js v20.x` trailer of
 * Node's crash output, nor the reason's own line (it is quoted already), nor a line twice.
 */
export function linesToQuote(lines: readonly string[], reason: string | null, count: number): { lines: string[]; after: boolean } {
  const telling = lines.map((line) => line.trim()).filter((line) => line !== '' && !/^Node\.js v\d+\.\d+\.\d+$/.test(line));
  // A reason over 200 characters was cut to 197 and "...".
  const quoted = reason?.endsWith('...') ? reason.slice(0, -3) : reason;
  let at = -1;
  if (quoted) for (let i = telling.length - 1; i >= 0 && at < 0; i--) if (telling[i]!.includes(quoted)) at = i;
  const after = at >= 0 ? telling.slice(at + 1, at + 1 + count) : [];
  if (after.length > 0) return { lines: after, after: true };
  // Before it, nor its repeats (a command not found at each restart), nor a line twice in a row.
  const rest = telling.filter((line, i) => (at < 0 || !line.includes(quoted!)) && line !== telling[i - 1]);
  return { lines: rest.slice(-count), after: false };
}
