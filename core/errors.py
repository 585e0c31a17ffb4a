import logging

from django.utils.translation import gettext as _

logger = logging.getLogger("core.refusals")


class DomainError(Exception):
    """A business rule refused an action.

    `message` is the translated text shown to the user as it is (English msgid,
    Swedish in the .po); `rule` is the rule id from DOMAIN.md (e.g. "R13") so
    refusals can be traced to their rule. The rule id never goes into `message`.
    """

    def __init__(self, message: str, *, rule: str = "", field: str | None = None):
        super().__init__(message)
        self.message = message
        self.rule = rule
        self.field = field

    def __str__(self) -> str:
        return self.message


class ImportRefused(DomainError):
    """An import refused as a whole; `line` is the file's line number (1 = the header)."""

    def __init__(self, message: str, *, line: int | None = None, rule: str = ""):
        if line:
            message = _("Line %(line)s: %(message)s") % {"line": line, "message": message}
        super().__init__(message, rule=rule)
        self.line = line


def refusal_shown(error: DomainError) -> str:
    """Log a refusal a view shows the user, with its rule id (INFO); returns its message."""
    logger.info("Refused (%s): %s", error.rule or "no rule", error.message)
    return error.message
