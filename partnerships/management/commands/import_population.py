from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from core.errors import DomainError
from partnerships import permissions, services


class Command(BaseCommand):
    help = (
        "Import population figures from a CSV file (UTF-8, header "
        "kommunkod,kommun,datum,folkmangd; comma or semicolon separated). "
        "All or nothing: any bad line aborts the whole import with its line number. "
        "Runs as the server operator (no user in the history) unless --actor names a "
        "person of the office."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file to import")
        parser.add_argument(
            "--source", default="SCB", help="Source of the figures, stored with each (default SCB)"
        )
        permissions.add_actor_argument(parser)

    def handle(self, *args, **options):
        actor = permissions.command_actor(options["actor"])
        try:
            with open(options["file"], encoding="utf-8") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Kan inte läsa filen: {error}") from error
        try:
            result = services.population_import(actor=actor, text=text, source=options["source"])
        except PermissionDenied:
            raise permissions.command_refusal(options["actor"]) from None
        except DomainError as error:
            raise CommandError(f"Importen avbröts, inget sparades. {error.message}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Folkmängd importerad: {result.created} nya, {result.updated} ändrade, "
                f"{result.unchanged} oförändrade."
            )
        )
