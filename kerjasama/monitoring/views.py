"""Screens of monitoring at /monev/ (issue 10): what I must report and what awaits my
verification, the indicators page of a PKS with targets, realisations and the achievement
explained, and the forms to bind indicators, set targets, enter, verify, return and
reconcile. Readable without JavaScript; every write through `monitoring.services`."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kerjasama.accounts.http import AuthedRequest
from kerjasama.agreements.models import Party
from kerjasama.core.exceptions import NotFound
from kerjasama.core.forms import apply_domain_error, flash_domain_error, form_status
from kerjasama.monitoring import selectors, services
from kerjasama.monitoring.achievement import Period
from kerjasama.monitoring.enums import Frequency, Verification
from kerjasama.monitoring.forms import (
    IndicatorForm,
    PksYearForm,
    RealisationForm,
    ReconciliationForm,
    ReturnForm,
    TargetsForm,
    YearFilterForm,
)
from kerjasama.monitoring.models import Evidence, Indicator, Realisation
from kerjasama.monitoring.permissions import (
    can_manage_indicators,
    can_reconcile,
    can_report,
    can_verify,
    reporting_parties,
)


def _pks_url(indicator: Indicator, year: int | None = None) -> str:
    """The PKS's indicators page, at `year` when given (its default shows the recent years)."""
    url = reverse("monitoring:pks", kwargs={"pk": indicator.document_id})
    return f"{url}?tahun={year}" if year else url


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    """What I must report now, what awaits my verification, and the PKS with indicators."""
    user = request.user
    years = selectors.monev_years(user)
    form = YearFilterForm(request.GET or None, years=years)
    year = form.cleaned_data.get("tahun") if form.is_bound and form.is_valid() else None
    return render(
        request,
        "monitoring/index.html",
        {
            "form": form,
            "year": year,
            "to_report": selectors.to_report(user, year=year),
            "to_verify": selectors.to_verify(user, year=year),
            "cases": selectors.monev_cases(user),
        },
    )


def recent_years(years: list[int], today: dt.date) -> list[int]:
    """The years a PKS's indicators page shows by default: the current year, the last complete
    year and the one before it (the page of every year of a long PKS grows past 200 KB); for a
    PKS that ended earlier, its last three years."""
    recent = [y for y in years if y >= today.year - 2]
    return recent or years[-3:]


@login_required
def pks(request: AuthedRequest, pk: int) -> HttpResponse:
    """The indicators of a PKS: targets per period and version, realisations with their state,
    achievement per period with its explanation."""
    document = selectors.pks_for_reader(request.user, pk)
    indicators = selectors.pks_indicators(document)
    all_years: set[int] = set()
    for indicator in indicators:
        all_years |= set(selectors.indicator_years(indicator))
    years = sorted(all_years)
    form = PksYearForm(request.GET or None, years=sorted(years, reverse=True))
    chosen = form.cleaned_data.get("tahun") if form.is_bound and form.is_valid() else None
    today = timezone.localdate()
    recent = recent_years(years, today)
    pending: set[int] = set()
    if chosen is None:
        for indicator in indicators:
            pending |= selectors.indicator_years_pending(indicator, years, today)
    shown = years if chosen == PksYearForm.ALL else [chosen] if chosen else recent
    panels = [selectors.indicator_panel(request.user, i, shown) for i in indicators]
    return render(
        request,
        "monitoring/pks.html",
        {
            "document": document,
            "cooperation": document.cooperation,
            "panels": panels,
            "form": form,
            "years": years,
            "recent": recent if chosen is None and recent != years else None,
            "pending_older": sorted(pending - set(recent)),
            "can_manage": can_manage_indicators(request.user, document.cooperation),
            "user_verifies": {
                cell[1].pk
                for panel in panels
                for row in panel.rows
                for cell in row.cells
                if cell[1] is not None
                and cell[1].status == Verification.SUBMITTED
                and can_verify(request.user, cell[1])
            },
            "can_reconcile": {
                panel.indicator.pk
                for panel in panels
                if can_reconcile(request.user, panel.indicator)
            },
        },
    )


@login_required
def indicator_create(request: AuthedRequest, pk: int) -> HttpResponse:
    document = selectors.pks_for_reader(request.user, pk)
    if not can_manage_indicators(request.user, document.cooperation):
        raise PermissionDenied(_("Only a party's secretariat binds indicators to a PKS."))
    query = request.GET.get("cari", "").strip()[:100]
    library = selectors.library_options(query)
    form = IndicatorForm(request.POST or None, document=document, library=library)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_create(actor=request.user, document=document, data=form.cleaned_data)
        except ValidationError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The indicator was added."))
            return redirect("monitoring:pks", pk=document.pk)
    return render(
        request,
        "monitoring/indicator_form.html",
        {"form": form, "document": document, "query": query, "found": library.count()},
        status=form_status(request, form),
    )


def _target_periods(indicator: Indicator, years: list[int]) -> list[tuple[int, int, str]]:
    periods = []
    for year in years:
        periods.append((year, 0, str(Period(year))))
        if indicator.frequency == Frequency.QUARTERLY:
            periods += [(year, q, str(Period(year, q))) for q in (1, 2, 3, 4)]
    return periods


@login_required
def targets(request: AuthedRequest, pk: int) -> HttpResponse:
    indicator = selectors.indicator_for_reader(request.user, pk)
    if not can_manage_indicators(request.user, indicator.cooperation):
        raise PermissionDenied(_("Only a party's secretariat sets an indicator's targets."))
    document = indicator.document
    years = _term_years(indicator)
    periods = _target_periods(indicator, years)
    computation = selectors.indicator_as_computation(indicator)
    initial = {}
    for year, quarter, _label in periods:
        found = computation.target_for(Period(year, quarter or None))
        if found is not None:
            initial[f"t_{year}_{quarter}"] = found[0].value.normalize()
    addenda = selectors.addenda_of(document)
    form = TargetsForm(
        request.POST or None,
        indicator=indicator,
        periods=periods,
        addenda=addenda,
        initial=initial,
    )
    needs_addendum = document.status == "signed" and indicator.target_versions.exists()
    if request.method == "POST" and form.is_valid():
        wanted = form.targets()
        if needs_addendum:
            # Only the periods whose target changes make the addendum's version.
            wanted = [
                t
                for t in wanted
                if initial.get(f"t_{t['year']}_{t['quarter']}") is None
                or initial[f"t_{t['year']}_{t['quarter']}"] != t["value"].normalize()
            ]
        try:
            services.indicator_targets_set(
                actor=request.user,
                indicator=indicator,
                targets=wanted,
                addendum=form.cleaned_data.get("addendum"),
                valid_from=form.cleaned_data.get("valid_from"),
            )
        except ValidationError as error:
            apply_domain_error(form, error, field_map={"targets": None})
        else:
            messages.success(request, _("The targets were recorded."))
            return redirect("monitoring:pks", pk=document.pk)
    return render(
        request,
        "monitoring/targets_form.html",
        {
            "form": form,
            "indicator": indicator,
            "document": document,
            "needs_addendum": needs_addendum,
            "target_fields": [form[f"t_{y}_{q}"] for y, q, _label in periods],
        },
        status=form_status(request, form),
    )


def _term_years(indicator: Indicator) -> list[int]:
    document = indicator.document
    start = document.start_date or document.signed_on
    end = document.effective_end()
    if start is None:
        today = timezone.localdate()
        return [today.year]
    last = end.year if end is not None else start.year + 4
    return list(range(start.year, last + 1))


def _party_of(indicator: Indicator, party_pk: int) -> Party:
    for party in reporting_parties(indicator):
        if party.pk == party_pk:
            return party
    raise NotFound(_("This page was not found."))


@login_required
def realisation_enter(
    request: AuthedRequest, pk: int, party: int, year: int, quarter: int
) -> HttpResponse:
    indicator = selectors.indicator_for_reader(request.user, pk)
    reporting = _party_of(indicator, party)
    if not can_report(request.user, indicator, reporting):
        raise PermissionDenied(_("Only the reporting OPD of this party enters its value."))
    quarterly = indicator.frequency == Frequency.QUARTERLY
    if (quarter == 0) == quarterly or quarter not in (0, 1, 2, 3, 4):
        # The URL names a period the indicator has not (issue 10, QA): say so, before a form.
        messages.error(
            request,
            _("This indicator is reported per quarter: choose a quarter on its row.")
            if quarterly
            else _("This indicator is reported per year: choose the year on its row."),
        )
        return redirect(f"{_pks_url(indicator, year)}#indicator-{indicator.pk}")
    existing = Realisation.objects.filter(
        indicator=indicator, party=reporting, year=year, quarter=quarter
    ).first()
    if existing is not None and existing.status == Verification.VERIFIED:
        # A verified value is not changed here (the service refuses it too): shown read only.
        return render(
            request,
            "monitoring/realisation_form.html",
            {
                "form": None,
                "indicator": indicator,
                "party": reporting,
                "period": Period(year, quarter or None),
                "existing": existing,
                "locked": True,
            },
        )
    initial = {}
    if existing is not None:
        initial = {
            "state": existing.state,
            "value": existing.value.normalize() if existing.value is not None else None,
            "denominator": existing.denominator.normalize()
            if existing.denominator is not None
            else None,
            "not_applicable_reason": existing.not_applicable_reason,
            "note": existing.note,
        }
    form = RealisationForm(
        request.POST or None, request.FILES or None, indicator=indicator, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("evidence")
        try:
            services.realisation_save(
                actor=request.user,
                indicator=indicator,
                party=reporting,
                year=year,
                quarter=quarter,
                data=form.cleaned_data,
                submit="simpan" not in request.POST,
                uploads=[upload] if upload else [],
            )
        except ValidationError as error:
            apply_domain_error(form, error, field_map={None: None})
        else:
            messages.success(
                request,
                _("The value was saved as a draft.")
                if "simpan" in request.POST
                else _("The value was submitted for verification."),
            )
            return redirect(f"{_pks_url(indicator, year)}#indicator-{indicator.pk}")
    return render(
        request,
        "monitoring/realisation_form.html",
        {
            "form": form,
            "indicator": indicator,
            "party": reporting,
            "period": Period(year, quarter or None),
            "existing": existing,
        },
        status=form_status(request, form),
    )


@login_required
@require_POST
def realisation_verify(request: AuthedRequest, pk: int) -> HttpResponse:
    realisation = selectors.realisation_for_reader(request.user, pk)
    try:
        services.realisation_verify(actor=request.user, realisation=realisation)
    except ValidationError as error:
        flash_domain_error(request, error)
    else:
        messages.success(request, _("The value was verified; it counts from now on."))
    return redirect(
        f"{_pks_url(realisation.indicator, realisation.year)}#indicator-{realisation.indicator_id}"
    )


@login_required
def realisation_return(request: AuthedRequest, pk: int) -> HttpResponse:
    realisation = selectors.realisation_for_reader(request.user, pk)
    if not can_verify(request.user, realisation):
        raise PermissionDenied(
            _("Only the secretariat of the reporting region returns its values.")
        )
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.realisation_return(
                actor=request.user, realisation=realisation, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The value was returned to the reporter."))
            return redirect(
                f"{_pks_url(realisation.indicator, realisation.year)}#indicator-{realisation.indicator_id}"
            )
    return render(
        request,
        "monitoring/return_form.html",
        {"form": form, "realisation": realisation, "indicator": realisation.indicator},
        status=form_status(request, form),
    )


@login_required
def evidence(request: AuthedRequest, pk: int) -> FileResponse:
    """An evidence file, streamed after the reading check; media is never served directly."""
    item = Evidence.objects.select_related("realisation").filter(pk=pk).first()
    if item is None:
        raise Http404
    selectors.indicator_for_reader(request.user, item.realisation.indicator_id)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=item.original_name, content_type=item.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def reconcile(request: AuthedRequest, pk: int, year: int, quarter: int) -> HttpResponse:
    indicator = selectors.indicator_for_reader(request.user, pk)
    if not can_reconcile(request.user, indicator):
        raise PermissionDenied(_("Only the responsible party's secretariat reconciles the values."))
    parties = reporting_parties(indicator)
    rows = list(
        Realisation.objects.filter(indicator=indicator, year=year, quarter=quarter)
        .select_related("party__partner", "verified_by")
        .order_by("party__order")
    )
    form = ReconciliationForm(request.POST or None, indicator=indicator, parties=parties)
    if request.method == "POST" and form.is_valid():
        try:
            services.reconciliation_record(
                actor=request.user,
                indicator=indicator,
                year=year,
                quarter=quarter,
                chosen_party=form.cleaned_data["chosen_party"],
                agreed_value=form.cleaned_data.get("agreed_value"),
                agreed_denominator=form.cleaned_data.get("agreed_denominator"),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The reconciliation was recorded."))
            return redirect(f"{_pks_url(indicator, year)}#indicator-{indicator.pk}")
    return render(
        request,
        "monitoring/reconcile_form.html",
        {
            "form": form,
            "indicator": indicator,
            "period": Period(year, quarter or None),
            "rows": rows,
            "difference": selectors.realisation_difference(indicator, rows),
        },
        status=form_status(request, form),
    )
