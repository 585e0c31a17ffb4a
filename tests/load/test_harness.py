"""The load harness's own parts, without a server: a wrong harness would hide failures."""

from kommunalutveckling.settings import database_from_url
from tests.load.harness import database_url, form_fields, links, percentile

PAGE = """
<form method="post" action="/konto/logga-ut/">
  <input type="hidden" name="csrfmiddlewaretoken" value="logout-token">
</form>
<form method="post" novalidate>
  <input type="hidden" name="csrfmiddlewaretoken" value="form-token">
  <input type="hidden" name="version" value="3">
  <input type="text" name="name" value="Individ &amp; familj">
  <select name="project">
    <option value="">Inget</option><option value="7" selected>P</option>
  </select>
  <select name="area"><option value="a">A</option><option value="b">B</option></select>
  <input type="checkbox" name="unchecked">
  <input type="checkbox" name="checked" checked>
  <textarea name="comment">Rad ett</textarea>
  <button type="submit" name="save">Spara</button>
</form>
<a href="/arenden/4/besluta/?kommun=0604&amp;beslut=approve">Godkänn</a>
"""


def test_form_fields_reads_the_form_holding_the_field_as_a_browser_submits_it():
    fields = form_fields(PAGE, "version")
    assert fields == {
        "csrfmiddlewaretoken": "form-token",
        "version": "3",
        "name": "Individ & familj",
        "project": "7",
        "area": "a",
        "checked": "on",
        "comment": "Rad ett",
    }
    assert form_fields(PAGE, "csrfmiddlewaretoken")["csrfmiddlewaretoken"] == "logout-token"


def test_form_fields_refuses_a_page_without_the_form():
    try:
        form_fields("<p>Inget formulär</p>", "version")
    except AssertionError as error:
        assert "version" in str(error)
    else:
        raise AssertionError("a page without the form was accepted")


def test_links_are_unescaped():
    assert "/arenden/4/besluta/?kommun=0604&beslut=approve" in links(PAGE)


def test_percentile_is_nearest_rank():
    values = [float(n) for n in range(1, 101)]
    assert percentile(values, 0.95) == 95.0
    assert percentile([5.0, 1.0], 0.95) == 5.0
    assert percentile([], 0.95) == 0.0


def test_database_url_round_trips_through_the_settings_parser():
    settings_dict = {
        "NAME": "test_postgres",
        "USER": "postgres",
        "PASSWORD": "p@ss:word/",
        "HOST": "127.0.0.1",
        "PORT": "5433",
        "OPTIONS": {"sslmode": "disable"},
    }
    parsed = database_from_url(database_url(settings_dict))
    assert {key: parsed[key] for key in settings_dict} == settings_dict


def test_database_url_keeps_a_unix_socket_directory():
    settings_dict = {"NAME": "db", "USER": "u", "PASSWORD": "", "HOST": "/run/pg", "PORT": ""}
    parsed = database_from_url(database_url(settings_dict))
    assert parsed["HOST"] == "/run/pg"
    assert parsed["NAME"] == "db"
    assert parsed["USER"] == "u"
