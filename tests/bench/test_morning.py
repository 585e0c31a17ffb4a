"""The morning scenario's pieces (issue 17): its forms, its plan and its database check,
and a page's own generator hook in bench/pages.py."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from bench import generate as bench_generate
from bench import morning
from bench.htmlforms import form_fields, with_values
from bench.pages import PAGES, Page, page_generators
from matters import services as matter_services
from matters.models import Matter
from partnerships.models import Municipality

pytestmark = pytest.mark.django_db

FORM = """
<form method="post" action="/konto/logga-ut/"><input name="csrfmiddlewaretoken" value="a"></form>
<form method="post" novalidate>
  <input type="hidden" name="csrfmiddlewaretoken" value="t">
  <input name="title" value="Barnahus &amp; stöd">
  <input type="checkbox" name="flag">
  <input type="radio" name="verdict" value="approve" checked>
  <input type="radio" name="verdict" value="reject">
  <select name="municipality">
    <option value="">–</option><option value="0680" selected>J</option>
  </select>
  <select name="lead"><option value="7">A</option><option value="8">B</option></select>
  <textarea name="goals">
Mål ett</textarea>
  <button type="submit" name="go">Spara</button>
</form>"""


def test_a_form_is_read_as_a_browser_submits_it():
    fields = form_fields(FORM)
    assert fields == [
        ["csrfmiddlewaretoken", "t"],
        ["title", "Barnahus & stöd"],
        ["verdict", "approve"],
        ["municipality", "0680"],
        ["lead", "7"],
        ["goals", "Mål ett"],
    ]
    assert form_fields(FORM, "/konto/logga-ut/") == [["csrfmiddlewaretoken", "a"]]
    changed = with_values(fields, goals="Nya mål", comment="ok")
    assert ["goals", "Nya mål"] in changed and ["comment", "ok"] in changed
    with pytest.raises(LookupError):
        form_fields("<p>no form</p>")


def test_a_page_names_its_own_generator_once(monkeypatch):
    calls = []
    monkeypatch.setattr(
        "bench.pages.PAGES",
        [
            *PAGES,
            Page("a", lambda: "/", "kansli", generate="tests.bench.test_morning._hook"),
            Page("b", lambda: "/", "kansli", generate="tests.bench.test_morning._hook"),
        ],
    )
    monkeypatch.setattr("tests.bench.test_morning.CALLS", calls)
    hooks = page_generators()
    # The pages' own generators (meetings, plans) first, then the test's hook once.
    assert hooks.count("tests.bench.test_morning._hook") == 1
    assert hooks[-1] == "tests.bench.test_morning._hook"
    bench_generate.generate(2)
    assert calls == [2]


CALLS: list = []


def _hook(scale, context):
    CALLS.append(scale)
    assert "partnership" in context


def test_the_morning_plan_works_through_the_real_pages_and_the_check_finds_every_decision():
    bench_generate.generate(1)
    plan = morning.prepare(1)
    assert len(plan["matters"]) == morning.REQUESTS_PER_MORNING
    assert len(plan["pdfs"]) == 2 and len(plan["budget_edits"]) == morning.LINES_EDITED
    assert not morning.verify(plan)["ok"]

    # One socialchef through the inbox's confirmation page, as the scenario's browser does.
    chef = get_user_model().objects.get(username="socialchef-0680")
    client = Client()
    client.force_login(chef)
    matter = Matter.objects.get(pk=plan["matters"][0])
    html = client.get(f"/arenden/{matter.pk}/besluta/?kommun=0680&beslut=approve").content
    response = client.post(f"/arenden/{matter.pk}/besluta/", dict(form_fields(html.decode())))
    assert response.status_code == 302

    # The others by the service; a second decision by Jönköping would be refused (R15).
    for pk in plan["matters"]:
        for municipality in Municipality.objects.exclude(code="0680" if pk == matter.pk else ""):
            chef = get_user_model().objects.get(username=f"socialchef-{municipality.code}")
            matter_services.matter_decide(
                actor=chef,
                matter=Matter.objects.get(pk=pk),
                municipality=municipality,
                verdict="approve",
            )
    checks = morning.verify(plan)
    assert checks["each_decision_once"] and checks["decisions"] == checks["decisions_expected"]
    assert checks["requests_approved"] == morning.REQUESTS_PER_MORNING
    assert not checks["ok"]  # nobody downloaded or saved anything yet
