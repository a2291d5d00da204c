from django.contrib import admin

from kerjasama.core.admin_audit import AuditedAdmin
from kerjasama.monitoring.models import IndicatorDefinition


@admin.register(IndicatorDefinition)
class IndicatorDefinitionAdmin(AuditedAdmin):
    """Shipped by `load_reference`; an admin may deactivate an entry or add a region's own.
    A reload overwrites the shipped fields of shipped codes."""

    list_display = ["code", "name_id", "unit_id", "measure", "direction", "period_rule", "active"]
    list_filter = ["measure", "direction", "period_rule", "active"]
    search_fields = ["code", "name_id", "name_en"]
    list_select_related = ["public_service", "affair"]
