"""Permission matrix: finance. One Spec per named URL of finance/urls.py (see __init__.py).

Staff (manage_partnership) write; members (read_partnership) read; PKS members
see the fee split only (R22); outsiders and other partnerships get 404.
"""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from finance import services
from finance.models import FundingSource
from partnerships import permissions
from partnerships.models import PopulationFigure
from tests.security.matrix import Spec, expect
from tests.security.matrix.partnerships import other_partnership

STAFF_ONLY = expect(403, staff=200, outsider=404)
STAFF_WRITES = expect(403, staff=302, outsider=404)
MEMBERS_READ = expect(200, pks_member=403, outsider=404)
EVERYONE_IN_IT = expect(200, outsider=404)


def _slug(org):
    return {"slug": org.partnership.slug}


def _other(org):
    return {"slug": other_partnership(org).slug}


def _year(year):
    return lambda org: {"slug": org.partnership.slug, "year": year}


def _other_year(year):
    return lambda org: {"slug": other_partnership(org).slug, "year": year}


def _with_populations(org):
    for municipality in org.municipalities.values():
        PopulationFigure.objects.get_or_create(
            municipality=municipality,
            date=datetime.date(2024, 12, 31),
            defaults={"population": 10000, "source": "SCB (test)"},
        )
    return {"slug": org.partnership.slug, "year": 2026}


# Objects are set up by the operator: the other partnership has no office among the personas.
def _budget(org, partnership=None):
    return services.budget_create(
        actor=permissions.OPERATOR, partnership=partnership or org.partnership, year=2026
    )


def _with_budget(org):
    _budget(org)
    return {"slug": org.partnership.slug, "year": 2026}


def _other_budget(org):
    other = other_partnership(org)
    _budget(org, other)
    return {"slug": other.slug, "year": 2026}


def _line(org, partnership=None):
    partnership = partnership or org.partnership
    line = services.budget_line_create(
        actor=permissions.OPERATOR,
        budget=_budget(org, partnership),
        area="Funktionsstöd",
        name="Funktionsstöd",
        ledger_code="FUNK",
        budget_amount=Decimal("1000"),
    )
    return {"slug": partnership.slug, "year": 2026, "pk": line.pk}


def _source(org, partnership=None):
    partnership = partnership or org.partnership
    source = services.funding_source_save(
        actor=permissions.OPERATOR,
        partnership=partnership,
        year=2026,
        kind=FundingSource.Kind.STATE_GRANT,
        name="Statsbidrag",
        amount=Decimal("100"),
    )
    return {"slug": partnership.slug, "year": 2026, "pk": source.pk}


LINE_DATA = {
    "area": "Individ och familj",
    "ledger_code": "IFO",
    "budget_amount": "5000",
    "version": "1",
}


def _upload(org, kwargs):
    text = "ar,kvartal,kod,belopp\n2026,1,FUNK,100\n"
    return {"file": SimpleUploadedFile("utfall.csv", text.encode(), content_type="text/csv")}


def _import_target(org):
    kwargs = _line(org)
    return {"slug": kwargs["slug"], "year": 2026}


def _other_import_target(org):
    kwargs = _line(org, other_partnership(org))
    return {"slug": kwargs["slug"], "year": 2026}


SPECS = [
    Spec(
        "finance:overview",
        own=_slug,
        other=_other,
        get={"own": MEMBERS_READ, "other": expect(404)},
    ),
    Spec(
        "finance:allocation",
        own=_with_populations,
        other=_other_year(2026),
        get={"own": EVERYONE_IN_IT, "other": expect(404)},
    ),
    Spec(
        "finance:allocation_csv",
        own=_with_populations,
        other=_other_year(2026),
        # PKS reads every partnership (R50): the other year has no figures to export.
        get={"own": EVERYONE_IN_IT, "other": expect(404, pks_member=302)},
    ),
    Spec(
        "finance:allocation_xlsx",
        own=_with_populations,
        other=_other_year(2026),
        # PKS reads every partnership (R50): the other year has no figures to export.
        get={"own": EVERYONE_IN_IT, "other": expect(404, pks_member=302)},
    ),
    Spec(
        "finance:fee_index",
        own=_year(2027),
        other=_other_year(2027),
        get={"own": STAFF_ONLY, "other": expect(404)},
        post={"own": STAFF_WRITES, "other": expect(404)},
        data=lambda org, kwargs: {"percent": "3,0", "source": "SKR PKV"},
    ),
    Spec(
        "finance:fee_decide",
        own=_year(2026),
        other=_other_year(2026),
        get={"own": STAFF_ONLY, "other": expect(404)},
        post={"own": STAFF_WRITES, "other": expect(404)},
        data=lambda org, kwargs: {"confirm": "on", "reference": "PKS § 1"},
    ),
    Spec(
        "finance:budget_create",
        own=_slug,
        other=_other,
        post={"own": STAFF_WRITES, "other": expect(404)},
        data=lambda org, kwargs: {"year": "2027"},
    ),
    Spec(
        "finance:budget",
        own=_with_budget,
        other=_other_budget,
        get={"own": MEMBERS_READ, "other": expect(404)},
    ),
    Spec(
        "finance:budget_outcome",
        own=_with_budget,
        other=_other_budget,
        get={"own": MEMBERS_READ, "other": expect(404)},
    ),
    Spec(
        "finance:line_create",
        own=_with_budget,
        other=_other_budget,
        get={"own": STAFF_ONLY, "other": expect(404)},
        post={"own": STAFF_WRITES, "other": expect(404)},
        data=lambda org, kwargs: LINE_DATA,
    ),
    Spec(
        "finance:line_edit",
        own=_line,
        other=lambda org: _line(org, other_partnership(org)),
        get={"own": STAFF_ONLY, "other": expect(404)},
        post={"own": STAFF_WRITES, "other": expect(404)},
        data=lambda org, kwargs: LINE_DATA,
    ),
    Spec(
        "finance:line_delete",
        own=_line,
        other=lambda org: _line(org, other_partnership(org)),
        get={"own": STAFF_ONLY, "other": expect(404)},
        post={"own": STAFF_WRITES, "other": expect(404)},
        data=lambda org, kwargs: {"version": "1"},
    ),
    Spec(
        "finance:funding_source_create",
        own=_year(2026),
        other=_other_year(2026),
        get={"own": STAFF_ONLY, "other": expect(404)},
        post={"own": STAFF_WRITES, "other": expect(404)},
        data=lambda org, kwargs: {"kind": "other_external", "name": "Fond", "amount": "5"},
    ),
    Spec(
        "finance:funding_source_edit",
        own=_source,
        other=lambda org: _source(org, other_partnership(org)),
        get={"own": STAFF_ONLY, "other": expect(404)},
        post={"own": STAFF_WRITES, "other": expect(404)},
        data=lambda org, kwargs: {
            "kind": "state_grant",
            "name": "Statsbidrag",
            "amount": "7",
            "version": "1",
        },
    ),
    Spec(
        "finance:outcomes_import",
        own=_import_target,
        other=_other_import_target,
        get={"own": STAFF_ONLY, "other": expect(404)},
        post={"own": STAFF_WRITES, "other": expect(404)},
        data=_upload,
    ),
]
