"""Grades /autograder/submission/solution.py with the unittest tests in test_solution.py.

Each test runs in a process of its own (test_child.py) with a wall-clock limit and an
address-space limit, so a test that loops forever, runs out of memory or kills its interpreter
fails on its own and the others still run. The results go to /autograder/results/results.json in
Gradescope's format. Standard library only.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import unittest

SOURCE = os.path.dirname(os.path.abspath(__file__))
SUBMISSION = "/autograder/submission"
RESULTS = "/autograder/results/results.json"
STUDENT_FILE = "solution.py"
TEST_MODULE = "test_solution"
TIME_LIMIT_SECONDS = 2.0
MEMORY_LIMIT_BYTES = 256 * 1024 * 1024
OUTPUT_SHOWN = 2000


def work_directory():
    """A writable copy of the submission (the submission directory may be read-only)."""
    for parent in ("/work", tempfile.gettempdir()):
        try:
            work = tempfile.mkdtemp(prefix="grading-", dir=parent)
            break
        except OSError:
            continue
    else:
        raise RuntimeError("no writable directory for grading")
    if os.path.isdir(SUBMISSION):
        for name in os.listdir(SUBMISSION):
            path = os.path.join(SUBMISSION, name)
            if os.path.isfile(path):
                shutil.copy(path, os.path.join(work, name))
    return work


def collect_tests():
    """(test id, title, points) of every test, in the order unittest would run them."""
    sys.path.insert(0, SOURCE)
    module = __import__(TEST_MODULE)
    found = []

    def walk(suite):
        for item in suite:
            if isinstance(item, unittest.TestSuite):
                walk(item)
            else:
                method = getattr(item, item._testMethodName)
                doc = (method.__doc__ or "").strip().splitlines()
                title = doc[0].strip() if doc else item._testMethodName
                found.append((item.id(), title, float(getattr(method, "__weight__", 1))))

    walk(unittest.defaultTestLoader.loadTestsFromModule(module))
    return found


def syntax_error(work):
    """The message of the student file's syntax error, None when it compiles, or why it's missing."""
    path = os.path.join(work, STUDENT_FILE)
    if not os.path.isfile(path):
        return f"{STUDENT_FILE} was not submitted"
    with open(path, "rb") as f:
        source = f.read()
    try:
        compile(source, STUDENT_FILE, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as e:
        return "".join(traceback.format_exception_only(type(e), e)).rstrip()
    return None


def clip(text):
    return text if len(text) <= OUTPUT_SHOWN else text[:OUTPUT_SHOWN] + "\n[... cut]"


def tail_of(path):
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - OUTPUT_SHOWN))
            return f.read().decode("utf-8", "replace")
    except OSError:
        return ""


def run_one(work, test_id):
    """Runs one test in a child process: (passed, message)."""
    result_path = os.path.join(work, ".result.json")
    log_path = os.path.join(work, ".test-output.txt")
    for path in (result_path, log_path):
        if os.path.exists(path):
            os.remove(path)
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", PYTHONPATH=SOURCE + os.pathsep + work)
    command = [sys.executable, "-B", os.path.join(SOURCE, "test_child.py"), test_id, result_path,
               str(MEMORY_LIMIT_BYTES)]
    started = time.monotonic()
    with open(log_path, "wb") as log:
        child = subprocess.Popen(command, cwd=work, env=env, stdin=subprocess.DEVNULL, stdout=log,
                                 stderr=subprocess.STDOUT, start_new_session=True)
        try:
            child.wait(timeout=TIME_LIMIT_SECONDS)
            timed_out = False
        except subprocess.TimeoutExpired:
            timed_out = True
        finally:
            try:
                os.killpg(child.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            child.wait()
    seconds = time.monotonic() - started
    printed = tail_of(log_path).strip()
    if timed_out:
        return False, f"Timed out: the test took longer than {TIME_LIMIT_SECONDS:g} s." + (
            "\nOutput:\n" + printed if printed else "")
    try:
        with open(result_path) as f:
            result = json.load(f)
    except (OSError, ValueError):
        code = child.returncode
        how = f"signal {-code}" if code < 0 else f"exit code {code}"
        return False, f"The test process ended ({how}) before reporting a result." + (
            "\nOutput:\n" + printed if printed else "")
    message = result["message"]
    if printed:
        message = (message + "\n" if message else "") + "Output:\n" + printed
    return bool(result["passed"]), message or f"Passed in {seconds:.2f} s."


def main():
    tests = collect_tests()
    work = work_directory()
    problem = syntax_error(work)
    results = []
    for test_id, title, points in tests:
        if problem is not None:
            passed, message = False, problem
        else:
            passed, message = run_one(work, test_id)
        results.append({
            "name": title,
            "score": points if passed else 0.0,
            "max_score": points,
            "status": "passed" if passed else "failed",
            "output": clip(message),
            "visibility": "visible",
        })
    passed = sum(1 for r in results if r["status"] == "passed")
    summary = f"{passed} of {len(results)} tests passed."
    if problem is not None:
        summary += f"\n{STUDENT_FILE} could not be loaded:\n{problem}"
    os.makedirs(os.path.dirname(RESULTS), exist_ok=True)
    with open(RESULTS, "w") as f:
        json.dump({"tests": results, "output": summary}, f, indent=2)
    print(summary)


if __name__ == "__main__":
    main()
