"""What is done in a municipality's name is told to it (partnerships/events.py, R15, R30)."""

from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from core.errors import DomainError
from core.models import Attachment
from partnerships import events, services
from partnerships.models import Membership, MunicipalityEvent
from tests.factories import MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db

Kind = MunicipalityEvent.Kind
PDF = b"%PDF-1.7\n% protokollsutdrag\n%%EOF\n"


def seat_of(person, body):
    return Membership.objects.get(person=person, body=body)


def new_events(org, municipality=None):
    """Events recorded after the org fixture was built (its own seats leave events too)."""
    queryset = MunicipalityEvent.objects.filter(pk__gt=org.last_event_pk)
    if municipality is not None:
        queryset = queryset.filter(municipality=municipality)
    return queryset


def addresses(mailoutbox):
    return sorted(address for message in mailoutbox for address in message.to)


@pytest.fixture
def org(org):
    last = MunicipalityEvent.objects.order_by("-pk").first()
    org.last_event_pk = last.pk if last else 0
    return org


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what waits for the commit, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_r30_a_new_deciding_seat_records_one_event_and_mails_socialchef_and_person(
    org, commit, mailoutbox
):
    deputy = UserFactory(username="ersattare-0604", first_name="Disa", last_name="Dahl")
    with commit():
        membership = services.membership_start(
            actor=org.staff,
            person=deputy,
            body=org.steering_group,
            role=Membership.Role.DEPUTY,
            municipality=org.aneby,
            start_date=org.today,
        )
    (event,) = new_events(org)
    assert event.municipality == org.aneby
    assert event.kind == Kind.SEAT_STARTED
    assert event.actor == org.staff
    assert event.subject == membership
    assert event.summary == (
        "Nytt uppdrag för Disa Dahl som ersättare i Socialchefsnätverket för Aneby "
        f"från {org.today.isoformat()}."
    )
    # The new deputy decides for Aneby from today: one mail each, never two to one address.
    assert addresses(mailoutbox) == sorted([org.socialchef_aneby.email, deputy.email])
    message = mailoutbox[0]
    assert message.subject == "Aneby: Uppdrag påbörjat"
    assert event.summary in message.body
    assert settings.SITE_URL.rstrip("/") + "/kommun/0604/handelser/" in message.body
    assert "Registrerat av:" in message.body


def test_r30_ending_a_deputy_seat_records_one_event_and_mails_socialchef_and_the_deputy(
    org, commit, mailoutbox
):
    with commit():
        services.membership_end(
            actor=org.staff, membership=seat_of(org.deputy_jonkoping, org.steering_group)
        )
    (event,) = new_events(org)
    assert (event.municipality, event.kind) == (org.jonkoping, Kind.SEAT_ENDED)
    assert f"Första dag utan uppdraget: {org.today.isoformat()}" in event.summary
    # The deputy no longer holds the seat today and is told all the same.
    assert addresses(mailoutbox) == sorted(
        [org.socialchef_jonkoping.email, org.deputy_jonkoping.email]
    )


def test_r30_changing_a_seat_records_what_changed_and_mails_both(org, commit, mailoutbox):
    with commit():
        services.membership_update(
            actor=org.staff,
            membership=seat_of(org.deputy_jonkoping, org.steering_group),
            role=Membership.Role.MEMBER,
        )
    (event,) = new_events(org)
    assert (event.municipality, event.kind) == (org.jonkoping, Kind.SEAT_CHANGED)
    assert "roll: ersättare → ledamot" in event.summary
    assert addresses(mailoutbox) == sorted(
        [org.socialchef_jonkoping.email, org.deputy_jonkoping.email]
    )


def test_r30_a_seat_moved_to_another_municipality_is_told_to_both(org, commit, mailoutbox):
    with commit():
        services.membership_update(
            actor=org.staff,
            membership=seat_of(org.deputy_jonkoping, org.steering_group),
            municipality=org.aneby,
        )
    assert set(new_events(org).values_list("municipality__code", flat=True)) == {"0604", "0680"}
    assert addresses(mailoutbox) == sorted(
        [
            org.deputy_jonkoping.email,  # once per event
            org.deputy_jonkoping.email,
            org.socialchef_aneby.email,
            org.socialchef_jonkoping.email,
        ]
    )


def test_a_seat_handed_to_another_person_tells_both_people(org, commit, mailoutbox):
    successor = UserFactory(username="ny-socialchef-0604")
    with commit():
        services.membership_update(
            actor=org.staff,
            membership=seat_of(org.socialchef_aneby, org.steering_group),
            person=successor,
        )
    (event,) = new_events(org)
    assert "person: " in event.summary
    assert addresses(mailoutbox) == sorted([org.socialchef_aneby.email, successor.email])


def test_an_update_that_changes_nothing_records_nothing(org, commit, mailoutbox):
    with commit():
        services.membership_update(
            actor=org.staff,
            membership=seat_of(org.deputy_jonkoping, org.steering_group),
            role=Membership.Role.DEPUTY,
        )
    assert not new_events(org).exists()
    assert mailoutbox == []


def test_seats_that_do_not_decide_for_a_municipality_record_nothing(org, commit, mailoutbox):
    with commit():
        services.membership_end(
            actor=org.staff, membership=seat_of(org.tactical_member, org.tactical_ifo)
        )
        services.membership_end(actor=org.staff, membership=seat_of(org.pks_member, org.pks))
    assert not new_events(org).exists()
    assert mailoutbox == []


def test_no_mail_and_no_event_when_the_transaction_rolls_back(org, commit, mailoutbox):
    with commit():
        with pytest.raises(RuntimeError), transaction.atomic():
            services.membership_end(
                actor=org.staff, membership=seat_of(org.deputy_jonkoping, org.steering_group)
            )
            raise RuntimeError("something later in the same request failed")
    assert not new_events(org).exists()
    assert mailoutbox == []


def test_nothing_is_mailed_before_the_commit(org, mailoutbox):
    services.membership_end(
        actor=org.staff, membership=seat_of(org.deputy_jonkoping, org.steering_group)
    )
    assert new_events(org).count() == 1
    assert mailoutbox == []


def test_no_mail_without_an_address_and_never_twice_to_one_address(org, commit, mailoutbox):
    org.deputy_jonkoping.email = ""
    org.deputy_jonkoping.save(update_fields=["email"])
    same_address = UserFactory(username="dubblett", email=org.socialchef_jonkoping.email.upper())
    with commit():
        events.municipality_event_record(
            actor=org.staff,
            municipality=org.jonkoping,
            kind=Kind.SEAT_CHANGED,
            summary="Test.",
            notify_people=[org.socialchef_jonkoping, same_address, org.deputy_jonkoping],
        )
    assert addresses(mailoutbox) == [org.socialchef_jonkoping.email]


def test_an_event_is_never_changed_or_deleted(org):
    event = events.municipality_event_record(
        actor=org.staff, municipality=org.aneby, kind=Kind.SEAT_CHANGED, summary="Test."
    )
    event.summary = "Något annat."
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()
    event.refresh_from_db()
    assert event.summary == "Test."


# --- Committee decisions (R15) -------------------------------------------------------


def committee_decision(org, municipality=None):
    """A recorded committee decision as matter_decide returns it (duck-typed)."""
    return SimpleNamespace(
        municipality=municipality or org.aneby,
        matter=SimpleNamespace(title="Gemensamma medel för Tidiga insatser"),
        committee_reference="SN 2026-05-12 § 47",
        verdict="approve",
        get_verdict_display=lambda: "Godkänn",
    )


def test_r15_a_committee_decision_with_the_minutes_extract_is_told_to_the_socialchef(
    org, commit, mailoutbox
):
    upload = SimpleUploadedFile("Protokollsutdrag § 47.pdf", PDF, content_type="application/pdf")
    with commit():
        event = events.committee_decision_recorded(
            actor=org.staff, decision=committee_decision(org), attachment=upload
        )
    assert event.kind == Kind.COMMITTEE_DECISION
    assert event.municipality == org.aneby
    assert "”Gemensamma medel för Tidiga insatser”: nämnden godkänner." in event.summary
    assert "SN 2026-05-12 § 47" in event.summary
    assert event.attachment.file_name == "Protokollsutdrag § 47.pdf"
    assert event.attachment.uploaded_by == org.staff
    assert addresses(mailoutbox) == [org.socialchef_aneby.email]
    assert "Bilaga: Protokollsutdrag § 47.pdf" in mailoutbox[0].body


def test_r15_a_refused_minutes_extract_records_nothing(org, commit, mailoutbox):
    upload = SimpleUploadedFile("utdrag.pdf", b"<html><script>x</script></html>")
    with commit():
        with pytest.raises(DomainError), transaction.atomic():
            events.committee_decision_recorded(
                actor=org.staff, decision=committee_decision(org), attachment=upload
            )
    assert not new_events(org).exists()
    assert not Attachment.objects.exists()
    assert mailoutbox == []


# --- The events page -------------------------------------------------------------------


def events_url(municipality):
    return reverse("municipality_events", args=[municipality.code])


@pytest.fixture
def aneby_event(org):
    return events.municipality_event_record(
        actor=org.staff,
        municipality=org.aneby,
        kind=Kind.COMMITTEE_DECISION,
        summary="Kansliet har registrerat nämndens beslut för Aneby.",
    )


def test_the_socialchef_reads_her_municipalitys_events(client, org, aneby_event):
    client.force_login(org.socialchef_aneby)
    response = client.get(events_url(org.aneby))
    assert response.status_code == 200
    assert "Händelser för Aneby" in response.content.decode()
    assert aneby_event.summary in response.content.decode()
    assert list(response.context["page"].object_list)[0] == aneby_event


def test_the_socialchef_of_another_municipality_gets_404(client, org, aneby_event):
    client.force_login(org.socialchef_jonkoping)
    assert client.get(events_url(org.aneby)).status_code == 404


def test_the_deputy_reads_the_events_of_the_municipality_she_decides_for(client, org):
    client.force_login(org.deputy_jonkoping)
    assert client.get(events_url(org.jonkoping)).status_code == 200
    assert client.get(events_url(org.aneby)).status_code == 404


def test_staff_read_the_events_of_a_member_municipality(client, org, aneby_event):
    client.force_login(org.staff)
    response = client.get(events_url(org.aneby))
    assert response.status_code == 200
    assert aneby_event.summary in response.content.decode()


@pytest.mark.parametrize("persona", ["pks_member", "tactical_chair", "outsider"])
def test_others_get_404(client, org, persona):
    client.force_login(getattr(org, persona))
    assert client.get(events_url(org.aneby)).status_code == 404


def test_an_unknown_municipality_is_404_for_staff_too(client, org):
    client.force_login(org.staff)
    assert client.get("/kommun/9999/handelser/").status_code == 404


@pytest.mark.parametrize("code", ["604", "06040", "%00604", "06%2004", "٠٦٠٤"])
def test_a_malformed_municipality_code_is_404(client, org, code):
    client.force_login(org.staff)
    assert client.get(f"/kommun/{code}/handelser/").status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, org):
    response = client.get(events_url(org.aneby))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_page_shows_25_events_newest_first_in_few_queries(
    client, org, django_assert_max_num_queries
):
    for number in range(30):
        events.municipality_event_record(
            actor=org.staff,
            municipality=org.aneby,
            kind=Kind.SEAT_CHANGED,
            summary=f"Händelse {number}.",
        )
    client.force_login(org.socialchef_aneby)
    with django_assert_max_num_queries(12):
        first = client.get(events_url(org.aneby))
    shown = [event.summary for event in first.context["page"].object_list]
    assert len(shown) == 25
    assert shown[0] == "Händelse 29."
    second = client.get(events_url(org.aneby) + "?sida=2")
    # 30 + the event of the socialchef's own seat from the org fixture.
    assert len(second.context["page"].object_list) == 31 - 25


def test_a_municipality_without_events_says_so(client, org):
    newcomer = MunicipalityFactory(code="0999", name="Testby")
    org.partnership.members.add(newcomer)
    client.force_login(org.staff)
    response = client.get(events_url(newcomer))
    assert response.status_code == 200
    assert "Inget har registrerats för Testby än." in response.content.decode()


def test_the_start_page_links_the_socialchef_to_her_municipalitys_events(client, org):
    client.force_login(org.socialchef_aneby)
    content = client.get(reverse("start")).content.decode()
    assert events_url(org.aneby) in content
    assert events_url(org.jonkoping) not in content


def test_the_start_page_has_no_events_link_for_a_pks_member(client, org):
    client.force_login(org.pks_member)
    assert "/handelser/" not in client.get(reverse("start")).content.decode()


# --- The attachment ------------------------------------------------------------------


@pytest.fixture
def decision_event(org):
    upload = SimpleUploadedFile("Protokollsutdrag.pdf", PDF)
    return events.committee_decision_recorded(
        actor=org.staff, decision=committee_decision(org), attachment=upload
    )


def attachment_url(event):
    return reverse("municipality_event_attachment", args=[event.municipality.code, event.pk])


def test_the_page_links_the_attachment_and_readers_download_it(client, org, decision_event):
    client.force_login(org.socialchef_aneby)
    page = client.get(events_url(org.aneby)).content.decode()
    assert attachment_url(decision_event) in page
    assert "Protokollsutdrag.pdf" in page
    response = client.get(attachment_url(decision_event))
    assert response.status_code == 200
    assert response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Protokollsutdrag.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("persona", ["socialchef_jonkoping", "pks_member", "outsider"])
def test_others_cannot_download_the_attachment(client, org, decision_event, persona):
    client.force_login(getattr(org, persona))
    assert client.get(attachment_url(decision_event)).status_code == 404


def test_the_attachment_is_not_found_under_another_municipality(client, org, decision_event):
    client.force_login(org.staff)
    url = reverse("municipality_event_attachment", args=["0680", decision_event.pk])
    assert client.get(url).status_code == 404


def test_a_tampered_attachment_is_refused(client, org, decision_event):
    Attachment.objects.filter(pk=decision_event.attachment_id).update(data=b"%PDF-forged")
    client.force_login(org.socialchef_aneby)
    response = client.get(attachment_url(decision_event))
    assert response.status_code == 500
    assert b"%PDF-forged" not in response.content
    assert "har ändrats" in response.content.decode()
