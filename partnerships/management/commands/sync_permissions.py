from django.core.management.base import BaseCommand

from partnerships import permissions


class Command(BaseCommand):
    help = (
        "Re-derive everybody's object permissions from their memberships (R30). "
        "Run daily so memberships with future start or end dates take effect."
    )

    def handle(self, *args, **options):
        count = permissions.sync_all()
        self.stdout.write(self.style.SUCCESS(f"Behörigheter synkade för {count} personer."))
