from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kerjasama.core.admin_audit import AuditedAdmin
from kerjasama.reference.models import GovernmentAffair, Holiday, PublicService, Region


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """Loaded from shipped files by `kerjasama load_reference`; not edited by hand."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "level", "province", "retired"]
    list_filter = ["level", "retired"]
    search_fields = ["code", "name"]
    list_select_related = ["province"]


@admin.register(GovernmentAffair)
class GovernmentAffairAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "group"]
    list_filter = ["group"]
    search_fields = ["code", "name"]


@admin.register(PublicService)
class PublicServiceAdmin(AuditedAdmin):
    list_display = ["name", "slug", "active"]
    list_filter = ["active"]
    search_fields = ["name"]
    filter_horizontal = ["affairs"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Holiday)
class HolidayAdmin(AuditedAdmin):
    """National holidays and cuti bersama: shipped for 2018–2027, corrected here when the
    government moves a day. `load_reference` adds missing dates and never overwrites these."""

    list_display = ["date", "name", "kind", "observed", "source"]
    list_filter = ["kind", "observed"]
    search_fields = ["name"]
    date_hierarchy = "date"
