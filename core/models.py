import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Attachment(models.Model):
    """A file attached to a record: its bytes kept in the database with their SHA-256.

    The app servers are stateless, so the bytes live in the database like a published
    report's PDF (R42). Created only through `core.attachments`, which checks the content
    (not the name) against an allow-list; never changed once saved.
    """

    data = models.BinaryField(_("content"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    file_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size (bytes)"))
    content_type = models.CharField(_("file type"), max_length=120)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    # The bytes are frozen; history keeps who and when without copying them.
    history = HistoricalRecords(excluded_fields=["data"])

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["-uploaded_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(size__gte=1), name="attachment_not_empty"),
        ]

    def __str__(self) -> str:
        return self.file_name

    def checksum_ok(self, data: bytes) -> bool:
        return hashlib.sha256(data).hexdigest() == self.sha256


class JobRun(models.Model):
    """One run of a scheduled job (core/jobs.py): when it started and ended, and how it went.

    Written by the scheduler and `manage.py jobs run` only; `manage.py jobs status` and
    /healthz read the newest run of each job.
    """

    class Status(models.TextChoices):
        RUNNING = "running", _("running")
        OK = "ok", _("succeeded")
        FAILED = "failed", _("failed")

    name = models.CharField(_("job"), max_length=64)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(
        _("result"), max_length=16, choices=Status.choices, default=Status.RUNNING
    )
    # The command's last lines of output, or the error; ids only, never personal data.
    message = models.TextField(_("message"), blank=True)

    class Meta:
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["name", "-started_at"], name="jobrun_latest")]

    def __str__(self) -> str:
        return f"{self.name} {self.started_at:%Y-%m-%d %H:%M} {self.status}"


class WebTwin(models.Model):
    """The web twin of a published document version (issue 15): the same frozen content
    as its PDF, as an accessible HTML fragment with its SHA-256 (see core/documents.py).

    Abstract: a version model (reports, minutes, plans) inherits it and saves both in
    the same INSERT as its PDF. Empty for versions published before web twins existed.
    """

    html = models.TextField(_("web version"), blank=True)
    html_sha256 = models.CharField(_("SHA-256 of the web version"), max_length=64, blank=True)

    class Meta:
        abstract = True

    @property
    def has_web_twin(self) -> bool:
        return bool(self.html_sha256)
