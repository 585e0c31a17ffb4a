"""Permission matrix: meetings (R57, R30). One Spec per named URL of meetings/urls.py.

The office (staff) prepares and records; members of a body (the PKS member here)
read its sent agendas and adjusted minutes but change nothing (403); everybody
else sees nothing of the body's meetings (404). Nobody here is a meeting's chair
or adjuster, so adjusting is refused to all (403 for who may see the meeting).

Targets, built once by `setup`: "own" is an adjusted PKS meeting (agenda sent,
one § with an attachment); "draft" is a PKS meeting being prepared (agenda not
sent, one § recorded); "other" is a steering-group meeting with its agenda sent,
which only its members (the socialchefer) and staff see. PDF rendering is replaced
by fixed bytes around each request (`around`), so the matrix does not time WeasyPrint.
"""

import dataclasses
import datetime
from contextlib import contextmanager
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import UserFactory, seat
from tests.security.matrix import Spec, expect

FAKE_PDF = b"%PDF-1.4\n% matrix\n"
DECIDERS = ("socialchef_aneby", "socialchef_jonkoping", "deputy_jonkoping", "preparation_member")

READ = expect(404, staff=200, pks_member=200)  # members and the office read
PREPARE = expect(404, staff=200, pks_member=403)  # the office prepares; members may not
PREPARE_POST = expect(404, staff=302, pks_member=403)
POST_ONLY = expect(405)


@contextmanager
def fixed_pdfs(org=None):
    with mock.patch("meetings.pdf.render_pdf", return_value=FAKE_PDF):
        yield


def setup(org):
    from meetings import minutes, services
    from meetings.models import Meeting

    with fixed_pdfs():
        chair = UserFactory(username="matris-ordf")
        seat(chair, org.pks, municipality=org.municipalities["0604"])
        adjuster = UserFactory(username="matris-justerare")
        seat(adjuster, org.pks, municipality=org.municipalities["0682"])
        day = datetime.date(2025, 5, 8)
        held = services.meeting_create(
            actor=org.staff,
            body=org.pks,
            date=day,
            start_time=datetime.time(9),
            digital=True,
            chair=chair,
        )
        services.meeting_update(actor=org.staff, meeting=held, adjusters=[adjuster])
        item = services.agenda_item_add(
            actor=org.staff,
            meeting=held,
            title="Samverkansavtal",
            uploads=[SimpleUploadedFile("avtal.pdf", FAKE_PDF)],
        )
        services.agenda_send(actor=org.staff, meeting=held)
        paragraph = minutes.paragraph_record(actor=org.staff, meeting=held, item=item)
        minutes.minutes_complete(actor=org.staff, meeting=held)
        held.refresh_from_db()
        for person in (chair, adjuster):
            minutes.minutes_adjust(actor=person, meeting=held, sha256=held.review_sha256)
        draft = services.meeting_create(
            actor=org.staff,
            body=org.pks,
            date=day + datetime.timedelta(days=28),
            start_time=datetime.time(9),
            digital=True,
        )
        draft_paragraph = minutes.paragraph_record(
            actor=org.staff, meeting=draft, title="Inledning"
        )
        other = services.meeting_create(
            actor=org.staff,
            body=org.steering_group,
            date=day,
            start_time=datetime.time(13),
            digital=True,
        )
        services.agenda_item_add(actor=org.staff, meeting=other, title="Verksamhetsplan")
        services.agenda_send(actor=org.staff, meeting=other)
        link = minutes.paragraph_link_add(
            actor=org.staff, paragraph=paragraph, target=org.agreement
        )
    assert Meeting.objects.get(pk=held.pk).is_frozen
    org.meetings = type(
        "Meetings",
        (),
        {
            "held": held,
            "item": item,
            "attachment": item.attachments.get(),
            "paragraph": paragraph,
            "draft": draft,
            "draft_item": draft.items.order_by("order").last(),
            "draft_paragraph": draft_paragraph,
            "other": other,
            "link": link,
        },
    )
    setup_public_and_calendar(org)


def pk(name):
    return lambda org: {"pk": getattr(org.meetings, name).pk}


def meeting_form(org, kwargs):
    return {"date": "2025-06-05", "start_time": "09:00", "digital": "on"}


SPECS = [
    Spec("meetings:list", get={"own": expect(200)}, around=fixed_pdfs),
    Spec(
        "meetings:create",
        get={"own": expect(403, staff=200)},
        post={"own": expect(403, staff=302)},
        data=lambda org, kwargs: {**meeting_form(org, kwargs), "body": org.pks.pk},
        around=fixed_pdfs,
    ),
    # A body's archive of meetings: the list's rules (R57), 404 for a body one may not list.
    Spec(
        "meetings:body_meetings",
        own=lambda org: {"pk": org.pks.pk},
        other=lambda org: {"pk": org.steering_group.pk},
        more={"public": lambda org: {"pk": org.tactical_aldre.pk}},
        get={
            "own": READ,
            "other": expect(404, staff=200, **dict.fromkeys(DECIDERS, 200)),
            # R57: a body whose minutes are public is listed for every logged-in person.
            "public": expect(200),
        },
    ),
    Spec(
        "meetings:body_settings",
        own=lambda org: {"pk": org.pks.pk},
        get={"own": expect(404, staff=200)},
        post={"own": expect(404, staff=302)},
        data=lambda org, kwargs: {"minutes_public": "on", "year": "2025"},
    ),
    Spec(
        "meetings:meeting",
        own=pk("held"),
        other=pk("other"),
        more={"draft": pk("draft"), "public": pk("public"), "public_draft": pk("public_draft")},
        get={
            "own": READ,
            "other": expect(404, staff=200, **dict.fromkeys(DECIDERS, 200)),
            "draft": READ,
            # R57: minutes marked public are read by every logged-in person...
            "public": expect(200),
            # ... but only once adjusted: the body's meeting in preparation stays hidden.
            "public_draft": expect(404, staff=200, tactical_other=200),
        },
    ),
    Spec(
        "meetings:edit",
        own=pk("draft"),
        more={"held": pk("held")},
        get={"own": PREPARE, "held": PREPARE},
        # R55: adjusted minutes are frozen: the form comes back with the refusal.
        post={"own": PREPARE_POST, "held": expect(404, staff=200, pks_member=403)},
        data=meeting_form,
        around=fixed_pdfs,
    ),
    Spec(
        "meetings:attendance",
        own=pk("draft"),
        get={"own": PREPARE},
        post={"own": PREPARE_POST},
        data=lambda org, kwargs: {"guest": "1", "name": "Gäst", "role": "chef"},
    ),
    Spec(
        "meetings:item_add",
        own=pk("draft"),
        get={"own": PREPARE},
        post={"own": PREPARE_POST},
        data=lambda org, kwargs: {"title": "Nytt ärende", "kind": "decision"},
    ),
    Spec(
        "meetings:agenda_send",
        own=pk("draft"),
        get={"own": POST_ONLY},
        post={"own": PREPARE_POST},
        around=fixed_pdfs,
    ),
    Spec(
        "meetings:agenda_pdf",
        own=pk("held"),
        other=pk("other"),
        more={"public": pk("public")},
        get={
            "own": READ,
            "other": expect(404, staff=200, **dict.fromkeys(DECIDERS, 200)),
            # R57: public minutes do not make the agenda public.
            "public": expect(404, staff=200, tactical_other=200),
        },
    ),
    Spec(
        "meetings:paragraph_record",
        own=pk("draft"),
        get={"own": PREPARE},
        post={"own": PREPARE_POST},
        data=lambda org, kwargs: {"title": "Övrigt", "text": "Inget."},
        around=fixed_pdfs,
    ),
    Spec(
        "meetings:complete",
        own=pk("draft"),
        get={"own": POST_ONLY},
        post={"own": PREPARE_POST},
        around=fixed_pdfs,
    ),
    Spec(
        "meetings:adjust",
        own=pk("held"),
        # R55: only the meeting's chair and adjusters adjust; none of these roles is one.
        get={"own": expect(404, staff=403, pks_member=403)},
        post={"own": expect(404, staff=403, pks_member=403)},
        data=lambda org, kwargs: {"sha256": "0" * 64, "confirm": "on"},
    ),
    Spec(
        "meetings:minutes_pdf",
        own=pk("held"),
        more={"draft": pk("draft"), "public": pk("public")},
        # R57: members read adjusted minutes only; the office reads the draft too.
        # Minutes marked public: every logged-in person.
        get={"own": READ, "draft": expect(404, staff=200), "public": expect(200)},
        around=fixed_pdfs,
    ),
    Spec(
        "meetings:minutes_web",  # the web twin (issue 15): the PDF's readers, once adjusted
        own=pk("held"),
        more={"draft": pk("draft")},
        get={"own": READ, "draft": expect(404)},
    ),
    Spec(
        "meetings:notice",
        own=pk("held"),
        get={"own": PREPARE},
        post={"own": PREPARE_POST},
        data=lambda org, kwargs: {"notice_date": "2025-05-23"},
    ),
    Spec(
        "meetings:item_edit",
        own=pk("draft_item"),
        get={"own": PREPARE},
        post={"own": PREPARE_POST},
        data=lambda org, kwargs: {"title": "Ändrat ärende", "kind": "information"},
    ),
    Spec(
        "meetings:item_move",
        own=pk("draft_item"),
        get={"own": POST_ONLY},
        post={"own": PREPARE_POST},
        data=lambda org, kwargs: {"riktning": "upp"},
    ),
    Spec(
        "meetings:item_withdraw",
        own=pk("draft_item"),
        get={"own": POST_ONLY},
        post={"own": PREPARE_POST},
    ),
    Spec(
        "meetings:attachment",
        own=lambda org: {
            "item_pk": org.meetings.item.pk,
            "attachment_pk": org.meetings.attachment.pk,
        },
        get={"own": READ},
    ),
    Spec(
        "meetings:paragraph_edit",
        own=pk("draft_paragraph"),
        get={"own": PREPARE},
        post={"own": PREPARE_POST},
        data=lambda org, kwargs: {"title": "Inledning", "text": "Välkommen."},
        around=fixed_pdfs,
    ),
    Spec(
        "meetings:assignment_add",
        own=pk("draft_paragraph"),
        get={"own": PREPARE},
        post={"own": PREPARE_POST},
        data=lambda org, kwargs: {
            "owner": "Kommundirektörerna",
            "description": "Utreda",
            "due_date": "2025-10-01",
        },
    ),
    Spec(
        "meetings:extract_pdf",
        own=pk("paragraph"),
        more={"public": pk("public_paragraph")},
        get={"own": READ, "public": expect(200)},
        around=fixed_pdfs,
    ),
    # meetings/views_more.py (R50, R54, R55): the office only; members 403, others 404.
    Spec(
        "meetings:paragraph_links",
        own=pk("paragraph"),
        get={"own": PREPARE},
        post={"own": PREPARE_POST},
        data=lambda org, kwargs: {"kind": "agreement", "object": org.agreement.pk},
    ),
    Spec(
        "meetings:link_remove",
        own=pk("link"),
        get={"own": POST_ONLY},
        post={"own": PREPARE_POST},
    ),
    Spec(
        "meetings:paragraph_refer",
        own=pk("paragraph"),
        get={"own": PREPARE},
        post={"own": PREPARE_POST},
        data=lambda org, kwargs: {
            "to_body": org.steering_group.pk,
            "to_meeting": "",
            "title": "Informera styrgruppen",
        },
    ),
    Spec(
        "meetings:cancel",
        own=pk("other"),
        # The steering group's members see its meeting (403); the PKS member does not (404).
        get={"own": expect(404, staff=200, **dict.fromkeys(DECIDERS, 403))},
        post={"own": expect(404, staff=302, **dict.fromkeys(DECIDERS, 403))},
        data=lambda org, kwargs: {"confirm": "on"},
    ),
    Spec(
        "meetings:correct",
        own=pk("held"),
        get={"own": PREPARE},
        post={"own": PREPARE_POST},
        data=lambda org, kwargs: {"reason": "Felskrivning", "confirm": "on"},
        around=fixed_pdfs,
    ),
]


# --- Minutes marked public (R57), search (item 7) and the calendar (item 8) ----------------


def setup_public_and_calendar(org):
    """The elderly-care tactical group marks its minutes public: one adjusted meeting, one
    in preparation. The PKS member gets a calendar address (and an old, rotated one)."""
    from meetings import calendar, minutes, services

    with fixed_pdfs():
        services.body_settings_set(
            actor=org.staff, body=org.tactical_aldre, minutes_public=True, appeal_applies=False
        )
        chair = UserFactory(username="matris-aldre-ordf")
        seat(chair, org.tactical_aldre, municipality=org.municipalities["0617"])
        public = services.meeting_create(
            actor=org.staff,
            body=org.tactical_aldre,
            date=datetime.date(2025, 4, 10),
            start_time=datetime.time(9),
            place="Vaggeryd",
            chair=chair,
        )
        adjuster = UserFactory(username="matris-aldre-justerare")
        seat(adjuster, org.tactical_aldre, municipality=org.municipalities["0665"])
        services.meeting_update(actor=org.staff, meeting=public, adjusters=[adjuster])
        item = services.agenda_item_add(actor=org.staff, meeting=public, title="Hemtjänst")
        services.agenda_send(actor=org.staff, meeting=public)
        public_paragraph = minutes.paragraph_record(actor=org.staff, meeting=public, item=item)
        minutes.minutes_complete(actor=org.staff, meeting=public)
        public.refresh_from_db()
        for person in (chair, adjuster):
            minutes.minutes_adjust(actor=person, meeting=public, sha256=public.review_sha256)
        public_draft = services.meeting_create(
            actor=org.staff,
            body=org.tactical_aldre,
            date=datetime.date(2025, 6, 12),
            start_time=datetime.time(9),
            place="Vaggeryd",
        )
    org.meetings.public = public
    org.meetings.public_paragraph = public_paragraph
    org.meetings.public_draft = public_draft
    person = org.pks_member
    org.meetings.old_calendar_token = calendar.calendar_feed_rotate(actor=person, person=person)
    org.meetings.calendar_token = calendar.calendar_feed_rotate(actor=person, person=person)


def calendar_state(org):
    """Who has a calendar address, and its hash: a refused rotation must change neither."""
    from meetings.models import CalendarFeed

    return sorted(CalendarFeed.objects.values_list("person_id", "token_sha256"))


SPECS += [
    # Search finds only what the person may read (tests/meetings/test_search.py); the page
    # itself is for everyone logged in.
    Spec("meetings:search", get={"own": expect(200)}),
    Spec(
        "meetings:calendar",
        # Everyone logged in has their own calendar address; a POST makes a new one.
        get={"own": expect(200)},
        post={"own": expect(302)},
        state=calendar_state,
    ),
    Spec(
        "meetings:calendar_feed",
        # The secret token in the address is the only key: no login, no session needed.
        own=lambda org: {"token": org.meetings.calendar_token},
        more={"rotated": lambda org: {"token": org.meetings.old_calendar_token}},
        get={"own": expect(200, anonymous=200), "rotated": expect(404, anonymous=404)},
        post={"own": expect(405, anonymous=405)},
    ),
]

# `other` is a meeting of another body than PKS, not another partnership's object.
SPECS = [dataclasses.replace(spec, other_is_another_partnership=False) for spec in SPECS]
