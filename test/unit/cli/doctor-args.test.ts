// bin/stack.js's `doctor` path reads its arguments without commander: whatever it takes
// must mean what commander makes of it, and whatever is not plain is left to commander.
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { doctorArgs, type DoctorArgs } from '../../../src/cli/doctor-args.js';
import { buildProgram } from '../../../src/cli/main.js';

/** What the full CLI's commander hands the doctor action for `stack <args>`. */
async function commanderReads(args: string[]): Promise<DoctorArgs> {
  const program = buildProgram();
  let seen: DoctorArgs | null = null;
  const doctor = program.commands.find((c) => c.name() === 'doctor')!;
  doctor.action((names: string[], options: Record<string, unknown>, command: Command) => {
    const own = command.opts<{ file?: string }>().file;
    const flags = Object.fromEntries(['json', 'fix', 'staged'].filter((k) => options[k] === true).map((k) => [k, true]));
    seen = { file: own ?? program.opts<{ file?: string }>().file, names, options: flags };
  });
  await program.parseAsync(['node', 'stack', ...args]);
  return seen!;
}

describe('doctorArgs', () => {
  const plain = [
    ['doctor'],
    ['doctor', '--json'],
    ['doctor', 'api', 'web'],
    ['doctor', 'api', '--json', 'web'],
    ['doctor', '--staged', '--json'],
    ['doctor', '--fix'],
    ['doctor', '-f', 'other.yaml', 'api'],
    ['doctor', '--file', 'other.yaml'],
    ['doctor', '--file=other.yaml', '--json'],
    ['doctor', '-f', 'a.yaml', '-f', 'b.yaml'],
    ['doctor', '--json', '--json'],
  ];
  it.each(plain)('takes %j as commander does', async (...args) => {
    const fast = doctorArgs(args);
    expect(fast).not.toBeNull();
    expect(fast).toEqual(await commanderReads(args));
  });

  const notPlain = [
    ['doctor', '--help'],
    ['doctor', '-h'],
    ['doctor', '--jsn'],
    ['doctor', '-f'],
    ['doctor', '-f', '--json'],
    ['doctor', '--file='],
    ['doctor', '-fother.yaml'],
    ['doctor', '--', 'api'],
    ['doctor', '-'],
    ['status'],
    [],
  ];
  it.each(notPlain)('leaves %j to commander', (...args) => {
    expect(doctorArgs(args)).toBeNull();
  });
});
