"""People, their sign-in accounts and their seats, as kansliet keeps them (R3, R30, R31).

Every write here is the office's (an office seat on the day, or a superuser as
break-glass), checked before anything is written, whoever calls (the people pages,
a command, a test). Seats go through `services.membership_start/end`, which check the
office of the body's partnership and tell the municipality (events). What a seat
change does to rights is shown before it is saved: `seat_give_preview` and
`seat_end_preview` derive the rights on the day with and without the change from
`permissions.derive_permissions`, the one table of rights.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import ExternalIdentity, IdentityProvider
from core.domain import record_actor, validate
from core.errors import DomainError
from partnerships import permissions, services
from partnerships.models import Body, Membership, Municipality

# --- People -----------------------------------------------------------------


def _username_for(first_name: str, last_name: str, email: str) -> str:
    """A free user name: the email's local part, else first.last, in plain ASCII."""
    base = email.split("@")[0] if email else f"{first_name}.{last_name}"
    ascii_name = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9._-]+", "", ascii_name.lower())[:100] or "person"
    user_model = get_user_model()
    candidate, number = base, 1
    while user_model.objects.filter(username=candidate).exists():
        number += 1
        candidate = f"{base}{number}"
    return candidate


@transaction.atomic
def person_create(
    *,
    actor,
    first_name: str,
    last_name: str,
    email: str = "",
    username: str = "",
    title: str = "",
    phone: str = "",
):
    """Add a person, without a password and without rights (R30: seats give rights).

    They sign in with their organisation's account once it is linked, or set a password
    through "Forgot your password?". Recorded in the admin's log with who added them
    (accounts.User has no history table: tests/security/test_audit.py).
    """
    user = permissions.require_office_act(actor, operator=False)
    person = get_user_model()(
        username=username.strip() or _username_for(first_name, last_name, email),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email.strip(),
        title=title.strip(),
        phone=phone.strip(),
    )
    person.set_unusable_password()
    validate(person, exclude=["password"])
    person.save()
    LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=[person],
        action_flag=ADDITION,
        change_message=[{"added": {}}],
        single_object=True,
    )
    return person


# --- Sign-in accounts ---------------------------------------------------------


def _require_may_link(actor, person) -> None:
    """Linking an account signs its holder in as the person: the office's, and a
    superuser's account only a superuser's (as in the admin)."""
    permissions.require_office_act(actor)
    if person is not None and person.is_superuser:
        if actor is permissions.OPERATOR or not getattr(actor, "is_superuser", False):
            raise PermissionDenied


@transaction.atomic
def identity_link(
    *,
    actor,
    person,
    identity: ExternalIdentity | None = None,
    provider: IdentityProvider | None = None,
    subject: str = "",
) -> ExternalIdentity:
    """Link a sign-in account to a person (R31): one that has signed in and waits, or one
    named by its provider and subject before its first sign-in. Matched by issuer and
    subject only."""
    _require_may_link(actor, person)
    user = None if actor is permissions.OPERATOR else actor
    if identity is None:
        subject = subject.strip()
        if provider is None or not subject:
            raise DomainError(_("Choose the organisation and enter the account's identity."))
        identity, _created = ExternalIdentity.objects.get_or_create(
            issuer=provider.issuer, subject=subject, defaults={"provider": provider}
        )
    identity = ExternalIdentity.objects.select_for_update().get(pk=identity.pk)
    if identity.user_id == person.pk:
        return identity
    if identity.user_id is not None:
        raise DomainError(
            _("This account is already linked to %(person)s. Unlink it there first.")
            % {"person": identity.user},
            rule="R31",
        )
    identity.user = person
    record_actor(identity, user)
    identity.save(update_fields=["user"])
    return identity


@transaction.atomic
def identity_unlink(*, actor, identity: ExternalIdentity) -> ExternalIdentity:
    """Unlink a sign-in account; it signs nobody in until it is linked again."""
    permissions.require_office_act(actor)
    identity = ExternalIdentity.objects.select_for_update().get(pk=identity.pk)
    _require_may_link(actor, identity.user)
    identity.user = None
    record_actor(identity, None if actor is permissions.OPERATOR else actor)
    identity.save(update_fields=["user"])
    return identity


# --- What a seat change does to rights ----------------------------------------

RIGHT_LABELS = {
    "read_partnership": gettext_lazy("read the projects and economy of %(name)s"),
    "read_published_reports": gettext_lazy("read the published reports of %(name)s"),
    "manage_partnership": gettext_lazy("administer %(name)s as kansliet (budgets, reports, seats)"),
    "prepare_matters": gettext_lazy("prepare matters in %(name)s"),
    "decide_for_municipality": gettext_lazy("decide for %(name)s (participation, common funds)"),
    "edit_portfolio": gettext_lazy("create and edit projects in the portfolio of %(name)s"),
    "decide_gate": gettext_lazy("record the gate decisions of %(name)s"),
}


def describe_right(codename: str, obj) -> str:
    """One right in words, e.g. "decide for Aneby (participation, common funds)"."""
    return str(RIGHT_LABELS[codename]) % {"name": obj}


@dataclass
class RightsChange:
    """What one person may do on a day, before and after a seat change."""

    person: object
    on: datetime.date
    gained: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    @property
    def changes(self) -> bool:
        return bool(self.gained or self.lost)


def _seats_on(person, day: datetime.date) -> list[Membership]:
    return list(
        Membership.objects.active(day)
        .filter(person=person)
        .select_related("body__partnership", "municipality")
    )


def _rights_change(person, day, before: list[Membership], after: list[Membership]):
    def words(memberships):
        active = [m for m in memberships if m.is_active(day)]
        return {describe_right(c, obj) for c, obj in permissions.derive_permissions(active)}

    old, new = words(before), words(after)
    return RightsChange(
        person=person,
        on=day,
        gained=sorted(new - old),
        lost=sorted(old - new),
        kept=sorted(old & new),
    )


@dataclass
class SeatPreview:
    """The rights changes of a seat change, one per person and day it takes effect."""

    changes: list[RightsChange]


def _new_seat(person, body, role, municipality, organisation, start_date, end_date):
    return Membership(
        person=person,
        body=body,
        role=role,
        municipality=municipality,
        organisation=organisation if municipality is None else Membership.Organisation.MUNICIPALITY,
        start_date=start_date,
        end_date=end_date,
    )


def _check_replaces(replaces: Membership | None, body: Body, start_date: datetime.date) -> None:
    if replaces is None:
        return
    if replaces.body_id != body.pk:
        raise DomainError(_("The seat taken over must be in the same body."))
    if start_date <= replaces.start_date or (
        replaces.end_date is not None and replaces.end_date <= start_date
    ):
        raise DomainError(
            _("The seat taken over must be held on the day before the new seat starts.")
        )


def seat_give_preview(
    *,
    actor,
    person,
    body: Body,
    role: str,
    municipality: Municipality | None,
    organisation: str,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    replaces: Membership | None = None,
) -> SeatPreview:
    """What giving the seat (and ending `replaces` on its start date) would change; checked
    as `seat_give` checks it, saving nothing."""
    permissions.require_office_act(actor, body.partnership)
    seat = _new_seat(person, body, role, municipality, organisation, start_date, end_date)
    validate(seat)
    _check_replaces(replaces, body, start_date)
    if replaces is None:
        # R4 (at most three in the preparation group). A takeover frees its seat first,
        # which only saving does: `seat_give` checks it then.
        services._check_preparation_group(seat)
    before = _seats_on(person, start_date)
    changes = [_rights_change(person, start_date, before, [*before, seat])]
    if end_date is not None:
        # Before: as if the seat went on; after: it does not hold on its end date.
        at_end = _seats_on(person, end_date)
        still_held = _new_seat(person, body, role, municipality, organisation, start_date, None)
        changes.append(_rights_change(person, end_date, [*at_end, still_held], at_end))
    if replaces is not None:
        held = _seats_on(replaces.person, start_date)
        held_before = [m for m in held if m.pk != replaces.pk] + [replaces]
        without = [m for m in held if m.pk != replaces.pk]
        changes.append(_rights_change(replaces.person, start_date, held_before, without))
    return SeatPreview(changes=changes)


@transaction.atomic
def seat_give(
    *,
    actor,
    person,
    body: Body,
    role: str,
    municipality: Municipality | None,
    organisation: str,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    replaces: Membership | None = None,
) -> Membership:
    """Give a seat from `start_date` (until `end_date`, e.g. a deputy for a period); with
    `replaces`, that seat ends on the same day: a new socialchef takes over (R3, R31)."""
    permissions.require_office_act(actor, body.partnership)
    if replaces is not None:
        replaces = Membership.objects.select_for_update().get(pk=replaces.pk)
        _check_replaces(replaces, body, start_date)
        services.membership_end(actor=actor, membership=replaces, end_date=start_date)
    return services.membership_start(
        actor=actor,
        person=person,
        body=body,
        role=role,
        municipality=municipality,
        organisation=organisation,
        start_date=start_date,
        end_date=end_date,
    )


def seat_end_preview(*, actor, membership: Membership, end_date: datetime.date) -> SeatPreview:
    """What ending the seat on `end_date` would take away; saving nothing."""
    permissions.require_office_act(actor, membership.body.partnership)
    if end_date <= membership.start_date:
        raise DomainError(_("The end date must be after the start date."))
    others = [m for m in _seats_on(membership.person, end_date) if m.pk != membership.pk]
    # Before: the seat as if it went on; after: it does not hold on its end date.
    still_held = Membership(
        person=membership.person,
        body=membership.body,
        role=membership.role,
        municipality=membership.municipality,
        organisation=membership.organisation,
        start_date=membership.start_date,
        end_date=None,
    )
    change = _rights_change(membership.person, end_date, [*others, still_held], others)
    return SeatPreview(changes=[change])


def seat_end(*, actor, membership: Membership, end_date: datetime.date) -> Membership:
    """End a seat from `end_date` (R31); the office of its partnership's."""
    return services.membership_end(actor=actor, membership=membership, end_date=end_date)
