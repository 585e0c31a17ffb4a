"""R61 (like R42): a frozen plan version never changes. On PostgreSQL a trigger refuses any
UPDATE or DELETE of a plan version, whatever code path tries it."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION plans_planversion_frozen() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'An adopted plan version is frozen (R61): % refused', TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER planversion_frozen
    BEFORE UPDATE OR DELETE ON plans_planversion
    FOR EACH ROW EXECUTE FUNCTION plans_planversion_frozen();
"""
DROP = """
DROP TRIGGER IF EXISTS planversion_frozen ON plans_planversion;
DROP FUNCTION IF EXISTS plans_planversion_frozen();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("plans", "0002_agenda2030_goals")]

    operations = [migrations.RunPython(create, drop)]
