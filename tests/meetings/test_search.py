"""Issue 12 item 7: full-text search over agendas and minutes, within R57."""

import datetime
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings import access, minutes, search, services
from meetings.models import AgendaItem, AgendaVersion, BodySettings, Meeting, Paragraph
from tests.meetings.conftest import build_meeting

WORD = "samverkansavtal"


def _send(meeting):
    """The agenda counts as sent once a version exists (the PDF itself is not needed here)."""
    AgendaVersion.objects.create(meeting=meeting, number=1, pdf=b"%PDF-", sha256="0" * 64)
    Meeting.objects.filter(pk=meeting.pk).update(agenda_sent_at=timezone.now())


def _adjusted(meeting):
    Meeting.objects.filter(pk=meeting.pk).update(
        status=Meeting.Status.ADJUSTED, minutes_completed_at=timezone.now()
    )


@pytest.fixture
def world(org):
    """A PKS meeting (agenda sent, § recorded) and a tactical group meeting, both on WORD."""
    pks = build_meeting(org)
    item = services.agenda_item_add(
        actor=org.staff,
        meeting=pks.meeting,
        title="Verksamhetsplan 2026",
        background=f"Förslag till {WORD} och verksamhetsplan för länet.",
        proposed_decision="PKS föreslås besluta att fastställa verksamhetsplanen.",
    )
    _send(pks.meeting)
    paragraph = minutes.paragraph_record(
        actor=org.staff,
        meeting=pks.meeting,
        item=item,
        text=f"Kansliet föredrar förslaget till {WORD}.",
        decision="PKS beslutar att fastställa verksamhetsplanen.",
    )
    ifo = services.meeting_create(
        actor=org.staff,
        body=org.tactical_ifo,
        date=datetime.date(2025, 6, 2),
        start_time=datetime.time(13, 0),
        place="Jönköping",
    )
    ifo_item = services.agenda_item_add(
        actor=org.staff, meeting=ifo, title=f"Uppföljning av {WORD} inom IFO"
    )
    _send(ifo)
    ifo_paragraph = minutes.paragraph_record(
        actor=org.staff, meeting=ifo, item=ifo_item, decision=f"Gruppen godkänner {WORD}."
    )
    _adjusted(ifo)
    return SimpleNamespace(
        pks=pks,
        item=item,
        paragraph=paragraph,
        ifo=ifo,
        ifo_item=ifo_item,
        ifo_paragraph=ifo_paragraph,
    )


def _found(user, query=WORD):
    return {(h.kind, h.title) for h in search.search(user, query)}


def test_swedish_stemming_beslutade_finds_beslut_and_besluta(org, world):
    _adjusted(world.pks.meeting)
    hits = search.search(org.pks_member, "beslutade")
    kinds = {(h.kind, h.title) for h in hits}
    # "besluta" in the proposed decision, "beslutar" in the § decision: one stem, "beslut".
    assert ("agenda", "Verksamhetsplan 2026") in kinds
    assert ("minutes", "Verksamhetsplan 2026") in kinds
    assert all("<mark>" in str(h.snippet) for h in hits)
    # A compound is its own word: "verksamhetsplanen" finds "verksamhetsplan".
    assert ("agenda", "Verksamhetsplan 2026") in _found(org.pks_member, "verksamhetsplanen")


def test_r57_a_member_never_sees_a_hit_from_another_body(org, world):
    _adjusted(world.pks.meeting)
    assert _found(org.pks_member) == {
        ("agenda", "Verksamhetsplan 2026"),
        ("minutes", "Verksamhetsplan 2026"),
    }
    ifo_title = f"Uppföljning av {WORD} inom IFO"
    assert _found(org.tactical_member) == {("agenda", ifo_title), ("minutes", ifo_title)}
    assert _found(org.tactical_other) == set()
    assert _found(org.outsider) == set()


def test_r57_minutes_not_adjusted_only_for_the_office_and_then_chair_and_adjusters(org, world):
    meeting = world.pks.meeting
    minutes_hit = ("minutes", "Verksamhetsplan 2026")
    assert minutes_hit in _found(org.staff)
    assert minutes_hit not in _found(org.pks_member)
    assert minutes_hit not in _found(world.pks.chair)
    Meeting.objects.filter(pk=meeting.pk).update(minutes_completed_at=timezone.now())
    assert minutes_hit in _found(world.pks.chair)
    assert minutes_hit in _found(world.pks.adjuster)
    assert minutes_hit not in _found(org.pks_member)
    _adjusted(meeting)
    assert minutes_hit in _found(org.pks_member)


def test_r57_an_agenda_not_yet_sent_is_found_by_the_office_only(org, world):
    AgendaVersion.objects.filter(meeting=world.pks.meeting).delete()
    assert ("agenda", "Verksamhetsplan 2026") in _found(org.staff)
    assert ("agenda", "Verksamhetsplan 2026") not in _found(org.pks_member)


def test_r57_public_minutes_are_found_by_everyone_but_not_their_agenda(org, world):
    BodySettings.objects.create(body=org.tactical_ifo, minutes_public=True)
    ifo_title = f"Uppföljning av {WORD} inom IFO"
    assert _found(org.outsider) == {("minutes", ifo_title)}
    # A PKS member also finds the PKS agenda, as before.
    assert _found(org.pks_member) == {
        ("agenda", "Verksamhetsplan 2026"),
        ("minutes", ifo_title),
    }


def test_r57_search_shows_exactly_what_the_meeting_page_shows_for_every_persona(org, world):
    BodySettings.objects.create(body=org.pks, minutes_public=False)
    Meeting.objects.filter(pk=world.pks.meeting.pk).update(minutes_completed_at=timezone.now())
    people = [
        org.staff,
        org.pks_member,
        org.tactical_member,
        org.tactical_chair,
        org.tactical_other,
        org.socialchef_aneby,
        org.outsider,
        world.pks.chair,
        world.pks.adjuster,
    ]
    for person in people:
        person = type(person).objects.get(pk=person.pk)  # a fresh request's user
        expected = set()
        for item in AgendaItem.objects.select_related("meeting__body"):
            sent = item.meeting.agenda_versions.exists()
            if WORD in item.title + item.background and (
                access.may_prepare(person, item.meeting.body)
                or (access.may_read_agenda(person, item.meeting) and sent)
            ):
                expected.add(("agenda", item.pk))
        for paragraph in Paragraph.objects.select_related("meeting__body"):
            if access.may_read_minutes(person, paragraph.meeting):
                expected.add(("minutes", paragraph.pk))
        got = set()
        for hit in search.search(person, WORD):
            row = world.item if hit.title == "Verksamhetsplan 2026" else world.ifo_item
            got.add((hit.kind, row.paragraph.pk if hit.kind == "minutes" else row.pk))
        assert got == expected, person.username


def test_the_number_of_queries_does_not_grow_with_the_hits(org, world):
    _adjusted(world.pks.meeting)

    def count():
        user = type(org.staff).objects.get(pk=org.staff.pk)
        with CaptureQueriesContext(connection) as queries:
            hits = search.search(user, WORD)
        return len(hits), len(queries)

    few_hits, few_queries = count()
    for n in range(8):
        extra = services.meeting_create(
            actor=org.staff,
            body=org.tactical_ifo,
            date=datetime.date(2025, 9, n + 1),
            start_time=datetime.time(9, 0),
            place="Värnamo",
        )
        services.agenda_item_add(actor=org.staff, meeting=extra, title=f"{WORD} del {n}")
    many_hits, many_queries = count()
    assert many_hits >= few_hits + 8
    assert many_queries == few_queries


def test_a_snippet_shows_stored_text_escaped(org, world):
    services.agenda_item_add(
        actor=org.staff,
        meeting=world.pks.meeting,
        title="Övrigt",
        background=f'<script>alert("x")</script> <b>{WORD}</b>',
    )
    hit = next(h for h in search.search(org.staff, WORD) if h.title == "Övrigt")
    # PostgreSQL's parser drops tags from the snippet; whatever is left is escaped.
    assert "<script" not in hit.snippet and "<b>" not in hit.snippet
    assert "&quot;x&quot;" in hit.snippet
    assert f"<mark>{WORD}</mark>" in hit.snippet


def test_the_fallback_without_postgresql_matches_words_in_any_case(org, world, monkeypatch):
    monkeypatch.setattr(search, "connection", SimpleNamespace(vendor="sqlite"))
    _adjusted(world.pks.meeting)
    hits = search.search(org.pks_member, "SAMVERKANSAVTAL länet")
    assert [(h.kind, h.title) for h in hits] == [("agenda", "Verksamhetsplan 2026")]
    assert "<mark>länet</mark>" in hits[0].snippet
    assert "<mark>samverkansavtal</mark>" in hits[0].snippet
    assert _found(org.outsider, WORD) == set()


def test_the_search_page_lists_hits_for_a_member_and_asks_anonymous_to_log_in(org, world, client):
    url = reverse("meetings:search")
    assert client.get(url, {"q": WORD}).status_code == 302
    _adjusted(world.pks.meeting)
    client.force_login(org.pks_member)
    page = client.get(url, {"q": WORD})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Verksamhetsplan 2026" in html
    assert f"#p{world.paragraph.number}" in html
    assert "IFO" not in html
    assert "<mark>" in html
    short = client.get(url, {"q": "a"}).content.decode()
    assert "Verksamhetsplan 2026" not in short


def test_the_fallback_escapes_stored_text(org, world, monkeypatch):
    monkeypatch.setattr(search, "connection", SimpleNamespace(vendor="sqlite"))
    services.agenda_item_add(
        actor=org.staff,
        meeting=world.pks.meeting,
        title="Övrigt",
        background=f"<script>alert(1)</script> {WORD}",
    )
    hit = next(h for h in search.search(org.staff, WORD) if h.title == "Övrigt")
    assert "<script>" not in hit.snippet
    assert "&lt;script&gt;" in hit.snippet
