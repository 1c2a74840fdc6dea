/**
 * What the shell completion scripts complete, read from the commander program itself, so
 * a command or option added in main.ts is completed without being listed a second time.
 * Pure: the renderers (bash.ts, zsh.ts, fish.ts) turn this into a script.
 */
import type { Command, Option } from 'commander';
import { argumentWords } from '../argument-words.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

export interface CompletionOption {
  short?: string;
  long?: string;
  description: string;
  /** It takes a value (`--timeout 90s`): the word after it is that value, not a service. */
  takesValue: boolean;
  /** The values it accepts, when commander knows them (`--format tree|dot|…`). */
  choices: string[];
  /** Its value is a path (`--file`): the shell completes file names. */
  isPath: boolean;
}

export interface CompletionCommand {
  /** The name and its aliases (`status`, `ps`). */
  names: string[];
  description: string;
  options: CompletionOption[];
  /** Its arguments are service names, listed at completion time by `stack completion --services`. */
  takesServices: boolean;
  /** Fixed words its first argument can be (the shells of `stack completion`). */
  argWords: string[];
}

export interface CompletionModel {
  program: string;
  globalOptions: CompletionOption[];
  commands: CompletionCommand[];
}

const HELP: CompletionOption = { short: '-h', long: '--help', description: 'show help', takesValue: false, choices: [], isPath: false };

function optionOf(option: Option): CompletionOption {
  return {
    ...(option.short ? { short: option.short } : {}),
    ...(option.long ? { long: option.long } : {}),
    description: option.description,
    takesValue: option.required || option.optional,
    choices: [...(option.argChoices ?? [])],
    isPath: option.long === '--file',
  };
}

function visible(options: readonly Option[]): CompletionOption[] {
  return options.filter((o) => !o.hidden).map(optionOf);
}

export function completionModel(program: Command): CompletionModel {
  return {
    program: program.name(),
    globalOptions: [...visible(program.options), HELP],
    commands: program.commands.map((command) => {
      const first = command.registeredArguments[0];
      return {
        names: [command.name(), ...command.aliases()],
        description: command.description(),
        options: [...visible(command.options), HELP],
        takesServices: first?.name() === 'services',
        argWords: command.name() === 'completion' ? [...SHELLS] : [...(argumentWords.get(command) ?? first?.argChoices ?? [])],
      };
    }),
  };
}

/** Every flag spelling of an option: `-f`, `--file`. */
export function flagsOf(option: CompletionOption): string[] {
  return [option.short, option.long].filter((f): f is string => f !== undefined);
}
