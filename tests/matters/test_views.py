"""The inbox and the matter pages: who may see and do what, and what changes."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from matters import services as matter_services
from matters.models import Matter, MatterComment, MatterDecision
from projects import services
from tests.projects.conftest import TODAY, ready_request
from tests.projects.test_views import DECIDERS, IFO, READERS, ROLES, expected, person

pytestmark = pytest.mark.django_db

# view name, needs the matter, allowed roles, roles that get 404 instead of 403
MATRIX = [
    ("inbox", False, DECIDERS, ()),
    ("inbox_history", False, DECIDERS, ()),
    ("matter_list", False, READERS, ()),
    ("consensus_create", False, {"staff", "socialchef_aneby"}, ()),
    ("matter_detail", True, READERS, ("outsider", "lead")),
    ("matter_decide", True, DECIDERS, ("outsider", "lead")),
    ("matter_committee_decision", True, {"staff"}, ("outsider", "lead")),
    ("matter_withdraw", True, {"staff", "socialchef_aneby"} | IFO, ("outsider", "lead")),
]


@pytest.mark.parametrize("name,with_matter,allowed,hidden", MATRIX, ids=[m[0] for m in MATRIX])
def test_permission_matrix_get(client, org, proj, name, with_matter, allowed, hidden):
    """Each role in turn (one org per view keeps the suite fast)."""
    matter = ready_request(org, proj.project)
    url = reverse(f"matters:{name}", args=[matter.pk] if with_matter else [])
    got = {}
    for role in ROLES:
        client.force_login(person(org, proj, role))
        got[role] = client.get(url).status_code
    assert got == {role: expected(allowed, role, hidden) for role in ROLES}


def test_socialchef_approves_after_confirmation(client, org, proj):
    matter = ready_request(org, proj.project)
    client.force_login(org.socialchef_jonkoping)
    url = reverse("matters:matter_decide", args=[matter.pk])
    confirm = client.get(url + "?kommun=0680&beslut=approve")
    assert "Bekräfta godkännande" in confirm.content.decode()
    assert not MatterDecision.objects.exists()
    response = client.post(
        url, {"municipality": "0680", "verdict": "approve", "comment": "Bra förslag"}
    )
    assert response.status_code == 302
    decision = MatterDecision.objects.get()
    assert (decision.municipality, decision.decided_by, decision.comment) == (
        org.jonkoping,
        org.socialchef_jonkoping,
        "Bra förslag",
    )
    inbox = client.get(reverse("matters:inbox")).content.decode()
    assert url not in inbox  # named in the message after deciding, but no longer to decide
    history = client.get(reverse("matters:inbox_history")).content.decode()
    assert matter.title in history


def test_deputy_decides_for_jonkoping_once_only(client, org, proj):
    matter = ready_request(org, proj.project)
    client.force_login(org.deputy_jonkoping)
    url = reverse("matters:matter_decide", args=[matter.pk])
    client.post(url, {"municipality": "0680", "verdict": "approve"})
    client.force_login(org.socialchef_jonkoping)
    response = client.post(url, {"municipality": "0680", "verdict": "reject"})
    assert response.status_code == 200
    assert "redan beslutat" in response.content.decode()
    assert MatterDecision.objects.get().verdict == "approve"
    matter.refresh_from_db()
    assert matter.status == Matter.Status.PENDING


def test_socialchef_cannot_decide_for_another_municipality(client, org, proj):
    matter = ready_request(org, proj.project)
    client.force_login(org.socialchef_aneby)
    response = client.post(
        reverse("matters:matter_decide", args=[matter.pk]),
        {"municipality": "0680", "verdict": "reject"},
    )
    assert response.status_code == 200
    assert not MatterDecision.objects.exists()
    matter.refresh_from_db()
    assert matter.status == Matter.Status.PENDING


def test_tactical_member_cannot_decide(client, org, proj):
    matter = ready_request(org, proj.project)
    client.force_login(org.tactical_chair)
    response = client.post(
        reverse("matters:matter_decide", args=[matter.pk]),
        {"municipality": "0680", "verdict": "approve"},
    )
    assert response.status_code == 403 and not MatterDecision.objects.exists()


def test_preparation_group_marks_ready_and_socialchefer_are_emailed(
    client, org, proj, django_capture_on_commit_callbacks
):
    matter = services.funds_request_create(
        actor=org.tactical_chair, project=proj.project, amount=Decimal("1000")
    )
    client.force_login(org.socialchef_aneby)
    due = TODAY + datetime.timedelta(days=10)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("matters:matter_ready", args=[matter.pk]), {"due_date": due.isoformat()}
        )
    assert response.status_code == 302
    matter.refresh_from_db()
    assert matter.ready_at and matter.due_date == due
    recipients = sorted(m.to[0] for m in mail.outbox)
    # 13 socialchefer and the deputy of Jönköping.
    assert len(recipients) == 14
    assert "socialchef-0680@example.invalid" in recipients


def test_non_preparer_cannot_mark_ready(client, org, proj):
    matter = services.funds_request_create(
        actor=org.tactical_chair, project=proj.project, amount=Decimal("1000")
    )
    client.force_login(org.socialchef_jonkoping)
    response = client.post(
        reverse("matters:matter_ready", args=[matter.pk]),
        {"due_date": (TODAY + datetime.timedelta(days=3)).isoformat()},
    )
    assert response.status_code == 403
    matter.refresh_from_db()
    assert matter.ready_at is None and not mail.outbox


def test_preparation_group_comments_and_others_cannot(client, org, proj):
    matter = ready_request(org, proj.project)
    url = reverse("matters:matter_comment", args=[matter.pk])
    client.force_login(org.tactical_chair)
    assert client.post(url, {"text": "Nej"}).status_code == 403
    client.force_login(org.socialchef_aneby)
    client.post(url, {"text": "Beredd av beredningsgruppen"})
    assert list(MatterComment.objects.values_list("text", flat=True)) == [
        "Beredd av beredningsgruppen"
    ]


def test_staff_record_committee_decision(client, org, proj):
    matter = ready_request(org, proj.project)
    client.force_login(org.staff)
    client.post(
        reverse("matters:matter_committee_decision", args=[matter.pk]),
        {"municipality": org.aneby.pk, "verdict": "approve", "committee_reference": "SN § 3"},
    )
    decision = MatterDecision.objects.get()
    assert decision.channel == "committee" and decision.committee_reference == "SN § 3"


def test_tactical_group_withdraws_pending_request_after_confirmation(client, org, proj):
    matter = ready_request(org, proj.project)
    client.force_login(org.tactical_member)
    url = reverse("matters:matter_withdraw", args=[matter.pk])
    assert "Ja, återkalla" in client.get(url).content.decode()
    client.post(url, {"reason": "Omplanering"})
    matter.refresh_from_db()
    assert matter.status == Matter.Status.WITHDRAWN


def test_other_group_cannot_withdraw(client, org, proj):
    matter = ready_request(org, proj.project)
    client.force_login(org.tactical_other)
    assert client.post(reverse("matters:matter_withdraw", args=[matter.pk])).status_code == 403
    matter.refresh_from_db()
    assert matter.status == Matter.Status.PENDING


def test_consensus_matter_via_view(client, org, proj):
    client.force_login(org.socialchef_aneby)
    client.post(reverse("matters:consensus_create"), {"title": "Verksamhetsplan 2027"})
    assert Matter.objects.get().kind == Matter.Kind.CONSENSUS


def test_start_page_shows_awaiting_count(client, org, proj):
    from tests.projects.conftest import join

    join(org, proj.project, "0680")  # participation is asked too (R12): decided here
    ready_request(org, proj.project)
    client.force_login(org.socialchef_jonkoping)
    text = client.get(reverse("start")).content.decode()
    assert "Att besluta (1)" in text
    client.force_login(org.tactical_other)
    assert "Att besluta (" not in client.get(reverse("start")).content.decode()


def test_inbox_counts_who_is_still_missing(client, org, proj):
    from tests.projects.conftest import approve_all

    matter = ready_request(org, proj.project)
    approve_all(org, matter, except_codes=("0604", "0617", "0642", "0680"))
    client.force_login(org.socialchef_jonkoping)
    text = client.get(reverse("matters:inbox")).content.decode()
    assert "4 av 13 kommuner" in text
    assert matter.title in text


def test_decide_page_of_a_closed_matter_leads_to_the_matter(client, org, proj):
    matter = ready_request(org, proj.project)
    matter_services.matter_withdraw(actor=org.staff, matter=matter)
    client.force_login(org.socialchef_aneby)
    response = client.get(reverse("matters:matter_decide", args=[matter.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("matters:matter_detail", args=[matter.pk])


def test_inbox_has_a_short_address(client, org, proj):
    assert reverse("matters:inbox") == "/att-besluta/"
    assert reverse("matters:matter_list") == "/arenden/"
    client.force_login(org.socialchef_aneby)
    assert client.get("/att-besluta/").status_code == 200


@pytest.mark.parametrize(
    "old,new",
    [
        ("/projekt/att-besluta/", "/att-besluta/"),
        ("/projekt/att-besluta/historik/?sida=2", "/att-besluta/historik/?sida=2"),
        ("/projekt/arenden/", "/arenden/"),
        (
            "/projekt/arenden/7/besluta/?kommun=0604&beslut=approve",
            "/arenden/7/besluta/?kommun=0604&beslut=approve",
        ),
    ],
)
def test_old_addresses_redirect_permanently(client, old, new):
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == new
    # A form posted from a page loaded before the move is posted again at the new address.
    response = client.post(old, {})
    assert response.status_code == 308 and response["Location"] == new


def test_nav_links_only_for_those_who_may_use_them(client, org, proj):
    inbox, projects = reverse("matters:inbox"), reverse("projects:portfolio_list")
    client.force_login(org.socialchef_jonkoping)
    text = client.get(reverse("start")).content.decode()
    assert f'href="{inbox}"' in text and f'href="{projects}"' in text
    client.force_login(org.tactical_other)
    text = client.get(reverse("start")).content.decode()
    assert f'href="{inbox}"' not in text and f'href="{projects}"' in text
    client.force_login(org.outsider)
    text = client.get(reverse("start")).content.decode()
    assert f'href="{inbox}"' not in text and f'href="{projects}"' not in text


def test_after_deciding_the_inbox_names_the_matter_the_tally_and_links_to_it(client, org, proj):
    """Issue 14.4: not just "Ditt godkännande registrerades." (R15)."""
    from tests.projects.conftest import approve_all

    matter = ready_request(org, proj.project)
    approve_all(org, matter, except_codes=("0604", "0617", "0642", "0680"))
    client.force_login(org.socialchef_jonkoping)
    response = client.post(
        reverse("matters:matter_decide", args=[matter.pk]),
        {"municipality": "0680", "verdict": "approve"},
        follow=True,
    )
    text = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("matters:inbox")
    assert f"Ditt godkännande av ”{matter.title}” har registrerats." in text
    assert "10 av 13 har godkänt." in text
    assert f'<a href="{reverse("matters:matter_detail", args=[matter.pk])}">' in text


def test_after_rejecting_the_message_names_the_matter_and_the_tally(client, org, proj):
    matter = ready_request(org, proj.project)
    client.force_login(org.socialchef_jonkoping)
    text = client.post(
        reverse("matters:matter_decide", args=[matter.pk]),
        {"municipality": "0680", "verdict": "reject"},
        follow=True,
    ).content.decode()
    assert f"Ditt avslag på ”{matter.title}” har registrerats." in text
    assert "0 av 13 har godkänt." in text
