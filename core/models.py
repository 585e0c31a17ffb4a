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
