from django.contrib import admin
from django.db import transaction

from . import rules
from .concurrency import check_version
from .models import Attachment, Campaign, IntegrityOpinion, Nomination, QuotaOverride, Transition


class VersionedAdmin(admin.ModelAdmin):
    """A record the portal edits through forms that carry its version (``selection.concurrency``):
    a save here moves the version too, so that a form open elsewhere on the record is refused
    rather than silently putting back what was changed here."""

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            if change:
                locked = type(obj).objects.select_for_update().get(pk=obj.pk)
                obj.version = check_version(locked, None)
            super().save_model(request, obj, form, change)


class QuotaInline(admin.TabularInline):
    model = QuotaOverride
    extra = 0
    raw_id_fields = ("organization",)


@admin.register(Campaign)
class CampaignAdmin(VersionedAdmin):
    list_display = ("title", "year", "owner", "phase")
    list_filter = ("phase", "year")
    readonly_fields = ("phase",)
    inlines = [QuotaInline]

    def has_change_permission(self, request, obj=None):
        # An archived year is read-only everywhere, this site included.
        if obj is not None and rules.campaign_is_archived(obj):
            return False
        return super().has_change_permission(request, obj)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class TransitionInline(ReadOnlyInline):
    model = Transition


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ("original_name", "content_type", "size", "uploaded_at")
    readonly_fields = fields  # uploaded_at is not editable: shown, never in a form


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    """Read-only: nominations change only through the workflow in the portal."""

    list_display = ("member", "campaign", "branch", "state", "updated_at")
    list_filter = ("state", "campaign")
    search_fields = ("member__name", "member__member_no")
    list_select_related = ("member", "campaign", "branch")
    inlines = [TransitionInline, AttachmentInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IntegrityOpinion)
class IntegrityOpinionAdmin(admin.ModelAdmin):
    list_display = ("nomination", "verdict", "by", "at")

    def has_change_permission(self, request, obj=None):
        return False
