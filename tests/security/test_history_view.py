"""The staff history page (core:history): who changed what and when on any tracked object (R17)."""

import datetime

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships import services
from partnerships.models import Membership, PopulationFigure
from tests.factories import PopulationFigureFactory

pytestmark = pytest.mark.django_db


def history_url(obj):
    return reverse("core:history", args=[obj._meta.app_label, obj._meta.model_name, obj.pk])


def figure_with_changes(org, changes: int, code: str = "0604") -> PopulationFigure:
    figure = PopulationFigureFactory(municipality=org.municipalities[code], population=6000)
    for n in range(changes):
        figure.population = 6001 + n
        figure._history_user = org.staff
        figure.save(update_fields=["population"])
    return figure


def test_staff_reads_who_changed_what_with_field_diffs_in_swedish(client, org):
    membership = Membership.objects.get(person=org.tactical_member, body=org.tactical_ifo)
    services.membership_update(actor=org.staff, membership=membership, role="chair")
    client.force_login(org.staff)
    response = client.get(history_url(membership))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Historik" in text
    assert "Ändrad" in text and "Skapad" in text
    assert str(org.staff) in text
    entry = response.context["entries"][0]
    assert entry.who == org.staff
    assert [(c.before, c.after) for c in entry.changes] == [("Ledamot", "Ordförande")]
    # The creation entry names the related objects, not their ids.
    created = response.context["entries"][-1]
    values = {c.label: c.after for c in created.changes}
    assert values["Kommun"] == "Aneby"
    assert values["Organ"] == str(org.tactical_ifo)


def test_m2m_changes_show_the_municipalities_by_name(client, org):
    org.partnership.members.remove(org.aneby)
    client.force_login(org.staff)
    response = client.get(history_url(org.partnership))
    assert response.status_code == 200
    changes = {c.label: c for e in response.context["entries"] for c in e.changes}
    members = changes["Medlemskommuner"]
    assert "Aneby" in members.before or "Aneby" in members.after


def test_deleted_objects_keep_their_history(client, org):
    figure = figure_with_changes(org, 1)
    pk = figure.pk
    figure.delete()
    client.force_login(org.staff)
    response = client.get(reverse("core:history", args=["partnerships", "populationfigure", pk]))
    assert response.status_code == 200
    assert [e.kind for e in response.context["entries"]] == ["Borttagen", "Ändrad", "Skapad"]


def test_history_is_paginated_and_its_queries_do_not_grow(client, org):
    few, many = figure_with_changes(org, 30), figure_with_changes(org, 40, code="0617")
    client.force_login(org.staff)
    client.get(history_url(few))  # warm up the session and permission caches
    with CaptureQueriesContext(connection) as small:
        client.get(history_url(few))
    with CaptureQueriesContext(connection) as large:
        response = client.get(history_url(many))
    assert len(large) == len(small) <= 9  # 7 for the page, 2 for the main menu
    assert len(response.context["entries"]) == 25
    assert response.context["page"].paginator.num_pages == 2
    second = client.get(history_url(many) + "?sida=2")
    assert len(second.context["entries"]) == 41 - 25
    # The oldest entry on page 2 is the creation; page 1's last entry is diffed
    # against the first of page 2, not shown as a creation.
    assert second.context["entries"][-1].kind == "Skapad"
    assert response.context["entries"][-1].kind == "Ändrad"
    assert "Sida 1 av 2" in response.content.decode()


def test_bad_page_numbers_show_a_page_not_an_error(client, org):
    figure = figure_with_changes(org, 1)
    client.force_login(org.staff)
    for page in ("0", "-1", "999", "abc", "\u0000"):
        assert client.get(history_url(figure), {"sida": page}).status_code == 200


@pytest.mark.parametrize(
    "persona", ["socialchef_aneby", "pks_member", "tactical_chair", "outsider"]
)
def test_non_staff_get_403(client, org, persona):
    client.force_login(getattr(org, persona))
    assert client.get(history_url(org.aneby)).status_code == 403


def test_anonymous_is_sent_to_login(client, org):
    response = client.get(history_url(org.aneby))
    assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.parametrize(
    "args",
    [
        ["partnerships", "nosuchmodel", "1"],
        ["auth", "group", "1"],  # not an audited app
        ["admin", "logentry", "1"],
        ["sessions", "session", "1"],
        ["partnerships", "municipality", "999999"],
        ["partnerships", "municipality", "inte-ett-id"],
        ["partnerships", "historicalmunicipality", "1"],  # history rows have no history
    ],
)
def test_unknown_models_and_objects_give_404(client, org, args):
    client.force_login(org.staff)
    assert client.get(reverse("core:history", args=args)).status_code == 404


def test_history_link_include_shows_for_staff_only(org):
    template = Template('{% include "includes/history_link.html" with object=municipality %}')
    request = RequestFactory().get("/")
    for user, shown in ((org.staff, True), (org.socialchef_aneby, False)):
        html = template.render(
            Context({"user": user, "municipality": org.aneby, "request": request})
        )
        assert (history_url(org.aneby) in html) is shown
        if shown:
            assert "Historik" in html


def test_history_dates_are_in_stockholm_time(client, org):
    figure = figure_with_changes(org, 0)
    PopulationFigure.history.filter(id=figure.pk).update(
        history_date=datetime.datetime(2026, 1, 15, 12, 0, tzinfo=datetime.UTC)
    )
    client.force_login(org.staff)
    assert "2026-01-15 13:00" in client.get(history_url(figure)).content.decode()


def test_partnership_page_links_staff_to_its_history(client, org):
    url = reverse("partnership_detail", args=[org.partnership.slug])
    client.force_login(org.staff)
    assert history_url(org.partnership) in client.get(url).content.decode()
    client.force_login(org.socialchef_aneby)
    assert history_url(org.partnership) not in client.get(url).content.decode()
