/**
 * The bash completion script (`source <(stack completion bash)`). Commands and options are
 * written into it from the model; service names are asked for at completion time
 * (`stack completion --services`), so they follow whichever stack.yaml is in reach,
 * including one named with -f/--file on the line being completed.
 */
import { flagsOf, type CompletionModel, type CompletionOption } from './model.js';

const words = (list: readonly string[]): string => list.join(' ');

/** `up|-f` style case patterns: which words take a value after them, per command ("" = before any command). */
function valueCases(model: CompletionModel): string[] {
  const rows: Array<[string, CompletionOption[]]> = [['', model.globalOptions], ...model.commands.map((c) => [c.names.join('|'), c.options] as [string, CompletionOption[]])];
  const lines: string[] = [];
  for (const [names, options] of rows) {
    const prefixes = names === '' ? [''] : names.split('|');
    for (const option of options.filter((o) => o.takesValue)) {
      const pattern = prefixes.flatMap((p) => flagsOf(option).map((f) => `"${p}:${f}"`)).join('|');
      const action = option.isPath
        ? `COMPREPLY=($(compgen -f -- "$cur"))`
        : option.choices.length > 0
          ? `COMPREPLY=($(compgen -W "${words(option.choices)}" -- "$cur"))`
          : 'COMPREPLY=()';
      lines.push(`    ${pattern}) ${action}; return 0 ;;`);
    }
  }
  return lines;
}

export function bashScript(model: CompletionModel): string {
  const bin = model.program;
  const fn = `_${bin}_completion`;
  const commandNames = model.commands.flatMap((c) => c.names);
  const optionCases = model.commands.map((c) => `    ${c.names.join('|')}) opts="${words(c.options.flatMap(flagsOf))}" ;;`);
  const serviceCommands = model.commands.filter((c) => c.takesServices).flatMap((c) => c.names);
  const wordCases = model.commands.filter((c) => c.argWords.length > 0).map((c) => `    ${c.names.join('|')}) COMPREPLY=($(compgen -W "${words(c.argWords)}" -- "$cur")) ;;`);
  return `# bash completion for ${bin}. Install: add \`source <(${bin} completion bash)\` to ~/.bashrc.
${fn}_takes_value() {
  case "$1:$2" in
${valueCases(model)
  .map((l) => l.replace(/\) COMPREPLY=.*$/, ') return 0 ;;'))
  .join('\n')}
  esac
  return 1
}
${fn}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="" cmd="" word i
  local -a file=()
  [ "$COMP_CWORD" -gt 0 ] && prev="\${COMP_WORDS[COMP_CWORD-1]}"
  COMPREPLY=()
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    if ${fn}_takes_value "$cmd" "$word"; then
      i=$((i + 1))
      case "$word" in -f|--file) file=(--file "\${COMP_WORDS[i]}") ;; esac
    elif [[ "$word" == --file=* ]]; then
      file=("$word")
    elif [[ -z "$cmd" && "$word" != -* ]]; then
      cmd="$word"
    fi
  done
  if [ "$COMP_CWORD" -gt 1 ] && ${fn}_takes_value "$cmd" "$prev"; then
    case "$cmd:$prev" in
${valueCases(model).join('\n')}
    esac
    return 0
  fi
  if [ -z "$cmd" ]; then
    if [[ "$cur" == -* ]]; then
      COMPREPLY=($(compgen -W "${words(model.globalOptions.flatMap(flagsOf))}" -- "$cur"))
    else
      COMPREPLY=($(compgen -W "${words(commandNames)}" -- "$cur"))
    fi
    return 0
  fi
  if [[ "$cur" == -* ]]; then
    local opts=""
    case "$cmd" in
${optionCases.join('\n')}
    esac
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    return 0
  fi
  case "$cmd" in
    ${serviceCommands.join('|')}) COMPREPLY=($(compgen -W "$(${bin} "\${file[@]}" completion --services 2>/dev/null)" -- "$cur")) ;;
${wordCases.join('\n')}
  esac
  return 0
}
complete -F ${fn} ${bin}
`;
}
