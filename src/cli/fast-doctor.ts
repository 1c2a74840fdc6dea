/**
 * `stack doctor [svc…] [--json] [--fix] [--staged] [-f file]` without commander and without
 * the ESM loader. Doctor has no daemon to ask the question of (it runs the checks itself),
 * so its start-up is its own: most of it was loading and compiling modules (commander, zod,
 * yaml, the checks) through the ESM loader, at ~10 ms per 100 KB. bin/stack.js (CommonJS)
 * loads this from a one-file bundle, dist/bundle/cli/fast-doctor.cjs, compiled from the V8
 * code cache written next to it at build time (scripts/code-cache.mjs), and it runs the
 * same command code as the full CLI (commands/doctor.ts). Only argument lists whose meaning
 * is plain are taken here; anything else (help, an unknown option, a missing value, `--`)
 * returns false before anything is done, and the full CLI says what is wrong.
 */
import { doctor, type DoctorOptions } from './commands/doctor.js';
import { reportError } from './report-error.js';

export interface DoctorArgs {
  file: string | undefined;
  names: string[];
  options: DoctorOptions;
}

const FLAGS: Record<string, keyof DoctorOptions> = { '--json': 'json', '--fix': 'fix', '--staged': 'staged' };

/** `args` from the command name on, as commander would read them; null when not plain. */
export function doctorArgs(args: readonly string[]): DoctorArgs | null {
  const [command, ...rest] = args;
  if (command !== 'doctor') return null;
  const parsed: DoctorArgs = { file: undefined, names: [], options: {} };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const flag = FLAGS[arg];
    if (flag !== undefined) parsed.options[flag] = true;
    else if (arg === '-f' || arg === '--file') {
      const value = rest[++i];
      // A value that looks like an option is left to commander's own reading.
      if (value === undefined || value.startsWith('-')) return null;
      parsed.file = value;
    } else if (arg.startsWith('--file=') && arg.length > '--file='.length) parsed.file = arg.slice('--file='.length);
    else if (arg.startsWith('-')) return null;
    else parsed.names.push(arg);
  }
  return parsed;
}

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
