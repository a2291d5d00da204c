from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from kerjasama.accounts.models import Opd, RoleGrant, Tenant, User


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    list_display = ["region", "email", "max_term_months", "active"]
    list_filter = ["active"]
    search_fields = ["region__name", "region__code"]
    autocomplete_fields = ["region"]


@admin.register(Opd)
class OpdAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "tenant", "active"]
    list_filter = ["active", "tenant"]
    search_fields = ["name", "short_name"]


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 1


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "tenant", "opd", "is_active"]
    list_filter = ["tenant", "is_active", "is_staff"]
    list_select_related = ["tenant__region", "opd"]
    inlines = [RoleGrantInline]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Region and OPD"), {"fields": ["tenant", "opd", "position"]}),
    )
