"""Issue 17: the migration that removes the page cache drops its trigger from every table
(and the counter table), so writes keep working on a database that had them."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# The trigger as core/pagecache.py installed it on every table (statement level).
OLD_FUNCTION = """
CREATE OR REPLACE FUNCTION ku_bump_data_generation() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO core_datageneration (id, value, epoch) VALUES (1, 1, gen_random_uuid())
    ON CONFLICT (id) DO UPDATE SET value = core_datageneration.value + 1;
    RETURN NULL;
END
$$;
"""
TABLES = ("partnerships_municipality", "accounts_user")


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])


def _triggers() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname = 'ku_data_generation'")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_the_migration_drops_the_trigger_function_and_counter_table():
    latest = ("core", "0004_remove_page_cache")
    _migrate(("core", "0003_jobrun_log"))
    try:
        with connection.cursor() as cursor:
            cursor.execute(OLD_FUNCTION)
            for table in TABLES:
                cursor.execute(
                    f"CREATE TRIGGER ku_data_generation AFTER INSERT OR UPDATE OR DELETE "
                    f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION ku_bump_data_generation()"
                )
        assert _triggers() == len(TABLES)
    finally:
        _migrate(latest)

    assert _triggers() == 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('core_datageneration')")
        assert cursor.fetchone()[0] is None
        cursor.execute("SELECT count(*) FROM pg_proc WHERE proname = 'ku_bump_data_generation'")
        assert cursor.fetchone()[0] == 0
        # A write to a table that had the trigger works (it would fail with the table gone).
        cursor.execute("UPDATE accounts_user SET first_name = first_name")
