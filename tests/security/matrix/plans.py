"""Permission matrix: plans. One Spec per named URL of plans/urls.py (see __init__.py).

R60-R62, R70 and DOMAIN.md's permission table: whoever reads the partnership reads its
business plans and goals; its office (kansliet) drafts, proposes and enters values.
PKS members read published reports only (403 on the partnership's pages, 404 on a plan:
its existence does not leak). The management system (R70) is read by whoever reads a
partnership; a strategy group's plans are drafted by an office seat.

Targets: "own" is our partnership's draft plan 2026 (or its parts), "other" another
partnership's plan, "adopted" our frozen plan 2025 with its version 1.
"""

import contextlib
import hashlib
from decimal import Decimal
from types import SimpleNamespace

import pytest

from core import documents
from partnerships import permissions
from partnerships.models import Body
from plans import services
from plans.models import GoalArea, Indicator, Plan, PlanVersion, StrategicGoal
from tests.security.matrix import Spec, expect
from tests.security.matrix.partnerships import other_partnership

READ = expect(200, pks_member=403, outsider=404)  # partnership pages
READ_PLAN = expect(200, pks_member=404, outsider=404)  # a plan: no leak
STAFF_GET = expect(403, staff=200, pks_member=404, outsider=404)
STAFF_POST = expect(403, staff=302, pks_member=404, outsider=404)
HIDDEN = expect(404)

FIXED_PDF = b"%PDF-1.7\n% permission matrix plans\n"


def _plan_with_parts(actor, partnership, year):
    plan = services.plan_create(actor=actor, partnership=partnership, year=year)
    goal = services.plan_part_save(
        actor=actor, part=StrategicGoal(plan=plan, number=1, title="Ett starkt partnerskap")
    )
    area = services.plan_part_save(
        actor=actor, part=GoalArea(goal=goal, number=1, title="Aktiva representanter")
    )
    indicator = services.plan_part_save(
        actor=actor,
        part=Indicator(
            goal_area=area, number=1, name="Närvaro", unit="percent", target=Decimal("90")
        ),
    )
    return SimpleNamespace(plan=plan, goal=goal, area=area, indicator=indicator)


def setup(org):
    own = _plan_with_parts(permissions.OPERATOR, org.partnership, 2026)
    other = _plan_with_parts(permissions.OPERATOR, other_partnership(org), 2026)
    adopted = services.plan_create(
        actor=permissions.OPERATOR, partnership=org.partnership, year=2025
    )
    Plan.objects.filter(pk=adopted.pk).update(status=Plan.Status.ADOPTED)
    PlanVersion.objects.create(
        plan=adopted,
        number=1,
        pdf=FIXED_PDF,
        sha256=hashlib.sha256(FIXED_PDF).hexdigest(),
        size=len(FIXED_PDF),
        frozen_by=org.staff,
        **documents.twin_fields("<article><h1>Verksamhetsplan 2025</h1></article>"),
    )
    group = Body.objects.create(
        partnership=None,
        kind=Body.Kind.STRATEGY_GROUP,
        slug="strategigrupp-aldre",
        name="Strategigrupp Äldre",
    )
    group_plan = services.plan_create(
        actor=permissions.OPERATOR, body=group, kind=Plan.Kind.ACTION_PLAN, year=2026
    )
    org.plans = SimpleNamespace(
        own=own, other=other, adopted=adopted, group=group, group_plan=group_plan
    )


@contextlib.contextmanager
def fixed_pdf(org):
    """PDF rendering replaced by fixed bytes: the matrix tests who may, not the PDF."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("plans.pdf.render_plan_pdf", lambda plan, **kwargs: FIXED_PDF)
        yield


def plan(name):
    return lambda org: {"pk": getattr(org.plans, name).plan.pk}


def part(name, kind, attr):
    return lambda org: {
        "pk": getattr(org.plans, name).plan.pk,
        "kind": kind,
        "part_id": getattr(getattr(org.plans, name), attr).pk,
    }


def texts(org, kwargs):
    return {"title": "Verksamhetsplan 2026", "vision": "Tillsammans.", "introduction": ""}


def _survey_upload(org, kwargs):
    """A good survey file for our plan 2026 (its indicator made a survey indicator)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    Indicator.objects.filter(pk=org.plans.own.indicator.pk).update(survey_question="Närvaro")
    text = "ar,natverk,fraga,andel_mycket_nojda,antal_svar\n2026,IFO,Närvaro,50,10\n"
    return {
        "year": 2026,
        "file": SimpleUploadedFile("enkat.csv", text.encode(), content_type="text/csv"),
    }


SPECS = [
    Spec(
        "plans:index",
        own=lambda org: {"slug": org.partnership.slug},
        other=lambda org: {"slug": org.plans.other.plan.partnership.slug},
        get={"own": READ, "other": expect(404, pks_member=403)},
    ),
    Spec(
        "plans:create",
        own=lambda org: {"slug": org.partnership.slug},
        other=lambda org: {"slug": org.plans.other.plan.partnership.slug},
        post={
            "own": expect(403, staff=302, pks_member=403, outsider=404),
            "other": expect(404, pks_member=403),
        },
        data=lambda org, kwargs: {"year": 2027},
    ),
    Spec(
        "plans:goals",
        own=lambda org: {"slug": org.partnership.slug, "year": 2026},
        other=lambda org: {"slug": org.plans.other.plan.partnership.slug, "year": 2026},
        get={"own": READ, "other": expect(404, pks_member=403)},
    ),
    Spec(
        "plans:plan_detail",
        own=plan("own"),
        other=plan("other"),
        more={"adopted": lambda org: {"pk": org.plans.adopted.pk}},
        get={"own": READ_PLAN, "other": HIDDEN, "adopted": READ_PLAN},
    ),
    Spec(
        "plans:plan_edit",
        own=plan("own"),
        other=plan("other"),
        get={"own": STAFF_GET, "other": HIDDEN},
        post={"own": STAFF_POST, "other": HIDDEN},
        data=texts,
    ),
    Spec(
        "plans:propose",
        own=plan("own"),
        other=plan("other"),
        post={"own": STAFF_POST, "other": HIDDEN},
    ),
    Spec(
        "plans:record_adoption",
        own=plan("own"),  # a business plan: refused for staff too (R5), nothing changes
        other=plan("other"),
        more={"group": lambda org: {"pk": org.plans.group_plan.pk}},
        post={"own": STAFF_POST, "other": HIDDEN, "group": expect(404, staff=302)},
        data=lambda org, kwargs: {"reference": "ReKo 2026-01-22 § 3"},
        around=fixed_pdf,
    ),
    Spec(
        "plans:download",
        own=lambda org: {"pk": org.plans.adopted.pk, "number": 1},
        other=lambda org: {"pk": org.plans.other.plan.pk, "number": 1},
        get={"own": READ_PLAN, "other": HIDDEN},
    ),
    Spec(
        "plans:version_web",  # the web twin (issue 15): the PDF's readers
        own=lambda org: {"pk": org.plans.adopted.pk, "number": 1},
        other=lambda org: {"pk": org.plans.other.plan.pk, "number": 1},
        get={"own": READ_PLAN, "other": HIDDEN},
    ),
    Spec(
        "plans:value_enter",
        own=lambda org: {"pk": org.plans.own.plan.pk, "indicator_id": org.plans.own.indicator.pk},
        other=lambda org: {
            "pk": org.plans.other.plan.pk,
            "indicator_id": org.plans.other.indicator.pk,
        },
        get={"own": STAFF_GET, "other": HIDDEN},
        post={"own": STAFF_POST, "other": HIDDEN},
        data=lambda org, kwargs: {
            "year": 2026,
            "period": "q1",
            "value": "88",
            "source": "Närvarolistor",
        },
    ),
    Spec(
        "plans:part_create",
        own=lambda org: {"pk": org.plans.own.plan.pk, "kind": "goal"},
        other=lambda org: {"pk": org.plans.other.plan.pk, "kind": "goal"},
        get={"own": STAFF_GET, "other": HIDDEN},
        post={"own": STAFF_POST, "other": HIDDEN},
        data=lambda org, kwargs: {"number": 2, "title": "Vi stärker kompetensen i länet"},
    ),
    Spec(
        "plans:part_create_in",
        own=lambda org: {
            "pk": org.plans.own.plan.pk,
            "kind": "indicator",
            "parent_id": org.plans.own.area.pk,
        },
        other=lambda org: {
            "pk": org.plans.other.plan.pk,
            "kind": "indicator",
            "parent_id": org.plans.other.area.pk,
        },
        get={"own": STAFF_GET, "other": HIDDEN},
        post={"own": STAFF_POST, "other": HIDDEN},
        data=lambda org, kwargs: {
            "number": 2,
            "name": "Närvaro vid PKS",
            "unit": "percent",
            "direction": "higher",
            "target": "90",
        },
    ),
    Spec(
        "plans:part_edit",
        own=part("own", "area", "area"),
        other=part("other", "area", "area"),
        get={"own": STAFF_GET, "other": HIDDEN},
        post={"own": STAFF_POST, "other": HIDDEN},
        data=lambda org, kwargs: {"number": 1, "title": "Samtliga kommuner är aktiva"},
    ),
    Spec(
        "plans:part_delete",
        own=part("own", "indicator", "indicator"),
        other=part("other", "indicator", "indicator"),
        post={"own": STAFF_POST, "other": HIDDEN},
    ),
    Spec(
        "plans:management_system",
        get={"own": expect(200, pks_member=403, outsider=403)},
    ),
    Spec(
        "plans:group_plans",
        own=lambda org: {"body_slug": org.plans.group.slug},
        get={"own": expect(200, pks_member=403, outsider=403)},
    ),
    Spec(
        "plans:group_plan_create",
        own=lambda org: {"body_slug": org.plans.group.slug},
        post={"own": expect(403, staff=302)},
        data=lambda org, kwargs: {"kind": "strategy", "year": 2026},
    ),
    Spec(
        "plans:survey_import",
        own=lambda org: {"slug": org.partnership.slug},
        other=lambda org: {"slug": org.plans.other.plan.partnership.slug},
        get={"own": expect(403, staff=200, outsider=404), "other": expect(404)},
        # The upload saves nothing (the preview comes first): a redirect to the preview.
        post={"own": expect(403, staff=302, outsider=404), "other": expect(404)},
        data=_survey_upload,
    ),
    Spec(
        "plans:survey_import_confirm",
        own=lambda org: {"slug": org.partnership.slug},
        other=lambda org: {"slug": org.plans.other.plan.partnership.slug},
        get={"own": expect(403, staff=302, outsider=404), "other": expect(404)},
        post={"own": expect(403, staff=302, outsider=404), "other": expect(404)},
        data=lambda org, kwargs: {"digest": "0" * 64},
        writes=False,
    ),
]
