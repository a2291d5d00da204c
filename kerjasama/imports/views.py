"""The import screens at /impor/ (issue 11, item 5 of the brief): upload, the run's page with
its progress, mapping, preview (filter by outcome, exclude rows), commit, error report and
undo. Only the region's secretariat; another region's import is not found (404)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kerjasama.accounts.http import AuthedRequest
from kerjasama.accounts.models import Tenant
from kerjasama.core.forms import apply_domain_error, flash_domain_error, form_status
from kerjasama.imports import selectors, services
from kerjasama.imports.files import check_file
from kerjasama.imports.forms import MappingForm, OutcomeFilter, UploadForm
from kerjasama.imports.models import Decision, ImportRun, Outcome, RunState
from kerjasama.imports.tasks import commit_run_task, read_run_task


def _tenant(request: AuthedRequest) -> Tenant:
    tenant = request.user.tenant
    if tenant is None or not services.can_import(request.user, tenant):
        raise PermissionDenied(_("Only the region's secretariat imports into its registry."))
    return tenant


def _run(request: AuthedRequest, pk: int) -> ImportRun:
    tenant = _tenant(request)
    run = selectors.runs_of(tenant).filter(pk=pk).first()
    if run is None:
        raise Http404
    return run


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    tenant = _tenant(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["upload"]
        try:
            checked = check_file(upload, name=upload.name)  # the check, in the request
            run = services.run_create(
                actor=request.user, tenant=tenant, data=checked.data, name=upload.name
            )
        except ValidationError as error:
            apply_domain_error(form, error, field_map={None: "upload"})
        else:
            language = translation.get_language()  # the reasons in the uploader's language
            transaction.on_commit(lambda: read_run_task.enqueue(run.pk, language))
            return redirect("imports:run", pk=run.pk)
    return render(
        request,
        "imports/index.html",
        {"form": form, "runs": selectors.runs_of(tenant)[:50]},
        status=form_status(request, form),
    )


@login_required
def run_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    working = run.state in (RunState.UPLOADED, RunState.READ, RunState.COMMITTING)
    filter_form = OutcomeFilter(request.GET or None)
    outcome = filter_form.cleaned_data["hasil"] if filter_form.is_valid() else ""
    rows = selectors.rows_of(run, outcome=outcome)
    if not outcome:
        rows = rows.exclude(outcome=Outcome.NON_DATA)
    listed = list(rows.order_by("number")[:500])
    resembled = selectors.resembled_cases(run, listed)
    shown = [
        (
            row,
            selectors.reasons_shown(row, run=run),
            selectors.changes_shown(row.diff),
            selectors.values_shown(row),
            resembled.get(row.number),
        )
        for row in listed
    ]
    return render(
        request,
        "imports/run.html",
        {
            "run": run,
            "working": working,
            "mapping_form": MappingForm(run)
            if run.state in (RunState.PREVIEWED, RunState.FAILED) and run.file
            else None,
            "filter_form": filter_form,
            "rows": shown,
            "counts": [
                (Outcome(name).label, name, count)
                for name, count in run.counts.items()
                if name in Outcome.values
            ],
            "changed": services.changed_since(run) if run.state == RunState.COMMITTED else [],
            "mapping_used": selectors.mapping_shown(run)
            if run.state in (RunState.COMMITTED, RunState.UNDONE)
            else None,
            "to_write": selectors.rows_to_write(run) if run.state == RunState.PREVIEWED else 0,
            "decidable": run.state == RunState.PREVIEWED and selectors.decidable(run),
            "shown_outcome": outcome,
        },
    )


@login_required
@require_POST
def mapping(request: AuthedRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    form = MappingForm(run, request.POST)
    if form.is_valid():
        try:
            services.run_choose(
                actor=request.user,
                run=run,
                sheet=form.cleaned_data["sheet"] or None,
                header_row=form.cleaned_data["header_row"],
                mapping=form.mapping(),
                status_mapping=form.status_mapping(),
                defaults=form.defaults(),
                read=False,
            )
        except ValidationError as error:
            flash_domain_error(request, error)
        else:  # read again by the task, not in this request
            language = translation.get_language()
            transaction.on_commit(lambda: read_run_task.enqueue(run.pk, language))
            messages.success(request, _("The register is read again with your choices."))
    else:
        messages.error(
            request, _("Check the mapping: %(errors)s") % {"errors": form.errors.as_text()}
        )
    return redirect("imports:run", pk=run.pk)


@login_required
@require_POST
def exclude(request: AuthedRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    try:
        numbers = [int(n) for n in request.POST.getlist("row")]
    except ValueError:
        numbers = []
    try:
        services.run_exclude(
            actor=request.user,
            run=run,
            numbers=numbers,
            excluded=request.POST.get("action") != "include",
        )
    except ValidationError as error:
        flash_domain_error(request, error)
    # Back to the rows the user was looking at (the walk of issue 11: the filter was lost).
    shown = OutcomeFilter({"hasil": request.POST.get("hasil", "")})
    if shown.is_valid() and shown.cleaned_data["hasil"]:
        return redirect(f"{reverse('imports:run', args=[run.pk])}?{urlencode(shown.cleaned_data)}")
    return redirect("imports:run", pk=run.pk)


# The buttons of the rows' form that answer for possible duplicates (`Decision`; "" asks again).
DECISIONS = {"as_new": Decision.NEW, "as_same": Decision.SAME, "undecide": ""}


@login_required
@require_POST
def decide(request: AuthedRequest, pk: int) -> HttpResponse:
    """The chosen possible duplicates: new cases, the cases they resemble, or asked again; then
    the file is read again by the task (the rows' outcomes change)."""
    run = _run(request, pk)
    action = request.POST.get("action", "")
    try:
        numbers = [int(n) for n in request.POST.getlist("row")]
    except ValueError:
        numbers = []
    if action not in DECISIONS or not numbers:
        messages.error(request, _("Choose the rows first, with the boxes in the first column."))
        return redirect("imports:run", pk=run.pk)
    try:
        decided = services.run_decide(
            actor=request.user, run=run, numbers=numbers, decision=DECISIONS[action], read=False
        )
    except ValidationError as error:
        flash_domain_error(request, error)
        return redirect("imports:run", pk=run.pk)
    if decided:
        language = translation.get_language()
        transaction.on_commit(lambda: read_run_task.enqueue(run.pk, language))
        messages.success(
            request,
            ngettext(
                "%(count)s row decided; the register is read again.",
                "%(count)s rows decided; the register is read again.",
                decided,
            )
            % {"count": decided},
        )
    else:
        messages.error(
            request, _("None of the chosen rows is a possible duplicate: nothing was changed.")
        )
    return redirect("imports:run", pk=run.pk)


@login_required
@require_POST
def commit(request: AuthedRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    try:
        run = services.run_commit_start(actor=request.user, run=run)
    except ValidationError as error:
        flash_domain_error(request, error)
    else:  # written by the task, in one transaction; the run's page follows it
        actor_id = request.user.pk
        language = translation.get_language()
        transaction.on_commit(lambda: commit_run_task.enqueue(run.pk, actor_id, language))
        messages.info(request, _("The register is being imported."))
    return redirect("imports:run", pk=run.pk)


@login_required
@require_POST
def undo(request: AuthedRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    if not request.POST.get("confirm"):
        # Undo deletes cases: asked for in so many words (a box to tick, without JavaScript).
        messages.error(request, _("Tick the box to confirm that the import is to be undone."))
        return redirect("imports:run", pk=run.pk)
    try:
        services.run_undo(actor=request.user, run=run)
    except ValidationError as error:
        flash_domain_error(request, error)
    else:
        messages.success(request, _("The import was undone."))
    return redirect("imports:run", pk=run.pk)


@login_required
def report(request: AuthedRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    if not run.table_read:
        raise Http404
    response = HttpResponse(
        selectors.error_report(run),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="alasan-impor-{run.pk}.xlsx"'
    return response
