#!/usr/bin/env python3
"""Restore a backup made by scripts/backup.py into the database named by DATABASE_URL.

Refuses to write over a database that already has tables (or a media directory
that already has files) unless --force is given; with --force the backup's
tables replace the existing ones. The restore runs in one transaction: it
succeeds as a whole or changes nothing.

Usage: DATABASE_URL=postgres://... scripts/restore.py FILE.dump [--force]
"""

import argparse
import subprocess
import sys
import tarfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pgenv import (  # noqa: E402
    binary,
    database_env,
    database_url,
    fail,
    media_archive_for,
    media_root,
)


def connect(env: dict):
    import psycopg

    return psycopg.connect(
        host=env.get("PGHOST"),
        port=env.get("PGPORT"),
        user=env.get("PGUSER"),
        password=env.get("PGPASSWORD"),
        dbname=env["PGDATABASE"],
    )


def table_count(env: dict) -> int:
    import psycopg

    try:
        with connect(env) as connection:
            row = connection.execute(
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
            ).fetchone()
            return row[0]
    except psycopg.Error as error:
        fail(f"Kan inte ansluta till databasen {env['PGDATABASE']}: {error}", 1)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", help="the .dump file written by scripts/backup.py")
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace the contents of a database (and media directory) that is not empty",
    )
    args = parser.parse_args(argv)

    dump = Path(args.file)
    if not dump.is_file():
        fail(f"Hittar ingen säkerhetskopia {dump}.")
    env = database_env(database_url())
    listing = subprocess.run(
        [binary("pg_restore"), "--list", str(dump)], env=env, capture_output=True, text=True
    )
    if listing.returncode != 0:
        fail(f"{dump} är ingen säkerhetskopia i pg_dump:s custom-format (gjord med make backup).")

    archive = media_archive_for(dump)
    media = media_root()
    existing = table_count(env)
    if existing and not args.force:
        fail(
            f"Databasen {env['PGDATABASE']} är inte tom ({existing} tabeller). Inget ändrades.\n"
            "Återställ till en tom databas, eller lägg till --force (make restore FILE=... "
            "FORCE=1) för att ersätta innehållet med säkerhetskopians."
        )
    if archive.exists() and media.is_dir() and any(media.iterdir()) and not args.force:
        fail(
            f"Mediekatalogen {media} är inte tom. Inget ändrades. "
            "Använd --force för att skriva över."
        )

    print(f"Återställer {dump} till databasen {env['PGDATABASE']} ...")
    command = [
        binary("pg_restore"),
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        f"--dbname={env['PGDATABASE']}",
    ]
    if existing:
        command += ["--clean", "--if-exists"]
    result = subprocess.run([*command, str(dump)], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        fail(f"pg_restore misslyckades; databasen är oförändrad:\n{result.stderr.strip()}", 1)
    print("Databasen återställd.")

    if archive.exists():
        media.mkdir(parents=True, exist_ok=True)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(media, filter="data")
        print(f"Mediefiler återställda till {media}.")
    print("Klart. Kör `python manage.py migrate` om koden är nyare än säkerhetskopian.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
