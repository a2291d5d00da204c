"""Deadlines of a cooperation, computed from rules and stored (`Deadline`), so that the record
page, the agenda, the reminders and the calendar feed all read one table.

Rules (KERJASAMA_DAERAH.md):
- DPRD decision on foreign cooperation within 45 working days of receipt (§7; PP 28/2018 Pasal
  30(4)); for KSDD/KSDPK the period is ❓ and empty by default (settings `DPRD_WORKING_DAYS`).
- End of term of each signed KB, PKS, NK and foreign text, as extended by signed addenda (§6.3).
- Follow-up of a supervision finding within 60 working days (§12; PP 12/2017 Pasal 27).
- An implementation report for every reporting period while in force (§12; ❓ yearly default;
  for foreign cooperation it is the report to the Minister, PP 28/2018 Pasal 43).

`deadlines_refresh` is the only writer of `Deadline`: it updates rows by their stable `key`,
adds new ones and cancels those no rule produces any more. It is called by every service that
changes an input (documents, transitions, findings) and by the daily job.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kerjasama.agreements.enums import (
    TERMINAL_STAGES,
    CooperationKind,
    DocumentKind,
    DocumentStatus,
    Stage,
)
from kerjasama.agreements.models import (
    Cooperation,
    Deadline,
    DeadlineKind,
    DeadlineStatus,
    DprdDecision,
)

EXPIRING_KINDS = (DocumentKind.KB, DocumentKind.PKS, DocumentKind.NK, DocumentKind.FOREIGN_TEXT)


def dprd_due_on(kind: str, received_on: dt.date) -> dt.date | None:
    days = settings.KERJASAMA["DPRD_WORKING_DAYS"].get(kind)
    if not days:
        return None
    from kerjasama.reference.workdays import add_working_days_db

    return add_working_days_db(received_on, days)


def finding_due_on(received_on: dt.date) -> dt.date:
    from kerjasama.reference.workdays import add_working_days_db

    return add_working_days_db(received_on, settings.KERJASAMA["FINDING_WORKING_DAYS"])


@dataclass
class Wanted:
    key: str
    kind: str
    due_on: dt.date
    title: str
    rule: str
    status: str = DeadlineStatus.OPEN
    document_id: int | None = None
    opd_id: int | None = None


def _report_period(today: dt.date, months: int) -> tuple[dt.date, dt.date]:
    """The reporting period containing `today`, periods starting on 1 January."""
    months = max(1, min(12, months))
    index = (today.month - 1) // months
    start = dt.date(today.year, index * months + 1, 1)
    end_month = index * months + months
    end = (
        dt.date(today.year, 12, 31)
        if end_month == 12
        else dt.date(today.year, end_month + 1, 1) - dt.timedelta(days=1)
    )
    return start, end


def _wanted(cooperation: Cooperation, today: dt.date) -> list[Wanted]:
    wanted: list[Wanted] = []
    terminal = cooperation.stage in TERMINAL_STAGES
    executing = next(
        (p.executing_opd_id for p in cooperation.parties.all() if p.executing_opd_id), None
    )

    for approval in cooperation.dprd_approvals.all():
        if approval.due_on is None:
            continue
        wanted.append(
            Wanted(
                key=f"dprd:{approval.pk}",
                kind=DeadlineKind.DPRD_DECISION,
                due_on=approval.due_on,
                title=_("DPRD decision on the cooperation plan"),
                rule=_("45 working days from receipt (PP 28/2018 Pasal 30(4))"),
                status=DeadlineStatus.OPEN
                if approval.decision == DprdDecision.PENDING and not terminal
                else DeadlineStatus.MET,
            )
        )

    documents = list(cooperation.documents.all())
    children: dict[int, list] = {}
    for document in documents:
        if document.parent_id:
            children.setdefault(document.parent_id, []).append(document)
    for document in documents:
        if document.kind not in EXPIRING_KINDS or document.status != DocumentStatus.SIGNED:
            continue
        ends = [document.end_date] + [
            c.end_date
            for c in children.get(document.pk, [])
            if c.kind == DocumentKind.ADDENDUM and c.status == DocumentStatus.SIGNED
        ]
        ends = [e for e in ends if e]
        if not ends:
            continue
        end = max(ends)
        # The day has come and gone: the reminders have done their work (§6.3: an extension
        # is an addendum, which moves `end` and reopens the deadline).
        status = DeadlineStatus.OPEN if end >= today and not terminal else DeadlineStatus.MET
        wanted.append(
            Wanted(
                key=f"expiry:doc:{document.pk}",
                kind=DeadlineKind.EXPIRY,
                due_on=end,
                title=_("End of term: %(title)s") % {"title": document.title},
                rule=_("End of the agreed term (with its addenda)"),
                status=status,
                document_id=document.pk,
                opd_id=document.executing_opd_id or executing,
            )
        )

    for finding in cooperation.findings.all():
        wanted.append(
            Wanted(
                key=f"finding:{finding.pk}",
                kind=DeadlineKind.FINDING_FOLLOW_UP,
                due_on=finding_due_on(finding.received_on),
                title=_("Follow up the supervision finding of %(date)s")
                % {"date": finding.received_on.isoformat()},
                rule=_("60 working days from receipt (PP 12/2017 Pasal 27)"),
                status=DeadlineStatus.MET if finding.followed_up_on else DeadlineStatus.OPEN,
                opd_id=executing,
            )
        )

    if cooperation.stage == Stage.IN_FORCE:
        months = settings.KERJASAMA["REPORT_PERIOD_MONTHS"]
        current = _report_period(today, months)
        previous = _report_period(current[0] - dt.timedelta(days=1), months)
        started = min(
            (t.on for t in cooperation.transitions.all() if t.to_stage == Stage.IN_FORCE),
            default=cooperation.signed_on,
        )
        foreign = cooperation.kind in (CooperationKind.KSDPL, CooperationKind.KSDLL)
        # The previous period stays due (and becomes overdue) until its report is on file; the
        # current one is due at its end.
        for start, end in (previous, current):
            if (start, end) == previous and (started is None or started > end):
                continue
            reported = any(
                d.kind in (DocumentKind.IMPLEMENTATION_REPORT, DocumentKind.MONEV_REPORT)
                and d.signed_on
                and start <= d.signed_on <= end + dt.timedelta(days=90)
                for d in documents
            )
            wanted.append(
                Wanted(
                    key=f"report:{start.isoformat()}",
                    kind=DeadlineKind.REPORT,
                    due_on=end,
                    title=(
                        _("Implementation report to the Minister, %(start)s – %(end)s")
                        if foreign
                        else _("Implementation report, %(start)s – %(end)s")
                    )
                    % {"start": start.isoformat(), "end": end.isoformat()},
                    rule=_("PP 28/2018 Pasal 43")
                    if foreign
                    else _("Periodic report (configurable)"),
                    status=DeadlineStatus.MET if reported else DeadlineStatus.OPEN,
                    opd_id=executing,
                )
            )
    return wanted


@transaction.atomic
def deadlines_refresh(cooperation: Cooperation, *, today: dt.date | None = None) -> list[Deadline]:
    """Recompute the cooperation's deadlines and store them; returns the open ones."""
    today = today or timezone.localdate()
    # One writer at a time per cooperation: a clerk's save and the daily job cannot both insert
    # the same deadline key.
    Cooperation.objects.select_for_update().filter(pk=cooperation.pk).first()
    cooperation = Cooperation.objects.prefetch_related(
        "parties", "documents", "dprd_approvals", "findings", "transitions"
    ).get(pk=cooperation.pk)
    existing = {d.key: d for d in cooperation.deadlines.all()}
    seen = set()
    # Stored titles are read by everyone (agenda, feed, e-mails): write them in the site's
    # language, whatever the language of the request that triggered the refresh.
    with translation.override(settings.LANGUAGE_CODE):
        wanted = _wanted(cooperation, today)
    for item in wanted:
        seen.add(item.key)
        values = {
            "kind": item.kind,
            "due_on": item.due_on,
            "title": item.title[:300],
            "rule": item.rule[:200],
            "status": item.status,
            "document_id": item.document_id,
            "opd_id": item.opd_id,
        }
        row = existing.get(item.key)
        if row is None:
            Deadline.objects.create(cooperation=cooperation, key=item.key, **values)
        elif any(getattr(row, k) != v for k, v in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            row.save()
    Deadline.objects.filter(cooperation=cooperation, status=DeadlineStatus.OPEN).exclude(
        key__in=seen
    ).update(status=DeadlineStatus.CANCELLED)
    return list(cooperation.deadlines.filter(status=DeadlineStatus.OPEN).order_by("due_on"))


def deadlines_refresh_all(*, today: dt.date | None = None) -> int:
    """For the daily job: recompute every cooperation not yet closed, and those with open rows."""
    today = today or timezone.localdate()
    pks = set(
        Cooperation.objects.exclude(stage__in=TERMINAL_STAGES).values_list("pk", flat=True)
    ) | set(
        Deadline.objects.filter(status=DeadlineStatus.OPEN).values_list("cooperation_id", flat=True)
    )
    for cooperation in Cooperation.objects.filter(pk__in=pks).order_by("pk"):
        deadlines_refresh(cooperation, today=today)
    return len(pks)
