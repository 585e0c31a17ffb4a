"""Issue 14: Swedish error pages with DEBUG off, the demo's settings, the menu, the favicon."""

import json
import os
import secrets
import stat
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib import admin
from django.test import Client, RequestFactory, override_settings
from django.urls import resolve, reverse
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.views.defaults import server_error

from kommunalutveckling.settings import demo_secret_key
from kommunalutveckling.templatetags.navigation import main_nav
from reporting import services as report_services
from reporting.models import Period
from tests.factories import UserFactory
from tests.projects.conftest import ready_request

pytestmark = pytest.mark.django_db

BASE_DIR = Path(settings.BASE_DIR)


def assert_swedish_page(response, status, heading):
    assert response.status_code == status
    html = response.content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert "Tillbaka till start" in html  # a way back
    assert 'class="site-header"' in html  # the site's layout, not Django's bare page
    assert "Traceback" not in html and "URLconf" not in html


# --- Error pages with DEBUG off ------------------------------------------------------------


@override_settings(DEBUG=False)
def test_a_draft_report_url_answers_a_pks_member_with_the_swedish_404_page(client, org):
    report = report_services.report_create(
        actor=org.staff, partnership=org.partnership, year=2026, period=Period.Q1
    )
    client.force_login(org.pks_member)
    response = client.get(reverse("reporting:detail", args=[report.pk]))
    assert_swedish_page(response, 404, "Sidan finns inte")
    # The signed-in person keeps the menu.
    assert 'aria-label="Huvudmeny"' in response.content.decode()


@override_settings(DEBUG=False)
def test_an_unknown_address_answers_with_the_swedish_404_page(client):
    response = client.get("/finns-inte/")
    assert_swedish_page(response, 404, "Sidan finns inte")
    assert "Using the URLconf" not in response.content.decode()


@override_settings(DEBUG=False)
def test_a_refused_page_answers_with_the_swedish_403_page(client, org):
    # The history pages are for kansliet only; the admin refuses one without an office seat.
    client.force_login(org.socialchef_aneby)
    history = reverse("core:history", args=["partnerships", "municipality", org.aneby.pk])
    for url in (history, reverse("admin:login")):
        response = client.get(url)
        assert_swedish_page(response, 403, "Du har inte tillgång till den här sidan")


@override_settings(DEBUG=False)
def test_an_expired_form_answers_with_the_swedish_csrf_page(org):
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.socialchef_aneby)
    response = client.post(reverse("logout"))
    assert_swedish_page(response, 403, "Formuläret har gått ut")
    assert "Inget sparades" in response.content.decode()
    assert "_auth_user_id" in client.session  # nothing happened


@override_settings(DEBUG=False)
def test_an_unknown_host_answers_with_the_swedish_400_page(client):
    response = client.get("/", HTTP_HOST="ku.example.invalid")
    assert_swedish_page(response, 400, "Begäran kunde inte hanteras")


@override_settings(DEBUG=False)
def test_the_500_page_is_swedish_and_stands_alone():
    request = RequestFactory().get("/")
    with translation.override("sv"):
        response = server_error(request)
    assert_swedish_page(response, 500, "Något gick fel")


# --- The demo's settings (make run: DEMO=1, DEBUG off, plain HTTP on this machine) ---------


def settings_in(env: dict) -> dict:
    names = (
        "DEBUG",
        "DEMO",
        "ALLOWED_HOSTS",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "WHITENOISE_USE_FINDERS",
        "EMAIL_BACKEND",
    )
    code = (
        "import json, django; django.setup(); from django.conf import settings as s;"
        f"print(json.dumps({{k: getattr(s, k) for k in {names!r}}}"
        "| {'STATIC': s.STORAGES['staticfiles']['BACKEND'], 'KEY': s.SECRET_KEY}))"
    )
    result = subprocess.run(  # noqa: S603 - fixed code
        [sys.executable, "-c", code],
        env=env,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def clean_env(**extra) -> dict:
    drop = {"DEBUG", "DEMO", "ALLOWED_HOSTS", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS"}
    drop |= {"SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "EMAIL_BACKEND", "SECRET_KEY_FILE"}
    env = {key: value for key, value in os.environ.items() if key not in drop}
    env.update(DJANGO_SETTINGS_MODULE="kommunalutveckling.settings", **extra)
    return env


def test_the_demo_runs_with_debug_off_over_plain_http_on_this_machine_only():
    key = secrets.token_urlsafe(50)
    values = settings_in(clean_env(DEMO="1", DATABASE_URL="", SECRET_KEY=key))
    assert values["DEBUG"] is False
    assert values["DEMO"] is True
    assert values["ALLOWED_HOSTS"] == ["localhost", "127.0.0.1", "[::1]"]
    assert values["SESSION_COOKIE_SECURE"] is False and values["CSRF_COOKIE_SECURE"] is False
    assert values["SECURE_SSL_REDIRECT"] is False and values["SECURE_HSTS_SECONDS"] == 0
    # WhiteNoise serves the static files straight from the apps, without collectstatic.
    assert values["WHITENOISE_USE_FINDERS"] is True
    assert values["STATIC"] == "django.contrib.staticfiles.storage.StaticFilesStorage"
    assert values["EMAIL_BACKEND"].endswith("console.EmailBackend")
    assert values["KEY"] == key


def test_the_demo_ignores_allowed_hosts_from_the_environment():
    values = settings_in(clean_env(DEMO="1", SECRET_KEY="x" * 50, ALLOWED_HOSTS="ku.example.se,*"))
    assert values["ALLOWED_HOSTS"] == ["localhost", "127.0.0.1", "[::1]"]


def test_without_demo_cookies_stay_secure():
    values = settings_in(clean_env(SECRET_KEY="x" * 50))
    assert values["DEMO"] is False and values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True and values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_SSL_REDIRECT"] is True and values["WHITENOISE_USE_FINDERS"] is False


def test_check_deploy_refuses_the_demo():
    env = clean_env(
        DEMO="1", SECRET_KEY=secrets.token_urlsafe(60), DATABASE_URL=os.environ["DATABASE_URL"]
    )
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, str(BASE_DIR / "manage.py"), "check", "--deploy"],
        env=env,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "core.E003" in result.stderr


def test_the_demo_key_is_made_once_random_and_readable_by_the_owner_only(tmp_path):
    path = tmp_path / "var" / "demo-secret-key"
    key = demo_secret_key(path)
    assert len(key) >= 50
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert demo_secret_key(path) == key  # the sessions survive a restart
    assert demo_secret_key(tmp_path / "other") != key


def test_an_empty_demo_key_file_is_replaced(tmp_path):
    path = tmp_path / "demo-secret-key"
    path.write_text("")
    key = demo_secret_key(path)
    assert key and path.read_text() == key


def test_make_run_serves_the_demo_with_debug_off():
    makefile = (BASE_DIR / "Makefile").read_text()
    demo_env = next(line for line in makefile.splitlines() if line.startswith("DEMO_ENV"))
    assert "DEMO=1" in demo_env and "DEBUG=0" in demo_env and "DATABASE_URL=" in demo_env


def test_the_demo_key_is_never_committed():
    assert "var/" in (BASE_DIR / ".gitignore").read_text().splitlines()


# --- The menu ------------------------------------------------------------------------------


def current_item(client, url):
    html = client.get(url).content.decode()
    nav = html[html.index('class="site-nav"') : html.index("</nav>")]
    return [part.split(">", 1)[1].split("<", 1)[0] for part in nav.split('aria-current="page"')[1:]]


@pytest.mark.parametrize("view", ["matter_detail", "matter_decide", "inbox", "inbox_history"])
def test_matter_pages_mark_to_decide_in_the_menu_not_projects(client, org, proj, view):
    matter = ready_request(org, proj.project)
    args = [matter.pk] if view.startswith("matter_") else []
    client.force_login(org.socialchef_jonkoping)
    assert current_item(client, reverse(f"matters:{view}", args=args)) == ["Att besluta"]


def test_project_pages_still_mark_projects(client, org, proj):
    client.force_login(org.socialchef_jonkoping)
    assert current_item(client, reverse("projects:portfolio_list")) == ["Projekt"]


def test_staff_have_an_administration_link_others_do_not(client, org):
    link = f'href="{reverse("admin:index")}">Administration</a>'
    client.force_login(org.staff)
    assert link in client.get(reverse("start")).content.decode()
    for person in (org.socialchef_jonkoping, org.pks_member, org.outsider):
        client.force_login(person)
        assert link not in client.get(reverse("start")).content.decode(), person


def test_a_superuser_without_seats_has_the_administration_link(client, org):
    # Break-glass: the admin lets a superuser in (kommunalutveckling.adminsite).
    root = UserFactory(username="root", is_superuser=True)
    client.force_login(root)
    assert 'href="/admin/">Administration</a>' in client.get(reverse("start")).content.decode()
    assert client.get(reverse("admin:index")).status_code == 200


def test_an_office_seat_that_ended_loses_the_administration_link(client, org):
    membership = org.staff.memberships.get()
    membership.end_date = org.today.replace(year=org.today.year - 1)
    membership.start_date = membership.end_date.replace(month=1, day=1)
    membership.save()
    client.force_login(org.staff)
    assert "Administration" not in client.get(reverse("start")).content.decode()


def test_the_administration_link_asks_the_database_nothing_more(org, django_assert_num_queries):
    request = RequestFactory().get("/")
    request.resolver_match = resolve("/")
    request.user = SimpleLazyObject(lambda: type(org.staff).objects.get(pk=org.staff.pk))
    request.user.is_authenticated  # noqa: B018 - loads the person before counting
    # The person's permissions on the day (one query) and their partnership (one).
    with django_assert_num_queries(2):
        context = main_nav(SimpleNamespace(get=lambda name: request))
    assert [key for key, _, _ in context["links"]][-1] == "admin"
    assert admin.site.admits(request.user)


# --- The favicon ---------------------------------------------------------------------------


def test_favicon_ico_leads_to_the_site_icon_for_everybody(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/favicon.svg"
    assert "max-age=86400" in response["Cache-Control"]
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert icon["Content-Type"].startswith("image/svg+xml")
    assert b"<svg" in b"".join(icon.streaming_content if icon.streaming else [icon.content])


def test_every_page_links_the_icon(client, org):
    link = '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">'
    assert link in client.get(reverse("login")).content.decode()
    client.force_login(org.staff)
    assert link in client.get(reverse("start")).content.decode()
