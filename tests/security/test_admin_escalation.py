"""The admin grants no rights by hand (R30): staff cannot make anybody a superuser, staff,
a group member or a permission holder, nor set another person's password.

The tests drive the admin's real change form: they GET the page, take every field
as the page renders it, forge the fields that grant rights on top and POST.
"""

import json
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from tests.factories import UserFactory
from tests.security.matrix.admin import passwords, rights

pytestmark = pytest.mark.django_db

RIGHTS_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions")
PASSWORD = "Ett helt nytt lösenord 42"


class FormFields(HTMLParser):
    """The fields a browser would submit from one form of a page, as the page renders them."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.data: dict[str, list[str]] = {}
        self.names: set[str] = set()
        self._select = None
        self._textarea = None

    def add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
            return
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if name:
            self.names.add(name)
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "reset", "file", "image"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.add(name, attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self.add(self._select, attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.add(name, "")

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def rendered_form(client, url, form_id="user_form") -> tuple[dict[str, list[str]], set[str]]:
    """(what the form submits as rendered, the names of all its fields, empty ones included)."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    parser = FormFields(form_id)
    parser.feed(response.content.decode())
    assert parser.data, f"no form {form_id} on {url}"
    return {name: values for name, values in parser.data.items() if values}, parser.names


def change_url(user):
    return reverse("admin:accounts_user_change", args=[user.pk])


def escalate(data, group, permission):
    """The rendered form with every right-granting field forged on top."""
    data = dict(data)
    data.update(
        is_superuser=["on"],
        is_staff=["on"],
        groups=[str(group.pk)],
        user_permissions=[str(permission.pk)],
    )
    return data


@pytest.fixture
def loot():
    """What an escalation wants: a group with every permission, and the right to edit groups."""
    group = Group.objects.create(name="Allt")
    group.permissions.set(Permission.objects.all())
    return group, Permission.objects.get(codename="change_group")


def user_log(user):
    return LogEntry.objects.filter(object_id=str(user.pk), content_type__model="user")


def changed_fields(entry) -> set[str]:
    """The fields the admin's history (LogEntry) says were changed."""
    return {
        field.lower()
        for message in json.loads(entry.change_message)
        for field in message.get("changed", {}).get("fields", [])
    }


def assert_rights_untouched_in_log(entry):
    labels = {"superuser status", "staff status", "groups", "user permissions"}
    assert not changed_fields(entry) & labels, entry.change_message


def test_r30_staff_cannot_make_themselves_superuser_through_the_real_form(client, org, loot):
    client.force_login(org.staff)
    url = change_url(org.staff)
    data, names = rendered_form(client, url)
    # The page renders none of the fields that grant rights as inputs.
    assert not set(RIGHTS_FIELDS) & names, sorted(names)
    assert "password" not in names
    data["title"] = ["Utvecklingsledare"]
    before = rights(org)
    groups_before = set(org.staff.groups.values_list("name", flat=True))

    response = client.post(url, escalate(data, *loot))

    assert response.status_code == 302, response.content.decode()[:2000]
    org.staff.refresh_from_db()
    assert org.staff.title == "Utvecklingsledare"  # the save went through
    assert not org.staff.is_superuser
    assert set(org.staff.groups.values_list("name", flat=True)) == groups_before
    assert not org.staff.user_permissions.exists()
    assert rights(org) == before
    entry = user_log(org.staff).get(action_flag=CHANGE)
    assert changed_fields(entry) == {"title"}
    assert_rights_untouched_in_log(entry)


def test_r30_staff_cannot_grant_another_person_rights_through_the_real_form(client, org, loot):
    person = org.socialchef_aneby
    client.force_login(org.staff)
    url = change_url(person)
    data, names = rendered_form(client, url)
    assert not set(RIGHTS_FIELDS) & names, sorted(names)
    data["phone"] = ["036-10 00 00"]
    before = rights(org)

    response = client.post(url, escalate(data, *loot))

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.phone == "036-10 00 00"
    assert not person.is_superuser
    assert not person.is_staff
    assert not person.groups.exists()
    assert not person.user_permissions.exists()
    assert rights(org) == before
    entry = user_log(person).get(action_flag=CHANGE)
    assert changed_fields(entry) == {"phone"}


def test_staff_cannot_set_another_persons_password_in_the_admin(client, org):
    client.force_login(org.staff)
    url = reverse("admin:auth_user_password_change", args=[org.socialchef_aneby.pk])
    before = passwords(org)

    assert client.get(url).status_code == 403
    response = client.post(
        url, {"usable_password": "true", "password1": PASSWORD, "password2": PASSWORD}
    )

    assert response.status_code == 403
    assert passwords(org) == before
    assert not user_log(org.socialchef_aneby).exists()


def test_staff_change_their_own_password_on_the_profile_page_not_in_the_admin(client, org):
    client.force_login(org.staff)
    url = reverse("admin:auth_user_password_change", args=[org.staff.pk])
    before = passwords(org)

    response = client.post(
        url, {"usable_password": "true", "password1": PASSWORD, "password2": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("password_change")
    assert passwords(org) == before


def test_staff_cannot_redirect_the_email_of_a_person_who_has_signed_in(client, org):
    """A new address plus a password reset would be the same as setting their password."""
    person = org.socialchef_aneby
    client.force_login(person)  # signs in once
    client.force_login(org.staff)
    url = change_url(person)
    data, names = rendered_form(client, url)
    assert "email" not in names
    data["email"] = ["kansli@example.invalid"]

    response = client.post(url, data)

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.email == "socialchef-0604@example.invalid"


def test_staff_fill_in_the_email_of_an_account_nobody_has_signed_in_to(client, org):
    person = UserFactory(username="ny-socialchef", email="")
    client.force_login(org.staff)
    url = change_url(person)
    data, names = rendered_form(client, url)
    assert "email" in names
    data["email"] = ["ny.socialchef@example.invalid"]

    response = client.post(url, data)

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.email == "ny.socialchef@example.invalid"


def test_staff_cannot_change_a_superusers_account(client, org):
    root = UserFactory(
        username="rot", is_superuser=True, is_staff=True, email="rot@example.invalid"
    )
    client.force_login(org.staff)
    url = change_url(root)
    response = client.get(url)
    assert response.status_code == 200  # may look, read-only
    assert 'name="email"' not in response.content.decode()

    response = client.post(url, {"username": "rot", "email": "kansli@example.invalid"})

    assert response.status_code == 403
    root.refresh_from_db()
    assert root.email == "rot@example.invalid"


def test_staff_cannot_edit_groups(client, org, loot):
    group, _permission = loot
    client.force_login(org.staff)
    url = reverse("admin:auth_group_change", args=[group.pk])
    before = rights(org)

    assert client.get(reverse("admin:auth_group_add")).status_code == 403
    response = client.post(url, {"name": "Kansliet", "permissions": []})

    assert response.status_code == 403
    assert rights(org) == before


def test_a_superuser_can_change_staff_status_and_groups_but_never_superuser_status(
    client, org, loot
):
    group, permission = loot
    root = UserFactory(username="rot", is_superuser=True, is_staff=True)
    person = org.socialchef_aneby
    client.force_login(root)
    url = change_url(person)
    data, names = rendered_form(client, url)
    assert {"is_staff", "groups", "user_permissions"} <= names
    assert "is_superuser" not in names  # read-only even for a superuser

    response = client.post(url, escalate(data, group, permission))

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.is_staff
    assert list(person.groups.all()) == [group]
    assert list(person.user_permissions.all()) == [permission]
    assert not person.is_superuser  # createsuperuser on the command line only


def test_a_superuser_may_set_another_persons_password(client, org):
    root = UserFactory(username="rot", is_superuser=True, is_staff=True)
    client.force_login(root)
    url = reverse("admin:auth_user_password_change", args=[org.socialchef_aneby.pk])

    response = client.post(
        url, {"usable_password": "true", "password1": PASSWORD, "password2": PASSWORD}
    )

    assert response.status_code == 302
    org.socialchef_aneby.refresh_from_db()
    assert org.socialchef_aneby.check_password(PASSWORD)


def test_object_permissions_and_permissions_have_no_admin():
    """Object permissions are derived from memberships only (R30), never edited by hand."""
    for model, model_admin in admin.site._registry.items():
        assert model._meta.label != "auth.Permission"
        assert model._meta.app_label != "guardian", model._meta.label
        assert not any("Guarded" in cls.__name__ for cls in type(model_admin).__mro__), model


def test_permission_names_show_in_swedish(client, org):
    root = UserFactory(username="rot", is_superuser=True, is_staff=True)
    client.force_login(root)

    page = client.get(change_url(org.socialchef_aneby)).content.decode()

    assert "Kan lägga till användare" in page
    assert "Besluta för kommunen" in page
    assert "Can add" not in page
    assert "historical" not in page
