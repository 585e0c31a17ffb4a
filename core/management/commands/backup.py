import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Back up the database (scripts/backup.py: pg_dump in custom format, plus media) into "
        "BACKUP_DIR, then remove backups older than BACKUP_KEEP_DAYS (the newest is always kept)."
    )

    def handle(self, *args, **options):
        directory = Path(settings.BACKUP_DIR)
        script = Path(settings.BASE_DIR) / "scripts" / "backup.py"
        result = subprocess.run(  # noqa: S603 - our own script, fixed arguments
            [sys.executable, str(script), "--output-dir", str(directory)],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise CommandError(result.stderr.strip() or result.stdout.strip())
        self.stdout.write(result.stdout.strip())
        removed = prune(directory, keep_days=settings.BACKUP_KEEP_DAYS)
        self.stdout.write(
            f"Tog bort {removed} säkerhetskopior äldre än {settings.BACKUP_KEEP_DAYS} dagar."
        )


def prune(directory: Path, *, keep_days: int) -> int:
    """Remove backups older than `keep_days` days, never the newest dump."""
    dumps = sorted(directory.glob("ku-*.dump"), key=lambda p: p.stat().st_mtime)
    cutoff = time.time() - keep_days * 86400
    removed = 0
    for dump in dumps[:-1]:
        if dump.stat().st_mtime < cutoff:
            dump.unlink()
            media = dump.with_name(dump.name.removesuffix(".dump") + "-media.tar.gz")
            media.unlink(missing_ok=True)
            removed += 1
    return removed
