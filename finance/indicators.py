"""Indicators computed from the funding sources (R62, R25), for plans' registry.

"Andelen extern finansiering av verksamheten" (seed 001, goal 1): the share of the
year's funding that does not come from the municipalities' fee: the conditional
regional funds, state grants and other external funds (R23, R25).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.money import format_kr
from finance.models import FundingSource
from plans.indicators import Computation, Computed

EXTERNAL_FUNDING = "external_funding_share"


def external_funding_shares(*, partnership, periods) -> dict:
    """Percent of each period's year's funding sources that are external (not the fee),
    every year asked for in one query.

    Funding sources are yearly figures, so the share is the same in every period.
    """
    totals: dict[int, list[Decimal]] = {}  # year -> [total, external]
    rows = (
        FundingSource.objects.filter(partnership=partnership, year__in={y for y, _q in periods})
        .order_by()
        .values_list("year", "kind", "amount")
    )
    for year, kind, amount in rows:
        sums = totals.setdefault(year, [Decimal("0"), Decimal("0")])
        sums[0] += amount
        if kind != FundingSource.Kind.FEE:
            sums[1] += amount
    return {(y, q): _share(*totals.get(y, (0, 0))) for y, q in periods}


def _share(total, external) -> Computed | None:
    if not total:
        return None
    share = (external * 100 / total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return Computed(
        value=share,
        source=_("The funding sources of the year's budget"),
        comment=_("External funds %(external)s of in total %(total)s.")
        % {"external": format_kr(external), "total": format_kr(total)},
    )


COMPUTATIONS = [
    Computation(
        key=EXTERNAL_FUNDING,
        label=gettext_lazy("Share of external funding (funding sources)"),
        unit="percent",
        compute_many=external_funding_shares,
    )
]
