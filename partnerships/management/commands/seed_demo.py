from importlib import import_module, util

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

# Each app with a `demo` module adds its part, in this order; each gets what the
# earlier ones returned.
DEMO_APPS = ("partnerships", "projects", "finance", "reporting")


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

    @transaction.atomic
    def handle(self, *args, **options):
        context: dict = {}
        for app in DEMO_APPS:
            if util.find_spec(f"{app}.demo") is None:
                continue
            result = import_module(f"{app}.demo").seed(stdout=self.stdout, **context) or {}
            context.update(result)
        self.stdout.write(self.style.SUCCESS("Demodata klar."))
        if options["logins"]:
            from partnerships.demo import demo_logins

            self.stdout.write(f"\nDemoinloggningar (lösenord: {settings.DEMO_PASSWORD}):")
            for username, what in demo_logins():
                self.stdout.write(f"  {username:<18} {what}")
