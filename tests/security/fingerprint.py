"""A content fingerprint of the database, to prove a restored backup holds the same data.

Run it against a database with
`DATABASE_URL=... python -m tests.security.fingerprint` (prints JSON);
tests/security/test_backup_restore.py compares the original and the restore.
"""

import hashlib
import json

from django.apps import apps
from django.db import connection


def population() -> list:
    from partnerships.models import PopulationFigure

    return [
        [code, str(date), population, source]
        for code, date, population, source in PopulationFigure.objects.order_by(
            "municipality__code", "date"
        ).values_list("municipality__code", "date", "population", "source")
    ]


def memberships() -> list:
    from partnerships.models import Membership

    rows = Membership.objects.order_by("body__slug", "person__username", "start_date").values_list(
        "person__username",
        "body__partnership__slug",
        "body__slug",
        "role",
        "municipality__code",
        "start_date",
        "end_date",
    )
    return [[str(value) if value is not None else None for value in row] for row in rows]


def table_digests() -> dict:
    """Row count and an order-independent digest of every table of the business apps."""
    digests = {}
    with connection.cursor() as cursor:
        for app in ("accounts", "partnerships", "projects", "finance", "reporting"):
            for model in apps.get_app_config(app).get_models(include_auto_created=True):
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(
                    f"SELECT count(*), md5(coalesce(string_agg(md5(t::text), '' "  # noqa: S608
                    f"ORDER BY md5(t::text)), '')) FROM {table} AS t"
                )
                count, digest = cursor.fetchone()
                digests[model._meta.db_table] = [count, digest]
    return digests


def fee_allocation() -> dict:
    """The fee split per municipality for every year with a decided fee (R22), by the finance
    selector, so a restore is shown to give the same allocation."""
    from finance.models import YearlyFee
    from finance.selectors import fee_allocation as allocate

    result = {}
    for fee in YearlyFee.objects.filter(decided_at__isnull=False).select_related("partnership"):
        allocation = allocate(partnership=fee.partnership, year=fee.year)
        result[f"{fee.partnership.slug} {fee.year}"] = [
            [row.code, str(row.share), str(row.amount)] for row in allocation.rows
        ]
    return result


def report_checksums() -> list:
    """Every published report version's SHA-256: the stored one and one recomputed from the
    stored PDF bytes (R42)."""
    from reporting.models import ReportVersion

    versions = ReportVersion.objects.order_by(
        "report__partnership__slug", "report__year", "report__period", "number"
    ).values_list(
        "report__partnership__slug", "report__year", "report__period", "number", "sha256", "pdf"
    )
    return [
        [slug, year, period, number, sha256, hashlib.sha256(bytes(pdf)).hexdigest()]
        for slug, year, period, number, sha256, pdf in versions
    ]


def fingerprint() -> dict:
    content = {
        "population": population(),
        "memberships": memberships(),
        "tables": table_digests(),
        "fee_allocation": fee_allocation(),
        "report_checksums": report_checksums(),
    }
    content["sha256"] = hashlib.sha256(
        json.dumps(content, sort_keys=True).encode("utf-8")
    ).hexdigest()
    return content


if __name__ == "__main__":
    import django

    django.setup()
    print(json.dumps(fingerprint(), sort_keys=True))
