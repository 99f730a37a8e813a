#!/usr/bin/env python3
"""The source rules of ARCHITECTURE.md, checked (Python stdlib only).

The rules are data: the fenced block tagged `awsdns-rules` in ARCHITECTURE.md names, for each
folder, the folders its C++ files may include, which files may include platform headers and
which may touch the process environment. Checks (all by default, or those named with --check):
  includes      #include "folder/..." only of the folder itself or of the folders it may use
  platform      platform headers (<unistd.h>, <sys/*.h>, <windows.h>, ...) and platform APIs
                (asio::posix, ...) only in the platform files
  boost-detail  no Boost internals (bp::detail, <boost/.../detail/...>) anywhere
  environment   getenv/setenv/unsetenv/putenv/environ only in the environment files
  star-imports  no `from X import *` in the Python of test/ and bench/
  test-names    no ';' in a Catch2 test case's name (TEST_CASE, SCENARIO): catch_discover_tests
                splits it there (a CMake list separator) into entries that run no test
  test-files    every unit test file is test/unit/<library>_<topic>_test.cpp, or
                _test_posix.cpp / _test_windows.cpp for the tests of one system (test/CMakeLists.txt
                builds <library>_tests from these names)
  local-imports no import inside a function in bench/: modules import at the top, so an import
                cycle shows instead of hiding in a function
  issue-numbers no "issue N" in C++, Python or shell files: a comment says why, and a tracker's
                number says nothing to a reader of the code
  result-seams  the libraries report an expected failure as a result (core/result.hpp,
                util/expected.hpp): no function returns std::optional<int> ("exit now with this
                code"), no struct declares `bool ok() const` (a hand-made result; the few kept
                are listed with why in OK_MEMBER_KEPT), and nothing throws but CannotContinue,
                except cli/entry.cpp and the throw_exception_from_error hooks that a result's
                value() calls on a failure
Prints one line per violation (FILE:LINE: message) and exits 1 if there is any.
"""

import argparse
import fnmatch
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CXX_SUFFIXES = (".cpp", ".hpp", ".hpp.in", ".cpp.in")
PYTHON_FOLDERS = ("test", "bench")

# Headers of an operating system (POSIX, Linux, Windows) and the platform parts of Boost.
PLATFORM_HEADERS = (
    "unistd.h", "poll.h", "signal.h", "fcntl.h", "netdb.h", "termios.h", "syslog.h", "pwd.h",
    "grp.h", "spawn.h", "dirent.h", "dlfcn.h", "pthread.h", "sched.h", "ifaddrs.h", "resolv.h",
    "sys/*", "arpa/*", "netinet/*", "net/*", "linux/*",
    "windows.h", "winsock2.h", "ws2tcpip.h", "io.h", "process.h", "direct.h", "winternl.h",
    "boost/asio/posix/*", "boost/asio/windows/*", "boost/process/v2/posix/*",
    "boost/process/v2/windows/*", "boost/process/posix*", "boost/process/windows*",
)
PLATFORM_NAMES = re.compile(r"\b(?:asio|process|v2)::(?:posix|windows)\b")
BOOST_DETAIL_NAMES = re.compile(r"\b(?:bp|boost|process|v2|asio|beast|json)::detail::")
BOOST_DETAIL_HEADER = re.compile(r"^boost/.*\bdetail/")
ENVIRONMENT_NAMES = re.compile(r"\b(?:getenv|secure_getenv|setenv|unsetenv|putenv|clearenv|"
                               r"environ|_wgetenv|_putenv|GetEnvironmentVariable\w*|"
                               r"SetEnvironmentVariable\w*)\b")
ISSUE_NUMBER = re.compile(r"\bissues?\s+#?[0-9]+", re.I)
ISSUE_SUFFIXES = (".cpp", ".hpp", ".hpp.in", ".cpp.in", ".py", ".sh")
RESULT_FOLDERS = ("util", "core", "envfile", "launcher", "route53", "cli")
OPTIONAL_INT_FUNCTION = re.compile(r"\bstd::optional<int>\s+(?:\w+::)*(\w+)\s*\(")
OK_MEMBER = re.compile(r"\bbool\s+ok\s*\(\s*\)\s*const\b")
THROW = re.compile(r"\bthrow\s+((?:\w+::)*\w+)")
RESULT_HOOK = "throw_exception_from_error"
THROW_ALLOWED_FILES = ("cli/entry.cpp",)
# The files whose struct may still declare `bool ok() const`, and why.
OK_MEMBER_KEPT = {
    # A value, not a failure of the function: the outcome of one AWS CLI run (its error class is
    # data that the actions classify, retry and report).
    "route53/aws_cli.hpp": "CallResult",
}
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
STAR_IMPORT = re.compile(r"^\s*from\s+(\S+)\s+import\s+\*")
UNIT_TEST_FILE = re.compile(r"^test/unit/[a-z0-9]+_[a-z0-9_]+_test(?:_posix|_windows)?\.cpp$")
UNIT_SUPPORT_FILE = re.compile(r"^test/unit/(?:catch_main|test_support(?:_posix|_windows)?)\.cpp$")
LOCAL_IMPORT = re.compile(r"^\s+(?:import\s+\w|from\s+\S+\s+import\s)")
# A Catch2 test case and its name: one string literal or several concatenated ones.
TEST_CASE_NAME = re.compile(r'\b(?:TEST_CASE|TEST_CASE_METHOD\s*\(\s*\w+\s*,|SCENARIO)\s*\(?\s*'
                            r'((?:"(?:\\.|[^"\\\n])*"\s*)+)')


class Rules:
    """The awsdns-rules block of ARCHITECTURE.md: folder -> allowed folders, file patterns."""

    def __init__(self, text, where):
        self.layers = {}  # folder -> set of folders it may include ("*": any)
        self.patterns = {}  # key (platform-files, environment-files) -> [glob, ...]
        block = re.search(r"^```awsdns-rules\n(.*?)^```", text, re.M | re.S)
        if not block:
            raise SystemExit(f"{where}: no ```awsdns-rules block")
        first_line = text[:block.start()].count("\n") + 2
        for number, line in enumerate(block.group(1).splitlines(), first_line):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            key, sep, value = line.partition(":")
            if not sep:
                raise SystemExit(f"{where}:{number}: expected 'name: values'")
            key, values = key.strip(), value.split()
            if key.endswith("-files"):
                self.patterns[key] = values
            else:
                self.layers[key] = set(values)
        for key in ("platform-files", "environment-files"):
            if key not in self.patterns:
                raise SystemExit(f"{where}: the awsdns-rules block has no '{key}:' line")

    def may_include(self, folder, other):
        allowed = self.layers.get(folder, set())
        return other == folder or "*" in allowed or other in allowed

    def allowed_text(self, folder):
        allowed = sorted(self.layers.get(folder, set()))
        return "only " + ", ".join(f"{name}/" for name in allowed) if allowed else "no other folder"

    def matches(self, key, path):
        return any(fnmatch.fnmatchcase(path, pattern) or
                   fnmatch.fnmatchcase(os.path.basename(path), pattern)
                   for pattern in self.patterns[key])


def project_files():
    """Tracked and new (not ignored) files, relative to ROOT."""
    try:
        out = subprocess.run(["git", "-C", ROOT, "ls-files", "--cached", "--others",
                              "--exclude-standard", "-z"], capture_output=True, check=True).stdout
        names = [name for name in out.decode().split("\0") if name]
    except (OSError, subprocess.CalledProcessError):
        names = []
        for folder, dirs, files in os.walk(ROOT):
            dirs[:] = [d for d in dirs if not d.startswith((".", "build"))]
            names += [os.path.relpath(os.path.join(folder, f), ROOT) for f in files]
    return sorted(name for name in names if os.path.isfile(os.path.join(ROOT, name)))


def strip_comments(text, keep_strings):
    """C++ text with comments (and, unless keep_strings, string/char literals) blanked;
    newlines are kept so line numbers stay right."""
    token = re.compile(r'//[^\n]*|/\*.*?\*/|R"([^(]*)\(.*?\)\1"|"(?:\\.|[^"\\\n])*"|'
                       r"'(?:\\.|[^'\\\n])*'", re.S)

    def blank(match):
        piece = match.group(0)
        if keep_strings and piece[0] in "\"'R":
            return piece
        return re.sub(r"[^\n]", " ", piece)
    return token.sub(blank, text)


def header_matches(header, patterns):
    return any(fnmatch.fnmatchcase(header, pattern) for pattern in patterns)


RULES_NOTE = "(ARCHITECTURE.md, awsdns-rules)"
PLATFORM_NOTE = "outside the platform files (ARCHITECTURE.md, awsdns-rules: platform-files)"
ENVIRONMENT_NOTE = ("outside the environment files "
                    "(ARCHITECTURE.md, awsdns-rules: environment-files)")
BOOST_NOTE = "a Boost internal; use the library's public API"


def check_quoted_include(folder, header, rules):
    """The problem with #include "header" in a file of folder, or None."""
    if header.startswith(".."):
        return f'#include "{header}": name the folder, not a relative path'
    if "/" not in header:
        return None
    other = header.split("/", 1)[0]
    if other not in rules.layers:
        return f'#include "{header}": {other}/ is not a folder of the block {RULES_NOTE}'
    if not rules.may_include(folder, other):
        allowed = rules.allowed_text(folder)
        return f'#include "{header}": {folder}/ may include {allowed} {RULES_NOTE}'
    return None


def check_cxx(path, text, rules, checks, report):
    folder = path.split("/", 1)[0]
    platform_file = rules.matches("platform-files", path)
    environment_file = rules.matches("environment-files", path)
    check_detail = "boost-detail" in checks and folder != "test"
    for number, line in enumerate(strip_comments(text, keep_strings=True).splitlines(), 1):
        match = INCLUDE.match(line)
        if not match:
            continue
        quote, header = match.groups()
        problem = check_quoted_include(folder, header, rules) if quote == '"' else None
        if "includes" in checks and problem:
            report("includes", path, number, problem)
        if "platform" in checks and not platform_file and header_matches(header, PLATFORM_HEADERS):
            report("platform", path, number,
                   f"#include <{header}>: a platform header {PLATFORM_NOTE}")
        if check_detail and BOOST_DETAIL_HEADER.match(header):
            report("boost-detail", path, number, f"#include <{header}>: {BOOST_NOTE}")
    for number, line in enumerate(strip_comments(text, keep_strings=False).splitlines(), 1):
        if "platform" in checks and not platform_file:
            for name in PLATFORM_NAMES.findall(line):
                report("platform", path, number, f"{name}: a platform API {PLATFORM_NOTE}")
        if check_detail:
            for name in BOOST_DETAIL_NAMES.findall(line):
                report("boost-detail", path, number, f"{name.rstrip(':')}: {BOOST_NOTE}")
        if "environment" in checks and not environment_file:
            for name in ENVIRONMENT_NAMES.findall(line):
                report("environment", path, number, f"{name}: the process environment "
                       f"{ENVIRONMENT_NOTE}")


def check_result_seams(path, text, report):
    """Hand-made failure idioms in the libraries: see result-seams in the module's docstring."""
    if path.split("/", 1)[0] not in RESULT_FOLDERS:
        return
    code = strip_comments(text, keep_strings=False)
    for number, line in enumerate(code.splitlines(), 1):
        match = OPTIONAL_INT_FUNCTION.search(line)
        if match:
            report("result-seams", path, number,
                   f"{match.group(1)} returns std::optional<int> (an exit code to exit with): "
                   "return a Result<T> (core/result.hpp) whose Failure carries the code")
        if OK_MEMBER.search(line) and path not in OK_MEMBER_KEPT:
            report("result-seams", path, number,
                   "bool ok() const: a hand-made result; return Result<T> (core/result.hpp) or "
                   "util::Expected<T> (util/expected.hpp)")
    if path in THROW_ALLOWED_FILES:
        return
    for match in THROW.finditer(code):
        if match.group(1).split("::")[-1] == "CannotContinue":
            continue
        # Inside a throw_exception_from_error hook: from its name to the closing brace at the
        # start of a line.
        hook = code.rfind(RESULT_HOOK, 0, match.start())
        if hook != -1 and "\n}" not in code[hook:match.start()]:
            continue
        number = code[:match.start()].count("\n") + 1
        report("result-seams", path, number,
               f"throw {match.group(1)}: return a Result<T> (core/result.hpp) for an expected "
               "failure; throw only CannotContinue (printed once by cli/entry.cpp)")


def check_test_names(path, text, report):
    """Catch2 test names that catch_discover_tests would split (';' is a CMake list separator)."""
    code = strip_comments(text, keep_strings=True)
    for match in TEST_CASE_NAME.finditer(code):
        name = "".join(re.findall(r'"((?:\\.|[^"\\])*)"', match.group(1)))
        if ";" in name:
            number = code[:match.start()].count("\n") + 1
            report("test-names", path, number,
                   f'test case "{name}": a \';\' splits it into ctest entries that run no test '
                   f"(catch_discover_tests reads names as a CMake list); say it without one")


def check_python(path, text, report):
    blocks = []  # (indent, is a function) of the blocks the current line is in
    signature = None  # the indent of a "def" whose signature goes on over more lines
    for number, line in enumerate(text.splitlines(), 1):
        match = STAR_IMPORT.match(line)
        if match:
            report("star-imports", path, number,
                   f"from {match.group(1)} import *: import the names used")
        if line.strip() and not line.lstrip().startswith("#"):
            indent = len(line) - len(line.lstrip())
            starts_def = line.lstrip().startswith(("def ", "async def "))
            if signature is None:
                while blocks and blocks[-1][0] >= indent:
                    blocks.pop()
                if starts_def:
                    signature = indent
            if line.rstrip().endswith(":"):
                blocks.append((indent if signature is None else signature, signature is not None))
                signature = None
        in_function = any(is_function for _, is_function in blocks)
        # An optional import at the top (try/except ImportError) is not inside a function.
        if path.startswith("bench/") and in_function and LOCAL_IMPORT.match(line):
            report("local-imports", path, number,
                   "an import inside a function: import at the top of the module (a cycle "
                   "between modules is broken by moving the shared code, not hidden)")


def check_test_file_name(path, rules, report):
    """A unit test file named other than <library>_<topic>_test[_posix|_windows].cpp."""
    if not path.startswith("test/unit/") or not path.endswith(".cpp") or \
            UNIT_SUPPORT_FILE.match(path):
        return
    library = os.path.basename(path).split("_", 1)[0]
    if not UNIT_TEST_FILE.match(path) or library not in rules.layers or library == "test":
        report("test-files", path, 1,
               "name a unit test file <library>_<topic>_test.cpp (one system's: "
               "_test_posix.cpp, _test_windows.cpp)")


def check_issue_numbers(path, text, report):
    """Lines naming a tracker's issue by number."""
    for number, line in enumerate(text.splitlines(), 1):
        match = ISSUE_NUMBER.search(line)
        if match:
            report("issue-numbers", path, number,
                   f'"{match.group(0)}": say what the code does and why, not which issue')


def check_folders(files, rules, report):
    """Every top-level folder holding C++ must be named in the block."""
    seen = {}
    for path in files:
        if "/" in path and path.endswith(CXX_SUFFIXES):
            seen.setdefault(path.split("/", 1)[0], path)
    for folder, path in sorted(seen.items()):
        if folder not in rules.layers:
            report("includes", path, 1,
                   f"{folder}/ holds C++ but is not in the block: say what it may include "
                   f"{RULES_NOTE}")


ALL_CHECKS = ("includes", "platform", "boost-detail", "environment", "star-imports",
              "test-names", "test-files", "local-imports", "issue-numbers", "result-seams")


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="append", choices=ALL_CHECKS,
                        help="run only this check (repeatable; default: all)")
    parser.add_argument("--summary", action="store_true",
                        help="end with the number of violations per check")
    parser.add_argument("--print-library-folders", action="store_true",
                        help="print the folders of the block except test/, one a line")
    args = parser.parse_args(argv)
    checks = set(args.check or ALL_CHECKS)
    architecture = os.path.join(ROOT, "ARCHITECTURE.md")
    with open(architecture, encoding="utf-8") as f:
        rules = Rules(f.read(), "ARCHITECTURE.md")
    if args.print_library_folders:
        print("\n".join(folder for folder in rules.layers if folder != "test"))
        return 0

    violations = []

    def report(check, path, number, message):
        violations.append((path, number, check, message))

    files = project_files()
    if "includes" in checks:
        check_folders(files, rules, report)
    for path in files:
        top = path.split("/", 1)[0]
        if "test-files" in checks:
            check_test_file_name(path, rules, report)
        if path.endswith(ISSUE_SUFFIXES) and "issue-numbers" in checks:
            with open(os.path.join(ROOT, path), encoding="utf-8", errors="replace") as f:
                check_issue_numbers(path, f.read(), report)
        if path.endswith(CXX_SUFFIXES):
            with open(os.path.join(ROOT, path), encoding="utf-8", errors="replace") as f:
                text = f.read()
            check_cxx(path, text, rules, checks, report)
            if "result-seams" in checks:
                check_result_seams(path, text, report)
            if top == "test" and "test-names" in checks:
                check_test_names(path, text, report)
        elif path.endswith(".py") and top in PYTHON_FOLDERS and checks & {"star-imports",
                                                                          "local-imports"}:
            with open(os.path.join(ROOT, path), encoding="utf-8", errors="replace") as f:
                check_python(path, f.read(), report)
    for path, number, check, message in violations:
        print(f"{path}:{number}: [{check}] {message}")
    if args.summary:
        for check in ALL_CHECKS:
            if check in checks:
                count = sum(1 for violation in violations if violation[2] == check)
                print(f"source rules: {check}: {count} violation(s)")
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
