"""Screens of the region's year (issue 10, items 5–6): `/monev/<year>/` (and a regency's or
city's year for its province's oversight), its CSV and XLSX export, and the leadership's choice
of headline indicators. Readable without JavaScript; the charts are SVG drawn on the server."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kerjasama.accounts.http import AuthedRequest
from kerjasama.core.exceptions import NotFound
from kerjasama.core.forms import apply_domain_error, form_status
from kerjasama.monitoring import charts, services_year, year_export
from kerjasama.monitoring.models import IndicatorDefinition
from kerjasama.monitoring.selectors import library_options
from kerjasama.monitoring.year import (
    BAND_LABELS,
    BANDS,
    YearPage,
    can_choose_headlines,
    check_year,
    headlines_of,
    overseen_regions,
    region_for_year,
    year_page,
)


def _year_url(page: YearPage, year: int, own: bool) -> str:
    if own:
        return reverse("monitoring:year", kwargs={"year": year})
    return reverse("monitoring:year_region", kwargs={"year": year, "region": page.region.pk})


def _export_url(page: YearPage, fmt: str, own: bool) -> str:
    if own:
        return reverse("monitoring:year_export", kwargs={"year": page.year, "fmt": fmt})
    return reverse(
        "monitoring:year_region_export",
        kwargs={"year": page.year, "fmt": fmt, "region": page.region.pk},
    )


def _charts(page: YearPage) -> dict[str, Any]:
    year = page.year
    achievement = charts.achievement_chart(
        "chart-achievement",
        [
            (f"{r.indicator.document.title} — {r.indicator.name}", r.current.achievement)
            for r in page.indicators
        ],
        year,
    )
    services = charts.year_over_year_chart(
        "chart-services",
        title=_("Share of counted indicators reaching their target, per public service"),
        what=_("public service"),
        unit="%",
        category_header=_("Public service"),
        rows=[(g.label, g.previous_met_share, g.met_share) for g in page.by_public_service],
        year=year,
        suffix=" %",
    )
    headlines: list[tuple[Any, charts.Chart | None, list[charts.Chart]]] = []
    for n, headline in enumerate(page.headlines, start=1):
        if not headline.rows:
            headlines.append((headline, None, []))
            continue
        yoy = charts.year_over_year_chart(
            f"chart-headline-{n}",
            title=_("%(name)s: %(previous)s and %(year)s")
            % {"name": headline.choice.definition.name, "previous": year - 1, "year": year},
            what=_("agreement"),
            unit=headline.choice.definition.unit,
            category_header=_("Agreement"),
            rows=[
                (r.indicator.document.title, r.previous.value, r.current.value)
                for r in headline.rows
            ],
            year=year,
        )
        over_periods = [
            charts.target_realisation_chart(
                f"chart-headline-{n}-{r.indicator.pk}",
                r.indicator.name,
                r.indicator.unit,
                [r.previous, r.current],
            )
            for r in headline.rows
        ]
        headlines.append((headline, yoy, over_periods))
    return {"achievement": achievement, "services": services, "headlines": headlines}


def _page(request: AuthedRequest, year: int, region: int | None) -> YearPage:
    check_year(year)
    return year_page(request.user, region_for_year(request.user, region), year)


@login_required
def year(request: AuthedRequest, year: int, region: int | None = None) -> HttpResponse:
    """The region's year: agreements, achievement by group, headline indicators, charts."""
    page = _page(request, year, region)
    own = region is None
    return render(
        request,
        "monitoring/year_page.html",
        {
            "page": page,
            "charts": _charts(page),
            "bands": [(b, BAND_LABELS[b]) for b in BANDS],
            "switcher": [(y, _year_url(page, y, own)) for y in page.years],
            "export_csv": _export_url(page, "csv", own),
            "export_xlsx": _export_url(page, "xlsx", own),
            "distributions": [
                (_("By group of government affairs"), page.by_affair_group, "affair"),
                (_("By public service"), page.by_public_service, "service"),
                (_("By partner type"), page.by_partner_type, "partner"),
            ],
            "own": own,
            "overseen": overseen_regions(request.user, page.region) if own else [],
            "can_choose": own and can_choose_headlines(request.user, page.tenant),
            "running_year": year >= timezone.localdate().year,
        },
    )


@login_required
def year_export_view(
    request: AuthedRequest, year: int, fmt: str, region: int | None = None
) -> HttpResponse:
    """The year page's tables as CSV or XLSX (verified values only)."""
    if fmt not in ("csv", "xlsx"):
        raise NotFound(_("This page was not found."))
    page = _page(request, year, region)
    tables = year_export.year_tables(page)
    name = f"monev-{page.region.code}-{year}"
    if fmt == "xlsx":
        response = HttpResponse(
            year_export.as_xlsx(tables),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    response = HttpResponse(
        "\ufeff" + year_export.as_csv(tables), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


class HeadlineForm(forms.Form):
    """Up to six library indicators, in order (an empty slot is skipped)."""

    def __init__(self, *args: Any, initial_codes: list[IndicatorDefinition], **kwargs: Any):
        super().__init__(*args, **kwargs)
        options = library_options()
        for n in range(1, services_year.MAX_HEADLINES + 1):
            field = forms.ModelChoiceField(
                queryset=options,
                required=False,
                label=gettext_lazy("Headline indicator %(n)s") % {"n": n},
                to_field_name="code",
            )
            self.fields[f"slot_{n}"] = field
            if n <= len(initial_codes):
                self.initial[f"slot_{n}"] = initial_codes[n - 1].code

    def definitions(self) -> list[IndicatorDefinition]:
        return [
            self.cleaned_data[f"slot_{n}"]
            for n in range(1, services_year.MAX_HEADLINES + 1)
            if self.cleaned_data.get(f"slot_{n}") is not None
        ]


@login_required
def headlines(request: AuthedRequest) -> HttpResponse:
    """The leadership chooses the region's headline indicators."""
    tenant = request.user.tenant
    if not can_choose_headlines(request.user, tenant):
        raise PermissionDenied(_("Only the region's leadership chooses its headline indicators."))
    assert tenant is not None
    current = [h.definition for h in headlines_of(tenant)]
    form = HeadlineForm(request.POST or None, initial_codes=current)
    if request.method == "POST" and form.is_valid():
        try:
            services_year.headline_indicators_set(
                actor=request.user, tenant=tenant, definitions=form.definitions()
            )
        except ValidationError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The headline indicators were saved."))
            return redirect("monitoring:year", year=timezone.localdate().year)
    return render(
        request,
        "monitoring/year_headlines.html",
        {"form": form, "tenant": tenant},
        status=form_status(request, form),
    )
