"""Screens of the annual and final evaluation (issue 10, item 4): the list of evaluations to
write and to sign off at /monev/evaluasi/, the evaluation page of a PKS and year with its
achievement table (as signed off, and the current figures beside any that changed), the form in
sections, and the buttons of each state change. Readable without JavaScript; every write through
`monitoring.evaluation`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kerjasama.accounts.http import AuthedRequest
from kerjasama.agreements.enums import DocumentKind
from kerjasama.agreements.models import Document
from kerjasama.agreements.selectors import cooperation_visible_to
from kerjasama.core.exceptions import NotFound
from kerjasama.core.forms import apply_domain_error, flash_domain_error, form_status
from kerjasama.monitoring import evaluation as ev
from kerjasama.monitoring import selectors
from kerjasama.monitoring.forms import YearFilterForm
from kerjasama.monitoring.forms_evaluation import CommentForm, EvaluationForm, ReasonForm
from kerjasama.monitoring.models import Evaluation, EvaluationKind


def _page_url(evaluation: Evaluation) -> str:
    return reverse(
        "monitoring:pks_evaluation", kwargs={"pk": evaluation.document_id, "year": evaluation.year}
    )


def _year_or_404(document: Document, year: int) -> None:
    if year not in ev.term_years(document):
        raise NotFound(_("This page was not found."))


@login_required
def evaluation_index(request: AuthedRequest) -> HttpResponse:
    """Evaluations to write (secretariat), to sign off (leadership), and all I read."""
    user = request.user
    form = YearFilterForm(request.GET or None, years=selectors.monev_years(user))
    year = form.cleaned_data.get("tahun") if form.is_bound and form.is_valid() else None
    return render(
        request,
        "monitoring/evaluation_index.html",
        {
            "form": form,
            "year": year,
            "to_write": ev.evaluations_to_write(user, year=year),
            "to_sign_off": ev.evaluations_to_sign_off(user, year=year),
            "evaluations": ev.evaluation_list(user, year=year),
        },
    )


@login_required
def pks_evaluation(request: AuthedRequest, pk: int, year: int) -> HttpResponse:
    """The evaluations of a PKS for a year: the user's region's (every state) and the other
    parties' (once signed off), each with its achievement table, assessment, comments and
    signed-off versions."""
    user = request.user
    document = selectors.pks_for_reader(user, pk)
    _year_or_404(document, year)
    cooperation = document.cooperation
    evaluations = ev.pks_evaluations(user, document, year)
    own = ev.own_party(user, cooperation)
    panels: list[dict[str, Any]] = []
    for evaluation in evaluations:
        rows, version = ev.evaluation_table(evaluation)
        panels.append(
            {
                "evaluation": evaluation,
                "rows": rows,
                "version": version,
                "changed": any(row.current is not None for row in rows),
                "versions": list(
                    evaluation.versions.select_related("signed_off_by", "reopened_by")
                ),
                "comments": list(evaluation.comments.select_related("author")),
                "may_edit": ev.can_edit_evaluation(user, evaluation),
                "may_lead": ev.can_lead_evaluation(user, evaluation),
                "may_write": ev.can_write_evaluation(user, cooperation)
                and own is not None
                and evaluation.party_id == own.pk,
                "comment_form": CommentForm(auto_id=f"c{evaluation.pk}_%s"),
            }
        )
    written = {(e.party_id, e.kind) for e in evaluations}
    may_write = ev.can_write_evaluation(user, cooperation) and own is not None
    final_allowed = year == ev.final_year(document)
    return render(
        request,
        "monitoring/evaluation_pks.html",
        {
            "document": document,
            "cooperation": cooperation,
            "year": year,
            "panels": panels,
            "figures": ev.pks_figures(document, [year]) if not panels else [],
            "may_start_annual": may_write
            and own is not None
            and (own.pk, EvaluationKind.ANNUAL) not in written,
            "may_start_final": may_write
            and final_allowed
            and own is not None
            and (own.pk, EvaluationKind.FINAL) not in written,
            "years": ev.term_years(document),
        },
    )


@login_required
def evaluation_edit(request: AuthedRequest, pk: int, year: int) -> HttpResponse:
    """The form in sections of the user's region's evaluation (a draft: written, changed)."""
    user = request.user
    document = selectors.pks_for_reader(user, pk)
    _year_or_404(document, year)
    cooperation = document.cooperation
    if not ev.can_write_evaluation(user, cooperation):
        raise PermissionDenied(_("Only a party's secretariat writes its evaluation."))
    own = ev.own_party(user, cooperation)
    final_allowed = year == ev.final_year(document)
    wanted = request.POST.get("kind") or request.GET.get("jenis") or EvaluationKind.ANNUAL
    kind = EvaluationKind.FINAL if wanted in ("final", "akhir") and final_allowed else "annual"
    existing = Evaluation.objects.filter(document=document, party=own, year=year, kind=kind).first()
    if existing is not None and not ev.can_edit_evaluation(user, existing):
        messages.error(
            request,
            _(
                "This evaluation is signed off and locked; leadership may reopen it, giving the reason."
            )
            if existing.locked
            else _("This evaluation is submitted for sign-off; withdraw it to change it."),
        )
        return redirect(_page_url(existing))
    form = EvaluationForm(
        request.POST or None,
        final_allowed=final_allowed,
        initial=EvaluationForm.initial_of(existing, kind),
    )
    if request.method == "POST" and form.is_valid():
        try:
            # Saved and submitted together, or neither (a refused submission saves nothing).
            with transaction.atomic():
                evaluation = ev.evaluation_save(
                    actor=user, document=document, year=year, kind=kind, data=form.cleaned_data
                )
                if "ajukan" in request.POST:
                    ev.evaluation_submit(actor=user, evaluation=evaluation)
        except ValidationError as error:
            apply_domain_error(form, error)
        else:
            messages.success(
                request,
                _("The evaluation was submitted for sign-off.")
                if "ajukan" in request.POST
                else _("The evaluation was saved as a draft."),
            )
            return redirect(_page_url(evaluation))
    return render(
        request,
        "monitoring/evaluation_form.html",
        {
            "form": form,
            "document": document,
            "cooperation": cooperation,
            "year": year,
            "kind": kind,
            "kind_label": EvaluationKind(kind).label,
            "party": own,
            "figures": ev.pks_figures(
                document,
                [y for y in ev.term_years(document) if y <= year]
                if kind == EvaluationKind.FINAL
                else [year],
            ),
        },
        status=form_status(request, form),
    )


def _state_change(request: AuthedRequest, pk: int, change: str) -> HttpResponse:
    evaluation = ev.evaluation_for_reader(request.user, pk)
    done = {
        "submit": (ev.evaluation_submit, _("The evaluation was submitted for sign-off.")),
        "withdraw": (ev.evaluation_withdraw, _("The evaluation is a draft again.")),
        "sign_off": (ev.evaluation_sign_off, _("The evaluation was signed off and is locked.")),
    }
    service, message = done[change]
    try:
        service(actor=request.user, evaluation=evaluation)
    except ValidationError as error:
        flash_domain_error(request, error)
    else:
        messages.success(request, message)
    return redirect(f"{_page_url(evaluation)}#evaluation-{evaluation.pk}")


@login_required
@require_POST
def evaluation_submit(request: AuthedRequest, pk: int) -> HttpResponse:
    return _state_change(request, pk, "submit")


@login_required
@require_POST
def evaluation_withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    return _state_change(request, pk, "withdraw")


@login_required
@require_POST
def evaluation_sign_off(request: AuthedRequest, pk: int) -> HttpResponse:
    return _state_change(request, pk, "sign_off")


@login_required
@require_POST
def evaluation_comment(request: AuthedRequest, pk: int) -> HttpResponse:
    evaluation = ev.evaluation_for_reader(request.user, pk)
    if not ev.can_lead_evaluation(request.user, evaluation):
        raise PermissionDenied(
            _("Only the evaluating region's leadership comments on its evaluation.")
        )
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            ev.evaluation_comment(
                actor=request.user, evaluation=evaluation, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            flash_domain_error(request, error)
        else:
            messages.success(request, _("The comment was recorded."))
    else:
        messages.error(request, _("Write the comment."))
    return redirect(f"{_page_url(evaluation)}#evaluation-{evaluation.pk}")


@login_required
def evaluation_reopen(request: AuthedRequest, pk: int) -> HttpResponse:
    evaluation = ev.evaluation_for_reader(request.user, pk)
    if not ev.can_lead_evaluation(request.user, evaluation):
        raise PermissionDenied(_("Only the evaluating region's leadership reopens its evaluation."))
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ev.evaluation_reopen(
                actor=request.user, evaluation=evaluation, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_domain_error(form, error)
        else:
            messages.success(
                request, _("The evaluation was reopened; the signed-off version is kept.")
            )
            return redirect(f"{_page_url(evaluation)}#evaluation-{evaluation.pk}")
    return render(
        request,
        "monitoring/evaluation_reopen.html",
        {"form": form, "evaluation": evaluation},
        status=form_status(request, form),
    )


@login_required
def kb_evaluations(request: AuthedRequest, pk: int) -> HttpResponse:
    """A KB's evaluation, read through its PKS: their evaluations with ratings and
    recommendations, by year."""
    kb = (
        Document.objects.filter(
            pk=pk, kind=DocumentKind.KB, cooperation__in=cooperation_visible_to(request.user)
        )
        .select_related("cooperation")
        .first()
    )
    if kb is None:
        raise NotFound(_("This page was not found."))
    evaluations = ev.kb_evaluations(request.user, kb, None)
    years = sorted({e.year for e in evaluations}, reverse=True)
    form = YearFilterForm(request.GET or None, years=years)
    year = form.cleaned_data.get("tahun") if form.is_bound and form.is_valid() else None
    if year is not None:
        evaluations = [e for e in evaluations if e.year == year]
    return render(
        request,
        "monitoring/evaluation_kb.html",
        {"kb": kb, "cooperation": kb.cooperation, "evaluations": evaluations, "form": form},
    )
