"""Bad input at every meetings form (issue 12): never a 500, a clear Swedish error,
nothing half saved. The meetings are built by tests/security/matrix/meetings.py."""

import pytest
from django.urls import reverse

from tests.security.fuzz import fuzz_form, fuzz_raw_body
from tests.security.matrix.meetings import fixed_pdfs

pytestmark = pytest.mark.django_db

EXAMPLES = 25


def _url(name, pk):
    return reverse(f"meetings:{name}", args=[pk])


def test_meeting_create_form(client, matrix_org):
    with fixed_pdfs():
        fuzz_form(
            client,
            reverse("meetings:create"),
            ["body", "date", "start_time", "end_time", "place", "digital"],
            user=matrix_org.staff,
            name="meeting create",
            max_examples=EXAMPLES,
        )


def test_meeting_edit_form(client, matrix_org):
    with fixed_pdfs():
        fuzz_form(
            client,
            _url("edit", matrix_org.meetings.draft.pk),
            ["date", "start_time", "end_time", "place", "digital", "chair", "adjusters"],
            user=matrix_org.staff,
            name="meeting edit",
            max_examples=EXAMPLES,
        )


def test_agenda_item_form(client, matrix_org):
    fuzz_form(
        client,
        _url("item_add", matrix_org.meetings.draft.pk),
        ["title", "kind", "presenters", "background", "proposed_decision"],
        user=matrix_org.staff,
        name="agenda item",
        max_examples=EXAMPLES,
    )


def test_paragraph_form(client, matrix_org):
    with fixed_pdfs():
        fuzz_form(
            client,
            _url("paragraph_record", matrix_org.meetings.draft.pk),
            ["title", "presenters", "text", "decision"],
            user=matrix_org.staff,
            name="paragraph",
            max_examples=EXAMPLES,
        )


def test_assignment_form(client, matrix_org):
    fuzz_form(
        client,
        _url("assignment_add", matrix_org.meetings.draft_paragraph.pk),
        ["owner", "description", "due_date"],
        user=matrix_org.staff,
        name="assignment",
        max_examples=EXAMPLES,
    )


def test_guest_and_notice_forms(client, matrix_org):
    fuzz_form(
        client,
        _url("attendance", matrix_org.meetings.draft.pk),
        ["name", "role"],
        fixed={"guest": "1"},
        user=matrix_org.staff,
        name="guest",
        max_examples=EXAMPLES,
    )
    fuzz_form(
        client,
        _url("notice", matrix_org.meetings.held.pk),
        ["notice_date"],
        user=matrix_org.staff,
        name="notice",
        max_examples=EXAMPLES,
    )


def test_raw_bodies(client, matrix_org):
    fuzz_raw_body(
        client,
        _url("item_add", matrix_org.meetings.draft.pk),
        user=matrix_org.staff,
        name="agenda item raw",
    )


def test_link_refer_cancel_and_correct_forms(client, matrix_org):
    """meetings/views_more.py (R50, R54, R55)."""
    meetings = matrix_org.meetings
    forms = [
        ("paragraph_links", meetings.paragraph.pk, ["kind", "object"], "paragraph link"),
        (
            "paragraph_refer",
            meetings.paragraph.pk,
            ["to_body", "to_meeting", "title", "note"],
            "referral",
        ),
        ("cancel", meetings.other.pk, ["confirm"], "meeting cancel"),
        ("correct", meetings.held.pk, ["paragraph", "decision", "reason", "confirm"], "correction"),
    ]
    with fixed_pdfs():
        for name, pk, fields, label in forms:
            fuzz_form(
                client,
                _url(name, pk),
                fields,
                user=matrix_org.staff,
                name=label,
                max_examples=EXAMPLES,
            )
