"""The moved models' content types follow them from `projects` to `matters`.

Permissions (add_matter, ...), the admin log and the history links point at a
content type; moving the row (rather than letting a new one be created) keeps
them all. Should a `matters` content type exist already (created by an earlier
post-migrate run), it is empty of references we keep and gives way.
"""

from django.db import migrations

MODELS = [
    "matter",
    "matterdecision",
    "mattercomment",
    "historicalmatter",
    "historicalmatterdecision",
    "historicalmattercomment",
]


def _move(apps, source, target):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        old = ContentType.objects.filter(app_label=source, model=model).first()
        if old is None:
            continue
        ContentType.objects.filter(app_label=target, model=model).delete()
        old.app_label = target
        old.save(update_fields=["app_label"])
    ContentType.objects.clear_cache()


def forwards(apps, schema_editor):
    _move(apps, "projects", "matters")


def backwards(apps, schema_editor):
    _move(apps, "matters", "projects")


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("matters", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
