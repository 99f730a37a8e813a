#!/usr/bin/env python3
"""The checkable claims of ARCHITECTURE.md, checked against the tree (Python stdlib only).

  folders       every folder with a section (### `name/`) exists, and every tracked top-level
                folder has a section
  files         every file the page names in backquotes (`name.cpp`, `dir/name.py`) exists: as
                given from the top of the tree, inside the section's folder, or below it
  dependencies  for each library of the awsdns-rules block: its section's "May use" line, the
                awsdns_* libraries its CMakeLists.txt links (with what they link in turn) and the
                folders its C++ files include all name the same folders as the block
Prints one line per violation (ARCHITECTURE.md:LINE or FILE:LINE: message), exits 1 if any.
"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import source_rules  # noqa: E402  (the block's parser and the project's file list)

PAGE = "ARCHITECTURE.md"
SECTION = re.compile(r"^###\s+`([\w.-]+)/`\s*$")
HEADING = re.compile(r"^#{1,3}\s")
BACKQUOTED = re.compile(r"`([^`\s]+)`")
FILE_NAME = re.compile(r"^[\w.+-][\w.+/-]*\.(?:cpp|hpp|py|sh|bash|cmake|txt|json|yaml|conf|"
                       r"fragment|bat|wxs|md|1|in)$")
FOLDER_NAME = re.compile(r"`([\w-]+)/`")
LINK = re.compile(r"\btarget_link_libraries\(\s*awsdns_(\w+)\b([^)]*)\)", re.S)
LINKED = re.compile(r"\bawsdns_(\w+)\b")


def sections(text):
    """[(folder, first line number, [(line number, line)])] of the page's folder sections."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        match = SECTION.match(line)
        if match:
            found.append((match.group(1), number, []))
        elif HEADING.match(line):
            found.append((None, number, []))
        elif found:
            found[-1][2].append((number, line))
    return [(folder, number, lines) for folder, number, lines in found if folder]


def file_exists(name, folder, files):
    """Whether `name` names a tracked file from the top, from folder, or below folder."""
    if name in files or (folder and f"{folder}/{name}" in files):
        return True
    below = f"{folder}/" if folder else ""
    return any(path.startswith(below) and path.endswith("/" + name) for path in files)


def check_files(text, files, report):
    folder = None
    for number, line in enumerate(text.splitlines(), 1):
        match = SECTION.match(line)
        if match:
            folder = match.group(1)
        elif HEADING.match(line):
            folder = None
        for name in BACKQUOTED.findall(line):
            if FILE_NAME.match(name) and not file_exists(name, folder, files):
                where = f" (in {folder}/ or from the top)" if folder else ""
                report(PAGE, number, f"`{name}`: no such file{where}")


def check_folders(text, files, report):
    named = {folder: number for folder, number, _ in sections(text)}
    for folder, number in sorted(named.items()):
        if not any(path.startswith(folder + "/") for path in files):
            report(PAGE, number, f"`{folder}/`: no such folder in the tree")
    for top in sorted({path.split("/", 1)[0] for path in files if "/" in path}):
        if not top.startswith(".") and top not in named:
            report(PAGE, 1, f"{top}/ holds tracked files but has no section (### `{top}/`)")


def linked_libraries(root, library, seen=None):
    """The awsdns_* libraries `library` links, directly or through the ones it links."""
    seen = set() if seen is None else seen
    path = os.path.join(root, library, "CMakeLists.txt")
    if not os.path.isfile(path):
        return seen
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for match in LINK.finditer(text):
        if match.group(1) != library:
            continue
        for other in LINKED.findall(match.group(2)):
            if other not in seen and other != library:
                seen.add(other)
                linked_libraries(root, other, seen)
    return seen


def included_folders(library, files, rules, root):
    """The other folders of the block whose headers the C++ files of `library` include."""
    found = set()
    for path in files:
        if path.startswith(library + "/") and path.endswith(source_rules.CXX_SUFFIXES):
            with open(os.path.join(root, path), encoding="utf-8", errors="replace") as f:
                code = source_rules.strip_comments(f.read(), keep_strings=True)
            for line in code.splitlines():
                match = source_rules.INCLUDE.match(line)
                if match and match.group(1) == '"' and "/" in match.group(2):
                    other = match.group(2).split("/", 1)[0]
                    if other != library and other in rules.layers:
                        found.add(other)
    return found


def names(folders):
    return ", ".join(f"{folder}/" for folder in sorted(folders)) or "nothing"


def check_dependencies(text, files, rules, root, report):
    libraries = {folder for folder in rules.layers
                 if os.path.isfile(os.path.join(root, folder, "CMakeLists.txt"))
                 and "*" not in rules.layers[folder]}
    may_use = {}
    for folder, number, lines in sections(text):
        for line_number, line in lines:
            if line.lstrip().startswith("- May use:"):
                may_use[folder] = (line_number, set(FOLDER_NAME.findall(line)))
    for library in sorted(libraries):
        block = rules.layers[library]
        line_number, said = may_use.get(library, (1, None))
        if said is None:
            report(PAGE, 1, f"`{library}/` has no '- May use:' line in its section")
        elif said != block:
            report(PAGE, line_number, f"{library}/ may use {names(said)} here but "
                   f"{names(block)} in the awsdns-rules block")
        linked = linked_libraries(root, library) & set(rules.layers)
        if linked != block:
            report(f"{library}/CMakeLists.txt", 1, f"awsdns_{library} links {names(linked)} "
                   f"but the awsdns-rules block of {PAGE} says {names(block)}")
        included = included_folders(library, files, rules, root)
        if included != block:
            report(f"{library}/", 1, f"the files of {library}/ include {names(included)} but "
                   f"the awsdns-rules block of {PAGE} says {names(block)}")


def check_page(text, files, root, report):
    rules = source_rules.Rules(text, PAGE)
    check_folders(text, files, report)
    check_files(text, files, report)
    check_dependencies(text, files, rules, root, report)


def main():
    with open(os.path.join(source_rules.ROOT, PAGE), encoding="utf-8") as f:
        text = f.read()
    violations = []
    check_page(text, set(source_rules.project_files()), source_rules.ROOT,
               lambda path, number, message: violations.append(f"{path}:{number}: {message}"))
    for violation in violations:
        print(violation)
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main())
