from django.contrib import admin

from . import rules
from .models import Attachment, Campaign, IntegrityOpinion, Nomination, QuotaOverride, Transition


class QuotaInline(admin.TabularInline):
    model = QuotaOverride
    extra = 0
    raw_id_fields = ("organization",)


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
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
