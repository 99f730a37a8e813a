"""The checks of ARCHITECTURE.md's claims catch what they are for: each is shown a page and a tree
that break it and one that keeps it (so `lint: the architecture page` passing means something)."""

import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import architecture_page  # noqa: E402  (the module under test, next to this file)

PAGE = """# Architecture
```awsdns-rules
util:
envfile: util
test: *
platform-files: *_posix.cpp
environment-files: test/*
```
## Folders
### `util/`
- Owns: text (`text.hpp`).
- May use: the C++ standard library only.
### `envfile/`
- Owns: the parser (`settings.hpp`, `envfile/settings.cpp`).
- May use: `util/`.
### `test/`
- `unit/`: `util_text_test.cpp`.
## Checks
`test/lint/run.sh` and `/etc/passwd`.
"""

TREE = {
    "util/CMakeLists.txt": "add_library(awsdns_util STATIC text.cpp)\n",
    "util/text.hpp": "#pragma once\n",
    "envfile/CMakeLists.txt": "target_link_libraries(awsdns_envfile PUBLIC awsdns_util)\n",
    "envfile/settings.hpp": '#pragma once\n#include "util/text.hpp"\n',
    "envfile/settings.cpp": '#include "envfile/settings.hpp"\n',
    "test/unit/util_text_test.cpp": '#include "util/text.hpp"\n',
    "test/lint/run.sh": "",
}


def problems(page=PAGE, changes=None):
    """The messages of every violation for the page over TREE with changes (path -> text, or
    None to remove the file)."""
    tree = dict(TREE)
    for path, text in (changes or {}).items():
        if text is None:
            tree.pop(path, None)
        else:
            tree[path] = text
    found = []
    with tempfile.TemporaryDirectory() as root:
        for path, text in tree.items():
            os.makedirs(os.path.join(root, os.path.dirname(path)), exist_ok=True)
            with open(os.path.join(root, path), "w", encoding="utf-8") as f:
                f.write(text)
        architecture_page.check_page(page, set(tree), root,
                                     lambda path, number, message: found.append(message))
    return found


class ThePage(unittest.TestCase):
    def test_a_page_true_to_its_tree_has_no_violation(self):
        self.assertEqual(problems(), [])

    def test_the_real_page_is_true_to_the_tree(self):
        self.assertEqual(architecture_page.main(), 0)


class Folders(unittest.TestCase):
    def test_a_section_of_a_missing_folder_is_a_violation(self):
        page = PAGE.replace("## Checks", "### `extras/`\n- Owns: nothing.\n## Checks")
        self.assertEqual(problems(page), ["`extras/`: no such folder in the tree"])

    def test_a_tracked_folder_without_a_section_is_a_violation(self):
        found = problems(changes={"bench/run.sh": ""})
        self.assertEqual(len(found), 1)
        self.assertIn("bench/ holds tracked files but has no section", found[0])


class Files(unittest.TestCase):
    def test_a_missing_file_is_a_violation(self):
        self.assertEqual(problems(changes={"util/text.hpp": None}),
                         ["`text.hpp`: no such file (in util/ or from the top)"])

    def test_a_file_below_the_section_folder_is_found(self):
        self.assertEqual(problems(changes={"test/unit/util_text_test.cpp": None}),
                         ["`util_text_test.cpp`: no such file (in test/ or from the top)"])

    def test_a_path_from_the_top_outside_a_section_is_checked(self):
        self.assertEqual(problems(changes={"test/lint/run.sh": None}),
                         ["`test/lint/run.sh`: no such file"])


class Dependencies(unittest.TestCase):
    def test_a_may_use_line_other_than_the_block_is_a_violation(self):
        page = PAGE.replace("- May use: `util/`.", "- May use: `util/`, `core/`.")
        found = problems(page)
        self.assertEqual(len(found), 1)
        self.assertIn("envfile/ may use core/, util/ here but util/ in the awsdns-rules", found[0])

    def test_a_library_without_a_may_use_line_is_a_violation(self):
        found = problems(PAGE.replace("- May use: `util/`.\n", ""))
        self.assertEqual(found, ["`envfile/` has no '- May use:' line in its section"])

    def test_a_link_missing_from_cmake_is_a_violation(self):
        found = problems(changes={"envfile/CMakeLists.txt": "add_library(awsdns_envfile)\n"})
        self.assertEqual(found, ["awsdns_envfile links nothing but the awsdns-rules block of "
                                 "ARCHITECTURE.md says util/"])

    def test_an_allowed_folder_never_included_is_a_violation(self):
        found = problems(changes={"envfile/settings.hpp": "#pragma once\n"})
        self.assertEqual(found, ["the files of envfile/ include nothing but the awsdns-rules "
                                 "block of ARCHITECTURE.md says util/"])


if __name__ == "__main__":
    unittest.main()
