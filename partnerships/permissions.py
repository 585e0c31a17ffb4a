"""Who may do what, derived from memberships (R3, R30).

Memberships are the single source of truth. `sync_person` turns a person's
active memberships into django-guardian object permissions (and the Django
staff flag and group for the admin); every service that starts, ends or
changes a membership calls it, so rights follow the membership at once.

Views never re-derive access: they use the lookups at the bottom of this
module, which return the object or raise 404/403.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils.functional import LazyObject
from guardian.models import UserObjectPermission

from partnerships.models import Body, Membership, Municipality, Partnership

OFFICE_GROUP_NAME = "Kansliet"
# Apps whose models the office manages in the Django admin.
OFFICE_ADMIN_APPS = ("accounts", "partnerships", "matters", "projects", "finance", "reporting")

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


def derive_permissions(memberships: Iterable[Membership]) -> set[tuple[str, object]]:
    """The (codename, object) pairs that a set of active memberships grants.

    This is the permission table of DOMAIN.md in code.
    """
    granted: set[tuple[str, object]] = set()
    for membership in memberships:
        body = membership.body
        partnership = body.partnership
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


def _managed_permission_ids() -> dict[str, Permission]:
    perms = Permission.objects.filter(
        content_type__app_label="partnerships",
        codename__in=[codename for _, codename in MANAGED_PERMISSIONS],
    ).select_related("content_type")
    return {perm.codename: perm for perm in perms}


@transaction.atomic
def sync_person(person, *, on: datetime.date | None = None) -> None:
    """Make the person's object permissions match their active memberships (R30)."""
    active = (
        Membership.objects.active(on)
        .filter(person=person)
        .select_related("body__partnership", "municipality")
    )
    wanted = derive_permissions(active)
    perms = _managed_permission_ids()

    wanted_rows = set()
    for codename, obj in wanted:
        perm = perms[codename]
        wanted_rows.add((perm.id, perm.content_type_id, str(obj.pk)))

    existing = UserObjectPermission.objects.filter(
        user=person, permission__in=perms.values()
    ).values_list("id", "permission_id", "content_type_id", "object_pk")
    existing_rows = {(perm_id, ct_id, pk): row_id for row_id, perm_id, ct_id, pk in existing}

    stale = [row_id for key, row_id in existing_rows.items() if key not in wanted_rows]
    if stale:
        UserObjectPermission.objects.filter(id__in=stale).delete()
    missing = [key for key in wanted_rows if key not in existing_rows]
    UserObjectPermission.objects.bulk_create(
        [
            UserObjectPermission(
                user=person, permission_id=perm_id, content_type_id=ct_id, object_pk=pk
            )
            for perm_id, ct_id, pk in missing
        ]
    )
    _sync_office_admin(person, is_office=any(c == "manage_partnership" for c, _ in wanted))
    # ModelBackend and guardian cache permissions on the user object.
    for attr in ("_perm_cache", "_user_perm_cache", "_group_perm_cache", "_ku_object_permissions"):
        person.__dict__.pop(attr, None)
    for attr in list(person.__dict__):
        if attr.startswith("_guardian"):
            person.__dict__.pop(attr, None)


def _sync_office_admin(person, *, is_office: bool) -> None:
    """Staff of Kommunal utveckling use the Swedish Django admin; nobody else does."""
    group = office_group()
    if is_office:
        person.groups.add(group)
    else:
        person.groups.remove(group)
    wanted_staff = is_office or person.is_superuser
    if person.is_staff != wanted_staff:
        person.is_staff = wanted_staff
        person.save(update_fields=["is_staff"])


def office_group() -> Group:
    group, _ = Group.objects.get_or_create(name=OFFICE_GROUP_NAME)
    wanted = set(
        Permission.objects.filter(content_type__app_label__in=OFFICE_ADMIN_APPS).values_list(
            "id", flat=True
        )
    )
    current = set(group.permissions.values_list("id", flat=True))
    if wanted != current:
        group.permissions.set(wanted)
    return group


def sync_all(*, on: datetime.date | None = None) -> int:
    """Re-derive everybody's permissions; run daily so dated memberships take effect."""
    from django.contrib.auth import get_user_model

    people = get_user_model().objects.filter(memberships__isnull=False).distinct()
    count = 0
    for person in people.iterator():
        sync_person(person, on=on)
        count += 1
    return count


# --- Lookups for views -----------------------------------------------------


def object_permissions(user) -> dict[str, set[str]]:
    """All the user's object permissions managed here, {codename: {object pk}}, in one query.

    For `request.user` (a lazy object made afresh for every request) the table is
    read once and kept for the rest of the request, so a page asks the database
    once however many checks and lists it makes. Plain user objects (services,
    tests, commands) are read afresh every time: a membership may have changed
    through another instance of the same person.
    """
    cached = user.__dict__.get("_ku_object_permissions")
    if cached is not None:
        return cached
    granted: dict[str, set[str]] = {codename: set() for _, codename in MANAGED_PERMISSIONS}
    if user.is_authenticated and user.is_active:
        rows = UserObjectPermission.objects.filter(
            user_id=user.pk, permission__content_type__app_label="partnerships"
        ).values_list("permission__codename", "object_pk")
        for codename, object_pk in rows:
            granted.setdefault(codename, set()).add(object_pk)
    if isinstance(user, LazyObject):
        user.__dict__["_ku_object_permissions"] = granted
    return granted


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


def _is_superuser(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_superuser


def has_perm(user, codename: str, obj) -> bool:
    """Whether the user holds the object permission on obj (superusers hold them all)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if not isinstance(obj, PERMISSION_MODELS[codename]):
        return False
    if user.is_superuser:
        return True
    return str(obj.pk) in object_permissions(user)[codename]


def objects_with_perm(user, codename: str):
    """The objects the user holds the permission on, as a queryset (all for superusers)."""
    model = PERMISSION_MODELS[codename]
    if _is_superuser(user):
        return model.objects.all()
    if not user.is_authenticated:
        return model.objects.none()
    return model.objects.filter(pk__in=[int(pk) for pk in object_permissions(user)[codename]])


def require(user, codename: str, obj) -> None:
    """Raise PermissionDenied (403) unless the user holds the permission on obj."""
    if not has_perm(user, codename, obj):
        raise PermissionDenied


def require_any(user, *checks: tuple[str, object]) -> None:
    """Raise PermissionDenied unless the user holds one of the (codename, obj) permissions."""
    if not any(has_perm(user, codename, obj) for codename, obj in checks):
        raise PermissionDenied


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


def municipalities_decided_by(user):
    """Municipalities the user decides for as socialchef or deputy (R12, R15, R5)."""
    return objects_with_perm(user, "decide_for_municipality")


def bodies_with_perm(user, codename: str):
    return objects_with_perm(user, codename)
