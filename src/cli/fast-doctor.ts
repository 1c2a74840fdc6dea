/**
 * `stack doctor [svc…] [--json] [--fix] [--staged] [-f file]` without commander and without
 * the ESM loader. Doctor has no daemon to hand the question to (it runs the checks itself),
 * so its start-up is its own: most of it was loading and compiling modules (commander, zod,
 * yaml, the checks) through the ESM loader. bin/stack.js (CommonJS) loads this from a
 * one-file bundle, dist/bundle/cli/fast-doctor.cjs, compiled from the V8 code cache written
 * next to it at build time (cached-require.ts, scripts/code-cache.mjs), after starting git
 * for a foreign process's scan from a small file (doctor-ahead.ts). It runs the full CLI's
 * command code (commands/doctor.ts); arguments that are not plain (doctor-args.ts) return
 * false before anything is done, and the full CLI takes them.
 */
import { doctor } from './commands/doctor.js';
import { doctorArgs } from './doctor-args.js';
import { reportError } from './report-error.js';

/** Runs doctor when the arguments are plain (the exit code is set as main() sets it); false otherwise. */
export async function tryFastDoctor(args: readonly string[]): Promise<boolean> {
  const parsed = doctorArgs(args);
  if (parsed === null) return false;
  try {
    await doctor(parsed.file, parsed.names, parsed.options);
  } catch (error) {
    process.exitCode = reportError(error);
  }
  return true;
}
