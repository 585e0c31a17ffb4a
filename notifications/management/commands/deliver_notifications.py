from django.core.management.base import BaseCommand

from notifications import services


class Command(BaseCommand):
    help = (
        "Send the pending notifications: each at once for those who want that (and a retry "
        "of mails that failed), and the daily and weekly summaries that are due. Safe to "
        "run any number of times: a mail already sent is never sent again."
    )

    def handle(self, *args, **options):
        outcome = services.deliver()
        self.stdout.write(
            f"Skickade {outcome.mails} e-postmeddelanden med {outcome.notifications} "
            f"meddelanden; {outcome.failed} misslyckades."
        )
        if outcome.failed:
            # The job is logged as failed; the mails are tried again by the next run.
            raise SystemExit(1)
