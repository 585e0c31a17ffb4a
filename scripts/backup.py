#!/usr/bin/env python3
"""Back up the database named by DATABASE_URL (and the media directory, if not empty).

Writes ku-<database>-<UTC time>.dump in pg_dump's custom format (restore with
scripts/restore.py or pg_restore), and beside it ku-...-media.tar.gz when
MEDIA_ROOT holds files. Published report PDFs live in the database, so the
dump alone holds every decision, figure and report.

Usage: DATABASE_URL=postgres://... scripts/backup.py [--output-dir var/backups]
"""

import argparse
import datetime
import subprocess
import sys
import tarfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pgenv import (  # noqa: E402
    BASE_DIR,
    binary,
    database_env,
    database_url,
    fail,
    media_archive_for,
    media_root,
)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--output-dir",
        default=str(BASE_DIR / "var" / "backups"),
        help="directory for the backup files (default var/backups)",
    )
    args = parser.parse_args(argv)

    env = database_env(database_url())
    output_dir = Path(args.output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
    dump = output_dir / f"ku-{env['PGDATABASE']}-{stamp}.dump"
    partial = dump.with_suffix(".dump.partial")

    print(f"Säkerhetskopierar databasen {env['PGDATABASE']} till {dump} ...")
    result = subprocess.run(
        [
            binary("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--file={partial}",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        partial.unlink(missing_ok=True)
        fail(f"pg_dump misslyckades, ingen säkerhetskopia skrevs:\n{result.stderr.strip()}", 1)
    partial.rename(dump)
    print(f"Databasen klar: {dump} ({dump.stat().st_size} byte).")

    media = media_root()
    if media.is_dir() and any(media.iterdir()):
        archive = media_archive_for(dump)
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(media, arcname=".")
        print(f"Mediefiler från {media}: {archive}")
    else:
        print(f"Inga mediefiler i {media}; bara databasen säkerhetskopierades.")
    print(f"Återställ med: make restore FILE={dump}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
