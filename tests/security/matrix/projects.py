"""Permission matrix: projects. One Spec per named URL of projects/urls.py (see __init__.py)."""

from tests.security.matrix import Spec, expect  # noqa: F401

SPECS: list = []
