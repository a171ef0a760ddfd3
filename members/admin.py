from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import AssessmentRecord, DisciplineRecord, Member, Organization, RoleAssignment, User
from .services import save_organization


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "parent", "path")
    list_filter = ("kind",)
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)

    def save_model(self, request, obj, form, change):
        save_organization(obj, by=request.user)


class DisciplineInline(admin.TabularInline):
    model = DisciplineRecord
    extra = 0


class AssessmentInline(admin.TabularInline):
    model = AssessmentRecord
    extra = 0


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ("member_no", "name", "gender", "status", "organization")
    list_filter = ("status", "gender", "education")
    search_fields = ("member_no", "name")
    raw_id_fields = ("organization",)
    list_select_related = ("organization",)
    inlines = [DisciplineInline, AssessmentInline]


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    raw_id_fields = ("organization",)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("党员信息"), {"fields": ("full_name", "member")}),
        (_("语言"), {"fields": ("language",)}),
    )
    raw_id_fields = ("member",)
    list_display = ("username", "full_name", "email", "is_active", "is_staff")
    inlines = [RoleInline]
