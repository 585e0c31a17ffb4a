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


def external_funding_share(*, partnership, year: int, through_quarter: int) -> Computed | None:
    """Percent of the year's funding sources that are external (not the fee).

    Funding sources are yearly figures, so the share is the same in every period.
    """
    total = external = Decimal("0")
    for kind, amount in FundingSource.objects.filter(
        partnership=partnership, year=year
    ).values_list("kind", "amount"):
        total += amount
        if kind != FundingSource.Kind.FEE:
            external += amount
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
        compute=external_funding_share,
    )
]
