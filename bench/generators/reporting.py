"""Benchmark data for the reporting app: not written yet.

The reporting app has no demo data or pages on main yet, so this hook does nothing.
When the app lands, multiply its data here to `scale` times the demo with
`bulk_create` (and its history rows), following bench/generators/partnerships.py;
see docs/performance.md for what each scale should hold.
"""


def generate(scale: int, context: dict) -> dict | None:
    """Add (scale - 1) times the reporting demo data; returns additions to `context`."""
    return None
