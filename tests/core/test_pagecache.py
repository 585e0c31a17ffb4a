"""Kept pages (core/pagecache.py): served again only while nothing in the database changed.

The counter is bumped by a PostgreSQL trigger in the statement that writes, so a
write by any means retires every kept page, and a page is never served to
anyone but the person it was rendered for (R30: rights follow memberships).
"""

import threading

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import pagecache
from partnerships import services
from partnerships.models import Membership, Municipality

# A kept page costs the session, the user and the counter.
KEPT_PAGE_QUERIES = 3


def _get(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(captured.captured_queries)


@pytest.fixture
def staff_client(client, org):
    client.force_login(org.staff)
    return client


def _partnership_url(org):
    return reverse("partnership_detail", args=[org.partnership.slug])


def test_the_trigger_is_on_every_tracked_table(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = %s",
            [pagecache.TRIGGER_NAME],
        )
        with_trigger = {row[0] for row in cursor.fetchall()}
    tables = set(connection.introspection.table_names())
    expected = {table for table in pagecache.tracked_tables() if table in tables}
    assert with_trigger == expected
    assert {"partnerships_membership", "accounts_user"} <= with_trigger
    assert "django_session" not in with_trigger


def test_the_same_page_again_is_served_kept(staff_client, org):
    url = _partnership_url(org)
    first, rendered_queries = _get(staff_client, url)  # sets the CSRF cookie
    second, second_queries = _get(staff_client, url)  # rendered and kept
    third, kept_queries = _get(staff_client, url)
    assert rendered_queries == second_queries > KEPT_PAGE_QUERIES
    assert kept_queries == KEPT_PAGE_QUERIES
    assert third.content == second.content
    assert third["Content-Type"] == second["Content-Type"]


def _rename_orm(municipality):
    municipality.name = "Nyköpinge"
    municipality.save()


def _rename_update(municipality):
    Municipality.objects.filter(pk=municipality.pk).update(name="Nyköpinge")


def _rename_sql(municipality):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE partnerships_municipality SET name = %s WHERE id = %s",
            ["Nyköpinge", municipality.pk],
        )


@pytest.mark.parametrize("rename", [_rename_orm, _rename_update, _rename_sql])
def test_a_write_by_any_means_retires_the_kept_page(staff_client, org, rename):
    url = _partnership_url(org)
    _get(staff_client, url)
    kept, queries = _get(staff_client, url)
    _get(staff_client, url)
    assert "Nyköpinge" not in kept.content.decode()
    rename(org.aneby)
    fresh, queries = _get(staff_client, url)
    assert "Nyköpinge" in fresh.content.decode()
    assert queries > KEPT_PAGE_QUERIES


def test_each_person_is_served_their_own_page(client, org):
    url = reverse("start")
    pages = {}
    for person in (org.socialchef_aneby, org.socialchef_jonkoping):
        client.force_login(person)
        for _ in range(3):
            response, _queries = _get(client, url)
        pages[person.pk] = response.content.decode()
    assert org.socialchef_aneby.get_full_name() in pages[org.socialchef_aneby.pk]
    assert org.socialchef_aneby.get_full_name() not in pages[org.socialchef_jonkoping.pk]


def test_r30_a_seat_that_ends_refuses_the_kept_page(client, org):
    client.force_login(org.socialchef_aneby)
    url = reverse("matters:inbox")
    for _ in range(3):
        _response, queries = _get(client, url)
    assert queries == KEPT_PAGE_QUERIES
    seat = Membership.objects.get(person=org.socialchef_aneby, body=org.steering_group)
    services.membership_end(actor=org.staff, membership=seat)
    assert client.get(url).status_code == 403


def test_a_page_with_a_flash_message_is_rendered(staff_client, org):
    url = _partnership_url(org)
    for _ in range(3):
        _response, queries = _get(staff_client, url)
    assert queries == KEPT_PAGE_QUERIES
    staff_client.cookies["messages"] = "not-a-signed-message"
    _response, queries = _get(staff_client, url)
    assert queries > KEPT_PAGE_QUERIES


def test_without_a_csrf_cookie_the_page_is_rendered(staff_client, org):
    url = _partnership_url(org)
    for _ in range(3):
        staff_client.cookies.pop("csrftoken", None)
        _response, queries = _get(staff_client, url)
        assert queries > KEPT_PAGE_QUERIES


def test_the_chosen_language_has_its_own_page(staff_client, org):
    url = _partnership_url(org)
    for _ in range(2):
        swedish, _queries = _get(staff_client, url)
    assert "Logga ut" in swedish.content.decode()
    staff_client.cookies["django_language"] = "en"
    english, _queries = _get(staff_client, url)
    assert "Log out" in english.content.decode()


def test_no_page_is_kept_when_the_cache_is_off(staff_client, org, settings):
    settings.PAGE_CACHE = False
    url = _partnership_url(org)
    queries = [_get(staff_client, url)[1] for _ in range(3)]
    assert min(queries) > KEPT_PAGE_QUERIES
    assert pagecache.current_generation() is None


@pytest.mark.django_db(transaction=True)
def test_the_counter_moves_when_the_writer_commits_not_before():
    """The page and the counter are read in this order; a page kept under a counter can
    therefore only be newer than the counter, never older (core/pagecache.py)."""
    written, release, done = threading.Event(), threading.Event(), threading.Event()

    def writer():
        try:
            with transaction.atomic():
                Municipality.objects.create(code="9901", name="Provkommun")
                written.set()
                release.wait(10)
        finally:
            connections.close_all()
            done.set()

    before = pagecache.current_generation()
    thread = threading.Thread(target=writer)
    thread.start()
    assert written.wait(10)
    assert pagecache.current_generation() == before
    release.set()
    assert done.wait(10)
    thread.join()
    assert pagecache.current_generation() != before


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_wait_for_the_counter():
    """Each open transaction claims a counter shard no one else holds: with eight other
    writers' transactions open, a ninth write goes through at once (and all commit)."""
    writers = 8
    written = threading.Barrier(writers + 1, timeout=10)
    release = threading.Event()

    def writer(number):
        try:
            with transaction.atomic():
                Municipality.objects.create(code=f"99{number:02d}", name=f"Skrivare {number}")
                written.wait()
                release.wait(10)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    try:
        written.wait()
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '1s'")
            Municipality.objects.create(code="9999", name="Den nionde")
    finally:
        release.set()
        for thread in threads:
            thread.join(10)
    assert Municipality.objects.filter(code__startswith="99").count() == writers + 1
