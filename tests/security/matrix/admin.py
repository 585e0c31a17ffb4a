"""Permission matrix: the Django admin pages where rights could be escalated.

Staff (kansliet) may enter the admin; nobody else may (ADMIN_DENIED: a login
redirect or 403, however admin entry is decided). Inside, staff change people
and memberships, but no POST of theirs makes anybody a superuser or changes
staff status, groups or permissions, sets another person's password or edits a
group. The escalation payloads below are forged on top of a valid form: a staff
save goes through and the rights stay exactly as they were.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from accounts.models import ExternalIdentity, IdentityProvider
from partnerships.models import Membership
from tests.factories import UserFactory
from tests.security.matrix import ADMIN_DENIED, Spec, expect

PASSWORD = "Ett helt nytt lösenord 42"


def staff_only(staff):
    """Staff get `staff`; everybody else is kept out of the admin."""
    return expect(ADMIN_DENIED, anonymous=ADMIN_DENIED, staff=staff)


def rights(org):
    """Everything that grants rights: superuser and staff flags, groups, permissions."""
    user_model = get_user_model()
    return (
        tuple(user_model.objects.order_by("pk").values_list("pk", "is_superuser", "is_staff")),
        tuple(user_model.groups.through.objects.order_by("pk").values_list("user_id", "group_id")),
        tuple(
            user_model.user_permissions.through.objects.order_by("pk").values_list(
                "user_id", "permission_id"
            )
        ),
        tuple(Group.objects.order_by("pk").values_list("pk", "name")),
        tuple(
            Group.permissions.through.objects.order_by("pk").values_list(
                "group_id", "permission_id"
            )
        ),
    )


def passwords(org):
    return tuple(get_user_model().objects.order_by("pk").values_list("pk", "password"))


GROUP_NAME = "Administratörer"


def setup(org):
    # Groups grant no right here (rights follow memberships, R31); one exists to escalate into.
    Group.objects.get_or_create(name=GROUP_NAME)


def office_group():
    return Group.objects.get(name=GROUP_NAME)


def superuser(org):
    return {"object_id": UserFactory(username="rot", is_superuser=True, is_staff=True).pk}


def _split(moment) -> tuple[str, str]:
    if moment is None:
        return "", ""
    local = timezone.localtime(moment)
    return local.strftime("%Y-%m-%d"), local.strftime("%H:%M:%S")


def escalating_user_form(org, kwargs) -> dict:
    """The user's change form as staff see it, plus forged superuser, staff, groups and
    permissions (none of which the staff form has)."""
    user = get_user_model().objects.get(pk=kwargs["object_id"])
    last_login = _split(user.last_login)
    date_joined = _split(user.date_joined)
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "title": user.title,
        "phone": user.phone,
        "last_login_0": last_login[0],
        "last_login_1": last_login[1],
        "date_joined_0": date_joined[0],
        "date_joined_1": date_joined[1],
        # Forged: none of these is part of the form staff get.
        "is_superuser": "on",
        "is_staff": "on",
        "groups": [office_group().pk],
        "user_permissions": list(
            Permission.objects.filter(content_type__app_label="auth").values_list("pk", flat=True)
        ),
    }
    if user.is_active:
        data["is_active"] = "on"
    return data


def membership_form(membership: Membership, **changes) -> dict:
    data = {
        "person": membership.person_id,
        "body": membership.body_id,
        "organisation": membership.organisation,
        "municipality": membership.municipality_id or "",
        "role": membership.role,
        "start_date": membership.start_date.isoformat(),
        "end_date": membership.end_date.isoformat() if membership.end_date else "",
    }
    data.update(changes)
    return data


def sign_in_provider():
    provider, _created = IdentityProvider.objects.get_or_create(
        slug="region",
        defaults={
            "name": "Region",
            "issuer": "https://login.example.invalid/region/v2.0",
            "client_id": "ku-region",
            "client_secret": "stored-secret",
        },
    )
    return provider


def waiting_identity():
    identity, _created = ExternalIdentity.objects.get_or_create(
        issuer=sign_in_provider().issuer, subject="waiting", provider=sign_in_provider()
    )
    return identity


def provider_secrets(org):
    return tuple(IdentityProvider.objects.order_by("pk").values_list("pk", "client_secret"))


def identity_links(org):
    return tuple(ExternalIdentity.objects.order_by("pk").values_list("pk", "user_id"))


def staff_seat(org):
    return {"object_id": Membership.objects.get(person=org.staff, body=org.office).pk}


def tactical_member_seat(org):
    return {"object_id": Membership.objects.get(person=org.tactical_member).pk}


SPECS = [
    Spec(
        "admin:accounts_user_change",
        own=lambda org: {"object_id": org.staff.pk},
        other=lambda org: {"object_id": org.socialchef_aneby.pk},
        more={"superuser": superuser},
        get={
            "own": staff_only(200),
            "other": staff_only(200),
            # Staff may look at a superuser's account but not change it.
            "superuser": staff_only(200),
        },
        post={
            # Saved, with every forged right ignored.
            "own": staff_only(302),
            "other": staff_only(302),
            "superuser": staff_only(403),
        },
        data=escalating_user_form,
        state=rights,
        writes=False,
        note="R30: rights come from memberships, never from the user form",
    ),
    Spec(
        "admin:auth_user_password_change",
        own=lambda org: {"id": org.staff.pk},
        other=lambda org: {"id": org.socialchef_aneby.pk},
        # Staff are sent to the profile page's form (which asks for the old password) for
        # their own; another person's password is not theirs to set.
        get={"own": staff_only(302), "other": staff_only(403)},
        post={"own": staff_only(302), "other": staff_only(403)},
        data=lambda org, kwargs: {
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
        state=passwords,
        writes=False,
    ),
    Spec(
        "admin:auth_group_change",
        own=lambda org: {"object_id": office_group().pk},
        get={"own": staff_only(403)},
        post={"own": staff_only(403)},
        data=lambda org, kwargs: {
            "name": GROUP_NAME,
            "permissions": list(Permission.objects.values_list("pk", flat=True)),
        },
        state=rights,
    ),
    Spec(
        "admin:partnerships_membership_add",
        get={"own": staff_only(200)},
        post={"own": staff_only(302)},
        data=lambda org, kwargs: {
            "person": org.outsider.pk,
            "body": org.tactical_aldre.pk,
            "organisation": Membership.Organisation.MUNICIPALITY,
            "municipality": org.aneby.pk,
            "role": Membership.Role.MEMBER,
            "start_date": org.today.isoformat(),
            "end_date": "",
        },
        state=rights,
    ),
    Spec(
        "admin:partnerships_membership_change",
        own=staff_seat,
        other=tactical_member_seat,
        get={"own": staff_only(200), "other": staff_only(200)},
        post={"own": staff_only(302), "other": staff_only(302)},
        data=lambda org, kwargs: membership_form(
            Membership.objects.get(pk=kwargs["object_id"]), role=Membership.Role.SECRETARY
        ),
        state=rights,
    ),
    Spec(
        "admin:accounts_identityprovider_change",
        own=lambda org: {"object_id": sign_in_provider().pk},
        get={"own": staff_only(200)},
        post={"own": staff_only(302)},
        data=lambda org, kwargs: {
            "name": "Region Jönköpings län",
            "slug": "region",
            "issuer": "https://login.example.invalid/region/v2.0",
            "client_id": "ku-region",
            "client_secret": "",
            "subject_claim": "oid",
            "enabled": "on",
        },
        state=provider_secrets,
        writes=True,
        note="an empty secret keeps the stored one; the secret is never shown",
    ),
    Spec(
        "admin:accounts_externalidentity_change",
        own=lambda org: {"object_id": waiting_identity().pk},
        # Kansliet may look; linking goes through the people pages (partnerships.people),
        # whose service guards the actor: a forged link here would sign someone in as
        # another person.
        get={"own": staff_only(200)},
        post={"own": staff_only(403)},
        data=lambda org, kwargs: {"user": org.staff.pk},
        state=identity_links,
    ),
]
