# bash completion for awsdns, awsdns-activate, awsdns-deactivate, awsdns-monitor.
# Installed as share/bash-completion/completions/awsdns (and linked for the other names).

# Prints the resource names under `resources:` of a YAML configuration file (a cheap scan:
# two-space-indented keys of the top-level `resources:` block).
_awsdns_resources() {
    local config="$1"
    [[ -r "$config" ]] || return 0
    local line in_resources=0
    while IFS= read -r line || [[ -n "$line" ]]; do
        if [[ "$line" =~ ^resources:[[:space:]]*(#.*)?$ ]]; then
            in_resources=1
        elif [[ "$line" =~ ^[^[:space:]#] ]]; then
            in_resources=0
        elif ((in_resources)) && [[ "$line" =~ ^[[:space:]]{2}([A-Za-z0-9_.-]+):[[:space:]]*(#.*)?$ ]]; then
            printf '%s\n' "${BASH_REMATCH[1]}"
        fi
    done <"$config"
}

_awsdns() {
    local cur prev words cword
    if declare -F _init_completion >/dev/null; then
        _init_completion || return
    else
        cur="${COMP_WORDS[COMP_CWORD]}"
        prev="${COMP_WORDS[COMP_CWORD - 1]}"
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
    fi

    local commands="exec check activate deactivate monitor"
    local record_options="--config --env-file --node --ip --aws-cli --json --deadline --inherit-proxy --no-imds-bypass -v --verbose --syslog --help --version"
    local command="" i
    case "${words[0]##*/}" in
        awsdns-activate) command=activate ;;
        awsdns-deactivate) command=deactivate ;;
        awsdns-monitor) command=monitor ;;
    esac
    local first_arg=1
    if [[ -z "$command" ]]; then
        for ((i = 1; i < cword; i++)); do
            case "${words[i]}" in
                exec | check | activate | deactivate | monitor)
                    command="${words[i]}"
                    first_arg=$((i + 1))
                    break
                    ;;
            esac
        done
    fi

    # After `exec ... --`, complete the command to run.
    if [[ "$command" == exec ]]; then
        for ((i = first_arg; i < cword; i++)); do
            if [[ "${words[i]}" == -- ]]; then
                if ((i + 1 == cword)); then
                    mapfile -t COMPREPLY < <(compgen -c -- "$cur")
                else
                    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
                fi
                return 0
            fi
        done
    fi

    case "$prev" in
        --config | --env-file)
            mapfile -t COMPREPLY < <(compgen -f -- "$cur")
            return 0
            ;;
        --aws-cli)
            mapfile -t COMPREPLY < <(compgen -c -- "$cur")
            return 0
            ;;
        --node | --ip | --timeout | --deadline)
            return 0
            ;;
    esac

    case "$command" in
        "")
            if [[ "$cur" == -* ]]; then
                mapfile -t COMPREPLY < <(compgen -W "--help --version" -- "$cur")
            else
                mapfile -t COMPREPLY < <(compgen -W "$commands" -- "$cur")
            fi
            ;;
        exec)
            mapfile -t COMPREPLY < <(compgen -W "--env-file --timeout --inherit-proxy --no-imds-bypass -v --verbose --syslog --help --version --" -- "$cur")
            ;;
        check)
            mapfile -t COMPREPLY < <(compgen -W "--env-file --config --aws-cli --json --live --node --inherit-proxy --no-imds-bypass -v --verbose --syslog --help --version" -- "$cur")
            ;;
        activate | deactivate | monitor)
            if [[ "$cur" == -* ]]; then
                mapfile -t COMPREPLY < <(compgen -W "$record_options" -- "$cur")
            else
                local config=/etc/awsdns/awsdns.yaml
                for ((i = 1; i < cword; i++)); do
                    if [[ "${words[i]}" == --config ]]; then
                        config="${words[i + 1]}"
                    elif [[ "${words[i]}" == --config=* ]]; then
                        config="${words[i]#--config=}"
                    fi
                done
                config="${config/#\~/$HOME}"
                mapfile -t COMPREPLY < <(compgen -W "$(_awsdns_resources "$config")" -- "$cur")
            fi
            ;;
    esac
    return 0
}

complete -F _awsdns awsdns awsdns-activate awsdns-deactivate awsdns-monitor
