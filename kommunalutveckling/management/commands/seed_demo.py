from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from kommunalutveckling import demo
from partnerships.demo import demo_logins


class Command(BaseCommand):
    help = (
        "Load a complete, realistic demo (labelled as demo): the 13 municipalities, "
        "population figures, partnership, agreement, bodies, users for every role, "
        "projects, budgets and reports. Idempotent. Password from DEMO_PASSWORD (default 'demo')."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--logins", action="store_true", help="Print the demo logins when done."
        )

    def handle(self, *args, **options):
        # The demo's people are fictional: the mails that seats and decisions trigger
        # (after commit) are dropped, not sent.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            with transaction.atomic():
                demo.seed(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demodata klar."))
        if options["logins"]:
            self.stdout.write(f"\nDemoinloggningar (lösenord: {settings.DEMO_PASSWORD}):")
            for username, what in demo_logins():
                self.stdout.write(f"  {username:<18} {what}")
