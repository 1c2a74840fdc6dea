/**
 * `stack init [--from procfile|compose|package] [--force] [--dry-run]`: writes a
 * commented stack.yaml from what is in the directory (src/init/build.ts decides), then
 * says what it guessed and what to check. `--dry-run` prints the file instead.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { StackError, formatProblem } from '../../errors.js';
import { displayPath } from '../../format.js';
import type { Source } from '../../init/draft.js';
import type { InitPlan } from '../../init/build.js';
import type { GlobalOptions } from '../project.js';

export interface InitCommandOptions {
  from?: Source;
  force?: boolean;
  dryRun?: boolean;
}

export async function initCommand(program: Command, options: InitCommandOptions): Promise<void> {
  const { file } = program.opts<GlobalOptions>();
  const target = path.resolve(file ?? 'stack.yaml');
  const shown = displayPath(target, process.cwd());
  const existing = [target, ...(file === undefined ? [path.resolve('stack.yml')] : [])].find((f) => fs.existsSync(f));
  if (existing && !options.force && !options.dryRun) {
    throw new StackError('INIT_EXISTS', `${displayPath(existing, process.cwd())} already exists; stack init does not overwrite it.`, {
      exitCode: 2,
      hint: 'stack init --dry-run shows what it would write; stack init --force replaces the file',
    });
  }
  const { planInit } = await import('../../init/build.js');
  const plan = await planInit({ target, ...(options.from ? { from: options.from } : {}), env: process.env });
  const names = plan.draft.services.filter((s) => !s.disabled).map((s) => s.name);
  const summary = `${names.length} service${names.length === 1 ? '' : 's'}${names.length > 0 ? ` (${names.join(', ')})` : ''}`;

  if (options.dryRun) {
    process.stdout.write(plan.text);
    const say = (line: string) => console.error(line);
    say(plan.says);
    say(`Would write ${shown}: ${summary}. Dry run: nothing was written.${existing ? ` (${displayPath(existing, process.cwd())} exists: --force would replace it.)` : ''}`);
    printNotes(plan, say);
    printProblems(plan, shown, say, false);
    return;
  }
  try {
    fs.writeFileSync(target, plan.text, { flag: options.force ? 'w' : 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new StackError('INIT_EXISTS', code === 'EEXIST' ? `${shown} already exists; stack init does not overwrite it.` : `cannot write ${shown}: ${code ?? String(error)}`, {
      exitCode: code === 'EEXIST' ? 2 : 1,
      cause: error,
      ...(code === 'EEXIST' ? { hint: 'stack init --force replaces the file' } : {}),
    });
  }
  const say = (line: string) => console.log(line);
  say(plan.says);
  say(`Wrote ${shown}: ${summary}.`);
  printNotes(plan, say);
  if (printProblems(plan, shown, say, true)) throw new StackError('INIT_INVALID_RESULT', `${shown} was written, but it does not load yet; fix the lines above.`, { hint: 'stack config shows what is left' });
  say(`Next: ${file === undefined ? 'stack up' : `stack -f ${shown} up`}`);
}

function printNotes(plan: InitPlan, say: (line: string) => void): void {
  for (const [kind, title] of [['guess', 'Guessed (check these):'], ['todo', 'To do:']] as const) {
    const notes = plan.draft.notes.filter((n) => n.kind === kind);
    if (notes.length === 0) continue;
    say(title);
    for (const n of notes) say(`  ${n.service ? `${n.service}: ` : ''}${n.text}`);
  }
}

function printProblems(plan: InitPlan, shown: string, say: (line: string) => void, written: boolean): boolean {
  if (plan.problems.length === 0) return false;
  say(`${shown}${written ? '' : ' (not written)'} does not load yet, stack config would say:`);
  for (const p of plan.problems) say(`  ${formatProblem(p)}`);
  return true;
}
