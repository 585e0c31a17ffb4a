"""Audit (R17): every model holding business data is history-tracked, with the acting user."""

import pytest
from django.apps import apps
from django.conf import settings
from simple_history.models import HistoricalChanges
from simple_history.utils import NotHistoricalModelError, get_history_manager_for_model

from core.selectors import AUDITED_APPS
from partnerships import services
from partnerships.models import Membership

# Models deliberately without history, each with the reason. Keep this short.
NOT_TRACKED = {
    "accounts.User": (
        "identity and login state (password hash, last login) rather than business data: "
        "what a person may do comes from Membership, which is tracked (R30); staff edit "
        "users in the admin, whose LogEntry records who changed what; and password hashes "
        "must never be copied into a history table"
    ),
    "notifications.Notification": (
        "an append-only log of what was told to whom, written by the services and jobs and "
        "never by a person; its `delivery` is set once, when the mail goes out"
    ),
    "notifications.Delivery": (
        "an append-only log of the mails sent (who, which key, when); no code path changes "
        "or deletes one, and it is what keeps a rerun from sending twice"
    ),
    "reporting.ReportDownload": (
        "an append-only log (R42): each row records who downloaded which version and when, "
        "and no code path changes or deletes one; a history table would only copy it"
    ),
}
# M2M fields whose link table is deliberately not tracked, with the reason.
M2M_NOT_TRACKED = {
    "accounts.User.groups": "derived from memberships by partnerships.permissions (R30)",
    "accounts.User.user_permissions": "derived from memberships by partnerships.permissions",
}


def business_models():
    for app in AUDITED_APPS:
        for model in apps.get_app_config(app).get_models():
            if issubclass(model, HistoricalChanges):
                continue  # the history rows themselves
            yield model


def is_tracked(model) -> bool:
    try:
        get_history_manager_for_model(model)
    except NotHistoricalModelError:
        return False
    return True


def test_every_business_model_is_history_tracked():
    untracked = [
        model._meta.label
        for model in business_models()
        if model._meta.label not in NOT_TRACKED and not is_tracked(model)
    ]
    assert not untracked, (
        f"Models without history: {untracked}. Add `history = HistoricalRecords()` (R17), "
        "or justify the exception in NOT_TRACKED of tests/security/test_audit.py."
    )


def test_the_allow_list_names_only_existing_untracked_models():
    labels = {model._meta.label: model for model in business_models()}
    for label in NOT_TRACKED:
        assert label in labels, f"{label} no longer exists: remove it from NOT_TRACKED"
        assert not is_tracked(labels[label]), f"{label} is tracked now: remove it from NOT_TRACKED"


def test_many_to_many_links_of_tracked_models_are_tracked_too():
    missing = []
    for model in business_models():
        tracked_m2m = set()
        if is_tracked(model):
            history_model = get_history_manager_for_model(model).model
            tracked_m2m = {f.name for f in getattr(history_model, "_history_m2m_fields", [])}
        for field in model._meta.many_to_many:
            label = f"{model._meta.label}.{field.name}"
            if field.name not in tracked_m2m and label not in M2M_NOT_TRACKED:
                missing.append(label)
    assert not missing, (
        f"M2M links without history: {missing}. Use HistoricalRecords(m2m_fields=[...])."
    )


def test_history_records_who_acted():
    for model in business_models():
        if is_tracked(model):
            history_model = get_history_manager_for_model(model).model
            assert history_model._meta.get_field("history_user").related_model is not None, model


def test_views_record_the_logged_in_user_in_history():
    assert "simple_history.middleware.HistoryRequestMiddleware" in settings.MIDDLEWARE


@pytest.mark.django_db
def test_a_service_write_is_recorded_with_its_actor_and_never_lost(org):
    membership = Membership.objects.get(person=org.tactical_member, body=org.tactical_ifo)
    services.membership_end(actor=org.staff, membership=membership)
    latest = membership.history.latest()
    assert latest.history_user == org.staff
    assert latest.end_date is not None
    # The earlier state is still there (R17: nothing is edited away).
    assert membership.history.filter(end_date__isnull=True).exists()
