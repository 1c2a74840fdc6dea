/**
 * The fish completion script (`stack completion fish > ~/.config/fish/completions/stack.fish`).
 * One `complete` line per command and option, from the model; service names come from
 * `stack completion --services` at completion time.
 */
import { type CompletionModel, type CompletionOption } from './model.js';

/** A word inside fish single quotes. */
const quote = (text: string): string => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function optionLine(bin: string, condition: string, option: CompletionOption): string {
  const parts = [`complete -c ${bin} -n ${quote(condition)}`];
  if (option.short) parts.push(`-s ${option.short.slice(1)}`);
  if (option.long) parts.push(`-l ${option.long.slice(2)}`);
  if (option.isPath) parts.push('-r -F');
  else if (option.choices.length > 0) parts.push(`-x -a ${quote(option.choices.join(' '))}`);
  else if (option.takesValue) parts.push('-x');
  parts.push(`-d ${quote(option.description)}`);
  return parts.join(' ');
}

export function fishScript(model: CompletionModel): string {
  const bin = model.program;
  const lines = [
    `# fish completion for ${bin}. Install: ${bin} completion fish > ~/.config/fish/completions/${bin}.fish`,
    `complete -c ${bin} -f`,
    ...model.globalOptions.map((o) => optionLine(bin, '__fish_use_subcommand', o)),
  ];
  for (const command of model.commands) {
    const seen = `__fish_seen_subcommand_from ${command.names.join(' ')}`;
    for (const name of command.names) lines.push(`complete -c ${bin} -n __fish_use_subcommand -a ${name} -d ${quote(command.description)}`);
    for (const option of command.options) lines.push(optionLine(bin, seen, option));
    if (command.takesServices) lines.push(`complete -c ${bin} -n ${quote(seen)} -a ${quote(`(${bin} completion --services 2>/dev/null)`)}`);
    if (command.argWords.length > 0) lines.push(`complete -c ${bin} -n ${quote(seen)} -a ${quote(command.argWords.join(' '))}`);
  }
  return `${lines.join('\n')}\n`;
}
