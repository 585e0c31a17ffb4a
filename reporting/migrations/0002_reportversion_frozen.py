"""R42: a published version never changes. On PostgreSQL a trigger refuses any UPDATE or
DELETE of a report version, whatever code path tries it (the admin, a shell, a bug).
The embedded SQLite demo database has no such guard."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION reporting_reportversion_frozen() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'A published report version is frozen (R42): % refused', TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER reportversion_frozen
    BEFORE UPDATE OR DELETE ON reporting_reportversion
    FOR EACH ROW EXECUTE FUNCTION reporting_reportversion_frozen();
"""
DROP = """
DROP TRIGGER IF EXISTS reportversion_frozen ON reporting_reportversion;
DROP FUNCTION IF EXISTS reporting_reportversion_frozen();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
