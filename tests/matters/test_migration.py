"""Moving the matters out of `projects` loses nothing (projects/0003, matters/0001-0002).

On a database migrated to just before the move, rows are written through the
historical models (a matter with a decision, a comment and history rows, and
their content types); after migrating forward the same rows, history rows and
content types are there under `matters`. The test changes the schema, so it
runs on a transactional database and migrates back to the latest state at the
end, whatever happens, for the tests that follow.
"""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [
    ("projects", "0002_gatedecision_historicalgatedecision_and_more"),
    ("matters", None),
]
MODELS = [
    "matter",
    "matterdecision",
    "mattercomment",
    "historicalmatter",
    "historicalmatterdecision",
    "historicalmattercomment",
]


def _migrate(targets):
    """Migrate to `targets`; the models as the applied migrations leave them."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor = MigrationExecutor(connection)
    return executor._create_project_state(with_applied_migrations=True).apps


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.fixture
def before_the_move(transactional_db):
    latest = _latest()
    try:
        yield _migrate(BEFORE)
    finally:
        _migrate(latest)


def _same_fields(rows, like):
    """`rows` with only the fields each model has in `like`."""
    kept = {model: {name for name, _ in like[model][0]} for model in like if like[model]}
    return {
        model: sorted(
            tuple(item for item in row if item[0] in kept.get(model, ())) for row in rows[model]
        )
        for model in rows
    }


def _rows(apps, app_label):
    """Every moved model's rows as plain values, by model name."""
    return {
        model: sorted(
            tuple(sorted(row.items())) for row in apps.get_model(app_label, model).objects.values()
        )
        for model in MODELS
    }


def test_matters_move_with_their_rows_history_and_content_types(before_the_move):
    old = before_the_move
    ContentType = old.get_model("contenttypes", "ContentType")
    content_types = {
        model: ContentType.objects.get_or_create(app_label="projects", model=model)[0].pk
        for model in MODELS
    }
    Permission = old.get_model("auth", "Permission")
    permission = Permission.objects.get_or_create(
        codename="view_matter",
        content_type_id=content_types["matter"],
        defaults={"name": "Can view matter"},
    )[0]
    User = old.get_model("accounts", "User")
    person = User.objects.create(username="kansli-migrering", password="!")
    municipality = old.get_model("partnerships", "Municipality").objects.create(
        code="0604", name="Aneby"
    )
    partnership = old.get_model("partnerships", "Partnership").objects.create(
        slug="social", name="Social välfärd"
    )
    partnership.members.add(municipality)
    now = timezone.now()
    matter = old.get_model("projects", "Matter").objects.create(
        partnership=partnership,
        kind="consensus",
        title="Verksamhetsplan 2027",
        status="pending",
        due_date=datetime.date(2027, 1, 31),
        ready_at=now,
        created_by=person,
    )
    decision = old.get_model("projects", "MatterDecision").objects.create(
        matter=matter, municipality=municipality, verdict="approve", decided_by=person
    )
    comment = old.get_model("projects", "MatterComment").objects.create(
        matter=matter, text="Underlaget är klart.", author=person
    )
    for model, obj, fields in (
        ("HistoricalMatter", matter, {"title": matter.title, "kind": "consensus"}),
        ("HistoricalMatterDecision", decision, {"verdict": "approve"}),
        ("HistoricalMatterComment", comment, {"text": comment.text}),
    ):
        old.get_model("projects", model).objects.create(
            id=obj.pk,
            history_date=now,
            history_type="+",
            history_user=person,
            **fields,
            **{
                "HistoricalMatter": {
                    "partnership_id": partnership.pk,
                    "status": "pending",
                    "created_by_id": person.pk,
                },
                "HistoricalMatterDecision": {
                    "matter_id": matter.pk,
                    "municipality_id": municipality.pk,
                    "decided_by_id": person.pk,
                },
                "HistoricalMatterComment": {"matter_id": matter.pk, "author_id": person.pk},
            }[model],
        )
    rows_before = _rows(old, "projects")
    assert all(rows_before.values())

    new = _migrate(_latest())

    # Fields added by later migrations (a decision's §, R15) are left out of the comparison.
    assert _same_fields(_rows(new, "matters"), rows_before) == rows_before
    NewContentType = new.get_model("contenttypes", "ContentType")
    moved = {ct.model: ct.pk for ct in NewContentType.objects.filter(app_label="matters")}
    assert {model: moved.get(model) for model in MODELS} == content_types
    assert not NewContentType.objects.filter(app_label="projects", model__in=MODELS).exists()
    new_permission = new.get_model("auth", "Permission").objects.get(pk=permission.pk)
    assert new_permission.content_type_id == content_types["matter"]
    # The moved rows are the app's own again: the ORM reads them through `matters`.
    from matters.models import Matter, MatterComment, MatterDecision

    assert Matter.objects.get(pk=matter.pk).title == "Verksamhetsplan 2027"
    assert Matter.history.get(id=matter.pk).history_user_id == person.pk
    assert MatterDecision.objects.get(pk=decision.pk).verdict == "approve"
    assert MatterComment.history.get(id=comment.pk).text == comment.text
