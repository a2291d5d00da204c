from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from kerjasama.accounts.http import AuthedRequest
from kerjasama.accounts.models import Role
from kerjasama.core.forms import apply_domain_error, form_status
from kerjasama.partners import services
from kerjasama.partners.enums import PartnerKind
from kerjasama.partners.forms import PartnerForm, partner_ref
from kerjasama.partners.models import Partner
from kerjasama.partners.permissions import can_edit_partner
from kerjasama.partners.sections import partner_sections


def _require_secretariat(request: AuthedRequest) -> None:
    if request.user.tenant_id is None or not request.user.has_role(Role.SECRETARIAT):
        raise PermissionDenied(_("Only the TKKSD secretariat registers partners."))


@login_required
def partner_list(request: AuthedRequest) -> HttpResponse:
    """Partners other than regions: search them before registering a new one."""
    query = request.GET.get("q", "").strip()[:200]
    partners = Partner.objects.exclude(kind=PartnerKind.REGION)
    if query:
        partners = partners.filter(
            pk__in=[
                p.pk for p in services.partner_search(query, limit=200) if isinstance(p, Partner)
            ]
        )
    page = Paginator(partners.order_by("name"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "partners/list.html",
        {"page": page, "query": query, "can_create": request.user.has_role(Role.SECRETARIAT)},
    )


@login_required
def partner_suggest(request: AuthedRequest) -> HttpResponse:
    """HTMX fragment: <option>s for the party field's datalist."""
    query = request.GET.get("q", "")
    for key in request.GET:
        if key.endswith("-partner"):
            query = request.GET.get(key, "")
    found = services.partner_search(query[:100], limit=12) if len(query.strip()) >= 2 else []
    return render(
        request, "partners/suggestions.html", {"options": [partner_ref(f) for f in found]}
    )


@login_required
def partner_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    partner = get_object_or_404(Partner.objects.select_related("region"), pk=pk)
    return render(
        request,
        "partners/detail.html",
        {
            "partner": partner,
            # What the reader may see of the partner in the apps above (the cooperations with
            # it), each app's own section (`partners.sections`).
            "sections": partner_sections(request, partner),
            "can_edit": can_edit_partner(request.user, partner),
        },
    )


@login_required
def partner_create(request: AuthedRequest) -> HttpResponse:
    _require_secretariat(request)
    form = PartnerForm(request.POST if request.method == "POST" else None)
    candidates = []
    if request.method == "POST" and form.is_valid():
        try:
            partner = services.partner_create(
                actor=request.user,
                data=form.cleaned_data,
                confirm_not_duplicate=form.cleaned_data["confirm_not_duplicate"],
            )
        except services.DuplicatePartner as duplicate:
            candidates = duplicate.candidates
            form.add_error(None, duplicate.messages)
        except ValidationError as error:  # DomainError and full_clean()'s errors
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The partner was registered."))
            return redirect("partners:detail", pk=partner.pk)
    return render(
        request,
        "partners/form.html",
        {"form": form, "candidates": candidates},
        status=form_status(request, form),
    )


@login_required
def partner_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    _require_secretariat(request)
    partner = get_object_or_404(Partner.objects.exclude(kind=PartnerKind.REGION), pk=pk)
    if not can_edit_partner(request.user, partner):
        raise PermissionDenied(
            _("A partner is changed by the region that registered it or works with it.")
        )
    form = PartnerForm(request.POST if request.method == "POST" else None, instance=partner)
    form.fields.pop("confirm_not_duplicate")
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_update(
                actor=request.user,
                partner=partner,
                data=form.cleaned_data,
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:  # DomainError and full_clean()'s errors
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The partner was saved."))
            return redirect("partners:detail", pk=partner.pk)
    return render(
        request,
        "partners/form.html",
        {"form": form, "partner": partner},
        status=form_status(request, form),
    )
