from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.i18n import set_language

from kerjasama.accounts import services
from kerjasama.accounts.forms import ChecklistItemForm, LetterSettingsForm, OpdForm
from kerjasama.accounts.http import AuthedRequest
from kerjasama.accounts.letters import sample_letter, tenant_template
from kerjasama.accounts.models import ContentChecklistItem, Opd, Role, Tenant
from kerjasama.core.forms import apply_domain_error, form_status
from kerjasama.core.letters import render_docx, render_pdf
from kerjasama.core.uploads import DOCX, PDF


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        """Signing in restores the language the user chose (`User.language`), in this browser
        too: the screens then speak as their e-mails and calendar feed already do."""
        response = super().form_valid(form)
        language = form.get_user().language
        if language in dict(settings.LANGUAGES):
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response


class LogoutView(auth_views.LogoutView):
    pass


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' answer once a username has failed too often from one address (item 21)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)


def client_address(request: HttpRequest) -> str:
    """The client's address: the connection's, or behind TRUSTED_PROXY_COUNT reverse proxies the
    one the outermost of them saw (the last entries of X-Forwarded-For are theirs to write)."""
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")


def _count(key: str, timeout: int) -> int:
    """Add one to a counter in the cache that lives `timeout` seconds; return the new value."""
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=timeout)
        return 1


def _over_limit(*parts: str) -> bool:
    """Count one request against each key (per hour); True when any is over the limit."""
    limit = settings.PASSWORD_RESET_LIMIT_PER_HOUR
    counts = [
        _count("ratelimit:" + hashlib.sha256(part.encode()).hexdigest(), 3600) for part in parts
    ]
    return any(count > limit for count in counts)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password; the old one is required (Django's form). Wrong old passwords
    count like wrong logins: after the limit in an hour the page refuses (item 25)."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def post(self, request, *args, **kwargs):
        if cache.get(f"pwchange-fail:{request.user.pk}", 0) >= settings.AXES_FAILURE_LIMIT:
            return render(request, "accounts/too_many.html", status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        if form.has_error("old_password"):
            _count(
                f"pwchange-fail:{self.request.user.pk}",
                int(settings.AXES_COOLOFF_TIME.total_seconds()),
            )
        return super().form_invalid(form)


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link by e-mail. The answer is the same whether or not the address
    belongs to an account (Django's form sends only to active users with a usable password);
    requests are limited per address and per client address (item 25)."""

    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request, *args, **kwargs):
        email = request.POST.get("email", "").strip().lower()
        if _over_limit(f"reset-ip:{client_address(request)}", f"reset-email:{email}"):
            return render(request, "accounts/too_many.html", status=429)
        return super().post(request, *args, **kwargs)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        """A new password set through the e-mailed link lifts the login lockout of that
        account (the lockout page offers exactly this way out)."""
        from axes.utils import reset as axes_reset

        response = super().form_valid(form)
        axes_reset(username=form.user.get_username())
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


def _secretariat_tenant(request: AuthedRequest):
    user = request.user
    if user.tenant_id is None or not user.has_role(Role.SECRETARIAT):
        raise PermissionDenied(_("Only the TKKSD secretariat manages its region's OPDs."))
    return user.tenant


@login_required
def opd_list(request: AuthedRequest) -> HttpResponse:
    tenant = request.user.tenant
    opds = Opd.objects.filter(tenant=tenant).order_by("-active", "name") if tenant else []
    return render(
        request,
        "accounts/opd_list.html",
        {"opds": opds, "can_manage": request.user.has_role(Role.SECRETARIAT)},
    )


@login_required
def opd_create(request: AuthedRequest) -> HttpResponse:
    tenant = _secretariat_tenant(request)
    form = OpdForm(request.POST if request.method == "POST" else None, initial={"active": True})
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
        status=form_status(request, form),
    )


@login_required
def opd_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    tenant = _secretariat_tenant(request)
    opd = get_object_or_404(Opd, pk=pk, tenant=tenant)
    form = OpdForm(request.POST if request.method == "POST" else None, instance=opd)
    if request.method == "POST" and form.is_valid():
        try:
            services.opd_update(
                actor=request.user,
                opd=opd,
                data=form.cleaned_data,
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:  # DomainError and full_clean()'s errors
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The OPD was saved."))
            return redirect("accounts:opd_list")
    return render(
        request,
        "accounts/opd_form.html",
        {"form": form, "opd": opd},
        status=form_status(request, form),
    )


@login_required
def checklist_list(request: AuthedRequest) -> HttpResponse:
    """The region's content checklist of KB and PKS (§5.5 `muatan_wajib`, issue 7): read by its
    people, kept by its secretariat."""
    tenant = request.user.tenant
    rows = (
        ContentChecklistItem.objects.filter(tenant=tenant).order_by(
            "document_kind", "-active", "order", "id"
        )
        if tenant
        else []
    )
    return render(
        request,
        "accounts/checklist_list.html",
        {"rows": rows, "can_manage": request.user.has_role(Role.SECRETARIAT)},
    )


def _checklist_tenant(request: AuthedRequest) -> Tenant:
    user = request.user
    if user.tenant is None or not user.has_role(Role.SECRETARIAT):
        raise PermissionDenied(
            _("Only the TKKSD secretariat keeps its region's content checklist.")
        )
    return user.tenant


@login_required
def checklist_create(request: AuthedRequest) -> HttpResponse:
    tenant = _checklist_tenant(request)
    form = ChecklistItemForm(
        request.POST if request.method == "POST" else None, initial={"active": True}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.checklist_item_create(
                actor=request.user, tenant=tenant, data=form.cleaned_data
            )
        except ValidationError as error:  # DomainError and full_clean()'s errors
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The row was added to the checklist."))
            return redirect("accounts:checklist_list")
    return render(
        request,
        "accounts/checklist_form.html",
        {"form": form},
        status=form_status(request, form),
    )


@login_required
def checklist_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    tenant = _checklist_tenant(request)
    row = get_object_or_404(ContentChecklistItem, pk=pk, tenant=tenant)
    form = ChecklistItemForm(request.POST if request.method == "POST" else None, instance=row)
    if request.method == "POST" and form.is_valid():
        try:
            services.checklist_item_update(actor=request.user, item=row, data=form.cleaned_data)
        except ValidationError as error:  # DomainError and full_clean()'s errors
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The checklist row was saved."))
            return redirect("accounts:checklist_list")
    return render(
        request,
        "accounts/checklist_form.html",
        {"form": form, "row": row},
        status=form_status(request, form),
    )


def language_set(request: AuthedRequest) -> HttpResponse:
    """Django's `set_language`, and a signed-in user's choice is remembered for what is sent
    to them without a request (e-mails, the calendar feed)."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if (
        request.method == "POST"
        and request.user.is_authenticated
        and language in dict(settings.LANGUAGES)
    ):
        services.user_language_set(user=request.user, language=language)
    return response


def _letters_tenant(request: AuthedRequest) -> Tenant:
    user = request.user
    if user.tenant is None or not user.has_role(Role.SECRETARIAT):
        raise PermissionDenied(_("Only the TKKSD secretariat keeps its region's letter settings."))
    return user.tenant


@login_required
def letter_settings(request: AuthedRequest) -> HttpResponse:
    """The region's letter settings (issue 9, item 5): kop surat, logo, template, numbering,
    place of the date line and default signer, with a sample letter to download."""
    tenant = _letters_tenant(request)
    form = LetterSettingsForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        instance=Tenant.objects.get(pk=tenant.pk),  # the form's copy; the service locks its own
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.tenant_letters_update(
                actor=request.user,
                tenant=tenant,
                data={name: form.cleaned_data[name] for name in services.LETTER_FIELDS},
                logo=form.cleaned_data["logo_upload"],
                template=form.cleaned_data["template_upload"],
                remove_logo=form.cleaned_data["logo_remove"],
                remove_template=form.cleaned_data["template_remove"],
            )
        except ValidationError as error:  # DomainError and full_clean()'s errors
            apply_domain_error(
                form,
                error,
                field_map={"logo": "logo_upload", "letter_template": "template_upload"},
            )
        else:
            messages.success(request, _("The letter settings were saved."))
            return redirect("accounts:letter_settings")
    today = timezone.localdate()
    return render(
        request,
        "accounts/letter_settings.html",
        {
            "form": form,
            "tenant": tenant,
            "next_number": services.letter_number_preview(
                tenant=tenant, day=today, code=tenant.letter_code_invitation
            ),
            "logo_kind": (tenant.logo.name or "").rsplit(".", 1)[-1].upper() if tenant.logo else "",
        },
        status=form_status(request, form),
    )


@login_required
def letter_sample(request: AuthedRequest, fmt: str) -> HttpResponse:
    """The sample letter ("Contoh surat") in the region's layout, as DOCX or PDF."""
    tenant = _letters_tenant(request)
    if fmt not in ("pdf", "docx"):
        raise Http404
    today = timezone.localdate()
    letter = sample_letter(
        tenant,
        day=today,
        number=services.letter_number_preview(
            tenant=tenant, day=today, code=tenant.letter_code_invitation
        ),
    )
    if fmt == "pdf":
        body, content_type = render_pdf(letter), PDF
    else:
        body, content_type = render_docx(letter, tenant_template(tenant)), DOCX
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="contoh-surat.{fmt}"'
    return response
