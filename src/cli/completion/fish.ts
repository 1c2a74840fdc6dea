/**
 * The fish completion script (`stack completion fish > ~/.config/fish/completions/stack.fish`).
 * One `complete` line per command and option, from the model. Which command is on the line,
 * and which stack.yaml (-f/--file), is found by the same walk as the bash and zsh scripts, so
 * `stack -f other/stack.yaml down <Tab>` offers that file's services (asked for at completion
 * time with `stack completion --services`).
 */
import { flagsOf, type CompletionModel, type CompletionOption } from './model.js';

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

/** `'up:--timeout' ':-f'…`: the words that take a value after them, per command ('' = before any command). */
function valuePatterns(model: CompletionModel): string {
  const rows: Array<[string[], CompletionOption[]]> = [[[''], model.globalOptions], ...model.commands.map((c) => [c.names, c.options] as [string[], CompletionOption[]])];
  return rows
    .flatMap(([names, options]) => options.filter((o) => o.takesValue).flatMap((o) => names.flatMap((n) => flagsOf(o).map((f) => quote(`${n}:${f}`)))))
    .join(' ');
}

function helpers(bin: string, model: CompletionModel): string {
  return `function __${bin}_takes_value
    switch "$argv[1]:$argv[2]"
        case ${valuePatterns(model)}
            return 0
    end
    return 1
end
# Prints the command on the line so far, then the --file words (none, or two).
function __${bin}_walk
    set -l tokens (commandline -opc)
    set -l cmd ''
    set -l file
    set -l i 2
    while test $i -le (count $tokens)
        set -l word $tokens[$i]
        if __${bin}_takes_value "$cmd" "$word"
            set i (math $i + 1)
            if contains -- $word -f --file; and test $i -le (count $tokens)
                set file --file $tokens[$i]
            end
        else if string match -q -- '--file=*' $word
            set file $word
        else if test -z "$cmd"; and not string match -q -- '-*' $word
            set cmd $word
        end
        set i (math $i + 1)
    end
    printf '%s\\n' "$cmd" $file
end
# True when the command on the line is one of the arguments ('' = none yet).
function __${bin}_is
    set -l walked (__${bin}_walk)
    contains -- "$walked[1]" $argv
end
function __${bin}_services
    set -l walked (__${bin}_walk)
    ${bin} $walked[2..-1] completion --services 2>/dev/null
end`;
}

export function fishScript(model: CompletionModel): string {
  const bin = model.program;
  const none = `__${bin}_is ''`;
  const lines = [
    `# fish completion for ${bin}. Install: ${bin} completion fish > ~/.config/fish/completions/${bin}.fish`,
    helpers(bin, model),
    `complete -c ${bin} -f`,
    ...model.globalOptions.map((o) => optionLine(bin, none, o)),
  ];
  for (const command of model.commands) {
    const seen = `__${bin}_is ${command.names.join(' ')}`;
    for (const name of command.names) lines.push(`complete -c ${bin} -n ${quote(none)} -a ${name} -d ${quote(command.description)}`);
    for (const option of command.options) lines.push(optionLine(bin, seen, option));
    if (command.takesServices) lines.push(`complete -c ${bin} -n ${quote(seen)} -a '(__${bin}_services)'`);
    if (command.argWords.length > 0) lines.push(`complete -c ${bin} -n ${quote(seen)} -a ${quote(command.argWords.join(' '))}`);
  }
  return `${lines.join('\n')}\n`;
}
