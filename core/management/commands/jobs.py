from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core import jobs
from core.models import JobRun


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "–"


class Command(BaseCommand):
    help = (
        "The scheduled jobs: `jobs status` shows when each last ran, how it went and when it "
        "runs next (exits with 1 when a job is late or failed); `jobs run NAME` runs one now."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("status", help="When each job last ran and whether it failed.")
        run = sub.add_parser("run", help="Run one job now (logged like a scheduled run).")
        run.add_argument("name", choices=sorted(jobs.JOBS))

    def handle(self, *args, **options):
        if options["action"] == "run":
            return self.run(options["name"])
        return self.status()

    def run(self, name):
        record = jobs.run(jobs.JOBS[name])
        if record is None:
            raise CommandError(f"{name} körs redan av en annan process.")
        self.stdout.write(f"{name}: {record.get_status_display()}\n{record.message}")
        if record.status == JobRun.Status.FAILED:
            raise CommandError(f"{name} misslyckades.")

    def status(self):
        now = timezone.now()
        latest = jobs.latest_runs()
        problems = {problem.job.name: problem.what for problem in jobs.problems(now)}
        for job in jobs.SCHEDULE:
            run = latest[job.name]
            if run is None:
                result = "har aldrig körts"
            else:
                result = str(run.get_status_display())
            marker = {"late": "  << FÖRSENAD", "failed": "  << MISSLYCKADES"}.get(
                problems.get(job.name), ""
            )
            self.stdout.write(f"{job.name} ({job.when}){marker}")
            self.stdout.write(f"  {job.description}")
            self.stdout.write(
                f"  senast: start {_when(run and run.started_at)}, "
                f"slut {_when(run and run.finished_at)}, {result}"
            )
            if run is not None and run.message:
                first = run.message.splitlines()[-1]
                self.stdout.write(f"  meddelande: {first}")
            self.stdout.write(f"  nästa: {_when(job.next_due(now))}")
        if problems:
            raise CommandError("Jobb som är försenade eller misslyckades: " + ", ".join(problems))
