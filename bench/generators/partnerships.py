"""Benchmark data for the organisation: earlier terms of every seat, with history rows.

A partnership that has run for years has many ended memberships (people who sat
in PKS, the steering group, the preparation and tactical groups before) and the
history rows that recorded each seat starting and ending. The current seats of
the demo stay as they are, so every page shows the same people at every scale;
what grows is what the database must skip to find them.

At scale N each current seat gets N - 1 earlier terms (one term is TERM_DAYS
long, ending where the next begins). Every third earlier term was held by the
same person as today (re-appointed), the others by a past holder.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db.models import Q
from django.utils import timezone

from partnerships.demo import SEATS_FROM
from partnerships.models import Membership

TERM_DAYS = 91
BATCH_SIZE = 2000
USERNAME_PREFIX = "bench-"


def _at(day: datetime.date) -> datetime.datetime:
    """09:00 Stockholm time on `day`, when the history says a change was made."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))


def _history_row(model, membership: Membership, *, when, kind: str, actor):
    fields = {f.attname: getattr(membership, f.attname) for f in Membership._meta.fields}
    return model(**fields, history_date=_at(when), history_type=kind, history_user_id=actor.pk)


def generate(scale: int, context: dict) -> dict | None:
    """Add (scale - 1) earlier terms to every current seat; returns counts of what was made."""
    if scale <= 1:
        return None
    actor = context["kansli"]
    seats = list(
        Membership.objects.active(SEATS_FROM)
        # The partnership's bodies and the county-wide ones (PKS, the management system).
        .filter(Q(body__partnership=context["partnership"]) | Q(body__partnership__isnull=True))
        .select_related("person", "municipality")
        .order_by("pk")
    )
    User = get_user_model()
    # Past holders never log in to the benchmark; one unusable hash serves them all.
    password = make_password(None)

    users = []
    plan = []  # (seat, start, end, index of new user or None for the current holder)
    for term in range(1, scale):
        end = SEATS_FROM - datetime.timedelta(days=TERM_DAYS * (term - 1))
        start = end - datetime.timedelta(days=TERM_DAYS)
        for number, seat in enumerate(seats):
            if term % 3 == 0:
                plan.append((seat, start, end, None))
                continue
            users.append(
                User(
                    username=f"{USERNAME_PREFIX}{term}-{number}",
                    first_name="Tidigare",
                    last_name=f"Ledamot {term}-{number}",
                    title="Tidigare ledamot (benchmark)",
                    email=f"{USERNAME_PREFIX}{term}-{number}@demo.invalid",
                    password=password,
                )
            )
            plan.append((seat, start, end, len(users) - 1))
    User.objects.bulk_create(users, batch_size=BATCH_SIZE)

    memberships = [
        Membership(
            person_id=seat.person_id if index is None else users[index].pk,
            body_id=seat.body_id,
            organisation=seat.organisation,
            municipality_id=seat.municipality_id,
            role=seat.role,
            start_date=start,
            end_date=end,
        )
        for seat, start, end, index in plan
    ]
    Membership.objects.bulk_create(memberships, batch_size=BATCH_SIZE)

    # History as the services would have written it: the seat started, later it ended.
    historical = Membership.history.model
    rows = []
    for membership in memberships:
        started = _history_row(
            historical, membership, when=membership.start_date, kind="+", actor=actor
        )
        started.end_date = None
        rows.append(started)
        rows.append(
            _history_row(historical, membership, when=membership.end_date, kind="~", actor=actor)
        )
    historical.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    return {
        "bench_partnerships": {
            "past_holders": len(users),
            "past_memberships": len(memberships),
            "membership_history_rows": len(rows),
        }
    }
