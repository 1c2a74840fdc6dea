import type { Command } from 'commander';
import { installHook, shownPath as shown, uninstallHook, type HookOutcome } from '../../hook/install.js';
import { oneOf } from '../argument-words.js';
import { locateProject } from '../project.js';

export async function hookCommand(program: Command, word: string): Promise<void> {
  const action = oneOf('hook', 'action', word, ['install', 'uninstall'] as const);
  const paths = locateProject(program);
  if (action === 'install') {
    const outcome = await installHook({
      configFile: paths.configFile,
      stackBin: process.argv[1] ?? 'stack',
      nodeBin: process.execPath,
    });
    console.log(installMessage(outcome).join('\n'));
  } else {
    const outcome = await uninstallHook({ configFile: paths.configFile });
    console.log(uninstallMessage(outcome));
  }
}

function where(outcome: HookOutcome): string {
  const { hookFile, hooksPath } = outcome.location;
  return hooksPath === undefined ? shown(hookFile) : `${shown(hookFile)} (core.hooksPath is ${hooksPath})`;
}

function installMessage(outcome: HookOutcome): string[] {
  const file = where(outcome);
  const lines: string[] = [];
  switch (outcome.kind) {
    case 'already':
      lines.push(`The stack pre-commit hook is already installed in ${file}; nothing changed.`);
      return lines;
    case 'created':
      lines.push(`Installed the stack pre-commit hook: created ${file}.`);
      break;
    case 'updated':
      lines.push(`Updated the stack pre-commit hook in ${file}: its command had changed (the rest kept as it was).`);
      break;
    case 'appended':
      lines.push(`Installed the stack pre-commit hook: added it to ${file}, after the hook already there (kept as it was).`);
      break;
    case 'inserted':
      lines.push(`Installed the stack pre-commit hook: added it to ${file}, before its final \`${outcome.before}\` (the rest kept as it was).`);
      break;
    default:
      break;
  }
  if (outcome.madeExecutable) lines.push('That hook was not executable, so git was ignoring it; it is executable now.');
  lines.push(`Each commit now runs: ${outcome.command}`);
  lines.push('Bypass once with `git commit --no-verify` or STACK_SKIP_DOCTOR=1; remove with `stack hook uninstall`.');
  return lines;
}

function uninstallMessage(outcome: HookOutcome): string {
  const file = where(outcome);
  switch (outcome.kind) {
    case 'deleted':
      return `Uninstalled the stack pre-commit hook: deleted ${file} (nothing else was in it).`;
    case 'removed':
      return `Uninstalled the stack pre-commit hook: removed its block from ${file}; the rest of that hook is as it was.`;
    default:
      return `The stack pre-commit hook is not installed in ${file}; nothing changed.`;
  }
}
