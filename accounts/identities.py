"""What a completed sign-in at an organisation's provider means here (R30, R31).

An identity is matched by issuer and subject only, never by email or name. The first
sign-in of an unknown identity writes it down without a person, so kansliet can link
it (partnerships.people); it grants nothing and signs nobody in.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.models import ExternalIdentity
from accounts.oidc import SignedIn
from core.domain import record_actor


@transaction.atomic
def identity_signed_in(*, signed_in: SignedIn) -> ExternalIdentity:
    """The identity that signed in, created without a person the first time (R31).

    The caller signs in `identity.user` when there is one (and it is active); an
    identity without a person is shown the page that says whom to contact.
    """
    now = timezone.now()
    identity, created = ExternalIdentity.objects.select_for_update().get_or_create(
        issuer=signed_in.issuer,
        subject=signed_in.subject,
        defaults={
            "provider": signed_in.provider,
            "name_hint": signed_in.name,
            "email_hint": signed_in.email,
            "first_seen": now,
            "last_seen": now,
        },
    )
    if created:
        return identity
    hints = {"name_hint": signed_in.name, "email_hint": signed_in.email}
    changed = [field for field, value in hints.items() if getattr(identity, field) != value]
    if changed:
        # What the provider calls the person now, for kansliet to recognise (history kept).
        for field in changed:
            setattr(identity, field, hints[field])
        record_actor(identity, None)
        identity.save(update_fields=changed)
    # The time of each sign-in is not history: written without a history row.
    ExternalIdentity.objects.filter(pk=identity.pk).update(last_seen=now)
    identity.last_seen = now
    return identity
