"""R31: rights follow memberships on the day, whatever jobs have run; no right by a flag.

The clock is moved (time_machine) across a seat's start and end dates with
nothing run in between: a seat gives its rights from its start date and none
from its end date (exclusive), on Europe/Stockholm's date.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from matters.models import Matter, MatterComment, MatterDecision
from partnerships import permissions, services
from partnerships.models import Membership
from tests.factories import UserFactory, seat
from tests.projects import conftest as projects_setup
from tests.projects.conftest import ready_request

pytestmark = pytest.mark.django_db

proj = projects_setup.proj  # the projects' fixture: stages, two portfolios, a project

STOCKHOLM = ZoneInfo("Europe/Stockholm")
DAY = datetime.timedelta(days=1)


def on_day(day: datetime.date, hour: int = 12, minute: int = 0):
    """Stand still at that local time in Stockholm."""
    moment = datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=STOCKHOLM)
    return time_machine.travel(moment, tick=False)


def seat_of(person, body) -> Membership:
    return Membership.objects.get(person=person, body=body)


def decide(client, matter, code="0680", verdict="approve"):
    url = reverse("matters:matter_decide", args=[matter.pk])
    return client.post(url, {"municipality": code, "verdict": verdict})


def admin_entry(client) -> int:
    """The status of the admin's index, following its redirect to the admin login."""
    response = client.get(reverse("admin:index"))
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("admin:login"))
        response = client.get(response["Location"])
    return response.status_code


# --- Deciding (decide_for_municipality) -------------------------------------------------------


def test_r31_socialchef_decides_until_the_end_date_and_the_successor_from_the_start_date(
    client, org, proj
):
    matter = ready_request(org, proj.project)
    change = permissions.today() + 3 * DAY
    old = org.socialchef_jonkoping
    services.membership_end(
        actor=org.staff, membership=seat_of(old, org.steering_group), end_date=change
    )
    successor = UserFactory(username="ny-socialchef-0680")
    seat(successor, org.steering_group, municipality=org.jonkoping, start_date=change)
    url = reverse("matters:matter_decide", args=[matter.pk])

    # Without any seat yet (or any more) the partnership's matters are not even visible: 404.
    with on_day(change - DAY, hour=23, minute=30):
        client.force_login(old)
        assert client.get(url + "?kommun=0680&beslut=approve").status_code == 200
        assert client.get(reverse("matters:inbox")).status_code == 200
        client.force_login(successor)
        assert decide(client, matter).status_code == 404
        assert client.get(reverse("matters:inbox")).status_code == 403
    assert not MatterDecision.objects.exists()

    # 00:30 in Stockholm on the end date is still the day before in UTC.
    with on_day(change, hour=0, minute=30):
        client.force_login(old)
        assert decide(client, matter).status_code == 404
        assert client.get(reverse("matters:inbox")).status_code == 403
        assert not MatterDecision.objects.exists()
        assert not permissions.has_perm(old, "decide_for_municipality", org.jonkoping)

        client.force_login(successor)
        assert decide(client, matter).status_code == 302
    decision = MatterDecision.objects.get()
    assert (decision.municipality, decision.decided_by) == (org.jonkoping, successor)


def test_r31_has_perm_on_a_given_day_needs_no_clock(org):
    old = org.socialchef_jonkoping
    end = permissions.today() + 5 * DAY
    services.membership_end(
        actor=org.staff, membership=seat_of(old, org.steering_group), end_date=end
    )
    assert permissions.has_perm(old, "decide_for_municipality", org.jonkoping, on=end - DAY)
    assert not permissions.has_perm(old, "decide_for_municipality", org.jonkoping, on=end)
    assert list(permissions.municipalities_decided_by(old, on=end)) == []


# --- Preparing (prepare_matters) --------------------------------------------------------------


def test_r31_preparation_seat_stops_commenting_on_its_end_date(client, org, proj):
    matter = ready_request(org, proj.project)
    end = permissions.today() + 2 * DAY
    chef = org.socialchef_aneby
    services.membership_end(
        actor=org.staff, membership=seat_of(chef, org.preparation_group), end_date=end
    )
    url = reverse("matters:matter_comment", args=[matter.pk])

    with on_day(end - DAY):
        client.force_login(chef)
        assert permissions.has_perm(chef, "prepare_matters", org.partnership)
        assert client.post(url, {"text": "Beredd"}).status_code == 302
    with on_day(end):
        client.force_login(chef)
        assert not permissions.has_perm(chef, "prepare_matters", org.partnership)
        assert client.post(url, {"text": "För sent"}).status_code == 403
    assert list(MatterComment.objects.values_list("text", flat=True)) == ["Beredd"]


# --- Editing a portfolio (edit_portfolio) -----------------------------------------------------


def test_r31_tactical_seat_edits_the_portfolio_from_its_start_to_its_end(client, org, proj):
    start = permissions.today() + 2 * DAY
    end = start + 2 * DAY
    newcomer = UserFactory(username="ny-taktisk")
    membership = seat(newcomer, org.tactical_ifo, municipality=org.aneby, start_date=start)
    services.membership_end(actor=org.staff, membership=membership, end_date=end)
    url = reverse("projects:project_create", args=[proj.ifo.pk])

    for day, allowed, status in ((start - DAY, False, 404), (start, True, 200), (end, False, 404)):
        with on_day(day):
            client.force_login(newcomer)
            assert permissions.has_perm(newcomer, "edit_portfolio", org.tactical_ifo) is allowed
            assert client.get(url).status_code == status, day


# --- Reading reports (read_published_reports) -------------------------------------------------


def test_r31_pks_member_reads_published_reports_until_the_end_date(client, org):
    end = permissions.today() + 2 * DAY
    member = org.pks_member
    services.membership_end(actor=org.staff, membership=seat_of(member, org.pks), end_date=end)

    with on_day(end - DAY):
        client.force_login(member)
        assert permissions.has_perm(member, "read_published_reports", org.partnership)
        assert client.get(reverse("reporting:index")).status_code == 200
    with on_day(end):
        client.force_login(member)
        assert not permissions.has_perm(member, "read_published_reports", org.partnership)
        assert client.get(reverse("reporting:index")).status_code == 403


# --- The admin ---------------------------------------------------------------------------------


def test_r31_office_seat_opens_the_admin_on_its_start_date_and_closes_it_on_its_end_date(
    client, org
):
    start = permissions.today() + DAY
    end = start + 4 * DAY
    person = UserFactory(username="ny-kanslist")
    membership = seat(person, org.office, start_date=start)
    services.membership_end(actor=org.staff, membership=membership, end_date=end)
    changelist = reverse("admin:partnerships_membership_changelist")

    for day, allowed in ((start - DAY, False), (start, True), (end - DAY, True), (end, False)):
        with on_day(day):
            client.force_login(person)
            assert permissions.is_office(person) is allowed
            assert person.has_perm("partnerships.change_membership") is allowed
            assert admin_entry(client) == (200 if allowed else 403), day
            assert client.get(changelist).status_code == (200 if allowed else 302), day
    person.refresh_from_db()
    # Nothing was stored: no staff flag, no group.
    assert not person.is_staff and not person.groups.exists()


def test_admin_login_sends_people_to_the_apps_login_page_with_next(client):
    response = client.get(reverse("admin:login") + "?next=/admin/partnerships/")
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=/admin/partnerships/"
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("login") + "?next=/admin/"


def test_office_model_permissions_leave_out_auth_and_the_seat_acts(org):
    granted = org.staff.get_all_permissions()
    assert {"partnerships.change_membership", "finance.view_budget"} <= granted
    assert not any(perm.startswith("auth.") for perm in granted)
    assert "partnerships.decide_for_municipality" not in granted
    assert not org.staff.has_perm("auth.change_group")
    assert not org.staff.has_perm("auth.change_permission")
    assert not org.staff.has_perm("partnerships.manage_partnership")  # needs its object
    assert org.staff.has_module_perms("partnerships")
    assert not org.staff.has_module_perms("auth")
    assert not org.socialchef_aneby.get_all_permissions()
    assert not org.socialchef_aneby.has_module_perms("partnerships")


def test_djangos_has_perm_answers_as_the_permissions_module(org):
    objects = {
        "read_partnership": org.partnership,
        "read_published_reports": org.partnership,
        "manage_partnership": org.partnership,
        "prepare_matters": org.partnership,
        "decide_for_municipality": org.aneby,
        "edit_portfolio": org.tactical_ifo,
        "decide_gate": org.tactical_ifo,
    }
    people = [org.staff, org.socialchef_aneby, org.pks_member, org.tactical_chair, org.outsider]
    seen = set()
    for person in people:
        for codename, obj in objects.items():
            expected = permissions.has_perm(person, codename, obj)
            assert person.has_perm(f"partnerships.{codename}", obj) is expected
            seen.add(expected)
    assert seen == {True, False}


# --- Superusers and staff flags (R31, R15) --------------------------------------------------


def test_r31_r15_superuser_without_a_seat_decides_for_no_municipality(client, org, proj):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    for municipality in org.municipalities.values():
        assert not permissions.has_perm(root, "decide_for_municipality", municipality)
        assert not root.has_perm("partnerships.decide_for_municipality", municipality)
    assert not permissions.municipalities_decided_by(root).exists()
    for codename, obj in (
        ("decide_gate", org.tactical_ifo),
        ("edit_portfolio", org.tactical_ifo),
        ("prepare_matters", org.partnership),
    ):
        assert not permissions.has_perm(root, codename, obj)
        assert not root.has_perm(f"partnerships.{codename}", obj)
    # Break-glass administration stays.
    for codename in ("read_partnership", "read_published_reports", "manage_partnership"):
        assert permissions.has_perm(root, codename, org.partnership)

    matter = ready_request(org, proj.project)
    client.force_login(root)
    for code in ("0680", "0604"):
        assert decide(client, matter, code=code).status_code == 403
    assert client.get(reverse("matters:inbox")).status_code == 403
    assert not MatterDecision.objects.exists()
    matter.refresh_from_db()
    assert matter.status == Matter.Status.PENDING
    assert admin_entry(client) == 200


def test_r31_staff_flag_without_an_office_seat_gives_neither_admin_nor_rights(client, org):
    flagged = UserFactory(username="flaggad", is_staff=True)
    assert not permissions.has_perm(flagged, "manage_partnership", org.partnership)
    assert not flagged.has_perm("partnerships.change_membership")
    client.force_login(flagged)
    assert admin_entry(client) == 403
    assert client.get(reverse("admin:partnerships_membership_changelist")).status_code == 302


def test_r31_inactive_office_member_is_shut_out(client, org):
    type(org.staff).objects.filter(pk=org.staff.pk).update(is_active=False)
    org.staff.refresh_from_db()
    assert not permissions.is_office(org.staff)
    assert not org.staff.has_perm("partnerships.change_membership")


# --- Cost ----------------------------------------------------------------------------------------


def test_request_user_reads_the_memberships_once_per_request(org, django_assert_num_queries):
    request = RequestFactory().get("/")
    request.user = SimpleLazyObject(lambda: type(org.staff).objects.get(pk=org.staff.pk))
    request.user.is_authenticated  # noqa: B018 (loads the user: one query)
    with django_assert_num_queries(1):
        for _ in range(3):
            assert permissions.has_perm(request.user, "manage_partnership", org.partnership)
            assert not permissions.has_perm(request.user, "decide_gate", org.tactical_ifo)
            assert permissions.is_office(request.user)
            assert admin.site.has_permission(request)
    # Django's API shares the memo; ModelBackend adds its own two reads (user and group
    # permission rows), once per request, as it always did.
    with django_assert_num_queries(2):
        for _ in range(3):
            assert request.user.has_perm("partnerships.change_membership")
            assert request.user.has_perm("partnerships.decide_for_municipality", org.aneby) is False
    # A list is the objects' own query, nothing more.
    with django_assert_num_queries(1):
        assert list(permissions.objects_with_perm(request.user, "read_partnership"))


def test_plain_user_objects_are_read_afresh(org, django_assert_num_queries):
    with django_assert_num_queries(2):
        permissions.has_perm(org.staff, "manage_partnership", org.partnership)
        permissions.has_perm(org.staff, "manage_partnership", org.partnership)
