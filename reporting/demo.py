"""Demo reports for `seed_demo`: the Q1 2026 report with texts, published as version 1.

The texts are realistic but fictional and labelled as demo. Publishing needs the
projects and finance data; when those are not available the draft is still made.
Idempotent: running it again changes nothing.
"""

import logging

from django.db import transaction

from core.errors import DomainError
from reporting import services
from reporting.models import Period, Report

logger = logging.getLogger(__name__)

DEMO_TEXTS = {
    "summary": (
        "*Demotext.* Första kvartalet 2026 är det första under det nya samverkansavtalet. "
        "Partnerskapet har gått över till den nya finansieringsmodellen där länets tretton "
        "kommuner gemensamt avsätter 6,2 miljoner kronor, fördelat efter folkmängd.\n\n"
        "Under perioden har de fyra taktiska styrgrupperna bildats och tagit över ansvaret "
        "för sina projektportföljer. Socialchefsnätverket har fastställt verksamhetsplanen "
        "för 2026 i konsensus.\n\n"
        "**Att notera:** den villkorade samverkan med Regionen (2,8 miljoner kronor) är "
        "beviljad för 2026 men saknar finansiell garanti från kommunerna."
    ),
    "development_work": (
        "*Demotext.* Arbetet följer projektstegen: idé, förstudie, planering, genomförande "
        "och överlämning till kommunerna. Ett projekt startar först när minst två kommuner "
        "deltar och det regionala värdet är beskrivet.\n\n"
        "Under kvartalet har flera idéer lyfts i de taktiska styrgrupperna. Tabellerna nedan "
        "visar varje projekts steg, deltagande kommuner, status för gemensamma medel och "
        "budget mot utfall. Projektledarnas kvartalsstatus hämtas direkt från systemet."
    ),
    "management_system": (
        "*Demotext.* Inom ledningssystemet för samverkan mellan Region Jönköpings län och "
        "länets kommuner har ReKo och dess beredningsgrupp sammanträtt två gånger under "
        "perioden. Fokus har legat på:\n\n"
        "- gemensam handlingsplan för nära vård 2026,\n"
        "- samordnad individuell plan (SIP) och uppföljning av utskrivningsklara,\n"
        "- strategigruppernas arbete med barn och unga med psykisk ohälsa."
    ),
    "managed_operations": (
        "*Demotext.* De förvaltande verksamheterna har bedrivits enligt plan. Den "
        "gemensamma kompetensportalen för omsorgspersonal hade under kvartalet drygt "
        "4 000 unika besökare, och länets gemensamma socialjour har hanterat ärenden "
        "utanför kontorstid för samtliga kommuner."
    ),
    "economy": (
        "*Demotext.* Utfallet efter första kvartalet ligger i nivå med budget. Prognosen "
        "för helåret visar en mindre avvikelse inom äldreomsorg och hälso- och sjukvård, "
        "som hanteras inom ramen för partnerskapets disponibla medel.\n\n"
        "Budgeten omfattar inte Kommunal utvecklings egna administrationskostnader."
    ),
}

DEMO_YEAR = 2026


def seed(stdout=None, *, partnership=None, kansli=None, **context) -> dict:
    """Draft Q1 2026 with demo texts, and publish version 1 when the report data exists."""
    if partnership is None or kansli is None:
        return {}
    report, created = services.report_get_or_create(
        actor=kansli, partnership=partnership, year=DEMO_YEAR, period=Period.Q1
    )
    if created:
        services.report_update_texts(actor=kansli, report=report, texts=DEMO_TEXTS)
    published = report.versions.exists()
    if not published:
        try:
            # A savepoint, so a failure leaves the rest of the demo intact.
            with transaction.atomic():
                services.report_publish(actor=kansli, report=report)
            published = True
        except DomainError as error:
            logger.warning("Demo report not published: %s", error.message)
    if stdout:
        state = "publicerad" if published else "utkast (kunde inte publiceras)"
        stdout.write(f"Rapporter: {report.title} – {state}.")
    return {"reports": {Period.Q1: Report.objects.get(pk=report.pk)}}
