#!/usr/bin/env python3
"""Each Catch2 test case of the unit test programs is exactly one ctest entry, and each entry
is one test case.

catch_discover_tests reads a program's test names as a CMake list: a name holding ';' became
two entries whose name filters matched no test case, and a Catch2 filter that matches nothing
passes (exit 0 without `-w NoTests`), so test cases never ran while ctest reported them passed.
This compares, per program, the names it lists (--list-test-names-only) with its ctest entries
(ctest --show-only=json-v1; an entry is named "<lib>:<test case>" and runs
"<lib>_tests <filter> ...").

    ctest_entries.py BUILD_DIR [--ctest CTEST]
Prints each difference and exits 1 if there is any (or if no unit test program is found).
"""

import argparse
import collections
import json
import os
import subprocess
import sys


def ctest_entries(build, ctest):
    """{program path: [test case name of each entry]} from ctest's own list of the build."""
    shown = subprocess.run([ctest, "--test-dir", build, "--show-only=json-v1"],
                           capture_output=True, text=True, check=True)
    entries = collections.defaultdict(list)
    for test in json.loads(shown.stdout).get("tests", []):
        command = test.get("command") or []
        for at, word in enumerate(command[:-1]):  # a program followed by a filter
            stem = os.path.basename(word).removesuffix(".exe")
            if stem.endswith("_tests"):
                # TEST_PREFIX "<lib>: " reaches ctest as "<lib>:" (CMake trims the blank).
                prefix = stem.removesuffix("_tests") + ":"
                name = test["name"]
                if name.startswith(prefix):
                    name = name[len(prefix):].removeprefix(" ")
                entries[word].append(name)
                break
    return entries


def listed_names(program):
    """The test cases `program` lists, one a line."""
    out = subprocess.run([program, "--list-test-names-only"], capture_output=True, text=True,
                         timeout=120).stdout
    return [line for line in out.splitlines() if line.strip()]


def compare(program, entries, listed):
    """The differences between a program's ctest entries and its listed test cases."""
    problems = []
    name = os.path.basename(program)
    for test_case in sorted(set(listed) - set(entries)):
        problems.append(f"{name}: test case {test_case!r} has no ctest entry of its own")
    for entry in sorted(set(entries) - set(listed)):
        problems.append(f"{name}: ctest entry {entry!r} is no test case of the program "
                        f"(a name split at ';'?)")
    for entry, count in sorted(collections.Counter(entries).items()):
        if count > 1:
            problems.append(f"{name}: {count} ctest entries for {entry!r}")
    if len(entries) != len(listed):
        problems.append(f"{name}: {len(entries)} ctest entries for {len(listed)} test cases")
    return problems


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build")
    parser.add_argument("--ctest", default="ctest")
    args = parser.parse_args(argv)
    entries = ctest_entries(args.build, args.ctest)
    if not entries:
        print(f"ctest_entries.py: no unit test program among the ctest entries of {args.build}")
        return 1
    problems = []
    for program in sorted(entries):
        problems += compare(program, entries[program], listed_names(program))
    for problem in problems:
        print(problem)
    total = sum(len(names) for names in entries.values())
    print(f"ctest_entries.py: {len(entries)} programs, {total} entries, "
          f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
