"""Make the repository importable and set Django up, for the bench scripts run as files."""

import os
import sys
import warnings
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def setup() -> None:
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kommunalutveckling.settings")
    import django

    # Pages are measured, not static files: no collectstatic, and no warning about it.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

    django.setup()
