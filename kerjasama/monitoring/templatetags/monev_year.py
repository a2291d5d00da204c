"""Template tags of the region's year (issue 10, items 5–6): the dashboard's headline
indicators (the same hook as the meetings' `dashboard_meetings`: the dashboard's template loads
this library, so that nothing below monitoring imports it) and the SVG chart of an indicator's
target against its verified realisation on the PKS page."""

from __future__ import annotations

from typing import Any

from django import template

from kerjasama.monitoring import charts
from kerjasama.monitoring.year import dashboard_headlines

register = template.Library()


@register.inclusion_tag("monitoring/_dashboard_year.html", takes_context=True)
def dashboard_monev(context: template.Context) -> dict[str, Any]:
    """The region's headline indicators, this year against last year (or the latest year
    with verified values against the one before, named). Empty when none were chosen."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.tenant_id is None:
        return {"show": False}
    found = dashboard_headlines(user)
    if found is None:
        return {"show": False}
    return {"show": True, "found": found, "request": request}


@register.inclusion_tag("monitoring/_chart.html")
def indicator_chart(panel: Any) -> dict[str, Any]:
    """Target against verified realisation over the periods shown of one indicator."""
    indicator = panel.indicator
    periods = [row.figure for row in panel.rows if row.figure is not None and not row.is_year]
    years = [row.figure for row in panel.rows if row.figure is not None and row.is_year]
    # A quarterly indicator whose targets are yearly: the years carry the targets, so the
    # chart compares them (quarters against no target would show no target at all).
    by_year = any(f.target is not None for f in years) and all(f.target is None for f in periods)
    figures = years if by_year else periods
    return {
        "chart": charts.target_realisation_chart(
            f"chart-indicator-{indicator.pk}", indicator.shown_name, indicator.shown_unit, figures
        )
    }
