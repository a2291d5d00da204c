"""Screens of a meeting's generated letters (issue 9, item 5): generating a letter (POST),
downloading a stored version (streamed after the access check; media is never served
directly), the meeting's letters page and the region's templates per kind."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kerjasama.accounts.http import AuthedRequest
from kerjasama.accounts.models import Tenant
from kerjasama.agreements.models import Cooperation
from kerjasama.core.exceptions import DomainError
from kerjasama.core.forms import apply_domain_error, form_status
from kerjasama.meetings import letter_services
from kerjasama.meetings.enums import LetterKind
from kerjasama.meetings.models import MeetingLetterTemplate
from kerjasama.meetings.permissions import can_keep_team

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class TemplateUploadForm(forms.Form):
    upload = forms.FileField(
        label=gettext_lazy("Word template (DOCX)"),
        widget=forms.FileInput(attrs={"accept": ".docx"}),
    )


@login_required
def meeting_letters(request: AuthedRequest, pk: int) -> HttpResponse:
    """The meeting's letters on a page of their own (the meeting page shows the same panel)."""
    meeting = letter_services.meeting_for_reader(request.user, pk)
    return render(
        request,
        "meetings/letter_list.html",
        {"meeting": meeting, "can_keep": can_keep_team(request.user, meeting.tenant)},
    )


def _generate(
    request: AuthedRequest, pk: int, kind: str, cooperation_pk: int | None
) -> HttpResponse:
    meeting = letter_services.meeting_for_reader(request.user, pk)
    cooperation = None
    if cooperation_pk is not None:
        cooperation = Cooperation.objects.filter(pk=cooperation_pk).first()
        if cooperation is None:
            raise Http404
    try:
        letter = letter_services.letter_generate(
            actor=request.user, meeting=meeting, kind=kind, cooperation=cooperation
        )
    except DomainError as error:
        if error.stops_page:
            raise
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(letter)s version %(version)s was generated.")
            % {"letter": letter.get_kind_display(), "version": letter.version},
        )
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    return redirect("rapat:letters", meeting.pk)


@login_required
@require_POST
def letter_generate(request: AuthedRequest, pk: int, kind: str) -> HttpResponse:
    if kind == LetterKind.EXTRACT:
        raise Http404  # an extract names its case: letter_generate_extract
    return _generate(request, pk, kind, None)


@login_required
@require_POST
def letter_generate_extract(request: AuthedRequest, pk: int, cooperation: int) -> HttpResponse:
    return _generate(request, pk, LetterKind.EXTRACT, cooperation)


def _download(request: AuthedRequest, pk: int, which: str) -> FileResponse:
    letter = letter_services.letter_for_reader(request.user, pk)
    field = letter.pdf if which == "pdf" else letter.docx
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    # A readable name; FileResponse writes Content-Disposition with `filename*` (UTF-8) when
    # the name is not ASCII (`django.utils.http.content_disposition_header`).
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=letter_services.download_name(letter, which),
        content_type="application/pdf" if which == "pdf" else DOCX_TYPE,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def letter_pdf(request: AuthedRequest, pk: int) -> FileResponse:
    return _download(request, pk, "pdf")


@login_required
def letter_docx(request: AuthedRequest, pk: int) -> FileResponse:
    return _download(request, pk, "docx")


def _keeper_tenant(request: AuthedRequest) -> Tenant:
    tenant = request.user.tenant
    if tenant is None or not can_keep_team(request.user, tenant):
        raise PermissionDenied(_("Only the TKKSD secretariat keeps its region's letter templates."))
    return tenant


@login_required
def letter_templates(request: AuthedRequest) -> HttpResponse:
    """The region's templates of meeting letters: per kind, its own or the shipped one, an
    upload that replaces it, and the variables a template may use."""
    tenant = _keeper_tenant(request)
    kind = request.POST.get("kind", "")
    form = TemplateUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            letter_services.template_set(
                actor=request.user, tenant=tenant, kind=kind, upload=form.cleaned_data["upload"]
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The template was saved."))
            return redirect("rapat:letter_templates")
    own = {t.kind: t for t in MeetingLetterTemplate.objects.filter(tenant=tenant)}
    kinds = [
        {"kind": value, "label": label, "own": own.get(value), "failed": value == kind}
        for value, label in LetterKind.choices
    ]
    return render(
        request,
        "meetings/letter_templates.html",
        {
            "kinds": kinds,
            "form": form,
            "variables": letter_services.TEMPLATE_VARIABLES,
            "syntax": {
                "var": "{{ nama }}",
                "loop": "{%p for line in kop_lines %} … {{ line }} … {%p endfor %}",
                "cond": "{%p if tanda_air %} … {%p endif %}",
                "body": "{{p isi }}",
            },
        },
        status=form_status(request, form),
    )


@login_required
def letter_template_file(request: AuthedRequest, kind: str) -> FileResponse:
    """The template in use for `kind`: the region's own, or the shipped one to start from."""
    tenant = _keeper_tenant(request)
    if kind not in LetterKind.values:
        raise Http404
    own = MeetingLetterTemplate.objects.filter(tenant=tenant, kind=kind).first()
    handle = (
        own.file.open("rb")
        if own is not None
        else letter_services.shipped_template(kind).open("rb")
    )
    response = FileResponse(
        handle, as_attachment=True, filename=f"templat-{kind}.docx", content_type=DOCX_TYPE
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def letter_template_remove(request: AuthedRequest, kind: str) -> HttpResponse:
    tenant = _keeper_tenant(request)
    if kind not in LetterKind.values:
        raise Http404
    letter_services.template_remove(actor=request.user, tenant=tenant, kind=kind)
    messages.success(request, _("The shipped template is used again."))
    return redirect("rapat:letter_templates")
