from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from core.errors import DomainError
from partnerships import permissions
from partnerships.models import Partnership
from reporting import services
from reporting.models import Period
from reporting.pdf import render_report


class Command(BaseCommand):
    help = (
        "Render the current draft of a report as PDF (R40-R42). Creates the draft with "
        "default texts (or the previous period's texts) when none exists. Publishes nothing. "
        "Runs as the server operator (no user in the history) unless --actor names a "
        "person of the office."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="Report year, e.g. 2026")
        parser.add_argument(
            "--period",
            required=True,
            choices=[p.value for p in Period],
            help="q1, q2, annual or accounts",
        )
        parser.add_argument(
            "--partnership",
            default="social-valfard",
            help="Partnership slug (default social-valfard)",
        )
        parser.add_argument("--output", required=True, help="PDF file to write")
        permissions.add_actor_argument(parser)

    def handle(self, *args, **options):
        actor = permissions.command_actor(options["actor"])
        try:
            partnership = Partnership.objects.get(slug=options["partnership"])
        except Partnership.DoesNotExist:
            raise CommandError(f"Partnerskapet {options['partnership']!r} finns inte.") from None
        if not 2020 <= options["year"] <= 2100:
            raise CommandError("Ange ett år mellan 2020 och 2100.")
        try:
            report, created = services.report_get_or_create(
                actor=actor,
                partnership=partnership,
                year=options["year"],
                period=options["period"],
            )
            pdf = render_report(report, draft=True)
        except PermissionDenied:
            raise permissions.command_refusal(options["actor"]) from None
        except DomainError as error:
            raise CommandError(error.message) from error
        output = Path(options["output"])
        try:
            output.write_bytes(pdf)
        except OSError as error:
            raise CommandError(f"Kan inte skriva {output}: {error}") from error
        if created:
            self.stdout.write(f"Nytt utkast skapat: {report.title}.")
        self.stdout.write(
            self.style.SUCCESS(f"{report.title} skriven till {output} ({len(pdf)} byte).")
        )
