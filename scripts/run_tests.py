#!/usr/bin/env python3
"""The whole suite in two passes: everything but the load tests on parallel workers, then
the load tests alone.

The load tests restart PostgreSQL and kill gunicorn workers on purpose; run next to
other tests they would break those tests' connections, so they get the server to
themselves. Arguments are passed to both passes (a pass that selects no test is fine).

Usage: scripts/run_tests.py [PYTEST ARGS...]   (TEST_WORKERS, default 2)
"""

import os
import subprocess
import sys

NO_TESTS_COLLECTED = 5


def pytest(*args: str) -> int:
    return subprocess.call([sys.executable, "-m", "pytest", *args])  # noqa: S603


def main(argv: list[str]) -> int:
    workers = os.environ.get("TEST_WORKERS", "2")
    parallel = ["-n", workers, "--dist", "loadfile"] if workers not in ("", "0", "1") else []
    codes = [
        pytest(*parallel, "-m", "not load", *argv),
        pytest("-m", "load", *argv),
    ]
    failed = [code for code in codes if code not in (0, NO_TESTS_COLLECTED)]
    if failed:
        return failed[0]
    return 0 if NO_TESTS_COLLECTED not in codes or 0 in codes else NO_TESTS_COLLECTED


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
