"""The registry's export (issue 11, item 8): the rows the registry list shows with the same
filters, all of them, as XLSX or CSV in the register template (`imports.export`)."""

from __future__ import annotations

import dataclasses

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, QueryDict
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kerjasama.accounts.http import AuthedRequest
from kerjasama.accounts.models import Opd, User
from kerjasama.agreements import search, selectors
from kerjasama.agreements.forms import RegistryFilterForm
from kerjasama.imports import export
from kerjasama.reference.models import GovernmentAffair

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def registry_filters(user: User, query: QueryDict) -> selectors.RegistryFilters:
    """The registry list's filters from its query string, read as the list reads them
    (`agreements.views.cooperation_list`): the same form with the same options, every valid
    filter applied, an out-of-date one dropped, a search without words ignored."""
    try:
        selected_partner = int(query.get("partner", ""))
    except ValueError:
        selected_partner = None
    form = RegistryFilterForm(  # type: ignore[no-untyped-call]
        query or None,
        affairs=GovernmentAffair.objects.order_by("code"),
        partners=selectors.registry_partner_options(user, selected_partner),
        opds=Opd.objects.filter(tenant=user.tenant).order_by("name") if user.tenant_id else [],
        years=selectors.registry_years(user),
    )
    filters = selectors.RegistryFilters()
    if form.is_bound:
        form.is_valid()
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        filters = selectors.RegistryFilters(**data)
    if filters.q and not search.parse(filters.q):
        filters = dataclasses.replace(filters, q="")
    return filters


def _export(request: AuthedRequest, kind: str) -> FileResponse:
    user = request.user
    tenant = user.tenant
    if tenant is None:
        raise PermissionDenied(_("Only a region's users export its registry."))
    filters = registry_filters(user, request.GET)
    cases = selectors.cooperation_list(user=user, filters=filters)
    out, _count = export.export_to_file(cases, tenant, kind, filters=filters)
    return FileResponse(
        out,
        as_attachment=True,
        filename=export.file_name(tenant, kind),
        content_type=CONTENT_TYPES[kind],
    )


@login_required
@require_GET
def export_xlsx(request: AuthedRequest) -> FileResponse:
    return _export(request, "xlsx")


@login_required
@require_GET
def export_csv(request: AuthedRequest) -> FileResponse:
    return _export(request, "csv")
