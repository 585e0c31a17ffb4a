"""Figures the security tests measure while they run, for the README's security section.

Printed at the end of a pytest run (tests/security/conftest.py).
"""

from collections import Counter

counts: Counter = Counter()
matrix_urls: set = set()


def add(name: str, amount: int = 1) -> None:
    counts[name] += amount


def summary_lines() -> list[str]:
    lines = []
    if counts["matrix_cases"]:
        lines.append(
            f"permission matrix: {len(matrix_urls)} URLs x 11 roles, "
            f"{counts['matrix_cases']} cases passed: {counts['matrix_refused']} refused "
            f"(403/404/405/login), {counts['matrix_unchanged']} asserted to leave the "
            "database unchanged"
        )
    if counts["csrf_checks"]:
        lines.append(f"CSRF refused on {counts['csrf_checks']} POST endpoints")
    fuzz = sorted((k, v) for k, v in counts.items() if k.startswith("fuzz:"))
    if fuzz:
        total = sum(v for _, v in fuzz)
        lines.append(f"bad input: {total} generated inputs, 0 server errors")
        lines.extend(f"  {k[5:]}: {v}" for k, v in fuzz)
    return lines
