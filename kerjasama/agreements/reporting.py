"""Reporting duties (KERJASAMA_DAERAH.md §12): who reports to whom, on which cases, how often.

Each duty is data (`DUTIES`): who reports, to whom (`Document.addressee`, §8.4
`Laporan.tujuan`), which cases it binds and the setting that gives its period. While a case is
in force every duty that binds it is its own deadline per period (key
`report:<duty>:<period start>`, e.g. `report:minister:2025-01-01`), met only by a report
addressed to that duty's recipient that covers that period: an internal monitoring report never
meets the report to the Minister.

The duties:
- **To the Minister of Home Affairs** — the region reports on the implementation of its foreign
  cooperation (KSDPL, KSDLL) ✅ PP 28/2018 Pasal 43(1). The timing is left to a Permendagri
  (PMDN25, not read, ❓ §14 item 2): setting `REPORT_MINISTER_PERIOD_MONTHS`, default yearly.
- **Internal** — the executing OPD reports on every case in force to the regional head
  through the TKKSD (§5.5 reporting row, §12: design, ❓ yearly default; a region that follows
  the Kota Yogyakarta practice of twice a fiscal year 🟡 sets 6): `REPORT_PERIOD_MONTHS`.
- **To the governor (GWPP)** — off by default (`REPORT_TO_GOVERNOR`). §12 gives the governor,
  as representative of the central government, the monitoring and evaluation of the
  cooperation of the kab/kota of the province (✅ UU 23/2014 Pasal 368(1), PP 28/2018 Pasal
  44(4)) but no text read puts a report duty on the kab/kota ✅: a province that asks for a
  periodic report switches it on (❓ setting `REPORT_GOVERNOR_PERIOD_MONTHS`).

This module imports no model (it reads the facts of the objects it is given), so that
`deadline_text`, `deadlines` and the services can all use it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from django.conf import settings
from django.utils.translation import gettext as _

from kerjasama.agreements.enums import (
    FOREIGN_KINDS,
    TERM_KINDS,
    DocumentKind,
    DocumentStatus,
    ReportAddressee,
    Stage,
)


class ReportDocument(Protocol):
    """What this module reads of a `Document` (it imports no model: see above)."""

    @property
    def pk(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def addressee(self) -> str: ...
    @property
    def signed_on(self) -> dt.date | None: ...
    @property
    def sent_on(self) -> dt.date | None: ...
    @property
    def start_date(self) -> dt.date | None: ...
    @property
    def period_start(self) -> dt.date | None: ...
    @property
    def period_end(self) -> dt.date | None: ...


D = TypeVar("D", bound=ReportDocument)

# The documents that are reports (§8.3): an implementation report or a monev report.
REPORT_KINDS = (DocumentKind.IMPLEMENTATION_REPORT, DocumentKind.MONEV_REPORT)
# A report filed up to this many days after a period ends is taken, unless the user says
# otherwise when filing it, to cover that period (`default_report_period`).
REPORT_GRACE_DAYS = 90
# The duties, by the code in their deadline key.
MINISTER = "minister"
INTERNAL = "internal"
GOVERNOR = "governor"
# Who reports (§12).
REGION = "region"
EXECUTING_OPD = "executing_opd"


def _foreign(cooperation: Any) -> bool:
    return cooperation.kind in FOREIGN_KINDS


def _always(cooperation: Any) -> bool:
    return True


def _has_kabupaten_or_kota(cooperation: Any) -> bool:
    """A party is a kab/kota, whose cooperation the governor monitors (§12, UU 23 Pasal 368(1))."""
    return any(
        p.partner.region_id and not p.partner.region.is_province for p in cooperation.parties.all()
    )


@dataclass(frozen=True)
class ReportingDuty:
    """One reporting duty of §12: `reporter` reports to `addressee` on the cases `applies`
    accepts, once per period of `months_setting` months (a `settings.KERJASAMA` key)."""

    code: str
    addressee: str
    reporter: str
    applies: Callable[[Any], bool]
    months_setting: str
    # A `settings.KERJASAMA` key that switches the duty on (None: always on).
    enabled_setting: str | None = None

    @property
    def months(self) -> int:
        return max(1, min(12, int(settings.KERJASAMA[self.months_setting])))

    @property
    def enabled(self) -> bool:
        return self.enabled_setting is None or bool(settings.KERJASAMA[self.enabled_setting])

    def binds(self, cooperation: Any) -> bool:
        return self.enabled and self.applies(cooperation)

    def key(self, period_start: dt.date) -> str:
        return f"report:{self.code}:{period_start.isoformat()}"

    @property
    def recipient(self) -> str:
        return recipient_name(self.addressee)

    def label(self, start: Any, end: Any) -> str:
        """What is due, e.g. "Report to the Minister of Home Affairs, 1 January 2025 – …"."""
        texts = {
            MINISTER: _("Report to the Minister of Home Affairs, %(start)s – %(end)s"),
            INTERNAL: _(
                "Internal implementation report to the regional head (TKKSD), %(start)s – %(end)s"
            ),
            GOVERNOR: _("Report to the governor (GWPP), %(start)s – %(end)s"),
        }
        return texts[self.code] % {"start": start, "end": end}

    def rule(self) -> str:
        """Who reports, the source, and the period from the settings."""
        texts = {
            # The timing is left to a Permendagri (Pasal 43(2); PMDN25 not read, ❓): a setting.
            MINISTER: _(
                "The region reports (PP 28/2018 Pasal 43(1)); every %(months)s months (setting)"
            ),
            INTERNAL: _(
                "The executing OPD reports to the regional head through the TKKSD; every "
                "%(months)s months (setting)"
            ),
            GOVERNOR: _(
                "The regency or city reports to the governor (GWPP, UU 23/2014 Pasal 368(1)); "
                "every %(months)s months (setting)"
            ),
        }
        return texts[self.code] % {"months": self.months}


DUTIES: tuple[ReportingDuty, ...] = (
    ReportingDuty(
        code=MINISTER,
        addressee=ReportAddressee.MINISTER,
        reporter=REGION,
        applies=_foreign,
        months_setting="REPORT_MINISTER_PERIOD_MONTHS",
    ),
    ReportingDuty(
        code=INTERNAL,
        addressee=ReportAddressee.REGIONAL_HEAD,
        reporter=EXECUTING_OPD,
        applies=_always,
        months_setting="REPORT_PERIOD_MONTHS",
    ),
    ReportingDuty(
        code=GOVERNOR,
        addressee=ReportAddressee.GOVERNOR,
        reporter=REGION,
        applies=_has_kabupaten_or_kota,
        months_setting="REPORT_GOVERNOR_PERIOD_MONTHS",
        enabled_setting="REPORT_TO_GOVERNOR",
    ),
)
BY_CODE = {duty.code: duty for duty in DUTIES}


def recipient_name(addressee: str) -> str:
    """The recipient as named in a sentence ("… addressed to the Minister of Home Affairs")."""
    names: dict[str, Any] = {
        ReportAddressee.MINISTER: _("the Minister of Home Affairs"),
        ReportAddressee.GOVERNOR: _("the governor (GWPP)"),
        ReportAddressee.REGIONAL_HEAD: _("the regional head (TKKSD, internal)"),
        ReportAddressee.DPRD: _("the DPRD"),
    }
    return str(names.get(addressee, addressee))


def duty_of(params: dict[str, Any] | None) -> ReportingDuty:
    """The duty of a report deadline from its facts; rows older than the duties were the
    internal report, or the report to the Minister for a foreign case."""
    p = params or {}
    if p.get("duty") in BY_CODE:
        return BY_CODE[p["duty"]]
    return BY_CODE[MINISTER] if p.get("foreign") else BY_CODE[INTERNAL]


def addressee_of(document: ReportDocument) -> str:
    """To whom a report is addressed; one that does not say (a row written in the admin, or
    before the field existed) is internal — never guessed from its title (§8.4)."""
    return document.addressee or ReportAddressee.REGIONAL_HEAD


def duties_addressed_to(addressee: str) -> list[ReportingDuty]:
    return [d for d in DUTIES if d.addressee == addressee]


def report_period(day: dt.date, months: int) -> tuple[dt.date, dt.date]:
    """The reporting period of `months` months containing `day`, periods starting on 1 January."""
    months = max(1, min(12, months))
    index = (day.month - 1) // months
    start = dt.date(day.year, index * months + 1, 1)
    end_month = index * months + months
    end = (
        dt.date(day.year, 12, 31)
        if end_month == 12
        else dt.date(day.year, end_month + 1, 1) - dt.timedelta(days=1)
    )
    return start, end


def fallback_period(filed_on: dt.date, months: int) -> tuple[dt.date, dt.date]:
    """The period a report written after it covers: the one in which the day
    `REPORT_GRACE_DAYS` before `filed_on` falls (one filed in February 2026 covers 2025)."""
    return report_period(filed_on - dt.timedelta(days=REPORT_GRACE_DAYS), months)


def report_date(document: ReportDocument) -> dt.date | None:
    """When a report was delivered: its sending date, else its own date."""
    return document.sent_on or document.signed_on


def report_covering(
    documents: Iterable[D],
    start: dt.date,
    end: dt.date,
    addressee: str = ReportAddressee.REGIONAL_HEAD,
) -> D | None:
    """The report on file addressed to `addressee` that covers `start`–`end` (the earliest
    delivered), or None.

    A report covers the period its `period_start`/`period_end` span (the services set them
    when it is filed; a row written otherwise, e.g. in the admin, gets the default of its
    date); only a dated one counts, and a draft does not: a report meets its duty once it is
    final or signed (fresh-eyes walk of issue 7)."""
    found: list[tuple[dt.date, D]] = []
    for d in documents:
        delivered = report_date(d)
        if d.kind not in REPORT_KINDS or addressee_of(d) != addressee or delivered is None:
            continue
        if d.status == DocumentStatus.DRAFT:
            continue
        if d.period_start and d.period_end:
            covers = (d.period_start, d.period_end)
        else:
            months = next((x.months for x in duties_addressed_to(addressee)), 12)
            covers = fallback_period(d.signed_on or delivered, months)
        if covers[0] <= start and covers[1] >= end:
            found.append((delivered, d))
    earliest = min(found, key=lambda x: (x[0], x[1].pk), default=None)
    return earliest[1] if earliest else None


@dataclass
class ReportDue:
    """One period of one duty: due at `end`, met by `report` (or not yet)."""

    duty: ReportingDuty
    key: str
    start: dt.date
    end: dt.date
    report: ReportDocument | None = None

    @property
    def params(self) -> dict[str, str]:
        return {
            "duty": self.duty.code,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
        }


def in_force_since(cooperation: Any, documents: Iterable[ReportDocument]) -> dt.date | None:
    """When the case came into force: its "start" step, else (a case registered in force) the
    start of its first signed principal agreement, else its signing."""
    term_starts = [
        starts
        for d in documents
        if d.kind in TERM_KINDS
        and d.kind != DocumentKind.ADDENDUM
        and d.status == DocumentStatus.SIGNED
        and (starts := d.start_date or d.signed_on) is not None
    ]
    return min(
        (t.on for t in cooperation.transitions.all() if t.to_stage == Stage.IN_FORCE),
        default=min(term_starts, default=cooperation.signed_on),
    )


def reports_due(
    cooperation: Any, documents: Sequence[ReportDocument], today: dt.date
) -> list[ReportDue]:
    """Every duty's periods that are due on a case in force: the previous one stays due (and
    becomes overdue) until its report is on file; the current one is due at its end."""
    if cooperation.stage != Stage.IN_FORCE:
        return []
    started = in_force_since(cooperation, documents)
    due: list[ReportDue] = []
    for duty in DUTIES:
        if not duty.binds(cooperation):
            continue
        current = report_period(today, duty.months)
        previous = report_period(current[0] - dt.timedelta(days=1), duty.months)
        for key_start, end in (previous, current):
            if started is None and (key_start, end) == previous:
                continue
            # §12: reporting starts when the case came into force, so its first period starts
            # then, not on the 1 January before (the key keeps the calendar period: stable),
            # and a period that ended before it has no report.
            if started is not None and started > end:
                continue
            start = max(key_start, started) if started else key_start
            due.append(
                ReportDue(
                    duty=duty,
                    key=duty.key(key_start),
                    start=start,
                    end=end,
                    # §12: a report meets its own recipient's deadline of the period it covers.
                    report=report_covering(documents, start, end, duty.addressee),
                )
            )
    return due
