from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from core.errors import DomainError
from partnerships import permissions
from partnerships.models import Partnership
from plans import survey


class Command(BaseCommand):
    help = (
        "Import the yearly evaluation survey's aggregates per network from a CSV file "
        "(UTF-8, header ar,natverk,fraga,andel_mycket_nojda,antal_svar; comma or semicolon "
        "separated) into the partnership's business plan of the year (R63). All or nothing: "
        "any bad line aborts the whole import with its line number. Runs as the server "
        "operator (no user in the history) unless --actor names a person of the office."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file to import")
        parser.add_argument("--year", type=int, required=True, help="The survey's year")
        parser.add_argument(
            "--partnership",
            metavar="SLUG",
            help="The partnership (needed when there is more than one)",
        )
        permissions.add_actor_argument(parser)

    def _partnership(self, slug):
        if slug:
            try:
                return Partnership.objects.get(slug=slug)
            except Partnership.DoesNotExist:
                raise CommandError(f"Partnerskapet {slug!r} finns inte.") from None
        partnerships = list(Partnership.objects.all()[:2])
        if len(partnerships) != 1:
            raise CommandError("Ange partnerskapet med --partnership SLUG.")
        return partnerships[0]

    def handle(self, *args, **options):
        actor = permissions.command_actor(options["actor"])
        partnership = self._partnership(options["partnership"])
        try:
            with open(options["file"], encoding="utf-8") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Kan inte läsa filen: {error}") from error
        try:
            result = survey.survey_import(
                actor=actor, partnership=partnership, year=options["year"], text=text
            )
        except PermissionDenied:
            raise permissions.command_refusal(options["actor"]) from None
        except DomainError as error:
            raise CommandError(f"Importen avbröts, inget sparades. {error.message}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Utvärderingsenkät {options['year']} importerad: {result.created} nya, "
                f"{result.updated} ändrade, {result.unchanged} oförändrade, "
                f"{result.removed} borttagna rader; {len(result.outcomes)} mätetal fick värden."
            )
        )
