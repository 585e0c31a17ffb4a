import datetime
import signal
import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from core import jobs


class Command(BaseCommand):
    help = (
        "Run the scheduled jobs (core/jobs.py) when they are due, each logged in JobRun: "
        "checks once a minute until stopped (SIGTERM or Ctrl-C lets the running job finish). "
        "A job missed while the scheduler was down runs once when it starts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Run the jobs that are due now, then stop."
        )

    def handle(self, *args, **options):
        self.stopping = False
        if options["once"]:
            self.round()
            return
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        self.stdout.write("Schemaläggaren startad.")
        while not self.stopping:
            started = timezone.now()
            self.round()
            # Sleep to the next whole minute, waking every second to see if we must stop.
            next_minute = started.replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)
            while not self.stopping and timezone.now() < next_minute:
                time.sleep(1)
        self.stdout.write("Schemaläggaren stoppad.")

    def stop(self, signum, frame):
        self.stopping = True

    def round(self):
        for run in jobs.run_due():
            self.stdout.write(f"{run.name}: {run.get_status_display()}")
