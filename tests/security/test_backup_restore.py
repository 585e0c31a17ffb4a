"""Backup and restore (make backup / make restore): a restored copy holds exactly the same data."""

import io
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

BASE_DIR = Path(settings.BASE_DIR)


def url_for(database: str) -> str:
    """DATABASE_URL of the test server, pointing at `database`."""
    db = connection.settings_dict
    auth = quote(db["USER"] or "")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"])
    host = db["HOST"] or "localhost"
    query = ""
    if host.startswith("/"):
        host, query = "", f"host={quote(db['HOST'])}"
    netloc = f"{auth}@{host}" if auth else host
    if db["PORT"]:
        netloc += f":{db['PORT']}"
    return urlunsplit(("postgres", netloc, "/" + database, query, ""))


def run(script, *args, database, media):
    env = dict(os.environ, DATABASE_URL=url_for(database), MEDIA_ROOT=str(media))
    return subprocess.run(  # noqa: S603 - our own scripts
        [sys.executable, str(BASE_DIR / "scripts" / script), *args],
        env=env,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )


def fingerprint(database) -> dict:
    env = dict(os.environ, DATABASE_URL=url_for(database))
    env.setdefault("DJANGO_SETTINGS_MODULE", "kommunalutveckling.settings")
    result = subprocess.run(  # noqa: S603 - our own scripts
        [sys.executable, "-m", "tests.security.fingerprint"],
        env=env,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def fresh_database(transactional_db):
    name = f"ku_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_restores_into_a_fresh_database_with_the_same_content(fresh_database, tmp_path):
    call_command("seed_demo", stdout=io.StringIO())
    source = connection.settings_dict["NAME"]
    media = tmp_path / "media"
    (media / "uploads").mkdir(parents=True)
    (media / "uploads" / "bilaga.txt").write_text("protokoll", encoding="utf-8")
    backups = tmp_path / "backups"

    made = run("backup.py", "--output-dir", str(backups), database=source, media=media)
    assert made.returncode == 0, made.stderr
    dump = next(backups.glob("*.dump"))
    assert dump.with_name(dump.stem + "-media.tar.gz").exists()
    assert "make restore FILE=" in made.stdout

    restored_media = tmp_path / "restored-media"
    restored = run("restore.py", str(dump), database=fresh_database, media=restored_media)
    assert restored.returncode == 0, restored.stderr
    assert (restored_media / "uploads" / "bilaga.txt").read_text(encoding="utf-8") == "protokoll"

    original, copy = fingerprint(source), fingerprint(fresh_database)
    assert len(original["population"]) == 13
    assert len(original["memberships"]) > 20
    assert original["tables"]["partnerships_historicalmembership"][0] > 0
    # Issue 7: the same fee allocation and the same published report checksums.
    assert sum(int(row[2]) for row in original["fee_allocation"]["social-valfard 2026"]) == 6200000
    assert original["report_checksums"], "the demo publishes the Q1 2026 report"
    assert all(stored == recomputed for *_, stored, recomputed in original["report_checksums"])
    assert copy == original


def test_restore_refuses_a_non_empty_database_without_force(fresh_database, tmp_path):
    call_command("seed_demo", stdout=io.StringIO())
    source = connection.settings_dict["NAME"]
    media = tmp_path / "media"
    made = run("backup.py", "--output-dir", str(tmp_path), database=source, media=media)
    assert made.returncode == 0, made.stderr
    assert "Inga mediefiler" in made.stdout
    dump = next(tmp_path.glob("*.dump"))
    assert run("restore.py", str(dump), database=fresh_database, media=media).returncode == 0
    before = fingerprint(fresh_database)

    refused = run("restore.py", str(dump), database=fresh_database, media=media)
    assert refused.returncode == 2
    assert "är inte tom" in refused.stderr and "--force" in refused.stderr
    assert fingerprint(fresh_database) == before

    forced = run("restore.py", str(dump), "--force", database=fresh_database, media=media)
    assert forced.returncode == 0, forced.stderr
    assert fingerprint(fresh_database) == before == fingerprint(source)


def test_clear_messages_for_missing_settings_and_bad_files(tmp_path, db):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    script = str(BASE_DIR / "scripts" / "backup.py")
    no_url = subprocess.run([sys.executable, script], env=env, capture_output=True, text=True)  # noqa: S603
    assert no_url.returncode == 2 and "DATABASE_URL är inte satt" in no_url.stderr

    not_a_dump = tmp_path / "fel.dump"
    not_a_dump.write_text("inte en säkerhetskopia", encoding="utf-8")
    database = connection.settings_dict["NAME"]
    result = run("restore.py", str(not_a_dump), database=database, media=tmp_path)
    assert result.returncode == 2 and "ingen säkerhetskopia" in result.stderr
    missing = run(
        "restore.py", str(tmp_path / "finns-inte.dump"), database=database, media=tmp_path
    )
    assert missing.returncode == 2 and "Hittar ingen" in missing.stderr

    sqlite = dict(env, DATABASE_URL="sqlite:///var/demo.sqlite3")
    refused = subprocess.run([sys.executable, script], env=sqlite, capture_output=True, text=True)  # noqa: S603
    assert refused.returncode == 2 and "PostgreSQL" in refused.stderr


def test_url_for_points_at_the_named_database(db):
    assert urlsplit(url_for("kopia")).path == "/kopia"
