"""Fixtures of the security suite: one org per module, rolled back after every test."""

import pytest
from django.conf import settings
from django.test import Client

from tests.conftest import build_org, module_transaction
from tests.security import figures
from tests.security.matrix import ROLES, setup_all, user_for


@pytest.fixture(scope="module")
def shared_org(django_db_setup, django_db_blocker):
    """The `org` personas built once per module inside an outer transaction.

    Each test still runs in its own savepoint (the `db` fixture), so whatever a
    test changes is rolled back, and the outer transaction is rolled back at the
    end of the module: the database is left as it was found.
    """
    with module_transaction(django_db_blocker):
        org = build_org()
        setup_all(org)  # the objects the matrix specs look up (projects, reports, ...)
        # One logged-in session per role, made once: tests reuse the cookie.
        org.sessions = {}
        for role in ROLES:
            user = user_for(org, role)
            if user is not None:
                client = Client()
                client.force_login(user)
                org.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
        yield org


@pytest.fixture
def matrix_org(shared_org, db):
    return shared_org


def pytest_terminal_summary(terminalreporter):
    lines = figures.summary_lines()
    if lines:
        terminalreporter.write_sep("-", "security figures")
        for line in lines:
            terminalreporter.write_line(line)
