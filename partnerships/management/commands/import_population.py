from django.core.management.base import BaseCommand, CommandError

from core.errors import DomainError
from partnerships import services


class Command(BaseCommand):
    help = (
        "Import population figures from a CSV file (UTF-8, header "
        "kommunkod,kommun,datum,folkmangd; comma or semicolon separated). "
        "All or nothing: any bad line aborts the whole import with its line number."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file to import")
        parser.add_argument(
            "--source", default="SCB", help="Source of the figures, stored with each (default SCB)"
        )

    def handle(self, *args, **options):
        try:
            with open(options["file"], encoding="utf-8") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Kan inte läsa filen: {error}") from error
        try:
            result = services.population_import(actor=None, text=text, source=options["source"])
        except DomainError as error:
            raise CommandError(f"Importen avbröts, inget sparades. {error.message}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Folkmängd importerad: {result.created} nya, {result.updated} ändrade, "
                f"{result.unchanged} oförändrade."
            )
        )
