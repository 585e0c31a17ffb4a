"""Who may do what, computed on the day from memberships (R3, R30, R31).

Memberships are the single source of truth, and nothing else is stored: every
check reads the person's memberships in force on the day (Europe/Stockholm's
local date) and derives the rights from them (`derive_permissions`, the
permission table of DOMAIN.md). A seat gives its rights from its start date
and none from its end date, with no job to run (R31). For `request.user` the
memberships are read once per request (`object_permissions`).

Django's own API answers the same way: `MembershipBackend` (in
AUTHENTICATION_BACKENDS) serves `user.has_perm("partnerships.<codename>", obj)`
from this module, and the Django admin's model permissions to whoever holds an
office (kansliet) seat on the day (`is_office`); admin entry follows the same
seat (kommunalutveckling/adminsite.py).

Superusers and staff (policy, R31, R15): the Django flags give no governance
act. The seat acts - deciding for a municipality, gate decisions, preparing
matters, editing a portfolio (`SEAT_CODENAMES`) - come only from memberships
on the day, superusers included, so no single account can approve common
funds for the municipalities. A superuser keeps the administrative rights
(`SUPERUSER_CODENAMES`: reading partnerships and published reports, managing a
partnership) and the Django admin, so a fresh installation can be set up and
repaired (break-glass); every such change is in the history.

Views never re-derive access: they use the lookups at the bottom of this
module, which return the object or raise 404/403.

Services guard their actor too (`require`, `require_office_act`), so a command,
the admin or an API cannot bypass a view's check; `actor=None` is refused
everywhere. A management command run on the server acts as `OPERATOR`, the
server operator, which the administrative (office) acts accept and every
governance act refuses (`has_perm` is False for it); its writes record no user
in the history.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable

from django.apps import apps
from django.contrib.auth import get_permission_codename, get_user_model
from django.contrib.auth.backends import BaseBackend
from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.functional import LazyObject, empty

from partnerships.models import Body, Membership, Municipality, Partnership

# Apps whose models the office manages in the Django admin (never auth's groups and
# permissions: rights come from memberships only).
OFFICE_ADMIN_APPS = (
    "accounts",
    "partnerships",
    "meetings",
    "matters",
    "plans",
    "projects",
    "finance",
    "reporting",
)

# Roles that sit with a vote; secretaries and co-opted members get read access only.
DECIDING_ROLES = {Membership.Role.CHAIR, Membership.Role.MEMBER, Membership.Role.DEPUTY}
READ_BODY_KINDS = {
    Body.Kind.OFFICE,
    Body.Kind.STEERING_GROUP,
    Body.Kind.PREPARATION_GROUP,
    Body.Kind.TACTICAL_GROUP,
}
REPORT_BODY_KINDS = READ_BODY_KINDS | {Body.Kind.PKS}

# Every object permission this module manages: (app_label, codename).
MANAGED_PERMISSIONS = {
    ("partnerships", "read_partnership"),
    ("partnerships", "read_published_reports"),
    ("partnerships", "manage_partnership"),
    ("partnerships", "prepare_matters"),
    ("partnerships", "decide_for_municipality"),
    ("partnerships", "edit_portfolio"),
    ("partnerships", "decide_gate"),
}
# Acts that need a seat on the day, whoever asks (superusers too, R31, R15).
SEAT_CODENAMES = frozenset(
    {"decide_for_municipality", "decide_gate", "prepare_matters", "edit_portfolio"}
)
# Administrative rights a superuser holds without a seat (break-glass administration).
SUPERUSER_CODENAMES = frozenset(
    {"read_partnership", "read_published_reports", "manage_partnership"}
)


def derive_permissions(memberships: Iterable[Membership]) -> set[tuple[str, object]]:
    """The (codename, object) pairs that a set of active memberships grants.

    This is the permission table of DOMAIN.md in code.
    """
    granted: set[tuple[str, object]] = set()
    for membership in memberships:
        body = membership.body
        partnership = body.partnership
        if partnership is None:
            # A county-wide body (R50, R70): PKS governs all of Kommunal utveckling and
            # reads every partnership's published reports; the management-system bodies
            # give no partnership right (their meetings have rules of their own, R57).
            if body.kind == Body.Kind.PKS:
                granted.update(("read_published_reports", p) for p in _all_partnerships())
            continue
        if body.kind in READ_BODY_KINDS:
            granted.add(("read_partnership", partnership))
        if body.kind in REPORT_BODY_KINDS:
            granted.add(("read_published_reports", partnership))
        if body.kind == Body.Kind.OFFICE:
            granted.add(("manage_partnership", partnership))
        if body.kind == Body.Kind.PREPARATION_GROUP:
            granted.add(("prepare_matters", partnership))
        if (
            body.kind == Body.Kind.STEERING_GROUP
            and membership.role in DECIDING_ROLES
            and membership.municipality_id
        ):
            # The socialchef (or deputy) decides for the municipality they represent.
            granted.add(("decide_for_municipality", membership.municipality))
        if body.kind == Body.Kind.TACTICAL_GROUP:
            if membership.role in DECIDING_ROLES | {Membership.Role.SECRETARY}:
                granted.add(("edit_portfolio", body))
            if membership.role == Membership.Role.CHAIR:
                granted.add(("decide_gate", body))
    return granted


def _all_partnerships() -> list[Partnership]:
    return list(Partnership.objects.all())


def report_reader_seats(partnership: Partnership, on: datetime.date | None = None):
    """The seats that read the partnership's published reports on the day, as
    `derive_permissions` grants it: its own reading bodies and the county-wide PKS (R50)."""
    return Membership.objects.active(on or today()).filter(
        Q(body__partnership=partnership, body__kind__in=REPORT_BODY_KINDS)
        | Q(body__partnership__isnull=True, body__kind=Body.Kind.PKS)
    )


class _Operator:
    """The server operator running a management command on the server (`OPERATOR`).

    Not a person: holds no object permission (`has_perm` is False), so every
    governance act refuses it; only the administrative acts guarded by
    `require_office_act` accept it, and record no user for it.
    """

    def __repr__(self) -> str:
        return "OPERATOR"


OPERATOR = _Operator()


def _is_person(user) -> bool:
    """An authenticated, active account (not None, not the operator, not anonymous)."""
    return user is not None and user is not OPERATOR and user.is_authenticated and user.is_active


# --- Rights on the day ------------------------------------------------------


def today() -> datetime.date:
    """The local date of the partnership (Europe/Stockholm, settings.TIME_ZONE)."""
    return timezone.localdate(timezone=timezone.get_default_timezone())


_MEMO = "_ku_object_permissions"


def object_permissions(user, *, on: datetime.date | None = None) -> dict[str, set[str]]:
    """The user's object permissions on the day, {codename: {object pk}}, in one query.

    Derived from the memberships in force on `on` (default today, R31). For
    `request.user` (a lazy object made afresh for every request) the result is
    kept for the rest of the request, also on the person it wraps (which Django's
    permission backends receive), so a page asks the database once however many
    checks and lists it makes. Plain user objects (services, tests, commands) are
    read afresh every time: a membership may have changed through another
    instance of the same person.
    """
    on = on or today()
    memo = _memo(user)
    if memo is not None and on in memo:
        return memo[on]
    granted: dict[str, set[str]] = {codename: set() for _, codename in MANAGED_PERMISSIONS}
    if user.is_authenticated and user.is_active:
        active = (
            Membership.objects.active(on)
            .filter(person_id=user.pk)
            .select_related("body__partnership", "municipality")
        )
        for codename, obj in derive_permissions(active):
            granted[codename].add(str(obj.pk))
    if isinstance(user, LazyObject):
        # user.is_authenticated above has loaded the wrapped person.
        user._wrapped.__dict__.setdefault(_MEMO, {})[on] = granted
    return granted


def _memo(user) -> dict | None:
    """The request's memo, kept on the person `request.user` wraps (set only through it)."""
    if isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user.__dict__.get(_MEMO)


def is_office(user, on: datetime.date | None = None) -> bool:
    """Whether the user holds a seat in an office (kansliet) body on the day."""
    if not _is_person(user):
        return False
    # Only an office seat grants manage_partnership (derive_permissions).
    return bool(object_permissions(user, on=on)["manage_partnership"])


@functools.cache
def office_model_permissions() -> frozenset[str]:
    """The Django model permissions ("app.codename") of the office's admin apps.

    The default add/change/delete/view permissions of every model there; not the
    object permissions above, which need their object.
    """
    granted = set()
    for app_label in OFFICE_ADMIN_APPS:
        for model in apps.get_app_config(app_label).get_models():
            opts = model._meta
            for action in opts.default_permissions:
                granted.add(f"{opts.app_label}.{get_permission_codename(action, opts)}")
    return frozenset(granted)


class MembershipBackend(BaseBackend):
    """Django's permission API answered from memberships on the day (module docstring).

    `user.has_perm("partnerships.<codename>", obj)` is `has_perm(user, codename, obj)`;
    without an object, the admin's model permissions go to an office seat today.
    Authenticates nobody.
    """

    def has_perm(self, user_obj, perm, obj=None):
        if obj is None:
            return perm in self.get_all_permissions(user_obj)
        app_label, _, codename = perm.partition(".")
        if app_label != "partnerships" or codename not in PERMISSION_MODELS:
            return False
        return has_perm(user_obj, codename, obj)

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_authenticated or not user_obj.is_active:
            return set()
        if obj is None:
            return set(office_model_permissions()) if is_office(user_obj) else set()
        return {f"partnerships.{c}" for c in PERMISSION_MODELS if has_perm(user_obj, c, obj)}

    def has_module_perms(self, user_obj, app_label):
        if not user_obj.is_authenticated or not user_obj.is_active:
            return False
        return app_label in OFFICE_ADMIN_APPS and is_office(user_obj)


# --- Lookups for views -----------------------------------------------------


# The model each managed permission is granted on (its Meta.permissions).
PERMISSION_MODELS = {
    "read_partnership": Partnership,
    "read_published_reports": Partnership,
    "manage_partnership": Partnership,
    "prepare_matters": Partnership,
    "decide_for_municipality": Municipality,
    "edit_portfolio": Body,
    "decide_gate": Body,
}


def _superuser_may(user, codename: str) -> bool:
    """Superusers hold the administrative rights everywhere, never a seat act (docstring)."""
    return user.is_superuser and codename in SUPERUSER_CODENAMES


def has_perm(
    user, codename: str, obj, *, on: datetime.date | None = None, seat_only: bool = False
) -> bool:
    """Whether the user holds the object permission on obj on the day (default today, R31).

    `seat_only`: from a seat alone, never from the superuser flag. Acts done in a
    municipality's name (a committee's decision recorded by the office) need it, so
    that one account cannot record a decision for all 13 (R15, R31).
    """
    if not _is_person(user):
        return False
    if not isinstance(obj, PERMISSION_MODELS[codename]):
        return False
    if not seat_only and _superuser_may(user, codename):
        return True
    return str(obj.pk) in object_permissions(user, on=on)[codename]


def objects_with_perm(user, codename: str, *, on: datetime.date | None = None):
    """The objects the user holds the permission on, as a queryset."""
    model = PERMISSION_MODELS[codename]
    if not _is_person(user):
        return model.objects.none()
    if _superuser_may(user, codename):
        return model.objects.all()
    pks = object_permissions(user, on=on)[codename]
    return model.objects.filter(pk__in=[int(pk) for pk in pks])


def require(
    user, codename: str, obj, *, on: datetime.date | None = None, seat_only: bool = False
) -> None:
    """Raise PermissionDenied (403) unless the user holds the permission on obj."""
    if not has_perm(user, codename, obj, on=on, seat_only=seat_only):
        raise PermissionDenied


def require_any(user, *checks: tuple[str, object]) -> None:
    """Raise PermissionDenied unless the user holds one of the (codename, obj) permissions."""
    if not any(has_perm(user, codename, obj) for codename, obj in checks):
        raise PermissionDenied


def require_office_act(actor, partnership: Partnership | None = None, *, operator: bool = True):
    """Guard of an administrative (office) act; returns the user to record as its author.

    Allowed: `manage_partnership` on `partnership` (an office seat there on the day,
    or a superuser, break-glass); without a partnership (population figures, shared
    by every partnership) an office seat anywhere or a superuser. `OPERATOR` (a
    management command on the server) is allowed when `operator` is true, and then
    None is returned: the history records no user. Anyone else, `None` included,
    gets PermissionDenied before anything is written.
    """
    if actor is OPERATOR and operator:
        return None
    if partnership is not None:
        require(actor, "manage_partnership", partnership)
    elif not (_is_person(actor) and (actor.is_superuser or is_office(actor))):
        raise PermissionDenied
    return actor


def command_actor(username: str | None = None):
    """Who a management command acts as: `OPERATOR`, or with `--actor USERNAME` that person.

    The service the command calls then refuses a person without the right on the day.
    """
    if not username:
        return OPERATOR
    try:
        return get_user_model().objects.get(username=username)
    except get_user_model().DoesNotExist:
        raise CommandError(f"Användaren {username!r} finns inte.") from None


def add_actor_argument(parser) -> None:
    """The optional `--actor USERNAME` of the commands that write (command_actor)."""
    parser.add_argument(
        "--actor",
        metavar="USERNAME",
        help=(
            "Act as this person, who needs the right on the day (the office's). "
            "Default: the server operator, recorded without a user."
        ),
    )


def command_refusal(username: str | None) -> CommandError:
    """The command's error when the service refused `--actor USERNAME` (PermissionDenied)."""
    return CommandError(
        f"Användaren {username!r} har inte behörighet till detta i dag. Inget sparades."
    )


def partnerships_for_user(user, codename: str = "read_partnership"):
    return objects_with_perm(user, codename)


def get_partnership_for_user(user, slug: str, codename: str = "read_partnership") -> Partnership:
    """The partnership if the user may read it; 404 if they are not in it at all, else 403."""
    try:
        partnership = Partnership.objects.get(slug=slug)
    except Partnership.DoesNotExist:
        raise Http404("not found") from None
    if has_perm(user, codename, partnership):
        return partnership
    if any(has_perm(user, c, partnership) for c in ("read_partnership", "read_published_reports")):
        raise PermissionDenied
    raise Http404("not found")


def municipalities_decided_by(user, *, on: datetime.date | None = None):
    """Municipalities the user decides for as socialchef or deputy on the day (R12, R15, R5)."""
    return objects_with_perm(user, "decide_for_municipality", on=on)


def bodies_with_perm(user, codename: str):
    return objects_with_perm(user, codename)


# --- A municipality's events (partnerships.events) ---------------------------


def may_read_municipality_events(user, municipality: Municipality) -> bool:
    """Its socialchef or deputy on the day, and the staff of a partnership it is part of."""
    if has_perm(user, "decide_for_municipality", municipality):
        return True
    managed = object_permissions(user)["manage_partnership"] if user.is_authenticated else set()
    return (
        bool(managed)
        and municipality.partnerships.filter(pk__in=[int(pk) for pk in managed]).exists()
    )


def get_municipality_for_events(user, code: str) -> Municipality:
    """The municipality whose events the user may read; 404 otherwise (no leak)."""
    # An SCB code is four ASCII digits; anything else (a NUL byte too) is simply not found.
    valid = len(code) == 4 and code.isascii() and code.isdigit()
    municipality = Municipality.objects.filter(code=code).first() if valid else None
    if municipality is None or not may_read_municipality_events(user, municipality):
        raise Http404("not found")
    return municipality


def municipalities_with_events_for(user):
    """The municipalities whose events the user may read, for links (start page)."""
    if not user.is_authenticated or not user.is_active:
        return Municipality.objects.none()
    if user.is_superuser:
        return Municipality.objects.order_by("code")
    decided = [int(pk) for pk in object_permissions(user)["decide_for_municipality"]]
    managed = [int(pk) for pk in object_permissions(user)["manage_partnership"]]
    return (
        Municipality.objects.filter(Q(pk__in=decided) | Q(partnerships__pk__in=managed))
        .distinct()
        .order_by("code")
    )
