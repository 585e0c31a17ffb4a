"""Permission matrix: start page and the partnership page."""

from tests.factories import PartnershipFactory
from tests.security.matrix import Spec, expect


def other_partnership(org):
    """A second partnership none of the personas belongs to."""
    return PartnershipFactory(slug="fourum-utbildning", name="FoUrum utbildning")


SPECS = [
    Spec("start", get={"own": expect(200)}),
    Spec(
        "partnership_detail",
        own=lambda org: {"slug": org.partnership.slug},
        other=lambda org: {"slug": other_partnership(org).slug},
        # PKS members read published reports only (403); outsiders must not learn it exists.
        get={"own": expect(200, pks_member=403, outsider=404), "other": expect(404)},
    ),
]


# --- A municipality's events (partnerships/events.py) ---------------------------------
# Its socialchef or deputy on the day and the staff of its partnership read them; for
# everybody else the municipality's page does not exist (404, nothing leaks).

EVENT_READERS_ANEBY = expect(404, staff=200, socialchef_aneby=200)
EVENT_READERS_JONKOPING = expect(404, staff=200, socialchef_jonkoping=200, deputy_jonkoping=200)
MINUTES_EXTRACT = b"%PDF-1.7\n% protokollsutdrag (matrix)\n%%EOF\n"


def setup(org):
    from core.attachments import attachment_create
    from partnerships.events import municipality_event_record
    from partnerships.models import MunicipalityEvent
    from tests.factories import MunicipalityFactory

    outside = MunicipalityFactory(code="0999", name="Utanför")
    other_partnership(org).members.add(outside)

    def event(municipality):
        return municipality_event_record(
            actor=org.staff,
            municipality=municipality,
            kind=MunicipalityEvent.Kind.COMMITTEE_DECISION,
            summary="Nämndbeslut (matris).",
            attachment=attachment_create(
                actor=org.staff, file_name="utdrag.pdf", data=MINUTES_EXTRACT
            ),
        )

    org.event_aneby = event(org.aneby)
    org.event_outside = event(outside)

    # The people pages: an account waiting to be linked and one linked to the outsider.
    from tests.factories import ExternalIdentityFactory

    org.waiting_identity = ExternalIdentityFactory(name_hint="Väntar (matris)")
    org.linked_identity = ExternalIdentityFactory(
        user=org.outsider, provider=org.waiting_identity.provider
    )


def events_of(code):
    return lambda org: {"code": code}


def event_attachment(name):
    def kwargs(org):
        event = getattr(org, name)
        return {"code": event.municipality.code, "pk": event.pk}

    return kwargs


SPECS += [
    Spec(
        "municipality_events",
        own=events_of("0604"),
        other=events_of("0999"),
        more={"jonkoping": events_of("0680"), "unknown": events_of("9876")},
        get={
            "own": EVENT_READERS_ANEBY,
            "jonkoping": EVENT_READERS_JONKOPING,
            "other": expect(404),
            "unknown": expect(404),
        },
    ),
    Spec(
        "municipality_event_attachment",
        own=event_attachment("event_aneby"),
        other=event_attachment("event_outside"),
        # Aneby's event asked for under Jönköping: not found, even for Jönköping's readers.
        more={"wrong_municipality": lambda org: {"code": "0680", "pk": org.event_aneby.pk}},
        get={
            "own": EVENT_READERS_ANEBY,
            "other": expect(404),
            "wrong_municipality": expect(404),
        },
    ),
]


# --- Population figures (R22): the office's upload, preview and confirmation -------------
# Kansliet of the partnership on the day; members 403, outsiders and other partnerships 404.
# Without an upload waiting in the session the preview leads back to the upload (302).

OFFICE_ONLY = expect(403, staff=200, outsider=404)
OFFICE_REDIRECTED = expect(403, staff=302, outsider=404)


def _population_upload(org, kwargs):
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = "kommunkod,kommun,datum,folkmangd\n0604,Aneby,2025-12-31,6800\n"
    return {
        "file": SimpleUploadedFile("folkmangd.csv", text.encode(), content_type="text/csv"),
        "source": "SCB (matris)",
    }


def _own_slug(org):
    return {"slug": org.partnership.slug}


def _other_slug(org):
    return {"slug": other_partnership(org).slug}


SPECS += [
    Spec(
        "population_import",
        own=_own_slug,
        other=_other_slug,
        get={"own": OFFICE_ONLY, "other": expect(404)},
        # The upload saves no figure (the preview comes first): a redirect to the preview.
        post={"own": OFFICE_REDIRECTED, "other": expect(404)},
        data=_population_upload,
    ),
    Spec(
        "population_import_confirm",
        own=_own_slug,
        other=_other_slug,
        get={"own": OFFICE_REDIRECTED, "other": expect(404)},
        post={"own": OFFICE_REDIRECTED, "other": expect(404)},
        data=lambda org, kwargs: {"digest": "0" * 64},
        writes=False,
    ),
]


# --- People, sign-in accounts and seats (partnerships/people.py) --------------------------
# Kansliet's (an office seat today; a superuser too). For everyone else 403 before anything
# is looked up, so a person's existence does not leak; a person who does not exist is 404
# for the office. Previews of a seat change write nothing; saving needs the confirmation.

PEOPLE_OFFICE = expect(403, staff=200)
PEOPLE_OFFICE_SAVES = expect(403, staff=302)
POST_ONLY = expect(405)


def _person(name):
    return lambda org: {"pk": getattr(org, name).pk}


def _missing_person(org):
    return {"pk": 987654}


def _aneby_seat(org):
    from partnerships.models import Membership

    seat = Membership.objects.get(person=org.socialchef_aneby, body=org.steering_group)
    return {"pk": org.socialchef_aneby.pk, "membership_pk": seat.pk}


def _seat_preview(org, kwargs):
    return {
        "body": org.steering_group.pk,
        "role": "deputy",
        "municipality": org.aneby.pk,
        "organisation": "",
        "start_date": "2026-06-01",
        "end_date": "2026-08-01",
        "replaces": "",
    }


SPECS += [
    Spec("people_list", get={"own": PEOPLE_OFFICE}),
    Spec(
        "person_add",
        get={"own": PEOPLE_OFFICE},
        post={"own": PEOPLE_OFFICE_SAVES},
        data=lambda org, kwargs: {"first_name": "Ny", "last_name": "Person (matris)"},
    ),
    Spec(
        "person_detail",
        own=_person("outsider"),
        other=_missing_person,
        get={"own": PEOPLE_OFFICE, "other": expect(403, staff=404)},
    ),
    Spec(
        "person_identity_link",
        own=_person("tactical_member"),
        other=_missing_person,
        get={"own": POST_ONLY, "other": POST_ONLY},
        post={"own": PEOPLE_OFFICE_SAVES, "other": expect(403, staff=404)},
        data=lambda org, kwargs: {"waiting": org.waiting_identity.pk},
        note="R31: linking an account signs its holder in as the person",
    ),
    Spec(
        "person_identity_unlink",
        own=lambda org: {"pk": org.outsider.pk, "identity_pk": org.linked_identity.pk},
        # The account asked for under another person: not found.
        other=lambda org: {"pk": org.staff.pk, "identity_pk": org.linked_identity.pk},
        get={"own": POST_ONLY, "other": POST_ONLY},
        post={"own": PEOPLE_OFFICE_SAVES, "other": expect(403, staff=404)},
    ),
    Spec(
        "seat_give",
        own=_person("outsider"),
        other=_missing_person,
        get={"own": PEOPLE_OFFICE, "other": expect(403, staff=404)},
        # Without the confirmation a seat is only previewed: the effect on rights, no write.
        post={"own": PEOPLE_OFFICE, "other": expect(403, staff=404)},
        data=_seat_preview,
        writes=False,
    ),
    Spec(
        "seat_end",
        own=_aneby_seat,
        # The seat asked for under another person: not found.
        other=lambda org: {**_aneby_seat(org), "pk": org.outsider.pk},
        get={"own": PEOPLE_OFFICE, "other": expect(403, staff=404)},
        post={"own": PEOPLE_OFFICE, "other": expect(403, staff=404)},
        data=lambda org, kwargs: {"end_date": "2026-12-31"},
        writes=False,
    ),
]
