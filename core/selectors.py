"""Reads shared by every app: the history (audit trail) of any tracked object."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.core.paginator import Page, Paginator
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from simple_history.utils import NotHistoricalModelError, get_history_manager_for_model

from core.money import group_digits

# Apps whose objects staff may read the history of (every business model, R17).
AUDITED_APPS = (
    "accounts",
    "partnerships",
    "meetings",
    "matters",
    "projects",
    "finance",
    "reporting",
)
# Never shown, even to staff.
HIDDEN_FIELDS = {"password"}
HISTORY_PAGE_SIZE = 25

EMPTY = "–"


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class HistoryEntry:
    when: datetime.datetime
    who: object
    kind: str
    reason: str = ""
    changes: list[FieldChange] = field(default_factory=list)


def history_model(app_label: str, model_name: str) -> type[models.Model] | None:
    """The model named in a URL, if it belongs to an audited app and is history-tracked."""
    if app_label not in AUDITED_APPS:
        return None
    try:
        model = apps.get_model(app_label, model_name)
        get_history_manager_for_model(model)
    except (LookupError, NotHistoricalModelError, ValueError):
        return None
    return model


def object_history(
    *, model: type[models.Model], pk, page_number=1, per_page: int = HISTORY_PAGE_SIZE
) -> tuple[Page, list[HistoryEntry], object] | None:
    """One page of an object's history, newest first, each entry with its field changes.

    Works for deleted objects too (their history stays, R17). None when the object
    never existed. Queries: a count, the page, its predecessor, and one per related
    model named in the page's changes (plus m2m rows for models that track them).
    """
    pk_field = model._meta.pk
    try:
        pk = pk_field.to_python(pk)
    except Exception:  # noqa: BLE001 - any unparseable key is an unknown object
        return None
    records = (
        get_history_manager_for_model(model)
        .filter(**{pk_field.attname: pk})
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )
    paginator = Paginator(records, per_page)
    if paginator.count == 0:
        return None
    page = paginator.get_page(page_number)
    rows = list(page.object_list)
    older = records[page.end_index() : page.end_index() + 1]
    rows_with_previous = rows + list(older)

    history_model_class = type(rows[0])
    fields = [
        f
        for f in history_model_class.tracked_fields
        if f.editable and f.name not in HIDDEN_FIELDS and not f.primary_key
    ]
    m2m = {f.name for f in getattr(history_model_class, "_history_m2m_fields", [])}
    pairs = []
    for index, record in enumerate(rows):
        previous = rows_with_previous[index + 1] if index + 1 < len(rows_with_previous) else None
        pairs.append((record, previous))

    raw_changes: list[list[tuple[models.Field, object, object]]] = []
    for record, previous in pairs:
        if record.history_type == "-":
            raw_changes.append([])
        elif previous is None or record.history_type == "+":
            raw_changes.append(
                [
                    (f, None, getattr(record, f.attname))
                    for f in fields
                    if getattr(record, f.attname) not in (None, "")
                ]
            )
        else:
            delta = record.diff_against(previous, excluded_fields=HIDDEN_FIELDS)
            by_name = {f.name: f for f in model._meta.get_fields() if hasattr(f, "attname")}
            raw_changes.append(
                [
                    (by_name[c.field], c.old, c.new)
                    for c in delta.changes
                    if c.field in by_name or c.field in m2m
                ]
            )

    labels = _related_labels(model, raw_changes)
    kinds = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}
    entries = [
        HistoryEntry(
            when=record.history_date,
            who=record.history_user,
            kind=kinds.get(record.history_type, record.history_type),
            reason=record.history_change_reason or "",
            changes=[
                FieldChange(
                    label=str(f.verbose_name).capitalize(),
                    before=_display(f, before, labels),
                    after=_display(f, after, labels),
                )
                for f, before, after in changes
            ],
        )
        for record, changes in zip(rows, raw_changes, strict=True)
    ]
    current = model._default_manager.filter(pk=pk).first()
    label = str(current) if current is not None else str(rows[0].instance)
    return page, entries, label


def _related_ids(f, value) -> list:
    if value in (None, ""):
        return []
    if f.many_to_many:
        target = f.m2m_reverse_field_name()
        return [row.get(target) for row in value]
    return [value]


def _related_labels(model, raw_changes) -> dict:
    """{(related model, pk): label}, one query per related model on the page."""
    wanted: dict[type[models.Model], set] = {}
    for changes in raw_changes:
        for f, before, after in changes:
            if f.is_relation and f.related_model is not None:
                ids = _related_ids(f, before) + _related_ids(f, after)
                wanted.setdefault(f.related_model, set()).update(i for i in ids if i is not None)
    labels = {}
    for related, ids in wanted.items():
        for pk, obj in related._default_manager.in_bulk(list(ids)).items():
            labels[(related, pk)] = str(obj)
    return labels


def _display(f, value, labels) -> str:
    """A stored value as people read it: names for references, labels for choices."""
    if value is None or value == "" or value == []:
        return EMPTY
    if f.is_relation and f.related_model is not None:
        names = [
            labels.get((f.related_model, pk), _("deleted (id %(pk)s)") % {"pk": pk})
            for pk in _related_ids(f, value)
        ]
        return ", ".join(sorted(names)) or EMPTY
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.DecimalField):
        return group_digits(value, f.decimal_places)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "Y-m-d H:i")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    return formats.localize(value) if not isinstance(value, str) else value
