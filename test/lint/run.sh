#!/usr/bin/env bash
# The static checks of ARCHITECTURE.md ("Checks"), one command: every check runs, each violation
# is printed with its file and line, and the script fails if any check failed.
#   test/lint/run.sh [BUILD_DIR [CHECK...]]
#     BUILD_DIR (default ./build, configured if needed) gives clang-tidy its
#     compile_commands.json; CHECKs (default: all): source-rules python shellcheck clang-format
#     clang-tidy
#   LINT_SKIP_TIDY=1               skip clang-tidy (the slow check: minutes)
#   LINT_JOBS=N                    clang-tidy processes in parallel (default: nproc)
set -eu
cd "$(dirname "$0")/../.."
root=$PWD
build=${1:-build}
all_checks=(source-rules python shellcheck clang-format clang-tidy)
checks=("${all_checks[@]}")
[ "$#" -le 1 ] || checks=("${@:2}")
jobs=${LINT_JOBS:-$(nproc)}
python=/usr/bin/python3 # Debian's, with python3-pyflakes (setup.sh)
failed=()

# The first of the given programs found on PATH.
first_program() {
  local name
  for name in "$@"; do
    if command -v "$name" >/dev/null; then
      command -v "$name"
      return 0
    fi
  done
  return 1
}

# Runs check NAME (the function check_NAME), timing it and remembering a failure.
run_check() {
  local name=$1 start=$SECONDS
  echo "== lint: $name"
  if "check_${name//-/_}"; then
    echo "   ok: $name ($((SECONDS - start)) s)"
  else
    echo "   FAILED: $name ($((SECONDS - start)) s)"
    failed+=("$name")
  fi
}

# Files known to git (tracked or new, not ignored), NUL-separated.
project_files() {
  git ls-files --cached --others --exclude-standard -z -- "$@"
}

cxx_files() {
  project_files '*.cpp' '*.hpp' | while IFS= read -r -d '' file; do
    [ -f "$file" ] && printf '%s\0' "$file"
  done
}

# Shell scripts: *.sh, *.bash and files whose #! line names sh or bash.
shell_scripts() {
  project_files | while IFS= read -r -d '' file; do
    [ -f "$file" ] || continue
    case $file in
      *.sh | *.bash) printf '%s\0' "$file" ;;
      *)
        if head -n 1 "$file" | grep -qE '^#!.*[/ ](ba|da)?sh( |$)'; then
          printf '%s\0' "$file"
        fi
        ;;
    esac
  done
}

check_source_rules() {
  local status=0
  "$python" test/lint/source_rules.py || status=1
  "$python" test/lint/architecture_page.py || status=1
  return "$status"
}

check_python() {
  local files=()
  mapfile -d '' files < <(project_files '*.py')
  # Syntax of every file, without writing __pycache__.
  "$python" -c 'import sys
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        compile(f.read(), path, "exec")' "${files[@]}" || return 1
  if ! "$python" -m pyflakes --version >/dev/null 2>&1; then
    echo "   pyflakes not installed (apt install python3-pyflakes): only the syntax was checked"
    return 0
  fi
  # harness.py re-exports the names of harness_*.py: its imports are used by the tests.
  ! "$python" -m pyflakes "${files[@]}" |
    grep -vE '^test/e2e/harness\.py:[0-9:]+ .* imported but unused$'
}

check_shellcheck() {
  local shellcheck scripts=() script status=0
  shellcheck=$(first_program shellcheck) || {
    echo "   shellcheck not installed (apt install shellcheck)"
    return 1
  }
  mapfile -d '' scripts < <(shell_scripts)
  for script in "${scripts[@]}"; do
    # The completion file has no #! line: bash sources it.
    case $script in
      *.bash) "$shellcheck" --external-sources --shell=bash "$script" || status=1 ;;
      *) "$shellcheck" --external-sources "$script" || status=1 ;;
    esac
  done
  echo "   ${#scripts[@]} scripts"
  return "$status"
}

check_clang_format() {
  local format files=() file count unclean=0
  format=$(first_program clang-format-14 clang-format) || {
    echo "   clang-format not installed (apt install clang-format)"
    return 1
  }
  mapfile -d '' files < <(cxx_files)
  for file in "${files[@]}"; do
    count=$("$format" --dry-run "$file" 2>&1 | grep -c 'code should be clang-formatted' || true)
    if [ "$count" -gt 0 ]; then
      echo "$file: not clang-format clean, $count change(s) (clang-format -i $file)"
      unclean=$((unclean + 1))
    fi
  done
  echo "   ${#files[@]} files, $unclean not clang-format clean"
  [ "$unclean" -eq 0 ]
}

check_clang_tidy() {
  local runner tidy log status=0 findings
  if [ "${LINT_SKIP_TIDY:-0}" = 1 ]; then
    echo "   skipped (LINT_SKIP_TIDY=1)"
    return 0
  fi
  runner=$(first_program run-clang-tidy-14 run-clang-tidy) || runner=
  tidy=$(first_program clang-tidy-14 clang-tidy) || tidy=
  if [ -z "$runner" ] || [ -z "$tidy" ]; then
    echo "   clang-tidy not installed (apt install clang-tidy)"
    return 1
  fi
  if [ ! -f "$build/compile_commands.json" ]; then
    cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  fi
  # The library folders of ARCHITECTURE.md (not test/: Catch2's macros; not generated files).
  local folders
  folders=$("$python" test/lint/source_rules.py --print-library-folders | paste -sd '|')
  log=$build/clang-tidy.log # kept for a look at the notes and fix-its
  "$runner" -quiet -p "$build" -j "$jobs" -clang-tidy-binary "$tidy" \
    -header-filter "/($folders)/[^/]+\.hpp\$" "/($folders)/[^/]+\.cpp\$" >"$log" 2>&1 || status=1
  # run-clang-tidy asks for colours. A header's findings repeat in every file that includes it:
  # each is shown once.
  findings=$(sed 's/\x1b\[[0-9;]*m//g' "$log" |
    grep -E '^/.*:[0-9]+:[0-9]+: (warning|error): .*\[[a-z0-9.,-]+\]$' |
    sed "s|^$root/||" | sort -u || true)
  if [ -n "$findings" ]; then
    echo "$findings"
    echo "   findings per check:"
    echo "$findings" | sed -E 's/.*\[([a-z0-9.,-]+)\]$/\1/' | sort | uniq -c | sort -rn
    status=1
  elif [ "$status" -ne 0 ]; then
    sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E 'error:' | sort -u | head -n 50
  fi
  [ "$status" -eq 0 ] || echo "   the whole output: $log"
  return "$status"
}

for check in "${checks[@]}"; do
  if ! declare -F "check_${check//-/_}" >/dev/null; then
    echo "test/lint/run.sh: no check '$check' (checks: ${all_checks[*]})" >&2
    exit 2
  fi
  run_check "$check"
done

if [ "${#failed[@]}" -gt 0 ]; then
  echo "== lint FAILED: ${failed[*]}"
  exit 1
fi
echo "== lint: all checks passed"
