"""The pages that axe-core checks (tests/browser/test_accessibility.py), one line each.

Every entry is checked at 375 px and at 1280 px wide, on the demo data of
`seed_demo`, logged in as `username` (a demo login; None = not logged in).
`url` is called after the demo is loaded, so it may look objects up. `status`
is the HTTP status the page must answer with (a refusal page must be
accessible too).

Adding a page for every role is one line, e.g.:

    *for_roles("inbox", url("matters:inbox")),
"""

from collections.abc import Callable, Iterable
from typing import NamedTuple

from django.urls import reverse

ANONYMOUS = None
STAFF = "kansli"
SOCIALCHEF = "socialchef-0680"  # chair of the steering group, decides for Jönköping
PREPARER = "socialchef-0604"  # socialchef in the preparation group
PKS_MEMBER = "pks-0680"
TACTICAL_CHAIR = "taktisk-ifo"
OUTSIDER = "utomstaende"  # logged in, no seat anywhere (made by the test module)

ROLES = (SOCIALCHEF, STAFF, PKS_MEMBER, TACTICAL_CHAIR, OUTSIDER)
WIDTHS = (375, 1280)


class A11yPage(NamedTuple):
    name: str
    username: str | None
    url: Callable[[], str]
    status: int = 200


def url(name: str, *args, **kwargs) -> Callable[[], str]:
    """A lazy `reverse()`: resolved when the test runs, after the demo is loaded."""
    return lambda: reverse(name, args=args or None, kwargs=kwargs or None)


def for_roles(
    name: str,
    url: Callable[[], str],
    roles: Iterable[str | None] = ROLES,
    status: dict[str | None, int] | None = None,
) -> list[A11yPage]:
    """One entry per role; `status` maps the roles that are refused to 403/404."""
    status = status or {}
    return [A11yPage(name, role, url, status.get(role, 200)) for role in roles]


def demo_partnership_url() -> str:
    from partnerships.demo import PARTNERSHIP_SLUG

    return reverse("partnership_detail", args=[PARTNERSHIP_SLUG])


def password_reset_link() -> str:
    """A valid reset link for a demo user (Django redirects it to the set-password form)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = get_user_model().objects.get(username=SOCIALCHEF)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("password_reset_confirm", args=[uid, default_token_generator.make_token(user)])


# --- Projects (issue 3) and reporting (issue 10): the demo objects the pages show ---------

PENDING_PROJECT = "Tidiga insatser för barn och unga (demo)"  # IFO; its funds request awaits 0680
IFO = "taktisk-ifo"


def _portfolio_pk() -> int:
    from projects.models import Portfolio

    return Portfolio.objects.get(tactical_group__slug=IFO).pk


def _project_pk() -> int:
    from projects.models import Project

    return Project.objects.get(title=PENDING_PROJECT).pk


def _pending_matter_pk() -> int:
    from matters.models import Matter

    return Matter.objects.get(project__title=PENDING_PROJECT, status=Matter.Status.PENDING).pk


def _report_pk() -> int:
    from reporting.models import Report

    return Report.objects.filter(versions__isnull=False).order_by("year", "period").first().pk


def _draft_report_pk() -> int:
    from reporting.models import Report

    return Report.objects.filter(versions__isnull=True).order_by("year", "period").first().pk


def _report_web_url() -> str:
    """The web twin of the demo's Q1 2026 report, version 1 (issue 15)."""
    return reverse("reporting:web", args=[_report_pk(), 1])


def _plan_pk() -> int:
    from plans.models import Plan

    return Plan.objects.get(kind="business_plan", year=2026).pk


def _plan_web_url() -> str:
    """The web twin of the demo's adopted business plan 2026, version 1 (issue 15)."""
    return reverse("plans:version_web", args=[_plan_pk(), 1])


def _plan_indicator_url() -> str:
    from plans.models import Indicator

    indicator = Indicator.objects.filter(
        goal_area__goal__plan_id=_plan_pk(), computation=""
    ).first()
    return reverse("plans:value_enter", args=[_plan_pk(), indicator.pk])


def lazy(name: str, pk: Callable[[], int], query: str = "") -> Callable[[], str]:
    """A lazy `reverse()` for a page of one demo object, looked up when the test runs."""
    return lambda: reverse(name, args=[pk()]) + query


def stage_pk() -> int:
    from projects.models import Stage

    return Stage.objects.order_by("order").first().pk


DECIDERS = (SOCIALCHEF, PREPARER)  # the socialchefer: they decide for their municipality
READERS = (SOCIALCHEF, STAFF, TACTICAL_CHAIR)  # may read the partnership's projects
REFUSED = {PKS_MEMBER: 403, OUTSIDER: 404}  # PKS members read reports only; others: no leak

PROJECT_PAGES: list[A11yPage] = [
    *for_roles("inbox", url("matters:inbox"), (*DECIDERS, STAFF), status={STAFF: 403}),
    *for_roles(
        "inbox confirm approval",
        lazy("matters:matter_decide", _pending_matter_pk, "?kommun=0680&beslut=approve"),
        (SOCIALCHEF,),
    ),
    *for_roles(
        "inbox confirm rejection",
        lazy("matters:matter_decide", _pending_matter_pk, "?kommun=0680&beslut=reject"),
        (SOCIALCHEF,),
    ),
    *for_roles(
        "inbox confirm joining",
        lazy("projects:participation_confirm", _project_pk, "?kommun=0680&beslut=joined"),
        (SOCIALCHEF,),
    ),
    *for_roles(
        "inbox confirm declining",
        lazy("projects:participation_confirm", _project_pk, "?kommun=0680&beslut=declined"),
        (SOCIALCHEF,),
    ),
    *for_roles("decided history", url("matters:inbox_history"), DECIDERS),
    *for_roles(
        "portfolios", url("projects:portfolio_list"), status={PKS_MEMBER: 403, OUTSIDER: 403}
    ),
    *for_roles(
        "portfolio overview", lazy("projects:portfolio_detail", _portfolio_pk), status=REFUSED
    ),
    *for_roles(
        "portfolio overview filtered",
        lazy("projects:portfolio_detail", _portfolio_pk, "?stage=&municipality=0680"),
        READERS,
    ),
    *for_roles("project", lazy("projects:project_detail", _project_pk), status=REFUSED),
    *for_roles("project create", lazy("projects:project_create", _portfolio_pk), (TACTICAL_CHAIR,)),
    *for_roles("project edit", lazy("projects:project_edit", _project_pk), (TACTICAL_CHAIR,)),
    *for_roles(
        "project gate decision", lazy("projects:project_gate", _project_pk), (TACTICAL_CHAIR,)
    ),
    *for_roles("project status", lazy("projects:project_status", _project_pk), (TACTICAL_CHAIR,)),
    *for_roles(
        "project participation",
        lazy("projects:project_participation", _project_pk),
        (SOCIALCHEF, STAFF),
    ),
    *for_roles(
        "funds request", lazy("projects:funds_request_create", _project_pk), (TACTICAL_CHAIR,)
    ),
    *for_roles(
        "matter",
        lazy("matters:matter_detail", _pending_matter_pk),
        (*READERS, PREPARER, PKS_MEMBER, OUTSIDER),
        status=REFUSED,
    ),
    *for_roles("matters", url("matters:matter_list"), (STAFF, PREPARER)),
    *for_roles("consensus matter create", url("matters:consensus_create"), (STAFF,)),
    *for_roles(
        "committee decision",
        lazy("matters:matter_committee_decision", _pending_matter_pk),
        (STAFF,),
    ),
    *for_roles("matter withdraw", lazy("matters:matter_withdraw", _pending_matter_pk), (STAFF,)),
    *for_roles("stages", url("projects:stage_list"), (STAFF, SOCIALCHEF), status={SOCIALCHEF: 403}),
    *for_roles("stage edit", lazy("projects:stage_edit", stage_pk), (STAFF,)),
]

PLAN_PAGES: list[A11yPage] = [
    *for_roles(
        "goals",
        url("plans:goals", "social-valfard", 2026),
        (SOCIALCHEF, STAFF, PKS_MEMBER),
        status={PKS_MEMBER: 403},
    ),
    A11yPage(
        "goals Q2",
        SOCIALCHEF,
        lambda: reverse("plans:goals", args=["social-valfard", 2026]) + "?period=q2",
    ),
    *for_roles("business plans", url("plans:index", "social-valfard"), (SOCIALCHEF, STAFF)),
    *for_roles("plan", lazy("plans:plan_detail", _plan_pk), (SOCIALCHEF, STAFF)),
    A11yPage("plan value form", STAFF, _plan_indicator_url),
    *for_roles("management system", url("plans:management_system"), (SOCIALCHEF, STAFF)),
    *for_roles(
        "strategy group plans",
        url("plans:group_plans", "strategigrupp-barn-unga"),
        (SOCIALCHEF, STAFF),
    ),
    *for_roles("plan web version", _plan_web_url, (SOCIALCHEF, STAFF)),
    A11yPage("survey import", STAFF, url("plans:survey_import", "social-valfard")),
]

REPORT_PAGES: list[A11yPage] = [
    *for_roles(
        "reports",
        url("reporting:index"),
        (PKS_MEMBER, SOCIALCHEF, STAFF, OUTSIDER),
        status={OUTSIDER: 403},
    ),
    *for_roles("report", lazy("reporting:detail", _report_pk), (PKS_MEMBER, SOCIALCHEF, STAFF)),
    *for_roles(
        "draft report",
        lazy("reporting:detail", _draft_report_pk),
        (STAFF, PKS_MEMBER),
        status={PKS_MEMBER: 404},
    ),
    *for_roles("report create", url("reporting:create", "social-valfard"), (STAFF,)),
    *for_roles("report edit texts", lazy("reporting:edit", _draft_report_pk), (STAFF,)),
    *for_roles("report preview", lazy("reporting:preview", _draft_report_pk), (STAFF,)),
    *for_roles("report publish", lazy("reporting:publish", _report_pk), (STAFF,)),
    *for_roles(
        "report web version",
        _report_web_url,
        (PKS_MEMBER, SOCIALCHEF, STAFF, OUTSIDER),
        status={OUTSIDER: 404},
    ),
]

# --- Kansliet's people pages and the sign-in pages (issue 16 items 1 and 5) -------------
# The sign-in through a provider (its login page with buttons, "not linked yet") needs a
# running provider: tests/browser/test_sso.py checks those pages with axe as well.


def _aneby_socialchef_pk() -> int:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="socialchef-0604").pk


def _aneby_seat_url() -> str:
    from partnerships.models import Body, Membership

    seat = Membership.objects.get(
        person_id=_aneby_socialchef_pk(), body__kind=Body.Kind.STEERING_GROUP
    )
    return reverse("seat_end", args=[seat.person_id, seat.pk])


PEOPLE_PAGES: list[A11yPage] = [
    *for_roles("people", url("people_list"), (STAFF, SOCIALCHEF), status={SOCIALCHEF: 403}),
    A11yPage("person add", STAFF, url("person_add")),
    A11yPage("person", STAFF, lazy("person_detail", _aneby_socialchef_pk)),
    A11yPage("seat give", STAFF, lazy("seat_give", _aneby_socialchef_pk)),
    A11yPage("seat end", STAFF, _aneby_seat_url),
    A11yPage("sign-in refused", ANONYMOUS, url("sso_callback"), 400),
]

# --- Meetings (issue 12): the demo's adjusted PKS meeting of 2025-05-08, an upcoming one ---


def _pks_meeting_pk() -> int:
    from meetings.models import Meeting

    return Meeting.objects.get(body__slug="pks", date="2025-05-08").pk


def _upcoming_pks_meeting_pk() -> int:
    from meetings.models import Meeting

    return Meeting.objects.filter(body__slug="pks", status="planned").order_by("date").first().pk


def _pks_paragraph_pk() -> int:
    from meetings.models import Paragraph

    return Paragraph.objects.get(body__slug="pks", year=2025, number=98).pk


def _pks_body_pk() -> int:
    from partnerships.models import Body

    return Body.objects.get(slug="pks", partnership=None).pk


UPCOMING = _upcoming_pks_meeting_pk
MEETING_PAGES: list[A11yPage] = [
    *for_roles("meetings", url("meetings:list"), (PKS_MEMBER, STAFF, OUTSIDER)),
    *for_roles(
        "meeting with adjusted minutes",
        lazy("meetings:meeting", _pks_meeting_pk),
        (PKS_MEMBER, STAFF, SOCIALCHEF),
        status={SOCIALCHEF: 404},
    ),
    *for_roles("meeting being prepared", lazy("meetings:meeting", UPCOMING), (STAFF,)),
    *for_roles("meeting create", url("meetings:create"), (STAFF,)),
    *for_roles("meeting edit", lazy("meetings:edit", UPCOMING), (STAFF,)),
    *for_roles("attendance", lazy("meetings:attendance", UPCOMING), (STAFF,)),
    *for_roles("agenda item add", lazy("meetings:item_add", UPCOMING), (STAFF,)),
    *for_roles("paragraph record", lazy("meetings:paragraph_record", UPCOMING), (STAFF,)),
    *for_roles("assignment add", lazy("meetings:assignment_add", _pks_paragraph_pk), (STAFF,)),
    *for_roles("notice", lazy("meetings:notice", _pks_meeting_pk), (STAFF,)),
    *for_roles("meeting settings", lazy("meetings:body_settings", _pks_body_pk), (STAFF,)),
    *for_roles(
        "meetings of a body", lazy("meetings:body_meetings", _pks_body_pk), (PKS_MEMBER, STAFF)
    ),
    *for_roles(
        "adjusted minutes web version",
        lazy("meetings:minutes_web", _pks_meeting_pk),
        (PKS_MEMBER, STAFF, SOCIALCHEF),
        status={SOCIALCHEF: 404},
    ),
    *for_roles("paragraph links", lazy("meetings:paragraph_links", _pks_paragraph_pk), (STAFF,)),
    *for_roles("paragraph refer", lazy("meetings:paragraph_refer", _pks_paragraph_pk), (STAFF,)),
    *for_roles("meeting cancel", lazy("meetings:cancel", UPCOMING), (STAFF,)),
    *for_roles("minutes correct", lazy("meetings:correct", _pks_meeting_pk), (STAFF,)),
]


def _upcoming_item_pk() -> int:
    from meetings.models import AgendaItem

    return AgendaItem.objects.filter(meeting_id=UPCOMING()).order_by("order").first().pk


# Search (item 7), the calendar (item 8) and the agenda item form. The adjust confirmation
# needs minutes waiting to be adjusted, which the demo has not: test_meetings_a11y.py.
MEETING_MORE_PAGES: list[A11yPage] = [
    *for_roles("meeting search", url("meetings:search"), (PKS_MEMBER,)),
    *for_roles(
        "meeting search hits",
        lambda: reverse("meetings:search") + "?q=beslutade",
        (PKS_MEMBER, STAFF, OUTSIDER),
    ),
    *for_roles("meeting calendar", url("meetings:calendar"), (PKS_MEMBER, OUTSIDER)),
    *for_roles("agenda item edit", lazy("meetings:item_edit", _upcoming_item_pk), (STAFF,)),
]


PAGES: list[A11yPage] = [
    A11yPage("login", ANONYMOUS, url("login")),
    A11yPage("password reset", ANONYMOUS, url("password_reset")),
    A11yPage("password reset sent", ANONYMOUS, url("password_reset_done")),
    A11yPage("password reset new password", ANONYMOUS, password_reset_link),
    A11yPage("password reset expired link", ANONYMOUS, url("password_reset_confirm", "MQ", "x-y")),
    A11yPage("password reset complete", ANONYMOUS, url("password_reset_complete")),
    A11yPage("page not found", ANONYMOUS, lambda: "/finns-inte/", 404),
    *for_roles("start", url("start"), (*ROLES, PREPARER)),
    *for_roles("profile", url("profile")),
    *for_roles("mail preferences", url("notifications:preferences")),
    *for_roles("signed in", url("signed_in"), (SOCIALCHEF,)),
    *for_roles("password change", url("password_change")),
    *for_roles("password changed", url("password_change_done"), (SOCIALCHEF,)),
    *for_roles(
        "partnership",
        demo_partnership_url,
        status={PKS_MEMBER: 403, OUTSIDER: 404},
    ),
    *for_roles(
        "economy",
        url("finance:overview", "social-valfard"),
        status={PKS_MEMBER: 403, OUTSIDER: 404},
    ),
    *for_roles(
        "fee allocation",
        url("finance:allocation", "social-valfard", 2026),
        status={OUTSIDER: 404},
    ),
    *for_roles(
        "budget",
        url("finance:budget", "social-valfard", 2026),
        status={PKS_MEMBER: 403, OUTSIDER: 404},
    ),
    A11yPage(
        "budget and outcome", SOCIALCHEF, url("finance:budget_outcome", "social-valfard", 2026)
    ),
    A11yPage("budget line form", STAFF, url("finance:line_create", "social-valfard", 2026)),
    A11yPage("outcome import", STAFF, url("finance:outcomes_import", "social-valfard", 2026)),
    A11yPage("fee index", STAFF, url("finance:fee_index", "social-valfard", 2027)),
    A11yPage("fee without population", STAFF, url("finance:allocation", "social-valfard", 2027)),
    A11yPage("population import", STAFF, url("population_import", "social-valfard")),
    *PROJECT_PAGES,
    *REPORT_PAGES,
    *PEOPLE_PAGES,
    *MEETING_PAGES,
    *PLAN_PAGES,
    *MEETING_MORE_PAGES,
    *for_roles("municipality events", url("municipality_events", "0680"), (SOCIALCHEF, STAFF)),
    # The Django admin is Django's own markup (not ours to fix); only its index is checked.
    A11yPage("admin index", STAFF, url("admin:index")),
]
