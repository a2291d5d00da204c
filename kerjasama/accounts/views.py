from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from kerjasama.accounts import services
from kerjasama.accounts.forms import OpdForm
from kerjasama.accounts.models import Opd, Role
from kerjasama.core.forms import apply_domain_error


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


def _secretariat_tenant(request: HttpRequest):
    user = request.user
    if user.tenant_id is None or not user.has_role(Role.SECRETARIAT):
        raise PermissionDenied(_("Only the TKKSD secretariat manages its region's OPDs."))
    return user.tenant


@login_required
def opd_list(request: HttpRequest) -> HttpResponse:
    tenant = request.user.tenant
    opds = Opd.objects.filter(tenant=tenant).order_by("-active", "name") if tenant else []
    return render(
        request,
        "accounts/opd_list.html",
        {"opds": opds, "can_manage": request.user.has_role(Role.SECRETARIAT)},
    )


@login_required
def opd_create(request: HttpRequest) -> HttpResponse:
    tenant = _secretariat_tenant(request)
    form = OpdForm(request.POST or None, initial={"active": True})
    if request.method == "POST" and form.is_valid():
        try:
            services.opd_create(actor=request.user, tenant=tenant, data=form.cleaned_data)
        except ValidationError as error:  # DomainError and full_clean()'s errors
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The OPD was added."))
            return redirect("accounts:opd_list")
    return render(
        request,
        "accounts/opd_form.html",
        {"form": form},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def opd_edit(request: HttpRequest, pk: int) -> HttpResponse:
    tenant = _secretariat_tenant(request)
    opd = get_object_or_404(Opd, pk=pk, tenant=tenant)
    form = OpdForm(request.POST or None, instance=opd)
    if request.method == "POST" and form.is_valid():
        try:
            services.opd_update(actor=request.user, opd=opd, data=form.cleaned_data)
        except ValidationError as error:  # DomainError and full_clean()'s errors
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The OPD was saved."))
            return redirect("accounts:opd_list")
    return render(
        request,
        "accounts/opd_form.html",
        {"form": form, "opd": opd},
        status=422 if request.method == "POST" else 200,
    )


def language_set(request: HttpRequest) -> HttpResponse:
    """Django's `set_language`, and a signed-in user's choice is remembered for what is sent
    to them without a request (e-mails, the calendar feed)."""
    from django.views.i18n import set_language

    from kerjasama.accounts.services import user_language_set

    response = set_language(request)
    language = request.POST.get("language", "")
    if (
        request.method == "POST"
        and request.user.is_authenticated
        and language in dict(settings.LANGUAGES)
    ):
        user_language_set(user=request.user, language=language)
    return response
