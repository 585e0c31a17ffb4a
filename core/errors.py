class DomainError(Exception):
    """A business rule refused an action.

    `message` is Swedish and shown to the user as it is; `rule` is the rule id
    from DOMAIN.md (e.g. "R13") so refusals can be traced to their rule.
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
        prefix = f"Rad {line}: " if line else ""
        super().__init__(prefix + message, rule=rule)
        self.line = line
