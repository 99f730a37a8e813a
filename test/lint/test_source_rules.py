"""The source rules catch what they are for: each rule is shown one violation and one file that
keeps it (so `lint: architecture rules` passing on the tree means something)."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import source_rules  # noqa: E402  (the module under test, next to this file)

BLOCK = """# Architecture
```awsdns-rules
util:
core:
envfile:  util
launcher: util core envfile
route53:  util core envfile launcher
cli:      util core envfile launcher route53
test:     *
platform-files:    *_posix.cpp *_posix.hpp *_windows.cpp *_windows.hpp test/*
environment-files: cli/main.cpp cli/surroundings_posix.cpp test/*
```
"""


def violations_of(path, text, checks=source_rules.ALL_CHECKS):
    """(check, line) of every violation the rules find in one file."""
    rules = source_rules.Rules(BLOCK, "ARCHITECTURE.md")
    found = []

    def report(check, _path, number, _message):
        found.append((check, number))

    if "issue-numbers" in checks:
        source_rules.check_issue_numbers(path, text, report)
    if path.endswith(".py"):
        source_rules.check_python(path, text, report)
    else:
        source_rules.check_cxx(path, text, rules, set(checks), report)
        if "result-seams" in checks:
            source_rules.check_result_seams(path, text, report)
        if path.startswith("test/") and "test-names" in checks:
            source_rules.check_test_names(path, text, report)
    return found


class IncludeDirections(unittest.TestCase):
    def test_an_upward_include_is_a_violation(self):
        self.assertEqual(violations_of("launcher/x.cpp", '#include "route53/config.hpp"\n'),
                         [("includes", 1)])

    def test_a_downward_include_is_allowed(self):
        self.assertEqual(violations_of("route53/x.cpp", '#include "launcher/process.hpp"\n'), [])

    def test_util_may_include_nothing_of_awsdns(self):
        self.assertEqual(violations_of("util/x.cpp", '\n#include "envfile/settings.hpp"\n'),
                         [("includes", 2)])

    def test_an_unknown_folder_is_a_violation(self):
        self.assertEqual(violations_of("cli/x.cpp", '#include "extras/thing.hpp"\n'),
                         [("includes", 1)])

    def test_a_commented_include_is_not_counted(self):
        self.assertEqual(violations_of("util/x.cpp", '// #include "cli/help.hpp"\n'), [])


class PlatformFiles(unittest.TestCase):
    def test_a_posix_header_in_a_portable_file_is_a_violation(self):
        self.assertEqual(violations_of("route53/resolver.cpp", "#include <poll.h>\n"),
                         [("platform", 1)])

    def test_a_posix_header_in_a_posix_file_is_allowed(self):
        self.assertEqual(violations_of("route53/resolver_wait_posix.cpp", "#include <poll.h>\n"),
                         [])

    def test_a_windows_header_in_a_portable_file_is_a_violation(self):
        self.assertEqual(violations_of("launcher/process_runner.cpp", "#include <windows.h>\n"),
                         [("platform", 1)])

    def test_asio_posix_in_a_portable_file_is_a_violation(self):
        text = "void f() {\n  boost::asio::posix::stream_descriptor d(context);\n}\n"
        self.assertIn(("platform", 2), violations_of("launcher/process_runner.cpp", text))


class BoostInternals(unittest.TestCase):
    def test_bp_detail_is_a_violation(self):
        text = "bp::detail::process_input_binding bind();\n"
        self.assertEqual(violations_of("launcher/x.cpp", text), [("boost-detail", 1)])


class ProcessEnvironment(unittest.TestCase):
    def test_getenv_in_a_library_is_a_violation(self):
        text = 'const char* home = std::getenv("HOME");\n'
        self.assertEqual(violations_of("route53/x.cpp", text), [("environment", 1)])

    def test_main_may_read_the_environment(self):
        self.assertEqual(violations_of("cli/main.cpp", "extern char** environ;\n"), [])


class PythonImports(unittest.TestCase):
    def test_a_star_import_is_a_violation(self):
        self.assertEqual(violations_of("test/e2e/x.py", "import os\nfrom harness import *\n"),
                         [("star-imports", 2)])

    def test_an_import_inside_a_function_in_bench_is_a_violation(self):
        text = "import os\n\n\ndef render():\n    from report import table\n    return table\n"
        self.assertEqual(violations_of("bench/x.py", text), [("local-imports", 5)])

    def test_an_import_inside_a_function_in_test_is_allowed(self):
        self.assertEqual(violations_of("test/e2e/x.py", "def f():\n    import json\n"), [])

    def test_named_imports_are_allowed(self):
        self.assertEqual(violations_of("test/e2e/x.py", "from harness import SQUID, R53\n"), [])


class TestNames(unittest.TestCase):
    def test_a_semicolon_in_a_test_case_name_is_a_violation(self):
        text = ('#include <catch2/catch.hpp>\n\nTEST_CASE("monitor: one request; ours, missing",\n'
                '          "[route53]") {}\n')
        self.assertEqual(violations_of("test/unit/route53_x_test.cpp", text),
                         [("test-names", 3)])

    def test_a_name_split_over_literals_is_checked_whole(self):
        text = 'TEST_CASE("the first half "\n          "; the second") {}\n'
        self.assertEqual(violations_of("test/unit/x_test.cpp", text), [("test-names", 1)])

    def test_a_semicolon_in_tags_or_the_body_is_allowed(self):
        text = ('TEST_CASE("one request, then ours", "[a;b]") {\n'
                '  CHECK(f("x; y"));\n}\n// TEST_CASE("old; name")\n')
        self.assertEqual(violations_of("test/unit/x_test.cpp", text), [])


class IssueNumbers(unittest.TestCase):
    # Spelled in pieces so that this file keeps the rule it tests.
    ISSUE = "Iss" + "ue"

    def test_an_issue_number_in_a_comment_is_a_violation(self):
        text = f"int x;\n// the rule of {self.ISSUE} 2: no proxy\n"
        self.assertEqual(violations_of("envfile/x.cpp", text), [("issue-numbers", 2)])

    def test_an_issue_number_in_a_docstring_is_a_violation(self):
        text = f'"""The figures ({self.ISSUE.lower()}s 6 and 14)."""\n'
        self.assertEqual(violations_of("bench/x.py", text), [("issue-numbers", 1)])

    def test_the_word_without_a_number_is_allowed(self):
        text = "// an issue of timing: the child may end first\n"
        self.assertEqual(violations_of("launcher/x.cpp", text), [])


class ResultSeams(unittest.TestCase):
    def test_a_function_returning_an_optional_exit_code_is_a_violation(self):
        text = ("#include <optional>\n"
                "std::optional<int> find_target(const Invocation& invocation);\n")
        self.assertEqual(violations_of("cli/x.cpp", text), [("result-seams", 2)])

    def test_an_optional_int_that_is_no_return_type_is_allowed(self):
        text = "std::optional<int> port;\nvoid f(std::optional<int> limit);\n"
        self.assertEqual(violations_of("route53/x.hpp", text), [])

    def test_a_hand_made_result_is_a_violation(self):
        text = ("struct Checked {\n  std::string value;\n  std::string error;\n"
                "  bool ok() const { return error.empty(); }\n};\n")
        self.assertEqual(violations_of("route53/config_checks.hpp", text), [("result-seams", 4)])

    def test_a_kept_value_with_ok_is_allowed(self):
        text = "struct CallResult {\n  bool ok() const { return error == ErrorClass::None; }\n};\n"
        self.assertEqual(violations_of("route53/aws_cli.hpp", text), [])

    def test_a_thrown_exception_is_a_violation(self):
        text = ('void f() {\n  if (bad) throw UsageError("no command given");\n}\n')
        self.assertEqual(violations_of("cli/dispatch.cpp", text), [("result-seams", 2)])

    def test_cannot_continue_the_hooks_and_the_entry_are_allowed(self):
        hook = ("[[noreturn]] inline void throw_exception_from_error(const Error& error,\n"
                "    const boost::source_location&) {\n"
                "  throw std::runtime_error(error.message);\n}\n")
        self.assertEqual(violations_of("util/expected.hpp", hook), [])
        text = 'void f() {\n  throw CannotContinue(ExitCode::Failed, "no command");\n}\n'
        self.assertEqual(violations_of("cli/commands.cpp", text), [])
        self.assertEqual(violations_of("cli/entry.cpp", "void f() { throw std::bad_alloc(); }\n"),
                         [])

    def test_a_throw_after_a_hook_has_ended_is_a_violation(self):
        text = ("void throw_exception_from_error(const Error& e, const location&) {\n"
                "  throw std::runtime_error(e.message);\n}\n\n"
                "void g() {\n  throw std::logic_error(\"x\");\n}\n")
        self.assertEqual(violations_of("util/x.hpp", text), [("result-seams", 6)])

    def test_tests_are_not_libraries(self):
        text = "std::optional<int> run();\nvoid f() { throw std::runtime_error(\"x\"); }\n"
        self.assertEqual(violations_of("test/unit/cli_x_test.cpp", text), [])


class TestFileNames(unittest.TestCase):
    def names(self, path):
        rules = source_rules.Rules(BLOCK, "ARCHITECTURE.md")
        found = []
        source_rules.check_test_file_name(path, rules, lambda check, *_: found.append(check))
        return found

    def test_a_bare_name_is_a_violation(self):
        self.assertEqual(self.names("test/unit/launcher_lookup.cpp"), ["test-files"])

    def test_a_platform_name_without_test_is_a_violation(self):
        self.assertEqual(self.names("test/unit/route53_lock_posix.cpp"), ["test-files"])

    def test_an_unknown_library_is_a_violation(self):
        self.assertEqual(self.names("test/unit/extras_thing_test.cpp"), ["test-files"])

    def test_the_scheme_and_the_support_files_are_allowed(self):
        for path in ("test/unit/launcher_lookup_test.cpp", "test/unit/route53_lock_test_posix.cpp",
                     "test/unit/cli_exec_test_windows.cpp", "test/unit/test_support_posix.cpp",
                     "test/unit/catch_main.cpp", "test/unit/route53_fakes.hpp"):
            self.assertEqual(self.names(path), [], path)


class TheBlock(unittest.TestCase):
    def test_the_architecture_page_has_a_valid_block(self):
        with open(os.path.join(source_rules.ROOT, "ARCHITECTURE.md"), encoding="utf-8") as f:
            rules = source_rules.Rules(f.read(), "ARCHITECTURE.md")
        self.assertTrue(rules.may_include("cli", "route53"))
        self.assertFalse(rules.may_include("envfile", "launcher"))

    def test_a_missing_block_stops_the_check(self):
        with self.assertRaises(SystemExit):
            source_rules.Rules("# Architecture\nno block here\n", "ARCHITECTURE.md")


if __name__ == "__main__":
    unittest.main()
