/**
 * `stack doctor`'s arguments read without commander, for bin/stack.js's fast path
 * (fast-doctor.ts, doctor-ahead.ts). Only argument lists whose meaning is plain are read
 * here; anything else (help, an unknown option, a missing value, `--`) is null, and the
 * full CLI's commander says what is wrong, in its one wording.
 */
import type { DoctorOptions } from './commands/doctor.js';

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
