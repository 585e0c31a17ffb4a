"""Swedish admin for the office (kansliet). Membership changes go through the services,
which hold the membership rules; rights follow the memberships on the day (R30, R31)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.errors import DomainError, refusal_shown
from partnerships import services
from partnerships.models import (
    Agreement,
    Body,
    Membership,
    Municipality,
    MunicipalityEvent,
    Partnership,
    PopulationFigure,
    TerminationNotice,
)


@admin.register(Municipality)
class MunicipalityAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(PopulationFigure)
class PopulationFigureAdmin(SimpleHistoryAdmin):
    list_display = ("municipality", "date", "population", "source")
    list_filter = ("date",)
    list_select_related = ("municipality",)


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):
    list_display = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("members",)


class TerminationNoticeInline(admin.TabularInline):
    model = TerminationNotice
    extra = 0
    can_delete = False
    readonly_fields = ("municipality", "given_on", "reference", "recorded_by", "recorded_at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ("title", "partnership", "effective_from", "effective_until")
    inlines = [TerminationNoticeInline]


@admin.register(Body)
class BodyAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "partnership", "parent")
    list_filter = ("partnership", "kind")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ("person", "body", "represents", "role", "start_date", "end_date")
    list_filter = ("body__partnership", "body__kind", "role", "municipality")
    list_select_related = ("person", "body", "municipality")
    search_fields = ("person__first_name", "person__last_name", "person__username")
    autocomplete_fields = ("person",)

    @admin.display(description=_("represents"), ordering="municipality__name")
    def represents(self, obj):
        return obj.represents

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DomainError as refusal:
            # The service refused: the admin's transaction has rolled back, so nothing was
            # saved or logged. Show the form again, with what was typed and the reason.
            request._membership_refusal = refusal
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        refusal = getattr(request, "_membership_refusal", None)
        if refusal is None:
            return form_class

        class RefusedForm(form_class):
            def clean(self):
                cleaned_data = super().clean()
                field = refusal.field if refusal.field in self.fields else None
                self.add_error(field, refusal_shown(refusal))
                return cleaned_data

        return RefusedForm

    def save_model(self, request, obj, form, change):
        # A refusal (DomainError) propagates to changeform_view, which rolls back.
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        if change:
            services.membership_update(actor=request.user, membership=obj, **fields)
        else:
            saved = services.membership_start(
                actor=request.user,
                person=obj.person,
                body=obj.body,
                role=obj.role,
                municipality=obj.municipality,
                organisation=obj.organisation,
                start_date=obj.start_date,
                end_date=obj.end_date,
            )
            obj.pk = saved.pk

    def has_delete_permission(self, request, obj=None):
        # Seats are ended, never deleted: the history of who sat where is kept.
        return False


@admin.register(MunicipalityEvent)
class MunicipalityEventAdmin(SimpleHistoryAdmin):
    """Read-only: events are written by partnerships.events and never changed or deleted."""

    list_display = ("occurred_at", "municipality", "kind", "actor")
    list_filter = ("kind", "municipality")
    list_select_related = ("municipality", "actor")
    date_hierarchy = "occurred_at"
    fields = ("municipality", "kind", "summary", "actor", "occurred_at", "attachment_name")
    readonly_fields = fields

    @admin.display(description=_("attachment"))
    def attachment_name(self, obj):
        return obj.attachment.file_name if obj.attachment_id else "–"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
