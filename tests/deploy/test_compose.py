"""Issue 16 item 4: docker-compose.yml is a valid Compose file (checked against the
Compose Specification's JSON schema, as vendored by check-jsonschema: there is no Docker
here) and has the shape docs/deploy.md describes; the Caddyfile is valid for Caddy."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from ruamel.yaml import YAML

ROOT = Path(settings.BASE_DIR)
COMPOSE = ROOT / "docker-compose.yml"


def validate(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - the validator of our own dev dependencies
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.compose-spec", path],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def compose() -> dict:
    return YAML(typ="safe").load(COMPOSE.read_text(encoding="utf-8"))


def test_the_compose_file_is_valid_against_the_compose_specification():
    result = validate(COMPOSE)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "validation done" in result.stdout


def test_the_validator_refuses_a_misspelt_compose_file(tmp_path):
    broken = tmp_path / "docker-compose.yml"
    text = COMPOSE.read_text(encoding="utf-8")
    broken.write_text(text.replace("    stop_grace_period:", "    stop_grace_periode:"), "utf-8")
    result = validate(broken)
    assert result.returncode == 1
    assert "stop_grace_periode" in result.stdout


def test_the_stack_has_database_app_scheduler_and_tls_proxy(compose):
    services = compose["services"]
    assert set(services) == {"db", "app", "scheduler", "caddy"}
    assert services["db"]["image"] == "postgres:15"  # pg_dump in the image is version 15
    assert services["app"]["command"][:3] == ["gunicorn", "kommunalutveckling.wsgi", "-c"]
    assert (ROOT / services["app"]["command"][3]).is_file()
    assert "ports" not in services["app"]  # only Caddy reaches it
    assert services["scheduler"]["command"] == ["python", "manage.py", "run_scheduler"]
    assert services["caddy"]["ports"] == ["80:80", "443:443", "443:443/udp"]
    caddyfile = services["caddy"]["volumes"][0].split(":")[0]
    assert (ROOT / caddyfile).resolve() == ROOT / "deploy" / "Caddyfile"
    for name in ("app", "scheduler"):
        assert services[name]["volumes"] == ["backups:/backups"]
        assert services[name]["environment"]["BACKUP_DIR"] == "/backups"
        assert services[name]["env_file"] == ".env"
    assert set(compose["volumes"]) == {"pgdata", "backups", "caddy_data", "caddy_config"}


def test_the_example_environment_names_every_setting_the_stack_requires():
    example = (ROOT / "deploy" / "env.example").read_text(encoding="utf-8")
    for name in ("SITE_DOMAIN", "ACME_EMAIL", "SECRET_KEY", "POSTGRES_PASSWORD", "EMAIL_HOST"):
        assert f"\n{name}=" in example
    assert ".env" in (ROOT / ".gitignore").read_text(encoding="utf-8").split()


@pytest.mark.skipif(shutil.which("caddy") is None, reason="caddy is not installed (apt: caddy)")
def test_the_caddyfile_is_valid_for_caddy(tmp_path):
    environment = dict(
        os.environ,
        SITE_DOMAIN="ku.example.se",
        ACME_EMAIL="it@example.se",
        XDG_DATA_HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path),
    )
    result = subprocess.run(  # noqa: S603 - caddy from the system, our own file
        [
            shutil.which("caddy"),
            "validate",
            "--config",
            str(ROOT / "deploy/Caddyfile"),
            "--adapter",
            "caddyfile",
        ],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Valid configuration" in result.stdout + result.stderr
