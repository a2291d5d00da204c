from django.contrib import admin

from kerjasama.agreements.models import Cooperation, Document, Party


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PartyInline(ReadOnlyInline):
    model = Party
    fields = ["order", "partner", "signatory_name", "register_number"]


class DocumentInline(ReadOnlyInline):
    model = Document
    fields = ["kind", "title", "status", "signed_on", "start_date", "end_date"]


@admin.register(Cooperation)
class CooperationAdmin(admin.ModelAdmin):
    """Read-only: every change to the registry goes through its services (validation, audit)."""

    list_display = ["title", "kind", "stage", "signed_on", "ends_on"]
    list_filter = ["kind", "stage"]
    search_fields = ["title"]
    inlines = [PartyInline, DocumentInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
