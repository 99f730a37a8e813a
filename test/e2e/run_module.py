"""Runs one end-to-end module as `python3 -m unittest -v MODULE` does, but fails when it ran no
test and skipped none: a module whose tests were all lost (renamed away, a class no longer a
TestCase, a filter that matches nothing) must not pass as "Ran 0 tests ... OK". A module that
skips itself (setUpModule raises SkipTest) still reports the skip, which ctest shows as skipped.

    python3 run_module.py MODULE [unittest options...]
"""

import os
import sys
import unittest


def main(argv):
    sys.path.insert(0, os.getcwd())  # as `python3 -m unittest`: modules of the current folder
    program = unittest.main(module=None, argv=["run_module.py", "-v"] + argv, exit=False)
    result = program.result
    if result.testsRun == 0 and not result.skipped:
        print(f"run_module.py: {' '.join(argv)}: no test ran (and none was skipped)",
              file=sys.stderr)
        return 5
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
