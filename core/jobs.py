"""The scheduled jobs: what runs when, each run logged as a `JobRun` (issue 16 item 3).

The schedule is data: each job is a management command (named, not imported, so this
bottom layer knows no app above it) with a time of day or an interval, in
Europe/Stockholm wall-clock time. `manage.py run_scheduler` runs every job whose
latest scheduled time has no run yet, so a scheduler that was down catches up once
(not once per missed slot); `manage.py jobs status` and `/healthz` report a job whose
run is overdue or failed. Every job is safe to run again: reminders and digests are
kept once per (person, kind, key) by notifications, sessions and backups are
idempotent by nature.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import logging
import zlib
from contextlib import contextmanager

from django.core.cache import cache
from django.core.management import call_command
from django.db import close_old_connections, connection
from django.utils import timezone

from core.models import JobRun

logger = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Job:
    """A management command run at `at` every day, or every `every` from midnight on."""

    name: str
    command: str
    description: str
    args: tuple[str, ...] = ()
    at: datetime.time | None = None
    every: datetime.timedelta | None = None
    # How long after its scheduled time a job may still be running or about to run
    # before /healthz calls it late.
    grace: datetime.timedelta = datetime.timedelta(hours=1)

    def last_due(self, now: datetime.datetime) -> datetime.datetime:
        """The latest scheduled time at or before `now`."""
        local = timezone.localtime(now)
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        if self.every is not None:
            steps = (local - midnight) // self.every
            return midnight + steps * self.every
        due = local.replace(hour=self.at.hour, minute=self.at.minute, second=0, microsecond=0)
        return due if due <= local else due - datetime.timedelta(days=1)

    def next_due(self, now: datetime.datetime) -> datetime.datetime:
        if self.every is not None:
            return self.last_due(now) + self.every
        return self.last_due(now) + datetime.timedelta(days=1)

    @property
    def when(self) -> str:
        if self.every is not None:
            return f"var {int(self.every.total_seconds() // 60)}:e minut"
        return f"dagligen {self.at:%H.%M}"


SCHEDULE: tuple[Job, ...] = (
    Job(
        "deliver_notifications",
        "deliver_notifications",
        "E-post som ska skickas direkt (och nya försök) samt dags- och veckosammanfattningar",
        every=datetime.timedelta(minutes=15),
        grace=datetime.timedelta(minutes=45),
    ),
    Job(
        "send_reminders",
        "send_reminders",
        "Påminnelser om beslut som snart ska vara fattade och om deltagande i projekt",
        args=("--days", "3"),
        at=datetime.time(6, 0),
        grace=datetime.timedelta(hours=2),
    ),
    Job(
        "clearsessions",
        "clearsessions",
        "Tar bort utgångna inloggningssessioner",
        at=datetime.time(3, 0),
        grace=datetime.timedelta(hours=2),
    ),
    Job(
        "backup",
        "backup",
        "Säkerhetskopia av databasen (pg_dump) till säkerhetskopiornas volym",
        at=datetime.time(2, 0),
        grace=datetime.timedelta(hours=3),
    ),
)
JOBS = {job.name: job for job in SCHEDULE}


def latest_runs() -> dict[str, JobRun | None]:
    """The newest run of each scheduled job (one indexed look-up per job)."""
    return {
        job.name: JobRun.objects.filter(name=job.name).order_by("-started_at").first()
        for job in SCHEDULE
    }


def due_jobs(now: datetime.datetime, latest: dict | None = None) -> list[Job]:
    """The jobs whose latest scheduled time has no run yet."""
    latest = latest_runs() if latest is None else latest
    return [
        job
        for job in SCHEDULE
        if latest[job.name] is None or latest[job.name].started_at < job.last_due(now)
    ]


@dataclasses.dataclass(frozen=True)
class Problem:
    job: Job
    what: str  # "late" or "failed"
    run: JobRun | None


def problems(now: datetime.datetime | None = None) -> list[Problem]:
    """Jobs that have not run on time or whose latest run failed.

    Before the scheduler has ever run (no run of any job: a development machine, a test
    database) there is nothing to report.
    """
    now = now or timezone.now()
    latest = latest_runs()
    if not any(latest.values()):
        return []
    found = []
    for job in SCHEDULE:
        run = latest[job.name]
        if run is not None and run.status == JobRun.Status.FAILED:
            found.append(Problem(job, "failed", run))
        elif run is None or run.started_at < job.last_due(now - job.grace):
            found.append(Problem(job, "late", run))
    return found


HEALTH_CACHE_KEY = "core.jobs.health"
HEALTH_CACHE_SECONDS = 60


def health_summary() -> str:
    """ "" when every job is on time, else e.g. "late: backup; failed: send_reminders".

    Kept for a minute per process, so /healthz reads the runs at most once a minute.
    """
    summary = cache.get(HEALTH_CACHE_KEY)
    if summary is None:
        by_kind: dict[str, list[str]] = {}
        for problem in problems():
            by_kind.setdefault(problem.what, []).append(problem.job.name)
        summary = "; ".join(
            f"{what}: {', '.join(names)}" for what, names in sorted(by_kind.items())
        )
        cache.set(HEALTH_CACHE_KEY, summary, HEALTH_CACHE_SECONDS)
    return summary


@contextmanager
def _exclusive(name: str):
    """On PostgreSQL, a session lock per job: a second scheduler (or `jobs run` by hand)
    does not run the same job at the same time. Yields whether the lock was taken."""
    if connection.vendor != "postgresql":
        yield True
        return
    key = zlib.crc32(f"ku-job:{name}".encode())
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        (taken,) = cursor.fetchone()
    try:
        yield taken
    finally:
        if taken:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


def run(job: Job, *, if_due_at: datetime.datetime | None = None) -> JobRun | None:
    """Run one job now and log it; None when another process is running it or, with
    `if_due_at`, has run it since it became due."""
    with _exclusive(job.name) as taken:
        if not taken:
            logger.info("job %s is running elsewhere; not started", job.name)
            return None
        if if_due_at is not None and job not in due_jobs(if_due_at):
            return None  # another scheduler ran it meanwhile
        record = JobRun.objects.create(name=job.name)
        output = io.StringIO()
        logger.info("job %s started", job.name, extra={"job": job.name})
        try:
            call_command(job.command, *job.args, stdout=output, stderr=output)
        except (Exception, SystemExit) as error:  # a job's failure must not stop the others
            record.status = JobRun.Status.FAILED
            detail = f"{type(error).__name__}: {error}"
            logger.exception("job %s failed", job.name, extra={"job": job.name})
        else:
            record.status = JobRun.Status.OK
            detail = ""
        record.finished_at = timezone.now()
        lines = [line for line in output.getvalue().splitlines() if line.strip()]
        record.message = "\n".join([*lines[-5:], detail]).strip()[:2000]
        record.save(update_fields=["status", "finished_at", "message"])
        logger.info(
            "job %s %s",
            job.name,
            record.status,
            extra={"job": job.name, "seconds": (record.finished_at - record.started_at).seconds},
        )
        cache.delete(HEALTH_CACHE_KEY)
        return record


def run_due(now: datetime.datetime | None = None) -> list[JobRun]:
    """One round of the scheduler: run every job that is due, one after the other."""
    if not connection.in_atomic_block:
        close_old_connections()  # a long-lived process: drop connections gone stale
    now = now or timezone.now()
    runs = []
    for job in due_jobs(now):
        record = run(job, if_due_at=now)
        if record is not None:
            runs.append(record)
    return runs
