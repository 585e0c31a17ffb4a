"""Issue 17: the page cache is gone; drop its trigger on every table, its function and
its counter table. PostgreSQL only: the demo's SQLite never had the trigger."""

from django.db import migrations

DROP_TRIGGERS_SQL = """
DO $$
DECLARE
    found record;
BEGIN
    FOR found IN
        SELECT c.oid::regclass AS table_name
        FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
        WHERE t.tgname = 'ku_data_generation' AND NOT t.tgisinternal
    LOOP
        EXECUTE format('DROP TRIGGER IF EXISTS ku_data_generation ON %s', found.table_name);
    END LOOP;
END
$$;
DROP FUNCTION IF EXISTS ku_bump_data_generation();
"""


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGERS_SQL, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_jobrun_log"),
    ]

    operations = [
        # Going back restores the empty counter table only: the cache itself is gone.
        migrations.RunPython(drop_triggers, migrations.RunPython.noop),
        migrations.DeleteModel(name="DataGeneration"),
    ]
