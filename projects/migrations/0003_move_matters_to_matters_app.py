"""Matters move to their own app (matters/): tables renamed, no data copied.

The state of the six models (the matters, their decisions and comments, and
their simple-history tables) leaves `projects` here and enters `matters` in
matters/0001_initial; the tables keep every row under their new names.
matters/0002 moves the content types, so permissions, the admin log and the
history links follow.
"""

from django.db import migrations

# (model name, new table). The old tables are projects_<model name>.
MOVED = [
    ("historicalmattercomment", "matters_historicalmattercomment"),
    ("historicalmatterdecision", "matters_historicalmatterdecision"),
    ("historicalmatter", "matters_historicalmatter"),
    ("mattercomment", "matters_mattercomment"),
    ("matterdecision", "matters_matterdecision"),
    ("matter", "matters_matter"),
]


class Migration(migrations.Migration):

    dependencies = [
        ("projects", "0002_gatedecision_historicalgatedecision_and_more"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                # The index name is derived from the table name: give it the one the
                # matters app's state expects.
                migrations.RenameIndex(
                    model_name="matter",
                    new_name="matters_mat_status_da32c4_idx",
                    old_name="projects_ma_status_fdf3cc_idx",
                ),
                *[migrations.AlterModelTable(name=name, table=table) for name, table in MOVED],
            ],
            state_operations=[migrations.DeleteModel(name=name) for name, _ in MOVED],
        ),
    ]
