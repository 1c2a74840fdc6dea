/**
 * The zsh completion script: save it as `_stack` in a directory on $fpath, or
 * `source <(stack completion zsh)` after compinit. Same model as the bash one; service
 * names come from `stack completion --services` at completion time.
 */
import { flagsOf, type CompletionModel, type CompletionOption } from './model.js';

/** A word inside zsh single quotes. */
const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

function describeEntries(options: readonly CompletionOption[]): string {
  return options.flatMap((o) => flagsOf(o).map((f) => quote(`${f}:${o.description}`))).join(' ');
}

export function zshScript(model: CompletionModel): string {
  const bin = model.program;
  const fn = `_${bin}`;
  const commandEntries = model.commands.flatMap((c) => c.names.map((n) => `    ${quote(`${n}:${c.description}`)}`));
  const valueCases = [
    ...model.globalOptions.filter((o) => o.takesValue).map((o) => ({ names: [''], option: o })),
    ...model.commands.flatMap((c) => c.options.filter((o) => o.takesValue).map((o) => ({ names: c.names, option: o }))),
  ].map(({ names, option }) => {
    const pattern = names.flatMap((n) => flagsOf(option).map((f) => `"${n}:${f}"`)).join('|');
    const action = option.isPath ? '_files' : option.choices.length > 0 ? `compadd -- ${option.choices.join(' ')}` : ':';
    return `    ${pattern}) ${action}; return ;;`;
  });
  const valuePatterns = valueCases.map((l) => l.replace(/\).*$/, ')')).map((l) => `${l} return 0 ;;`);
  const optionCases = model.commands.map((c) => `    ${c.names.join('|')}) entries=(${describeEntries(c.options)}) ;;`);
  const serviceCommands = model.commands.filter((c) => c.takesServices).flatMap((c) => c.names);
  const wordCases = model.commands.filter((c) => c.argWords.length > 0).map((c) => `    ${c.names.join('|')}) compadd -- ${c.argWords.join(' ')} ;;`);
  return `#compdef ${bin}
# zsh completion for ${bin}. Install: save as _${bin} in a directory on $fpath, or add
# \`source <(${bin} completion zsh)\` to ~/.zshrc after compinit.
${fn}_takes_value() {
  case "$1:$2" in
${valuePatterns.join('\n')}
  esac
  return 1
}
${fn}() {
  local cmd="" word prev="\${words[CURRENT-1]}" i
  local -a file entries commands
  for ((i = 2; i < CURRENT; i++)); do
    word="\${words[i]}"
    if ${fn}_takes_value "$cmd" "$word"; then
      i=$((i + 1))
      case "$word" in -f|--file) file=(--file "\${words[i]}") ;; esac
    elif [[ "$word" == --file=* ]]; then
      file=("$word")
    elif [[ -z "$cmd" && "$word" != -* ]]; then
      cmd="$word"
    fi
  done
  if (( CURRENT > 2 )) && ${fn}_takes_value "$cmd" "$prev"; then
    case "$cmd:$prev" in
${valueCases.join('\n')}
    esac
    return
  fi
  if [[ -z "$cmd" ]]; then
    if [[ "\${words[CURRENT]}" == -* ]]; then
      entries=(${describeEntries(model.globalOptions)})
      _describe 'option' entries
    else
      commands=(
${commandEntries.join('\n')}
      )
      _describe 'command' commands
    fi
    return
  fi
  if [[ "\${words[CURRENT]}" == -* ]]; then
    case "$cmd" in
${optionCases.join('\n')}
    esac
    _describe 'option' entries
    return
  fi
  case "$cmd" in
    ${serviceCommands.join('|')}) compadd -- \${(f)"$(${bin} "\${file[@]}" completion --services 2>/dev/null)"} ;;
${wordCases.join('\n')}
  esac
}
if [[ "\${funcstack[1]}" == "${fn}" ]]; then
  ${fn} "$@"
else
  compdef ${fn} ${bin}
fi
`;
}
