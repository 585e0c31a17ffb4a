"""Demo meetings for `seed_demo` (labelled as demo; the people are the demo's fictional ones).

The PKS meeting of 2025-05-08 (seed 004, § 92-106) is recorded through the
services as it happened: the office (kansli) records it, the chair (pks-0680)
and the adjuster (pks-0682) adjust it, Eksjö's member takes part digitally,
§ 98 concerns the partnership's agreement and § 100 gives an open assignment.
Every other body gets one upcoming meeting with a draft agenda.
Idempotent: running it again changes nothing.
"""

from __future__ import annotations

import datetime
import io

from django.contrib.auth import get_user_model

from meetings import minutes, services
from meetings.models import Attendance, Meeting
from partnerships import permissions
from partnerships.models import Body

MEETING_DAY = datetime.date(2025, 5, 8)
FIRST_NUMBER = 92
# The chief of Kommunal utveckling, a guest of PKS (fictional, demo).
CHIEF = ("Lennart Vik", "chef Kommunal utveckling (demo)")

# The meeting's own items between the standing ones: title, kind, presenters,
# text, attachment, decision (seed 004 § 95-103, people replaced by fictional ones).
INFORMED = (
    "Primärkommunalt samverkansorgan beslutar\n\n"
    "att med godkännande lägga informationen till handlingarna."
)
ITEMS = [
    (
        "Ung företagsverksamhet",
        "information",
        "Petra Ljung",
        "Vid dagens möte informeras PKS om planering och dimensionering samt ung "
        "företagsverksamhet och deras finansieringsbehov.",
        "§95. Presentation Ung företagsverksamhet.pdf",
        INFORMED,
    ),
    (
        "Information om brottsofferjouren",
        "information",
        "Irene Sundin och Arvid Pålsson",
        "Vid dagens möte informeras PKS om brottsofferjouren och dess verksamhet.\n\n"
        "I dag finns 77 idéburna offentliga partnerskap (IOP) mellan kommuner och lokala "
        "brottsofferjourer runt om i landet. Utöver dessa har ytterligare 59 kommuner andra "
        "former av samverkansavtal med brottsofferjourer.\n\n"
        "För att tydliggöra respektive parts åtaganden samt skapa långsiktiga och hållbara "
        "förutsättningar för brottsofferjourens stödverksamhet uttryckte Brottsofferjouren "
        "önskemål om att ingå avtal med kommunerna i Jönköpings län. De kommer att återkomma "
        "till respektive kommun med en skrivelse i detta ärende.",
        "§96. BOJ presentation för PKS.pdf",
        INFORMED,
    ),
    (
        "Redovisning av forskningssamverkan inom Kommunal utveckling för länets kommuner",
        "information",
        CHIEF[0],
        "Vid dagens möte informeras PKS om den forskningssamverkan som bedrivs inom "
        "Kommunal utveckling för länets kommuner.",
        "§97. Pågående forskning och samverkan.pdf",
        "Primärkommunalt samverkansorgan beslutar\n\natt lägga informationen till handlingarna.",
    ),
    (
        "Samverkansavtal för partnerskapet Social välfärd och hälso- och sjukvård",
        "decision",
        "Lotta Ekdahl, Pia Enqvist och Anna Boman",
        "Länets socialchefer har gemensamt arbetat fram ett förslag till samverkansavtal. "
        "Förslaget har delgivits PKS ledamöter inför dagens sammanträde. Det konstaterades att "
        "avtalet inte innebär några större budgetmässiga förändringar jämfört med tidigare, "
        "utan främst innebär en förändrad struktur för samverkan.\n\n"
        f"{CHIEF[0]} informerade om att personalen vid Kommunal utveckling den 15 maj är "
        "inbjudna till information och dialog rörande det pågående förändringsarbetet inom "
        "Partnerskap social välfärd samt hälso- och sjukvård. I samband med detta kommer en "
        "risk- och konsekvensanalys att genomföras.\n\n"
        "Det nya samverkansavtalet träder i kraft 1 juni 2025 efter beslut i PKS samt efter "
        "genomförda förhandlingar med arbetsgivarens parter.",
        "§98. Tjänsteskrivelse Avtal Social Välfärd och Hälso- och sjukvård.pdf",
        "Primärkommunalt samverkansorgan beslutar\n\natt ställa sig bakom att Kommunal "
        "utveckling genomför förändringen enligt det framtagna avtalet avseende Partnerskapet "
        "Social välfärd och hälso- och sjukvård i Jönköpings län.",
    ),
    (
        "Delrapportering av kommundirektörernas uppdrag med anledning av PKS beslut om "
        "budget för 2025 för Kommunal utveckling",
        "report_in",
        "Jonas Frid, stadsdirektör, och Annika Holm, kommundirektör Vaggeryds kommun",
        "Vid dagens möte redovisades den uppföljning som kommundirektörerna gjort med "
        "anledning av PKS uppdrag angående finansieringen av Kommunal utvecklings verksamhet. "
        "En del av arbetet är att verkställa det socialcheferna har kommit fram till i "
        "samverkansavtalet för partnerskapet Social välfärd och hälso- och sjukvård.\n\n"
        "Miljösamverkan och Fritidssamverkan fortsätter med sina utvecklingsprocesser i "
        "enlighet med verksamhetsplanerna. Skolcheferna kommer att föra en dialog om det finns "
        "något inom sitt partnerskap som kan utvecklas av de erfarenheter socialcheferna "
        "utvecklat i sitt samverkansavtal.\n\n"
        "I övrigt redovisades kort den dialog som förs med Länsstyrelsen och Regionen om en "
        "utvecklad samverkansform i länet.",
        "",
        INFORMED,
    ),
    (
        "Samordningsförbunden i Jönköpings län",
        "decision",
        CHIEF[0],
        "PKS ledamöter har inför sammanträdet tagit del av en tjänsteskrivelse som innehåller "
        "en sammanfattning av de olika utredningar och uppdrag som genomförts tidigare "
        "angående samordningsförbunden i Jönköpings län.",
        "§100. Samordningsförbunden – Sammanfattning 2025.pdf",
        "Primärkommunalt samverkansorgan beslutar\n\natt ge kommundirektörerna i uppdrag att "
        "undersöka i länets kommuner, samt förankra frågan med den politiska ledningen, för att "
        "få en uppfattning om hur respektive kommun ser på den aktuella frågan om att skapa ett "
        "samordningsförbund i Jönköpings län. Uppdraget omfattar även att ta hänsyn till "
        "tidigare genomförda utredningar och omvärldspaning för att se om det finns "
        "förutsättningar för att genomföra någon förändring.",
    ),
    (
        "IT-spåret",
        "decision",
        CHIEF[0],
        "Höglandets samordningsförbund och Södra Vätterbygdens samordningsförbund har fattat "
        "beslut om finansiering på 600 000 kronor vardera för IT-spåret. Finnvedens "
        "samordningsförbund har fattat beslut om finansiering på 400 000 kronor, därmed "
        "saknas i dagsläget finansiering på 200 000 kronor för IT-spåret.",
        "",
        "Primärkommunalt samverkansorgan beslutar\n\natt mot bakgrund av "
        "samordningsförbundens beslut konstateras att det inte finns full finansiering. "
        "PKS meddelar Regionen detta.",
    ),
    (
        "Information från chefen på Kommunal utveckling",
        "information",
        CHIEF[0],
        "Med anledning av att länets socialchefer har fattat beslut om att säga upp avtalet "
        "med länsorganisationen Familjehemsresursen kommer chefen på Kommunal utveckling att "
        "skicka information till länets socialchefer. I informationen framgår att de tre "
        "personer som är övertaliga på Kommunal utveckling ska kunna erbjudas eventuella "
        "tjänster som skapas i länets kommuner.",
        "",
        "",
    ),
    (
        "Naturbruksgymnasiet",
        "information",
        "Thomas Dahl, Stefan Lindholm och Kerstin Hellström",
        "PKS presidium informerar om den information som erhållits från skolchefen för "
        "naturbruksgymnasierna gällande förändringar av skrivningar i skollagen.\n\n"
        "Region Jönköpings län är huvudman för naturbruksutbildningen vid Stora Segerstad "
        "naturbrukscentrum och Tenhults naturbruksgymnasium.\n\n"
        "Det samverkansavtal som finns mellan regionen och kommunerna reviderades i januari "
        "2023. För att genomföra förändringar i det nuvarande samverkansavtalet krävs beslut "
        "från samtliga kommuner i länet. De ändringar som görs i skollagen bedöms inte utgöra "
        "skäl för revidering av hela samverkansavtalet utan de frågor som behöver utvecklas "
        "kan hanteras inom det befintliga avtalet.",
        "",
        INFORMED,
    ),
]
# What the standing items recorded (seed 004 § 92-94, 104-106), by position on the agenda.
STANDING = {
    0: (
        "Ordföranden hälsar välkommen till dagens sammanträde med Primärkommunalt samverkansorgan.",
        "",
    ),
    1: ("", "Att tillsammans med ordföranden justera dagens protokoll utses Kerstin Hellström."),
    2: ("", "Föredragningslistan fastställs."),
    -3: ("", "PKS beslutade att informera Kommunalt forum om beslutet angående IT-spåret."),
    -2: ("Inga inkomna ärenden behandlades denna gång.", ""),
    -1: ("Inga anmälningsärenden behandlades denna gång.", ""),
}
OTHER_BUSINESS = (
    "Med anledning av Thomas Dahls sista sammanträde som PKS ordförande framförde PKS "
    "ledamöter sitt tack till Thomas."
)


def _placeholder_pdf(title: str) -> bytes:
    """A one-page PDF standing in for a presentation (the real files are not public)."""
    text = f"Demo: {title}".encode("latin-1", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 14 Tf 60 780 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


class _Upload(io.BytesIO):
    """An in-memory file with a name, as the services read uploads."""

    def __init__(self, name: str, data: bytes):
        super().__init__(data)
        self.name = name

    def chunks(self):
        yield self.getvalue()


def _user(username):
    return get_user_model().objects.get(username=username)


def _pks_meeting(kansli, pks, agreement, forum) -> Meeting:
    chair, adjuster = _user("pks-0680"), _user("pks-0682")
    services.first_number_set(
        actor=kansli, body=pks, year=MEETING_DAY.year, first_number=FIRST_NUMBER
    )
    services.body_settings_set(actor=kansli, body=pks, minutes_public=False, appeal_applies=True)
    meeting = services.meeting_create(
        actor=kansli,
        body=pks,
        date=MEETING_DAY,
        start_time=datetime.time(9, 0),
        end_time=datetime.time(12, 0),
        place="Kommunal utveckling, Jönköping",
        digital=True,
        chair=chair,
        secretary=kansli,
    )
    services.meeting_update(actor=kansli, meeting=meeting, adjusters=[adjuster])
    eksjo = meeting.attendance.get(person__username="pks-0686")
    services.attendance_set(
        actor=kansli, attendance=eksjo, status=Attendance.Status.PRESENT_DIGITALLY
    )
    services.guest_add(actor=kansli, meeting=meeting, name=CHIEF[0], role=CHIEF[1])
    for title, kind, presenters, text, attachment, decision in ITEMS:
        uploads = [_Upload(attachment, _placeholder_pdf(attachment))] if attachment else []
        services.agenda_item_add(
            actor=kansli,
            meeting=meeting,
            title=title,
            kind=kind,
            presenters=presenters,
            background=text,
            proposed_decision=decision,
            uploads=uploads,
        )
    services.agenda_send(actor=kansli, meeting=meeting)
    items = list(meeting.items.order_by("order"))
    paragraphs = {}
    for position, item in enumerate(items):
        standing = STANDING.get(position) or STANDING.get(position - len(items))
        if standing:
            text, decision = standing
        else:
            _t, _k, _p, text, _a, decision = next(row for row in ITEMS if row[0] == item.title)
        title = item.title
        if position == len(items) - 3:
            title = "Genomgång av ärende på kommande Kommunalt forums dagordning 9 maj"
        paragraph = minutes.paragraph_record(
            actor=kansli, meeting=meeting, item=item, title=title, text=text, decision=decision
        )
        paragraphs[paragraph.number] = paragraph
    minutes.other_business_set(actor=kansli, meeting=meeting, text=OTHER_BUSINESS)
    minutes.paragraph_link_add(actor=kansli, paragraph=paragraphs[98], target=agreement)
    minutes.assignment_add(
        actor=kansli,
        paragraph=paragraphs[100],
        owner="Kommundirektörerna",
        description="Undersöka i länets kommuner och förankra med den politiska ledningen hur "
        "respektive kommun ser på att skapa ett samordningsförbund i Jönköpings län.",
        due_date=datetime.date(2025, 10, 9),
    )
    if forum is not None:
        minutes.referral_add(
            actor=kansli,
            paragraph=paragraphs[104],
            to_body=forum,
            title="Information från PKS: finansieringen av IT-spåret",
            note="PKS konstaterade 2025-05-08 (§ 101) att det inte finns full finansiering "
            "för IT-spåret.",
        )
    minutes.minutes_complete(actor=kansli, meeting=meeting)
    meeting.refresh_from_db()
    minutes.minutes_adjust(actor=chair, meeting=meeting, sha256=meeting.review_sha256)
    minutes.minutes_adjust(actor=adjuster, meeting=meeting, sha256=meeting.review_sha256)
    return meeting


def _upcoming(kansli, body: Body, day: datetime.date) -> None:
    """One upcoming meeting with a draft agenda (not sent)."""
    if Meeting.objects.filter(body=body, date__gte=permissions.today()).exists():
        return
    meeting = services.meeting_create(
        actor=kansli,
        body=body,
        date=day,
        start_time=datetime.time(13, 0) if body.kind != Body.Kind.PKS else datetime.time(9, 0),
        end_time=datetime.time(15, 0) if body.kind != Body.Kind.PKS else datetime.time(12, 0),
        place="Kommunal utveckling, Jönköping" if body.kind == Body.Kind.PKS else "",
        digital=body.kind != Body.Kind.PKS,
    )
    services.agenda_item_add(
        actor=kansli,
        meeting=meeting,
        title="Information från Kommunal utveckling",
        kind="information",
        presenters=CHIEF[0],
        background="Aktuellt från kansliet sedan förra mötet.",
    )


def seed(stdout=None, *, kansli=None, pks=None, agreement=None, management_system=None, **_):
    """The seed 004 PKS meeting, adjusted, and one upcoming meeting of each body."""
    forum = (management_system or {}).get("kommunalt-forum")
    if not Meeting.objects.filter(body=pks, date=MEETING_DAY).exists():
        _pks_meeting(kansli, pks, agreement, forum)
    first_day = permissions.today() + datetime.timedelta(days=14)
    bodies = Body.objects.exclude(kind=Body.Kind.OFFICE).order_by("pk")
    for offset, body in enumerate(bodies):
        _upcoming(kansli, body, first_day + datetime.timedelta(days=offset))
    if stdout:
        stdout.write("Sammanträden: PKS 2025-05-08 § 92–106 justerat, kommande möten per organ.")
    return {}
