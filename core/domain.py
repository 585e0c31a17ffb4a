"""Helpers every app's services share: validation as a DomainError, and the acting user."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from core.errors import DomainError


def record_actor(instance, actor) -> None:
    """Record the acting user in the history row that saving `instance` writes (R17)."""
    instance._history_user = actor


def save_as(instance, actor, update_fields=None) -> None:
    """Save `instance` with `actor` as the history row's user (R17)."""
    record_actor(instance, actor)
    if update_fields is None:
        instance.save()
    else:
        instance.save(update_fields=update_fields)


def validate(instance, exclude=None) -> None:
    """`full_clean`, refusing with one DomainError that carries every message.

    The error names the field when all messages concern one field, so a form
    can show it beside that field.
    """
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        if not hasattr(error, "message_dict"):
            raise DomainError("; ".join(error.messages)) from error
        by_field = error.message_dict
        message = "; ".join(str(m) for messages in by_field.values() for m in messages)
        (field,) = by_field if len(by_field) == 1 else (None,)
        raise DomainError(message, field=None if field == NON_FIELD_ERRORS else field) from error
