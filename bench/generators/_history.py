"""History rows for objects made with bulk_create (which writes none)."""

import datetime

from django.utils import timezone


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    """`hour`:00 Stockholm time on `day`."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def created_rows(model, objects, *, when, actor_id, excluded=()) -> list:
    """One "+" history row per object, as django-simple-history writes on create.

    `when(obj)` gives the history date; `excluded` names fields the history leaves out.
    """
    historical = model.history.model
    names = [f.attname for f in model._meta.concrete_fields if f.name not in excluded]
    return [
        historical(
            **{name: getattr(obj, name) for name in names},
            history_date=when(obj),
            history_type="+",
            history_user_id=actor_id,
        )
        for obj in objects
    ]
