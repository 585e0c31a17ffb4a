"""Permission matrix: reporting. One Spec per named URL of reporting/urls.py (see __init__.py)."""

from tests.security.matrix import Spec, expect  # noqa: F401

SPECS: list = []
