from django.core.management.base import BaseCommand, CommandError

from matters import services


class Command(BaseCommand):
    help = (
        "Email a reminder to each socialchef (and deputy) whose municipality has not yet decided "
        "on a matter that is ready for decision and due within N days (overdue included)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=3, help="Remind about matters due within this many days."
        )

    def handle(self, *args, **options):
        if options["days"] < 0:
            raise CommandError("--days måste vara 0 eller större.")
        sent = services.send_reminders(days=options["days"])
        self.stdout.write(f"Skickade {sent} påminnelser.")
