from django.core.management.base import BaseCommand, CommandError

from core.errors import DomainError
from core.money import format_kr, format_number
from finance import exports, selectors
from partnerships.models import Partnership


class Command(BaseCommand):
    help = (
        "Print the fee split per member municipality for a year (R22). "
        "--format csv gives kommunkod,kommun,folkmangd,andel,avgift_kr; "
        "the amounts add up exactly to the fee."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="Fee year, e.g. 2026")
        parser.add_argument(
            "--partnership", default="social-valfard", help="Partnership slug (social-valfard)"
        )
        parser.add_argument(
            "--format",
            choices=["table", "csv"],
            default="table",
            help="table (readable, default) or csv",
        )

    def handle(self, *args, **options):
        try:
            partnership = Partnership.objects.get(slug=options["partnership"])
        except Partnership.DoesNotExist:
            raise CommandError(f"Okänt partnerskap '{options['partnership']}'.") from None
        try:
            allocation = selectors.fee_allocation(partnership=partnership, year=options["year"])
        except DomainError as error:
            raise CommandError(error.message) from error
        fee = allocation.fee
        note = (
            ""
            if fee.decided
            else f"Obs: avgiften för {allocation.year} är inte beslutad; beloppen är beräknade."
        )
        if options["format"] == "csv":
            self.stdout.write(exports.allocation_csv(allocation), ending="")
            if note:
                self.stderr.write(note)
            return
        status = "beslutad" if fee.decided else "EJ BESLUTAD, beräknad"
        self.stdout.write(f"{partnership.name}")
        self.stdout.write(
            f"Avgift {allocation.year}: {format_kr(fee.amount)} ({status}); "
            f"folkmängd per {allocation.population_date:%Y-%m-%d}"
        )
        self.stdout.write("")
        self.stdout.write(f"{'Kod':<6}{'Kommun':<14}{'Folkmängd':>12}{'Andel':>11}{'Avgift':>16}")
        for row in allocation.rows:
            self.stdout.write(
                f"{row.code:<6}{row.name:<14}{format_number(row.population):>12}"
                f"{row.share:>11.6f}{format_kr(row.amount):>16}"
            )
        self.stdout.write(
            f"{'':<6}{'Summa':<14}{format_number(allocation.total_population):>12}"
            f"{'':>11}{format_kr(allocation.total_amount):>16}"
        )
        if note:
            self.stdout.write(note)
