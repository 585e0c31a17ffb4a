"""The report fonts now live in `core.fonts`, shared by every published document."""

from core.fonts import FACES, font_faces

__all__ = ["FACES", "font_faces"]
