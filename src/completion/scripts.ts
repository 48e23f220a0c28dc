/**
 * The shell side of completion: small scripts that hand the words typed so far to
 * `jetsub __complete -- <words>` and show what it prints (one candidate per line,
 * `value<TAB>description`; the single line `:files` asks for file-name completion). All the
 * knowledge stays in jetsub (src/completion/complete.ts), so nothing here needs regenerating
 * when commands, flags or devices change.
 */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

export const FILES_DIRECTIVE = ':files';

const BASH = `# bash completion for jetsub
#   one-off:    source <(jetsub completion bash)
#   permanent:  jetsub completion bash > ~/.local/share/bash-completion/completions/jetsub
_jetsub() {
  local IFS=$'\\n' out
  out=$("\${COMP_WORDS[0]}" __complete -- "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null) || return 0
  if [[ $out == '${FILES_DIRECTIVE}' ]]; then
    compopt -o default 2>/dev/null
    COMPREPLY=()
    return 0
  fi
  COMPREPLY=($(printf '%s\\n' "$out" | cut -f1))
}
complete -F _jetsub jetsub
`;

const ZSH = `#compdef jetsub
# zsh completion for jetsub
#   one-off:    source <(jetsub completion zsh)
#   permanent:  jetsub completion zsh > ~/.zfunc/_jetsub, with fpath+=(~/.zfunc) before compinit in ~/.zshrc
_jetsub() {
  local -a lines candidates
  local line value description
  lines=("\${(@f)$(\${words[1]} __complete -- "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  if [[ \${lines[1]} == '${FILES_DIRECTIVE}' ]]; then
    _files
    return
  fi
  for line in "\${lines[@]}"; do
    [[ -z $line ]] && continue
    value=\${\${line%%$'\\t'*}//:/\\\\:}
    description=\${line#*$'\\t'}
    if [[ -n $description ]]; then candidates+=("$value:$description"); else candidates+=("$value"); fi
  done
  _describe -t values jetsub candidates
}
if [[ \${zsh_eval_context[-1]} == loadautofunc ]]; then
  _jetsub "$@"
else
  compdef _jetsub jetsub
fi
`;

const FISH = `# fish completion for jetsub
#   one-off:    jetsub completion fish | source
#   permanent:  jetsub completion fish > ~/.config/fish/completions/jetsub.fish
function __jetsub_complete
    set -l words (commandline -opc) (commandline -ct)
    set -l out ($words[1] __complete -- $words[2..-1] 2>/dev/null)
    if test "$out[1]" = '${FILES_DIRECTIVE}'
        __fish_complete_path (commandline -ct)
        return
    end
    printf '%s\\n' $out
end
complete -c jetsub -f -a '(__jetsub_complete)'
`;

export const SCRIPTS: Record<Shell, string> = { bash: BASH, zsh: ZSH, fish: FISH };
