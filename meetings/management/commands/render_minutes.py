import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meetings import pdf, selectors
from meetings.models import Meeting
from partnerships.models import Body


class Command(BaseCommand):
    help = (
        "Write the minutes of a body's meeting on a day as PDF (R55): the frozen, adjusted "
        "version when the minutes are adjusted, else a draft marked UTKAST. Changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--body", required=True, help="The body's slug, e.g. pks")
        parser.add_argument("--date", required=True, help="The meeting day, YYYY-MM-DD")
        parser.add_argument(
            "--partnership",
            help="The partnership's slug, for a body of one partnership whose slug is not unique",
        )
        parser.add_argument("--output", required=True, help="PDF file to write")

    def handle(self, *args, **options):
        try:
            day = datetime.date.fromisoformat(options["date"])
        except ValueError:
            raise CommandError("Ange datumet som ÅÅÅÅ-MM-DD.") from None
        bodies = Body.objects.filter(slug=options["body"])
        if options["partnership"]:
            bodies = bodies.filter(partnership__slug=options["partnership"])
        if not bodies:
            raise CommandError(f"Organet {options['body']!r} finns inte.")
        if len(bodies) > 1:
            raise CommandError("Flera organ har den förkortningen: ange --partnership.")
        meeting = (
            Meeting.objects.filter(body=bodies[0], date=day)
            .exclude(status=Meeting.Status.CANCELLED)
            .order_by("start_time")
            .first()
        )
        if meeting is None:
            raise CommandError(f"{bodies[0].name} har inget sammanträde {day:%Y-%m-%d}.")
        version = selectors.current_minutes_version(meeting)
        if version is not None:
            data = bytes(version.pdf)
            if not version.checksum_ok(data):
                raise CommandError("Det lagrade protokollet stämmer inte med sin kontrollsumma.")
            what = f"justerat protokoll, version {version.number}"
        else:
            data = pdf.render_minutes(meeting, draft=True)
            what = "utkast"
        output = Path(options["output"])
        try:
            output.write_bytes(data)
        except OSError as error:
            raise CommandError(f"Kan inte skriva {output}: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"{meeting} ({what}) skrivet till {output}."))
