"""Runs one unittest test in this process and writes {"passed", "message"} as JSON.

Usage: test_child.py TEST_ID RESULT_FILE MEMORY_LIMIT_BYTES. The memory limit is an address-space
limit, so a test that asks for too much gets a MemoryError, which fails the test, instead of the
kernel's OOM killer stopping the whole grading container.
"""
import json
import os
import resource
import sys
import unittest


class Collector(unittest.TestResult):
    """Keeps the outcome of the one test run."""

    def __init__(self):
        super().__init__()
        self.passed = False
        self.message = ""

    def addSuccess(self, test):
        self.passed = True

    def addFailure(self, test, err):
        self.message = "Failed: " + self._exc_info_to_string(err, test)

    def addError(self, test, err):
        self.message = "Error: " + self._exc_info_to_string(err, test)

    def addSkip(self, test, reason):
        self.message = "Skipped: " + reason

    def addExpectedFailure(self, test, err):
        self.passed = True

    def addUnexpectedSuccess(self, test):
        self.message = "Unexpected success"


def main():
    test_id, result_path, memory = sys.argv[1], sys.argv[2], int(sys.argv[3])
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    collector = Collector()
    try:
        suite = unittest.defaultTestLoader.loadTestsFromName(test_id)
        suite.run(collector)
    except MemoryError:
        collector.passed, collector.message = False, "Error: MemoryError"
    except BaseException as e:  # the test's own failures are in the collector; this is the loader
        collector.passed, collector.message = False, f"Error: {type(e).__name__}: {e}"
    temporary = result_path + ".tmp"
    with open(temporary, "w") as f:
        json.dump({"passed": collector.passed, "message": collector.message.rstrip()}, f)
    os.replace(temporary, result_path)


if __name__ == "__main__":
    main()
