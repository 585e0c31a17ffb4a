"""Performance benchmarks (issue 6): data generator, per-page measurements, load test.

`make bench` runs everything; see docs/performance.md.
"""
