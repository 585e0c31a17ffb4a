"""Issue 16 item 3: the scheduled jobs, their log (JobRun), `jobs status` and /healthz."""

import datetime
import io
import zoneinfo

import pytest
import time_machine
from django.core.management import CommandError, call_command

from core import jobs
from core.models import JobRun

pytestmark = pytest.mark.django_db

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 12, day, hour, minute, tzinfo=STOCKHOLM)


@pytest.fixture
def commands(monkeypatch):
    """The jobs' commands replaced by a recorder; a name in `failing` raises."""
    calls = []
    failing = set()

    def fake(name, *args, stdout=None, stderr=None):
        calls.append(name)
        if name in failing:
            raise RuntimeError(f"{name} could not reach the server")
        stdout.write(f"{name} klart\n")

    monkeypatch.setattr(jobs, "call_command", fake)
    fake.calls, fake.failing = calls, failing
    return fake


def test_daily_and_interval_jobs_are_due_on_stockholm_wall_clock():
    backup, deliver = jobs.JOBS["backup"], jobs.JOBS["deliver_notifications"]
    assert backup.last_due(at(2, 1, 59)) == at(1, 2)
    assert backup.last_due(at(2, 2, 0)) == at(2, 2)
    assert backup.next_due(at(2, 2, 0)) == at(3, 2)
    assert deliver.last_due(at(2, 10, 14)) == at(2, 10, 0)
    assert deliver.last_due(at(2, 10, 15)) == at(2, 10, 15)
    assert deliver.next_due(at(2, 23, 50)) == at(3, 0, 0)
    # Summer time starts 2027-03-28 at 02.00: the backup still runs at 02.00 on the 29th.
    spring = datetime.datetime(2027, 3, 29, 12, tzinfo=STOCKHOLM)
    assert backup.last_due(spring).utcoffset() == datetime.timedelta(hours=2)
    assert backup.last_due(spring).hour == 2


def test_a_first_round_runs_every_job_once_and_logs_it(commands):
    with time_machine.travel(at(2, 10, 5)):
        runs = jobs.run_due()
        assert sorted(run.name for run in runs) == sorted(jobs.JOBS)
        assert jobs.run_due() == []  # the same minute again: nothing is due
    assert sorted(commands.calls) == sorted(job.command for job in jobs.SCHEDULE)
    run = JobRun.objects.get(name="send_reminders")
    assert run.status == JobRun.Status.OK
    assert run.message == "send_reminders klart"
    assert run.finished_at >= run.started_at


def test_later_rounds_run_only_what_became_due(commands):
    with time_machine.travel(at(2, 10, 5)):
        jobs.run_due()
    commands.calls.clear()
    with time_machine.travel(at(2, 10, 16)):
        assert [run.name for run in jobs.run_due()] == ["deliver_notifications"]
    with time_machine.travel(at(3, 6, 1)):  # overnight: one catch-up run each
        names = sorted(run.name for run in jobs.run_due())
    assert names == ["backup", "clearsessions", "deliver_notifications", "send_reminders"]


def test_a_failing_job_is_logged_as_failed_and_the_others_still_run(commands, caplog):
    commands.failing.add("send_reminders")
    with time_machine.travel(at(2, 10, 5)):
        runs = {run.name: run for run in jobs.run_due()}
    assert runs["send_reminders"].status == JobRun.Status.FAILED
    assert (
        "RuntimeError: send_reminders could not reach the server" in runs["send_reminders"].message
    )
    assert runs["backup"].status == JobRun.Status.OK
    assert "job send_reminders failed" in caplog.text


def test_a_job_that_exits_is_failed_not_a_dead_scheduler(commands, monkeypatch):
    def exits(name, *args, stdout=None, stderr=None):
        raise SystemExit(1)

    monkeypatch.setattr(jobs, "call_command", exits)
    record = jobs.run(jobs.JOBS["deliver_notifications"])
    assert record.status == JobRun.Status.FAILED and record.message == "SystemExit: 1"


def test_no_problem_is_reported_before_the_scheduler_ever_ran():
    assert jobs.problems(at(2, 10)) == []


def test_a_job_past_its_grace_is_late_and_a_failed_one_is_reported(commands):
    with time_machine.travel(at(2, 10, 5)):
        jobs.run_due()
    assert jobs.problems(at(2, 10, 40)) == []  # the 10.15 and 10.30 runs are within grace
    late = jobs.problems(at(2, 11, 20))  # no run since 10.05: 10.30 is 50 minutes ago
    assert [(p.job.name, p.what) for p in late] == [("deliver_notifications", "late")]
    # The next morning nothing has run: the 02.00 backup is within its grace until 05.00,
    # the 03.00 clearing of sessions until 05.00.
    assert {p.job.name for p in jobs.problems(at(3, 4, 30))} == {"deliver_notifications"}
    names = {p.job.name for p in jobs.problems(at(3, 5, 30))}
    assert names == {"deliver_notifications", "clearsessions", "backup"}
    commands.failing.add("backup")
    with time_machine.travel(at(3, 6, 5)):
        jobs.run_due()
    assert [(p.job.name, p.what) for p in jobs.problems(at(3, 6, 10))] == [("backup", "failed")]


def test_healthz_says_ok_or_names_the_late_and_failed_jobs(client, commands):
    assert client.get("/healthz").content == b"ok"
    commands.failing.add("backup")
    with time_machine.travel(at(2, 10, 5)):
        jobs.run_due()
    with time_machine.travel(at(2, 12, 0)):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"jobs failed: backup; late: deliver_notifications"
    assert response["Cache-Control"].startswith("max-age=0")


def test_healthz_reads_the_runs_at_most_once_a_minute(client, commands, django_assert_num_queries):
    with time_machine.travel(at(2, 10, 5)):
        jobs.run_due()
        with django_assert_num_queries(1 + len(jobs.SCHEDULE)):
            assert client.get("/healthz").status_code == 200
        with django_assert_num_queries(1):  # SELECT 1 only
            assert client.get("/healthz").status_code == 200


def test_jobs_status_shows_each_job_and_fails_when_one_is_late(commands):
    with time_machine.travel(at(2, 10, 5)):
        jobs.run_due()
        out = io.StringIO()
        call_command("jobs", "status", stdout=out)
    text = out.getvalue()
    assert "backup (dagligen 02.00)" in text
    assert "senast: start 2026-12-02 10:05, slut 2026-12-02 10:05, lyckades" in text
    assert "nästa: 2026-12-03 02:00" in text
    with time_machine.travel(at(2, 12, 0)), pytest.raises(CommandError, match="deliver_notif"):
        call_command("jobs", "status", stdout=io.StringIO())


def test_jobs_run_runs_one_job_and_logs_it(commands):
    out = io.StringIO()
    call_command("jobs", "run", "clearsessions", stdout=out)
    assert commands.calls == ["clearsessions"]
    assert JobRun.objects.get().name == "clearsessions"
    commands.failing.add("clearsessions")
    with pytest.raises(CommandError, match="misslyckades"):
        call_command("jobs", "run", "clearsessions", stdout=out)


def test_run_scheduler_once_runs_one_round(commands):
    out = io.StringIO()
    call_command("run_scheduler", "--once", stdout=out)
    assert JobRun.objects.count() == len(jobs.SCHEDULE)
    assert "backup: lyckades" in out.getvalue()
