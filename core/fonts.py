"""Fonts embedded in the PDFs the partnership publishes (reports, minutes, plans).

The files are looked up, in order: the `REPORT_FONT_DIR` setting (a folder
holding the DejaVu TTF files), then fontconfig (`fc-match`). No machine path
is written into the code. WeasyPrint embeds (subsets) whatever it uses.
"""

import functools
import shutil
import subprocess  # noqa: S404 - fixed arguments, no shell
from pathlib import Path

from django.conf import settings

# CSS weight/style -> (fontconfig pattern, file name in REPORT_FONT_DIR)
FACES = {
    "sans": {
        ("normal", "normal"): ("DejaVu Sans", "DejaVuSans.ttf"),
        ("bold", "normal"): ("DejaVu Sans:bold", "DejaVuSans-Bold.ttf"),
        ("normal", "italic"): ("DejaVu Sans:oblique", "DejaVuSans-Oblique.ttf"),
    },
    "serif": {
        ("normal", "normal"): ("DejaVu Serif", "DejaVuSerif.ttf"),
        ("bold", "normal"): ("DejaVu Serif:bold", "DejaVuSerif-Bold.ttf"),
    },
}


def _fc_match(pattern: str) -> Path | None:
    fc_match = shutil.which("fc-match")
    if not fc_match:
        return None
    try:
        result = subprocess.run(  # noqa: S603 - fixed executable and arguments
            [fc_match, "--format=%{file}", pattern],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    path = Path(result.stdout.strip())
    return path if path.is_file() else None


def _find(pattern: str, file_name: str) -> Path | None:
    folder = getattr(settings, "REPORT_FONT_DIR", "")
    if folder and (Path(folder) / file_name).is_file():
        return Path(folder) / file_name
    found = _fc_match(pattern)
    # fontconfig falls back to any font; only accept the family we asked for.
    if found and found.name.lower().startswith(file_name.split(".")[0].split("-")[0].lower()):
        return found
    return None


@functools.cache
def font_faces() -> list[dict]:
    """[{family, weight, style, url}] for every face found; empty when none is installed."""
    faces = []
    for family, variants in FACES.items():
        for (weight, style), (pattern, file_name) in variants.items():
            path = _find(pattern, file_name)
            if path:
                faces.append(
                    {
                        "family": f"Report {family.title()}",
                        "weight": weight,
                        "style": style,
                        "url": path.resolve().as_uri(),
                    }
                )
    return faces
