"""Fill a (migrated, empty) PostgreSQL database with benchmark data at a scale.

    DATABASE_URL=postgres://... python bench/generate.py --scale 10

1x is the demo (`seed_demo`); at N the per-app hooks in bench/generators/
multiply the data to about N times the demo. The 13 municipalities are always
the same 13.
"""

import argparse
import sys
import time
from importlib import import_module
from io import StringIO
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _django  # noqa: E402

COUNTED_APPS = ("accounts", "partnerships", "projects", "finance", "reporting")


class AlreadyGenerated(Exception):
    pass


def generate(scale: int, *, stdout=None) -> dict:
    """Seed the demo as `seed_demo` does, then run every generator hook; returns the context."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from bench.generators import GENERATOR_APPS
    from bench.generators.partnerships import USERNAME_PREFIX
    from bench.pages import page_generators
    from kommunalutveckling import demo

    if scale < 1:
        raise ValueError("scale must be 1 or more")
    if get_user_model().objects.filter(username__startswith=USERNAME_PREFIX).exists():
        raise AlreadyGenerated("The database already holds benchmark data; use a fresh one.")

    out = stdout or StringIO()
    with transaction.atomic():
        # What `seed_demo` does, keeping the context the demos return.
        context = demo.seed(stdout=out)
        out.write("\n")
        for app in GENERATOR_APPS:
            result = import_module(f"bench.generators.{app}").generate(scale, context)
            context.update(result or {})
        # Then the hooks that pages in bench/pages.py name for their own data.
        for dotted in page_generators():
            module, _, name = dotted.rpartition(".")
            result = getattr(import_module(module), name)(scale, context)
            context.update(result or {})
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # Fresh statistics, as autovacuum would give a database that grew over years.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return context


def row_counts() -> dict[str, int]:
    """Rows per model (history models included) of the project's apps."""
    from django.apps import apps

    counts = {}
    for label in COUNTED_APPS:
        for model in apps.get_app_config(label).get_models():
            counts[model._meta.label] = model._default_manager.count()
    return counts


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, required=True, help="1, 10, 100 ...")
    args = parser.parse_args(argv)
    _django.setup()
    started = time.perf_counter()
    try:
        generate(args.scale, stdout=sys.stdout)
    except AlreadyGenerated as error:
        print(error, file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - started
    counts = row_counts()
    print(f"Scale {args.scale}x generated in {elapsed:.1f} s.")
    for label, count in sorted(counts.items()):
        if count:
            print(f"  {label:<45} {count:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
