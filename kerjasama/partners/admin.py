from django import forms
from django.contrib import admin
from django.db import models

from kerjasama.partners.models import Partner


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    """Read-only: partners are registered in the application, where duplicates are flagged."""

    list_display = ["name", "kind", "third_party_type", "country", "nib", "npwp"]
    list_filter = ["kind", "third_party_type"]
    search_fields = ["name", "nib", "npwp", "region__code"]
    formfield_overrides = {
        models.URLField: {"form_class": forms.URLField, "assume_scheme": "https"}
    }

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
