#!/usr/bin/env bash
# Builds the libFuzzer targets with clang in ./build-fuzz, replays the regression inputs
# (test/fuzz/regressions/<target>/: every crash or hang ever found), then fuzzes each target for
# FUZZ_SECONDS (default 30) from its seed corpus (test/fuzz/corpus/<target>/, copied: the repo is
# not modified). Exits non-zero on any crash, sanitizer report, time-out or out-of-memory.
# New findings are left in build-fuzz/findings/<target>/; add them to regressions/ once fixed.
# FUZZ_BUILD_DIR overrides the build directory (relative to the source tree, or absolute).
set -eu
cd "$(dirname "$0")/../.."
seconds=${FUZZ_SECONDS:-30}
build="${FUZZ_BUILD_DIR:-build-fuzz}"
targets="settings config aws_output"

echo "== build the fuzz targets (./$build, clang)"
[ -f "$build/build.ninja" ] ||
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=clang++ -DAWSDNS_FUZZ=ON -DAWSDNS_BUILD_TESTS=OFF
cmake --build "$build" -j 2 --target fuzz_settings fuzz_config fuzz_aws_output

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
failed=""

# Inputs up to ~70 KB: just past the settings parser's 64 KiB limit; the configuration's 1 MiB
# limit is tested by test_malformed_inputs.py, larger inputs would only slow the search.
max_len=70000

for target in $targets; do
  binary="$build/test/fuzz/fuzz_$target"
  regressions="test/fuzz/regressions/$target"
  if [ -d "$regressions" ] && [ -n "$(ls -A "$regressions")" ]; then
    echo "== replay $regressions"
    for input in "$regressions"/*; do
      if ! "$binary" -timeout=10 -rss_limit_mb=2048 "$input" >"$build/replay.log" 2>&1; then
        echo "FAIL: $input still crashes or hangs fuzz_$target:"
        grep -E "ERROR|SUMMARY|what\(\)|#[0-9]+ .* in awsdns" "$build/replay.log" | head -8 || true
        failed="$failed $target(regression)"
      fi
    done
  fi
done

for target in $targets; do
  binary="$build/test/fuzz/fuzz_$target"
  work="$build/fuzz-corpus/$target"
  findings="$build/findings/$target"
  mkdir -p "$work" "$findings"
  cp -n test/fuzz/corpus/"$target"/* "$work"/ 2>/dev/null || true
  echo "== fuzz_$target for ${seconds}s"
  if ! "$binary" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 \
      -rss_limit_mb=2048 -artifact_prefix="$findings/" -print_final_stats=1 \
      "$work" >"$build/fuzz-$target.log" 2>&1; then
    echo "FAIL: fuzz_$target found a problem (log: $build/fuzz-$target.log):"
    grep -E "ERROR|SUMMARY|what\(\)|Test unit written" "$build/fuzz-$target.log" | head -8 || true
    failed="$failed $target"
  else
    grep -E "stat::number_of_executed_units" "$build/fuzz-$target.log" || true
  fi
done

if [ -n "$failed" ]; then
  echo "fuzzing FAILED:$failed"
  exit 1
fi
echo "fuzzing passed"
