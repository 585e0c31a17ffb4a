"""The projects fixtures (a project with its lead) for the menu tests of matter pages."""

from tests.projects.conftest import proj  # noqa: F401  (the fixture, for these tests too)
