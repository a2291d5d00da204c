"""Reporting windows as deadlines (issue 10; §12 ❓): the provider
(`kerjasama.deadlines.registry`) of an indicator's deadlines, registered in
`MonitoringConfig.ready`.

Each period of an indicator within its PKS's term opens its reporting window the day after it
ends (a year's on 1 January of the next year) and closes `MONEV_REPORTING_DAYS` days after it
ended (a setting, default 90): "report indicator X for 2021" is then due from each reporting
party's OPD (the responsible OPD; the other party's own OPD when both report). The deadline
is met when that party's value is submitted (met on the day of submission) and opens again
if the value is returned. The agenda, reminders and calendar feed read these rows like every
other deadline.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kerjasama.agreements import access
from kerjasama.agreements.enums import TERMINAL_STAGES
from kerjasama.core.exceptions import NotPermitted
from kerjasama.deadlines.registry import DeadlineProvider, Wanted
from kerjasama.deadlines.texts import format_date
from kerjasama.monitoring import achievement as calc
from kerjasama.monitoring.enums import Frequency, Verification
from kerjasama.monitoring.models import Indicator
from kerjasama.monitoring.permissions import reporting_opd_id, reporting_parties

KIND = "monev_report"


def reporting_days() -> int:
    return int(settings.KERJASAMA.get("MONEV_REPORTING_DAYS", 90))


def _periods(indicator: Indicator, today: dt.date) -> list[calc.Period]:
    """The periods of the PKS's term whose window has opened (the period ended) and the one
    running now (its deadline is then on the agenda ahead of time)."""
    document = indicator.document
    start = document.start_date or document.signed_on
    if start is None:
        return []
    end = document.effective_end() or today
    periods = []
    for year in range(start.year, end.year + 1):
        quarters = (1, 2, 3, 4) if indicator.frequency == Frequency.QUARTERLY else (None,)
        for quarter in quarters:
            period = calc.Period(year, quarter)
            if period.end < start or period.start > end or period.start > today:
                continue
            periods.append(period)
    return periods


def _wanted(indicator: Indicator, today: dt.date) -> list[Wanted]:
    days = reporting_days()
    rows = {(r.party_id, r.year, r.quarter): r for r in indicator.realisations.all()}
    wanted = []
    for party in reporting_parties(indicator):
        for period in _periods(indicator, today):
            quarter = period.quarter or 0
            row = rows.get((party.pk, period.year, quarter))
            done = row is not None and row.status in (Verification.SUBMITTED, Verification.VERIFIED)
            params = {
                "indicator": indicator.name,
                "period": [period.year, quarter],
                "party": str(party.partner),
                "days": days,
                "opens": (period.end + dt.timedelta(days=1)).isoformat(),
            }
            wanted.append(
                Wanted(
                    key=f"monev:{party.pk}:{period.year}:{quarter}",
                    kind=KIND,
                    due_on=period.end + dt.timedelta(days=days),
                    title=_label(params),
                    rule=_rule(params),
                    case_id=indicator.cooperation_id,
                    document_id=indicator.document_id,
                    opd_id=reporting_opd_id(indicator, party),
                    status="met" if done else "open",
                    params=params,
                    met_on=timezone.localdate(row.submitted_at)
                    if done and row is not None and row.submitted_at
                    else None,
                )
            )
    return wanted


def _label(params: dict[str, Any]) -> str:
    year, quarter = params["period"]
    return _("Report indicator “%(indicator)s” for %(period)s (%(party)s)") % {
        "indicator": params["indicator"],
        "period": calc.Period(int(year), int(quarter) or None),
        "party": params["party"],
    }


def _rule(params: dict[str, Any]) -> str:
    return _(
        "Reporting window of monitoring: opens on %(opens)s and stays open %(days)s days "
        "(configured, §12)"
    ) % {"opens": format_date(params["opens"]), "days": params["days"]}


class IndicatorDeadlines(DeadlineProvider):
    """The reporting windows of an indicator bound to a PKS."""

    subject_type = "monitoring.indicator"
    kinds = {KIND: gettext_lazy("Monitoring report (realisation of an indicator)")}
    markable = frozenset()

    def load(self, subject_id: Any) -> Indicator:
        Indicator.objects.select_for_update().filter(pk=subject_id).first()
        return Indicator.objects.select_related(
            "document", "cooperation", "responsible_party__partner"
        ).get(pk=subject_id)

    def wanted(self, subject: Any, today: dt.date) -> list[Wanted]:
        return _wanted(subject, today)

    def subjects_to_refresh(self) -> QuerySet[Indicator, int]:
        return Indicator.objects.exclude(cooperation__stage__in=TERMINAL_STAGES).values_list(
            "pk", flat=True
        )

    def label(self, kind: str, params: dict[str, Any]) -> str:
        return _label(params)

    def rule(self, kind: str, params: dict[str, Any]) -> str:
        return _rule(params)

    def check_record(self, actor: Any, deadline: Any) -> None:
        raise NotPermitted(_("A reporting window is met by submitting the value, not by hand."))

    def check_met(self, deadline: Any, document: Any) -> dict[str, list[str]]:
        return {"document": [_("A reporting window is met by submitting the value.")]}

    def deadlines_changed(self, subject_id: Any) -> None:
        # The dates the dashboard counts from, on the case's access rows (issue 8).
        cooperation_id = (
            Indicator.objects.filter(pk=subject_id).values_list("cooperation_id", flat=True).first()
        )
        if cooperation_id is not None:
            access.deadline_facts_refresh(cooperation_id)
