from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from core.errors import DomainError
from finance import selectors, services
from partnerships import permissions
from partnerships.models import Partnership


class Command(BaseCommand):
    help = (
        "Import quarterly outcomes from a ledger CSV (UTF-8, header ar,kvartal,kod,belopp; "
        "comma or semicolon separated) into a year's budget (R25). All or nothing: any bad "
        "line aborts the whole import with its line number. Runs as the server operator "
        "(no user in the history) unless --actor names a person of the office."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file to import")
        parser.add_argument("--year", type=int, required=True, help="Budget year, e.g. 2026")
        parser.add_argument(
            "--partnership", default="social-valfard", help="Partnership slug (social-valfard)"
        )
        permissions.add_actor_argument(parser)

    def handle(self, *args, **options):
        actor = permissions.command_actor(options["actor"])
        partnership = Partnership.objects.filter(slug=options["partnership"]).first()
        if partnership is None:
            raise CommandError(f"Okänt partnerskap '{options['partnership']}'.")
        budget = selectors.budget_for_year(partnership=partnership, year=options["year"])
        if budget is None:
            raise CommandError(f"Det finns ingen budget för {options['year']}.")
        try:
            with open(options["file"], encoding="utf-8") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Kan inte läsa filen: {error}") from error
        try:
            result = services.outcomes_import(actor=actor, budget=budget, text=text)
        except PermissionDenied:
            raise permissions.command_refusal(options["actor"]) from None
        except DomainError as error:
            raise CommandError(f"Importen avbröts, inget sparades. {error.message}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Utfall importerat: {result.rows} kvartalsbelopp på {result.lines} budgetrader."
            )
        )
