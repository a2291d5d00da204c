from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kerjasama.accounts.models import ContentChecklistItem, Opd, RoleGrant, Tenant, User
from kerjasama.core import audit
from kerjasama.core.admin_audit import AuditedAdmin


@admin.register(Tenant)
class TenantAdmin(AuditedAdmin):
    list_display = ["region", "email", "max_term_months", "active"]
    list_filter = ["active"]
    search_fields = ["region__name", "region__code"]
    autocomplete_fields = ["region"]
    # Uploaded on the region's letter settings page, where their content is checked (issue 9).
    readonly_fields = ["logo", "letter_template"]


@admin.register(Opd)
class OpdAdmin(AuditedAdmin):
    list_display = ["name", "short_name", "tenant", "active"]
    list_filter = ["active", "tenant"]
    search_fields = ["name", "short_name"]


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 1


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "tenant", "opd", "is_active"]
    list_filter = ["tenant", "is_active", "is_staff"]
    list_select_related = ["tenant__region", "opd"]
    inlines = [RoleGrantInline]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Region and OPD"), {"fields": ["tenant", "opd", "position", "language"]}),
    )

    def user_change_password(self, request, id, form_url=""):
        """The admin's password form saves the user itself (not through save_model): record
        that the password was changed, never the password or its hash."""
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                user = self.get_object(request, unquote(id))
                if user is not None:
                    audit.record(
                        actor=request.user,
                        action="admin.password",
                        obj=user,
                        data={"password": "changed"},
                    )
        return response


# Django's own group admin, audited like the others (groups carry permissions).
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(AuditedAdmin, DjangoGroupAdmin):
    pass


# Login throttling (django-axes): its own admins, audited. Deleting an attempt unlocks that
# username and address before the cool-off ends.
@admin.register(AccessAttempt)
class AccessAttemptAdmin(AuditedAdmin, axes_admin.AccessAttemptAdmin):
    pass


@admin.register(AccessLog)
class AccessLogAdmin(AuditedAdmin, axes_admin.AccessLogAdmin):
    pass


@admin.register(AccessFailureLog)
class AccessFailureLogAdmin(AuditedAdmin, axes_admin.AccessFailureLogAdmin):
    pass


@admin.register(ContentChecklistItem)
class ContentChecklistItemAdmin(AuditedAdmin):
    """§5.5 `muatan_wajib` per region (issue 7); the secretariat keeps it on its own page too."""

    list_display = ["label", "document_kind", "tenant", "order", "active"]
    list_filter = ["document_kind", "active", "tenant"]
    search_fields = ["label"]
