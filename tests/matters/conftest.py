"""Matters personas: the projects fixtures (a project with its lead, ready requests)."""

from tests.projects.conftest import proj  # noqa: F401  (the fixture, for these tests too)
