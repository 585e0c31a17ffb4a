"""The objects a § of the minutes may concern (R54), registered with meetings.linkables.

Here in the top layer, which may import every app: a project, a matter, a published
report, the agreement, a budget, each of the partnerships the actor manages.
"""

from django.utils.translation import gettext_lazy as _

from finance.models import Budget
from matters.models import Matter
from meetings import linkables
from partnerships.models import Agreement
from projects.models import Project
from reporting.models import Report


def register() -> None:
    linkables.register(
        linkables.Kind(
            "project",
            _("Project"),
            lambda ps: (
                Project.objects.filter(portfolio__tactical_group__partnership__in=ps)
                .select_related("portfolio")
                .order_by("title")
            ),
        )
    )
    linkables.register(
        linkables.Kind(
            "matter",
            _("Matter"),
            lambda ps: Matter.objects.filter(partnership__in=ps).order_by("-pk"),
        )
    )
    linkables.register(
        linkables.Kind(
            "report",
            _("Published report"),
            lambda ps: (
                Report.objects.filter(partnership__in=ps, versions__isnull=False)
                .distinct()
                .order_by("-year", "period")
            ),
        )
    )
    linkables.register(
        linkables.Kind(
            "agreement",
            _("Agreement"),
            lambda ps: Agreement.objects.filter(partnership__in=ps).order_by("-effective_from"),
        )
    )
    linkables.register(
        linkables.Kind(
            "budget",
            _("Budget"),
            lambda ps: Budget.objects.filter(partnership__in=ps).order_by("-year"),
        )
    )
