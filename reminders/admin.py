from django.contrib import admin

from .models import ReminderLog


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    """The log, to see who was reminded of what and whether the e-mail went out. Read-only: a
    row is what keeps a reminder from going out twice."""

    list_display = ("created_at", "campaign", "kind", "point", "recipient", "items", "emailed_at")
    list_filter = ("kind",)
    list_select_related = ("campaign", "recipient")
    raw_id_fields = ("campaign", "recipient")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
