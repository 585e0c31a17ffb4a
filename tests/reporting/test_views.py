"""Every report page x every role (R42, permission table); nothing changes on refusal."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reporting.models import Period, Report, ReportDownload, ReportVersion
from tests.reporting.conftest import freeze, tamper

READERS = ["socialchef_aneby", "tactical_member", "pks_member"]
ROLES = ["staff", *READERS, "outsider"]


def _status(client, user, url, method="get", data=None):
    client.force_login(user)
    return getattr(client, method)(url, data or {}).status_code


# --- The list page -----------------------------------------------------------


@pytest.mark.parametrize(
    "role, expected", [("staff", 200), *[(r, 200) for r in READERS], ("outsider", 403)]
)
def test_r42_index_is_for_report_readers(client, org, role, expected):
    assert _status(client, getattr(org, role), reverse("reporting:index")) == expected


def test_r42_index_shows_published_reports_with_download_links_and_hides_drafts(
    client, org, published
):
    services_draft = Report.objects.create(partnership=org.partnership, year=2026, period="q2")
    client.force_login(org.pks_member)
    body = client.get(reverse("reporting:index")).content.decode()
    assert "Delårsrapport Q1 2026" in body
    assert reverse("reporting:download", args=[published.pk, 1]) in body
    assert "Delårsrapport Q2 2026" not in body
    client.force_login(org.staff)
    body = client.get(reverse("reporting:index")).content.decode()
    assert "Delårsrapport Q2 2026" in body
    assert services_draft.pk


def test_r42_index_query_count_does_not_grow_with_reports(
    client, org, published, django_assert_max_num_queries
):
    client.force_login(org.pks_member)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("reporting:index"))
    baseline = len(few.captured_queries)
    for year in (2023, 2024, 2025):
        for period in (Period.Q1, Period.Q2, Period.ANNUAL):
            report = Report.objects.create(partnership=org.partnership, year=year, period=period)
            freeze(report, by=org.staff)
            freeze(report, by=org.staff, reason="rättelse")
    with django_assert_max_num_queries(baseline):
        response = client.get(reverse("reporting:index"))
    assert response.content.decode().count("Ladda ner PDF") == 10


def test_r42_index_shows_published_reports_a_page_at_a_time(client, org, published):
    from reporting.views import PAGE_SIZE

    for year in range(2020, 2025):
        for period in (Period.Q1, Period.Q2, Period.ANNUAL):
            freeze(
                Report.objects.create(partnership=org.partnership, year=year, period=period),
                by=org.staff,
            )
    total = 1 + 5 * 3
    assert total > PAGE_SIZE
    client.force_login(org.pks_member)
    first = client.get(reverse("reporting:index")).content.decode()
    second = client.get(reverse("reporting:index"), {"sida": 2}).content.decode()
    assert first.count("Ladda ner PDF") == PAGE_SIZE
    assert second.count("Ladda ner PDF") == total - PAGE_SIZE
    # Newest first: the demo year's report on page 1, the oldest year on page 2.
    assert f"{published.year}" in first and "2020" not in first
    assert "2020" in second and 'rel="prev"' in second and "Sida 2 av 2" in second
    # A page number out of range shows the last page, never a 500.
    assert client.get(reverse("reporting:index"), {"sida": "x"}).status_code == 200


def test_reports_link_in_menu_only_for_readers(client, org):
    client.force_login(org.pks_member)
    assert reverse("reporting:index") in client.get(reverse("start")).content.decode()
    client.force_login(org.outsider)
    assert reverse("reporting:index") not in client.get(reverse("start")).content.decode()


# --- Creating a draft ---------------------------------------------------------


@pytest.mark.parametrize(
    "role, expected", [("staff", 200), *[(r, 403) for r in READERS], ("outsider", 404)]
)
def test_r42_create_form_is_staff_only(client, org, role, expected):
    url = reverse("reporting:create", args=[org.partnership.slug])
    assert _status(client, getattr(org, role), url) == expected


def test_r42_staff_creates_a_draft(client, org):
    client.force_login(org.staff)
    url = reverse("reporting:create", args=[org.partnership.slug])
    response = client.post(url, {"year": 2026, "period": "q2"})
    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reporting:edit", args=[report.pk])
    assert (report.year, report.period, report.created_by) == (2026, "q2", org.staff)


@pytest.mark.parametrize("role", [*READERS, "outsider"])
def test_r42_others_cannot_create_a_draft(client, org, role):
    url = reverse("reporting:create", args=[org.partnership.slug])
    assert _status(client, getattr(org, role), url, "post", {"year": 2026, "period": "q1"}) in (
        403,
        404,
    )
    assert not Report.objects.exists()


def test_r40_duplicate_period_is_a_form_error_not_a_500(client, org, draft):
    client.force_login(org.staff)
    url = reverse("reporting:create", args=[org.partnership.slug])
    response = client.post(url, {"year": 2026, "period": "q1"})
    assert response.status_code == 200
    assert "Det finns redan en rapport" in response.content.decode()
    assert Report.objects.count() == 1


def test_bad_input_keeps_what_was_typed(client, org):
    client.force_login(org.staff)
    url = reverse("reporting:create", args=[org.partnership.slug])
    response = client.post(url, {"year": "tjugo", "period": "q9"})
    assert response.status_code == 200
    assert 'value="tjugo"' in response.content.decode()
    assert not Report.objects.exists()


# --- Detail and staff-only draft pages -----------------------------------------

DRAFT_PAGES = ["reporting:edit", "reporting:preview", "reporting:preview_pdf", "reporting:publish"]


@pytest.mark.parametrize(
    "role, expected", [("staff", 200), *[(r, 404) for r in READERS], ("outsider", 404)]
)
def test_r42_a_draft_exists_only_for_staff(client, org, draft, fake_providers, role, expected):
    user = getattr(org, role)
    assert _status(client, user, reverse("reporting:detail", args=[draft.pk])) == expected
    for name in DRAFT_PAGES:
        assert _status(client, user, reverse(name, args=[draft.pk])) == expected, name


@pytest.mark.parametrize(
    "role, detail, tools",
    [("staff", 200, 200), *[(r, 200, 403) for r in READERS], ("outsider", 404, 404)],
)
def test_r42_published_report_readers_and_staff_tools(
    client, org, published, fake_providers, role, detail, tools
):
    user = getattr(org, role)
    assert _status(client, user, reverse("reporting:detail", args=[published.pk])) == detail
    for name in DRAFT_PAGES:
        assert _status(client, user, reverse(name, args=[published.pk])) == tools, name


def test_r42_staff_edit_texts(client, org, draft):
    client.force_login(org.staff)
    data = {
        "summary": "Ny sammanfattning",
        "development_work": "a",
        "management_system": "b",
        "managed_operations": "c",
        "economy": "d",
    }
    response = client.post(reverse("reporting:edit", args=[draft.pk]), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.summary == "Ny sammanfattning"
    assert draft.history.first().history_user == org.staff


@pytest.mark.parametrize("role", [*READERS, "outsider"])
def test_r42_others_cannot_edit_texts(client, org, published, role):
    before = published.summary
    url = reverse("reporting:edit", args=[published.pk])
    assert _status(client, getattr(org, role), url, "post", {"summary": "hackad"}) in (403, 404)
    published.refresh_from_db()
    assert published.summary == before


def test_r42_staff_preview_pdf_is_a_marked_draft(client, org, draft, fake_providers):
    client.force_login(org.staff)
    response = client.get(reverse("reporting:preview_pdf", args=[draft.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert not ReportVersion.objects.exists()


def test_preview_without_report_data_is_a_message_not_a_500(client, org, draft, economy_refused):
    client.force_login(org.staff)
    response = client.get(reverse("reporting:preview_pdf", args=[draft.pk]), follow=True)
    assert response.status_code == 200
    assert "Underlaget saknas" in response.content.decode()


# --- Publishing ------------------------------------------------------------------


def test_r42_publish_asks_for_confirmation_first(client, org, draft, fake_providers):
    client.force_login(org.staff)
    url = reverse("reporting:publish", args=[draft.pk])
    page = client.get(url).content.decode()
    assert "Publiceringen kan inte ångras" in page
    response = client.post(url, {})
    assert response.status_code == 200
    assert not ReportVersion.objects.exists()


def test_r42_staff_publishes_then_corrects_with_a_reason(client, org, draft, fake_providers):
    client.force_login(org.staff)
    url = reverse("reporting:publish", args=[draft.pk])
    assert client.post(url, {"confirm": "on"}).status_code == 302
    assert draft.versions.get().number == 1

    response = client.post(url, {"confirm": "on", "reason": ""})
    assert response.status_code == 200
    assert "Ange varför rapporten rättas" in response.content.decode()
    assert draft.versions.count() == 1

    assert client.post(url, {"confirm": "on", "reason": "Fel i tabell"}).status_code == 302
    assert list(draft.versions.values_list("number", "reason")) == [
        (2, "Fel i tabell"),
        (1, ""),
    ]


@pytest.mark.parametrize("role", [*READERS, "outsider"])
def test_r42_others_cannot_publish(client, org, published, fake_providers, role):
    url = reverse("reporting:publish", args=[published.pk])
    data = {"confirm": "on", "reason": "x"}
    assert _status(client, getattr(org, role), url, "post", data) in (403, 404)
    assert published.versions.count() == 1


# --- Downloads -------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, expected", [("staff", 200), *[(r, 200) for r in READERS], ("outsider", 404)]
)
def test_r42_download_matrix(client, org, published, role, expected):
    user = getattr(org, role)
    url = reverse("reporting:download", args=[published.pk, 1])
    assert _status(client, user, url) == expected
    assert ReportDownload.objects.filter(user=user).count() == (1 if expected == 200 else 0)


def test_r42_download_serves_stored_bytes_with_the_file_name(client, org, published):
    version = published.versions.get()
    client.force_login(org.pks_member)
    response = client.get(reverse("reporting:download", args=[published.pk, 1]))
    assert response.content == bytes(version.pdf)
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="Delarsrapport-Q1-2026-social-valfard-v1.pdf"'
    )


def test_r42_all_versions_stay_downloadable(client, org, published):
    freeze(published, by=org.staff, data=b"%PDF-1.7 v2", reason="rättelse")
    client.force_login(org.pks_member)
    v1 = client.get(reverse("reporting:download", args=[published.pk, 1]))
    v2 = client.get(reverse("reporting:download", args=[published.pk, 2]))
    assert v1.content == bytes(published.versions.get(number=1).pdf)
    assert v2.content == b"%PDF-1.7 v2"
    assert "-v2.pdf" in v2["Content-Disposition"]


def test_r42_checksum_mismatch_shows_an_error_page_and_serves_nothing(client, org, published):
    tamper(published.versions.get())
    client.force_login(org.pks_member)
    response = client.get(reverse("reporting:download", args=[published.pk, 1]))
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
    assert b"tampered" not in response.content
    assert "kontrollsumma" in response.content.decode()
    assert not ReportDownload.objects.exists()


def test_r42_a_version_is_read_and_checked_once_then_served_from_memory(client, org, published):
    """Published bytes never change: the second download does not fetch them again, yet
    both are logged. The bytes were checked on the way in; tampering afterwards is not
    served (the checked copy is)."""
    url = reverse("reporting:download", args=[published.pk, 1])
    stored = bytes(published.versions.get().pdf)
    client.force_login(org.pks_member)
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).content == stored
    tamper(published.versions.get())
    with CaptureQueriesContext(connection) as second:
        assert client.get(url).content == stored
    fetches = [q for q in first.captured_queries if '"pdf"' in q["sql"].split("FROM")[0]]
    assert len(fetches) == 1
    assert len(second.captured_queries) == len(first.captured_queries) - 1
    assert ReportDownload.objects.filter(user=org.pks_member).count() == 2


def test_unknown_version_is_404(client, org, published):
    client.force_login(org.pks_member)
    assert client.get(reverse("reporting:download", args=[published.pk, 9])).status_code == 404


def test_staff_sees_who_downloaded(client, org, published):
    client.force_login(org.pks_member)
    client.get(reverse("reporting:download", args=[published.pk, 1]))
    client.force_login(org.staff)
    body = client.get(reverse("reporting:detail", args=[published.pk])).content.decode()
    assert "Senaste nedladdningar" in body
    assert org.pks_member.get_full_name() in body


def test_anonymous_is_sent_to_login(client, published):
    response = client.get(reverse("reporting:download", args=[published.pk, 1]))
    assert response.status_code == 302
    assert "logga-in" in response["Location"]


def test_detail_query_count_does_not_grow_with_versions_and_downloads(
    client, org, published, django_assert_max_num_queries
):
    client.force_login(org.staff)
    url = reverse("reporting:detail", args=[published.pk])
    with django_assert_max_num_queries(15) as few:
        client.get(url)
    baseline = len(few.captured_queries)
    for _ in range(4):
        version = freeze(published, by=org.staff, reason="rättelse")
        ReportDownload.objects.create(version=version, user=org.pks_member)
        ReportDownload.objects.create(version=version, user=org.socialchef_aneby)
    with django_assert_max_num_queries(baseline):
        response = client.get(url)
    assert response.content.decode().count("-v5.pdf") == 1
    assert response.content.decode().count(org.socialchef_aneby.get_full_name()) == 4
