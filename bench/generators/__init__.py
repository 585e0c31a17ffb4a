"""Per-app data generators for the benchmark (bench/generate.py calls them in order).

Each module `bench/generators/<app>.py` has

    def generate(scale: int, context: dict) -> dict | None

`scale` is the multiple of the demo to reach (1 = the demo as it is, so a hook
does nothing at 1; 100 = a hundred times the demo). `context` holds what
`seed_demo` returned (partnership, agreement, kansli, socialchefer,
tactical_groups, municipalities, and whatever later demos add) plus what the
earlier hooks returned; a hook may return a dict to add to it. Hooks write with
`bulk_create` (and build history rows themselves, since bulk_create writes
none) so that 100x generates in seconds.


A page in bench/pages.py whose data no app generator makes may name its own hook
(`Page(generate="bench.generators.<module>.generate")`): it has the same signature
and runs after these, with the context they built.
"""

# The order matters: later apps build on earlier ones.
GENERATOR_APPS = ("partnerships", "projects", "finance", "reporting")
