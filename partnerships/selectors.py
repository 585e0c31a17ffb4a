"""Tuned reads of the organisation."""

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q

from accounts.models import ExternalIdentity
from partnerships.models import Body, Membership, Partnership, PopulationFigure


def memberships_for_person(*, person, active_only: bool = True):
    """The person's seats with body and partnership, for the start and profile pages."""
    memberships = Membership.objects.filter(person=person)
    if active_only:
        memberships = memberships.active()
    return memberships.select_related("body__partnership", "municipality").order_by(
        "body__partnership__name", "body__kind", "body__name"
    )


def partnership_organisation(*, partnership: Partnership):
    """The partnership's bodies and the county-wide ones (PKS, the management system with
    the Region, R50, R70), each with its active members, in two queries."""
    active_members = (
        Membership.objects.active()
        .select_related("person", "municipality")
        .order_by("municipality__code", "role", "person__last_name")
    )
    return (
        Body.objects.filter(Q(partnership=partnership) | Q(partnership__isnull=True))
        .select_related("parent")
        .prefetch_related(
            Prefetch("memberships", queryset=active_members, to_attr="active_members")
        )
        .order_by("kind", "name")
    )


def municipality_events(*, municipality):
    """The municipality's events, newest first, with who recorded them and the attachment's
    name and size (never its bytes)."""
    return (
        municipality.events.select_related("actor", "attachment")
        .defer("attachment__data")
        .order_by("-occurred_at", "-pk")
    )


def latest_population_date(*, partnership: Partnership):
    """The latest date with a population figure for any member municipality, or None (R22)."""
    return (
        PopulationFigure.objects.filter(municipality__partnerships=partnership)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )


# --- People (partnerships.people) ----------------------------------------------

PEOPLE_PAGE_SIZE = 50


def people_list(*, search: str = ""):
    """People with their seats in force today and their linked accounts, in three queries."""
    people = get_user_model().objects.filter(is_active=True)
    for word in search.split()[:5]:
        people = people.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(username__icontains=word)
            | Q(email__icontains=word)
        )
    current = Membership.objects.active().select_related("body", "municipality")
    return people.order_by("last_name", "first_name", "username").prefetch_related(
        Prefetch("memberships", queryset=current, to_attr="current_seats"),
        "identities",
    )


def person_seats(*, person):
    """Every seat of the person, current, coming and ended, newest first."""
    return (
        Membership.objects.filter(person=person)
        .select_related("body__partnership", "municipality")
        .order_by("-start_date", "body__name")
    )


def waiting_identities():
    """Sign-in accounts that signed in but are linked to nobody yet, newest first."""
    return (
        ExternalIdentity.objects.filter(user__isnull=True)
        .select_related("provider")
        .order_by("-first_seen", "-pk")
    )
