"""Signing in with the organisation's account in Chromium, through two real OpenID
providers on loopback (npm oidc-provider, tests/oidc/server.mjs), and the refusals a
person can meet: an unknown account, a replayed answer, an answer from another
provider, an expired code (R30, R31). Kansliet then links the unknown account on the
people page, and the person gets in.
"""

import os
from urllib.parse import urlsplit

import pytest

from accounts.models import ExternalIdentity, IdentityProvider
from tests.browser.test_accessibility import assert_accessible
from tests.factories import UserFactory
from tests.oidc.providers import running_providers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("SHOTS_DIR")  # e.g. /work/shots: screenshots of the pages, if set


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"sso-{name}.png"), full_page=True)


@pytest.fixture(scope="module")
def base(live_server):
    """The live server by its loopback address (never a name), as the providers know it."""
    return f"http://127.0.0.1:{urlsplit(live_server.url).port}"


@pytest.fixture(scope="module")
def idps(base):
    with running_providers(
        ["jonkoping", "region"], redirect_uris=[f"{base}/konto/sso/svar/"]
    ) as running:
        yield running


@pytest.fixture
def providers(idps, settings):
    settings.OIDC_ALLOW_LOOPBACK_HTTP = True
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1"]
    settings.SSO_CONTACT = "kansliet@example.invalid"
    labels = {"jonkoping": "Jönköpings kommun", "region": "Region Jönköpings län"}
    return {
        name: IdentityProvider.objects.create(
            name=labels[name],
            slug=name,
            issuer=idp.issuer,
            client_id=idp.client_id,
            client_secret=idp.client_secret,
        )
        for name, idp in idps.items()
    }


def link(provider, subject, user):
    ExternalIdentity.objects.create(
        provider=provider, issuer=provider.issuer, subject=subject, user=user
    )


def sign_in_at(page, idp_url, login):
    """The provider's own login page (the organisation has consented for its people)."""
    page.wait_for_url(lambda url: url.startswith(f"{idp_url}/"))
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("valfritt")
    page.get_by_role("button", name="Sign-in").click()


def choose(page, base, provider_name):
    page.goto(f"{base}/konto/logga-in/")
    page.get_by_role("link", name=f"Logga in med {provider_name}").click()


def test_r31_signs_in_through_each_of_two_real_providers(page, base, providers, idps):
    anna = UserFactory(username="anna", first_name="Anna", last_name="Andersson")
    bertil = UserFactory(username="bertil", first_name="Bertil", last_name="Berg")
    link(providers["jonkoping"], "anna.a", anna)
    link(providers["region"], "bertil.b", bertil)

    page.goto(f"{base}/konto/logga-in/")
    shot(page, "login-with-providers")
    assert_accessible(page, "login page with two providers")
    choose(page, base, "Jönköpings kommun")
    sign_in_at(page, idps["jonkoping"].url, "anna.a")
    page.wait_for_url(f"{base}/")
    assert "Anna Andersson" in page.locator("body").inner_text()
    shot(page, "signed-in-jonkoping")

    page.context.clear_cookies()
    choose(page, base, "Region Jönköpings län")
    sign_in_at(page, idps["region"].url, "bertil.b")
    page.wait_for_url(f"{base}/")
    assert "Bertil Berg" in page.locator("body").inner_text()


def test_r30_unknown_account_gets_a_swedish_page_then_kansliet_links_it(
    page, browser, base, providers, idps, org
):
    choose(page, base, "Region Jönköpings län")
    sign_in_at(page, idps["region"].url, "lisa.lind")
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "Ditt konto är inte kopplat ännu"
    text = page.locator("main").inner_text()
    assert "Kontakta kansliet på Kommunal utveckling (kansliet@example.invalid)" in text
    reference = page.get_by_test_id("identity-reference").inner_text()
    shot(page, "unknown-account")
    assert_accessible(page, "not linked yet")
    identity = ExternalIdentity.objects.get(pk=reference)
    assert identity.user is None

    # Kansliet adds Lisa, links the account that waits, and gives her a seat.
    office = browser.new_context(locale="sv-SE", viewport={"width": 375, "height": 800})
    staff = office.new_page()
    staff.goto(f"{base}/konto/logga-in/")
    staff.get_by_label("Användarnamn").fill("kansli")
    staff.get_by_label("Lösenord").fill("correct horse battery")
    staff.get_by_role("button", name="Logga in").click()
    staff.wait_for_url(f"{base}/")
    staff.get_by_role("link", name="Personer").first.click()
    assert "Konton som väntar på koppling" in staff.locator("main").inner_text()
    shot(staff, "people-list")
    staff.get_by_role("link", name="Lägg till person").click()
    staff.get_by_label("Förnamn").fill("Lisa")
    staff.get_by_label("Efternamn").fill("Lind")
    staff.get_by_label("E-post").fill("lisa.lind@example.test")
    staff.get_by_role("button", name="Lägg till personen").click()
    staff.get_by_label("Konto som har loggat in").select_option(
        label=f"{reference}: Test lisa.lind <lisa.lind@example.test> – Region Jönköpings län"
    )
    staff.get_by_role("button", name="Koppla kontot").click()
    assert "Kontot är kopplat" in staff.locator("body").inner_text()
    shot(staff, "person")
    assert_accessible(staff, "person with a linked account")

    staff.get_by_role("link", name="Ge en plats").click()
    staff.get_by_label("Organ").select_option(label="Socialchefsnätverket")
    staff.get_by_label("Roll").select_option(label="Ersättare")
    staff.get_by_label("Företräder kommunen").select_option(label="Aneby")
    staff.get_by_role("button", name="Visa vad det gör med behörigheterna").click()
    gained = staff.get_by_test_id("gained").first.inner_text()
    assert "besluta för Aneby (deltagande, gemensamma medel)" in gained
    shot(staff, "seat-confirm")
    assert_accessible(staff, "seat confirmation")
    staff.get_by_role("button", name="Bekräfta: spara platsen").click()
    assert "Platsen är sparad" in staff.locator("body").inner_text()
    office.close()

    page.context.clear_cookies()
    choose(page, base, "Region Jönköpings län")
    sign_in_at(page, idps["region"].url, "lisa.lind")
    page.wait_for_url(f"{base}/")
    assert "Lisa Lind" in page.locator("body").inner_text()


def test_replayed_answer_is_refused_with_a_clear_page(page, base, providers, idps):
    link(providers["jonkoping"], "anna.a", UserFactory(username="anna"))
    answers = []
    page.on(
        "request",
        lambda request: answers.append(request.url) if "/konto/sso/svar/" in request.url else None,
    )
    choose(page, base, "Jönköpings kommun")
    sign_in_at(page, idps["jonkoping"].url, "anna.a")
    page.wait_for_url(f"{base}/")
    page.goto(answers[0])
    assert page.get_by_role("heading", level=1).inner_text() == "Inloggningen gick inte igenom"
    assert "redan använts" in page.get_by_role("alert").inner_text()
    shot(page, "replayed")


def test_answer_from_another_provider_is_refused_with_a_clear_page(page, base, providers, idps):
    """The mix-up: the sign-in was started for Jönköping, the Region answers."""
    anna = UserFactory(username="anna")
    link(providers["jonkoping"], "anna.a", anna)
    link(providers["region"], "anna.a", anna)
    page.goto(f"{base}/konto/logga-in/")
    start = page.get_by_role("link", name="Logga in med Jönköpings kommun").get_attribute("href")
    # The browser's own cookies: the attempt is remembered in this browser's session.
    answer = page.request.get(base + start, max_redirects=0)
    to_jonkoping = answer.headers["location"]
    assert to_jonkoping.startswith(idps["jonkoping"].issuer + "/auth?")
    page.goto(idps["region"].issuer + to_jonkoping.removeprefix(idps["jonkoping"].issuer))
    sign_in_at(page, idps["region"].url, "anna.a")
    alert = page.get_by_role("alert")
    assert "en annan inloggningstjänst" in alert.inner_text()
    shot(page, "wrong-issuer")
    page.goto(f"{base}/konto/profil/")
    assert "/konto/logga-in/" in page.url  # nobody was signed in


def test_expired_code_is_refused_with_a_clear_page(page, base, providers, idps):
    # server.mjs: this login's codes live one second and reach the app 2.5 seconds late.
    link(providers["region"], "expired-code-bertil", UserFactory(username="bertil"))
    choose(page, base, "Region Jönköpings län")
    sign_in_at(page, idps["region"].url, "expired-code-bertil")
    assert "tog för lång tid" in page.get_by_role("alert").inner_text()
    shot(page, "expired-code")
    page.goto(f"{base}/konto/profil/")
    assert "/konto/logga-in/" in page.url  # nobody was signed in
