"""Reading the CSV files people import (population figures, ledger outcomes).

One reader for every import, so they all accept the same files: UTF-8 with or
without BOM, comma or semicolon, \\r, \\n or \\r\\n line ends, quoted fields.
"""

import csv
import io

from django.utils.translation import gettext as _

from core.errors import ImportRefused


def csv_rows(text: str, *, header: list[str]) -> list[tuple[int, list[str]]]:
    """The non-blank rows after the header, each with its line number in the file.

    An empty file, a wrong header or text that is not CSV is refused with the
    line number (ImportRefused), before anything is saved.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise ImportRefused(_("The file is empty."))
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    # newline="" lets the csv module handle \r, \n and \r\n line ends alike.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        found = [cell.strip().lower() for cell in next(reader, [])]
        if found != header:
            raise ImportRefused(
                _("Wrong header row: expected '%(expected)s', got '%(found)s'.")
                % {"expected": ",".join(header), "found": ",".join(found)},
                line=1,
            )
        return [(reader.line_num, cells) for cells in reader if any(c.strip() for c in cells)]
    except csv.Error as error:
        raise ImportRefused(
            _("The line cannot be read as CSV; check quotation marks and line endings."),
            line=reader.line_num or None,
        ) from error
