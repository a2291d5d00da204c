"""The agreements' deadline rules: the provider (`kerjasama.deadlines.registry`) of the
deadlines of a cooperation, registered in `AgreementsConfig.ready`. The `deadlines` app stores
them (`deadlines_refresh`) so that the record page, the agenda, the reminders and the calendar
feed all read one table.

Rules (KERJASAMA_DAERAH.md):
- DPRD decision on foreign cooperation within 45 working days of receipt (§7; PP 28/2018 Pasal
  30(4)); for KSDD/KSDPK the period is ❓ and empty by default (settings `DPRD_WORKING_DAYS`).
- End of term of each signed KB, PKS, NK and foreign text, as extended by signed addenda (§6.3).
- Follow-up of a supervision finding within 60 working days (§12; PP 12/2017 Pasal 27).
- Each reporting duty of §12 (`agreements.reporting`: to the Minister for foreign cooperation,
  PP 28/2018 Pasal 43(1); internal; to the governor when switched on) for every period while in
  force. A report meets the deadline of its own recipient (`Document.addressee`) for the period
  it covers (`Document.period_start/period_end`), and only that one; the row records what met
  it (`met_by`, `met_on`).
- A stage before "in force": its configured time limit, else a reminder after 30 days without
  movement (§5.5 ❓; settings `STAGE_TIME_LIMITS`, `STALE_STAGE_DAYS`). The texts take every
  number from the settings (via `params`), never from a sentence.

Rows store facts (`params`), not sentences: `Deadline.label` renders them when shown, in the
reader's language (`deadline_text`). A person may record which document met an open deadline
(`kerjasama.deadlines.services.deadline_mark_met`); this provider says who may
(`check_record`) and which documents can (`check_met`, `documents_meeting`).

Every service that changes an input (documents, transitions, findings) calls
`deadlines_refresh(cooperation)`, and so does the daily job.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from kerjasama.agreements import access, reporting
from kerjasama.agreements.deadline_text import deadline_label, deadline_rule
from kerjasama.agreements.enums import (
    EXPIRING_KINDS,
    FOREIGN_KINDS,
    PKS_CLOSED_STAGES,
    PKS_OPEN_STAGES,
    TERMINAL_STAGES,
    DocumentKind,
    DocumentStatus,
    ReportAddressee,
    Stage,
)
from kerjasama.agreements.models import (
    Cooperation,
    DeadlineKind,
    Document,
    DprdDecision,
)
from kerjasama.agreements.pathways import PKS_ROAD_CASE_STAGES, PKS_ROAD_KINDS
from kerjasama.agreements.permissions import can_edit_cooperation
from kerjasama.core import derived
from kerjasama.core.exceptions import NotPermitted
from kerjasama.deadlines.models import Deadline, DeadlineStatus
from kerjasama.deadlines.registry import DeadlineProvider, Wanted
from kerjasama.deadlines.texts import format_date
from kerjasama.reference.workdays import add_working_days_db


def dprd_due_on(kind: str, received_on: dt.date) -> dt.date | None:
    days = settings.KERJASAMA["DPRD_WORKING_DAYS"].get(kind)
    if not days:
        return None
    return add_working_days_db(received_on, days)


def finding_due_on(received_on: dt.date) -> dt.date:
    return add_working_days_db(received_on, settings.KERJASAMA["FINDING_WORKING_DAYS"])


# The report part lives in `agreements.reporting` (§12); these names stay for their callers.
REPORT_KINDS = reporting.REPORT_KINDS
REPORT_GRACE_DAYS = reporting.REPORT_GRACE_DAYS
report_covering = reporting.report_covering


def default_report_period(
    filed_on: dt.date,
    cooperation: Cooperation | None = None,
    addressee: str = ReportAddressee.REGIONAL_HEAD,
) -> tuple[dt.date, dt.date]:
    """The period a report to `addressee` filed on `filed_on` covers unless its author says
    otherwise (§12, ❓ yearly default): the oldest period of `cooperation` still awaiting a
    report to that recipient that had begun by then (a late 2025 report filed in November 2026
    covers 2025, not 2026); without one, the period in which the day `REPORT_GRACE_DAYS`
    earlier falls (a report is written after the period it covers: one filed in February 2026
    covers 2025)."""
    duties = reporting.duties_addressed_to(addressee)
    if cooperation is not None and cooperation.pk:
        # The open report deadlines are read: inside a batch of writes (`core.derived`) they
        # are brought in step with the writes so far first.
        derived.flush()
        for deadline in cooperation.deadlines.filter(
            kind=DeadlineKind.REPORT, status=DeadlineStatus.OPEN
        ).order_by("due_on", "pk"):
            if reporting.duty_of(deadline.params) not in duties:
                continue
            period = _deadline_period(deadline)
            if period is not None and period[0] <= filed_on:
                return period
    months = duties[0].months if duties else settings.KERJASAMA["REPORT_PERIOD_MONTHS"]
    return reporting.fallback_period(filed_on, months)


def _wanted(cooperation: Cooperation, today: dt.date) -> list[Wanted]:
    wanted: list[Wanted] = []
    terminal = cooperation.stage in TERMINAL_STAGES
    executing = next(
        (p.executing_opd_id for p in cooperation.parties.all() if p.executing_opd_id), None
    )

    # The number of days is the setting's (issue 7), rendered into the text when shown.
    dprd_params = {
        "days": settings.KERJASAMA["DPRD_WORKING_DAYS"].get(cooperation.kind),
        "foreign": cooperation.kind in FOREIGN_KINDS,
    }
    for approval in cooperation.dprd_approvals.all():
        if approval.due_on is None:
            continue
        wanted.append(
            Wanted(
                key=f"dprd:{approval.pk}",
                kind=DeadlineKind.DPRD_DECISION,
                due_on=approval.due_on,
                title=_("DPRD decision on the cooperation plan"),
                rule=deadline_rule(DeadlineKind.DPRD_DECISION, dprd_params),
                status=DeadlineStatus.OPEN
                if approval.decision == DprdDecision.PENDING and not terminal
                else DeadlineStatus.MET,
                met_on=approval.decided_on,
                # A PKS's own DPRD decision (issue 7) is that PKS's deadline.
                document_id=approval.document_id,
                params={
                    **dprd_params,
                    **({"document": approval.document.title} if approval.document else {}),
                },
            )
        )

    documents = list(cooperation.documents.all())
    children: dict[int, list[Document]] = {}
    for document in documents:
        if document.parent_id:
            children.setdefault(document.parent_id, []).append(document)
    for document in documents:
        if document.kind not in EXPIRING_KINDS or document.status != DocumentStatus.SIGNED:
            continue
        candidates = [document.end_date] + [
            c.end_date
            for c in children.get(document.pk, [])
            if c.kind == DocumentKind.ADDENDUM and c.status == DocumentStatus.SIGNED
        ]
        ends = [e for e in candidates if e is not None]
        if not ends:
            continue
        end = max(ends)
        # The day has come and gone: the reminders have done their work (§6.3: an extension
        # is an addendum, which moves `end` and reopens the deadline). A PKS that ended or was
        # abandoned on its own road (issue 7) has no end of term to remind of.
        closed = document.kind == DocumentKind.PKS and document.stage in PKS_CLOSED_STAGES
        status = (
            DeadlineStatus.OPEN
            if end >= today and not terminal and not closed
            else DeadlineStatus.MET
        )
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
                params={
                    "document": document.title,
                    # §6.3, §12: the agreement's own notice period, a reminder tier of its own.
                    **(
                        {"notice_days": document.notice_period_days}
                        if document.notice_period_days
                        else {}
                    ),
                },
            )
        )

    for finding in cooperation.findings.all():
        wanted.append(
            Wanted(
                key=f"finding:{finding.pk}",
                kind=DeadlineKind.FINDING_FOLLOW_UP,
                due_on=finding_due_on(finding.received_on),
                title=_("Follow up the supervision finding of %(date)s")
                % {"date": formats.date_format(finding.received_on, "DATE_FORMAT")},
                rule=deadline_rule(
                    DeadlineKind.FINDING_FOLLOW_UP,
                    {"days": settings.KERJASAMA["FINDING_WORKING_DAYS"]},
                ),
                status=DeadlineStatus.MET if finding.followed_up_on else DeadlineStatus.OPEN,
                opd_id=executing,
                params={
                    "date": finding.received_on.isoformat(),
                    "days": settings.KERJASAMA["FINDING_WORKING_DAYS"],
                },
                met_on=finding.followed_up_on,
            )
        )

    # §12: each reporting duty its own deadline per period (`agreements.reporting`).
    for due in reporting.reports_due(cooperation, documents, today):
        wanted.append(
            Wanted(
                key=due.key,
                kind=DeadlineKind.REPORT,
                due_on=due.end,
                title=due.duty.label(
                    formats.date_format(due.start, "DATE_FORMAT"),
                    formats.date_format(due.end, "DATE_FORMAT"),
                ),
                rule=due.duty.rule(),
                status=DeadlineStatus.MET if due.report else DeadlineStatus.OPEN,
                opd_id=executing,
                params=due.params,
                met_by_id=due.report.pk if due.report else None,
                met_on=reporting.report_date(due.report) if due.report else None,
            )
        )
    wanted.extend(_stage_time_wanted(cooperation, today, opd_id=executing))
    return wanted


# Stages that wait only for the agreed start of the term (the "start" step needs it): no
# reminder of "no movement" there.
_AWAITING_START = frozenset({Stage.PKS_SIGNED, Stage.TEXT_SIGNED, Stage.NK_SIGNED})


def _stage_time_wanted(
    cooperation: Cooperation, today: dt.date, *, opd_id: int | None
) -> list[Wanted]:
    """§5.5 (PMDN 22/2020 not read, ❓): a time limit per stage before "in force" —
    `KERJASAMA["STAGE_TIME_LIMITS"]` (stage → days and unit; default none) — and otherwise a
    reminder when nothing has moved for `KERJASAMA["STALE_STAGE_DAYS"]` days (default 30;
    0 turns it off). Counted from the last step (or the registration). The days go into
    `params`, so the text shows the configured number.

    Past its KB, a KSDD/KSDPK moves on each PKS's own road (issue 7): each PKS still drafting or
    awaiting the DPRD is reminded of on its own, counted from its own last step, and the case
    (whose stage follows its PKS) is not reminded of a second time. A wait for the DPRD that has
    its statutory deadline (§7) gets no "no movement" reminder besides it: the law gives the
    DPRD that time (fresh-eyes walk of issue 7)."""
    if cooperation.stage in TERMINAL_STAGES:
        return []
    pending_dprd = {
        approval.document_id
        for approval in cooperation.dprd_approvals.all()
        if approval.decision == DprdDecision.PENDING and approval.due_on is not None
    }
    pks_list = [d for d in cooperation.documents.all() if d.kind == DocumentKind.PKS]
    if (
        cooperation.kind in PKS_ROAD_KINDS
        and cooperation.stage in PKS_ROAD_CASE_STAGES
        and pks_list
    ):
        wanted = []
        for pks in pks_list:
            if pks.stage not in PKS_OPEN_STAGES:
                continue
            if _dprd_has_its_deadline(pks.stage, pks.pk in pending_dprd):
                continue
            moves = [t.on for t in cooperation.transitions.all() if t.document_id == pks.pk]
            since = max(moves) if moves else timezone.localdate(pks.created_at)
            item = _stage_time_item(
                pks.stage, since, key=f"stage:pks:{pks.pk}:{pks.stage}", opd_id=opd_id
            )
            if item is not None:
                item.document_id = pks.pk
                item.opd_id = pks.executing_opd_id or opd_id
                item.params["document"] = pks.title
                item.title = deadline_label(DeadlineKind.STAGE_TIME, item.params)
                wanted.append(item)
        return wanted
    stage = cooperation.stage
    if stage == Stage.IN_FORCE or stage in _AWAITING_START:
        return []
    if _dprd_has_its_deadline(stage, None in pending_dprd):
        return []
    moves = [t.on for t in cooperation.transitions.all()]
    since = max(moves) if moves else timezone.localdate(cooperation.created_at)
    item = _stage_time_item(stage, since, key=f"stage:{stage}", opd_id=opd_id)
    return [item] if item is not None else []


def _dprd_has_its_deadline(stage: str, pending_with_due_date: bool) -> bool:
    """A wait for the DPRD with its statutory deadline (§7) and no configured stage limit."""
    return (
        stage == Stage.AWAITING_DPRD
        and pending_with_due_date
        and stage not in settings.KERJASAMA.get("STAGE_TIME_LIMITS", {})
    )


def _stage_time_item(stage: str, since: dt.date, *, key: str, opd_id: int | None) -> Wanted | None:
    """The time-at-a-stage deadline of `stage` entered on `since`, or None when switched off."""
    limit = settings.KERJASAMA.get("STAGE_TIME_LIMITS", {}).get(stage)
    if limit is not None:
        days, unit = limit
    else:
        days, unit = settings.KERJASAMA.get("STALE_STAGE_DAYS", 30), "calendar"
    if not days:
        return None
    if unit == "working":
        due_on = add_working_days_db(since, days)
    else:
        due_on = since + dt.timedelta(days=days)
    params: dict[str, Any] = {
        "stage": stage,
        "since": since.isoformat(),
        "days": days,
        "unit": unit,
        "limit": limit is not None,
    }
    return Wanted(
        key=key,
        kind=DeadlineKind.STAGE_TIME,
        due_on=due_on,
        title=deadline_label(DeadlineKind.STAGE_TIME, params),
        rule=deadline_rule(DeadlineKind.STAGE_TIME, params),
        opd_id=opd_id,
        params=params,
    )


# Deadlines that a person may record as met: an end of term is met by time or moved by an
# addendum (§6.3), never by a document.
MARKABLE_KINDS = (
    DeadlineKind.REPORT,
    DeadlineKind.DPRD_DECISION,
    DeadlineKind.FINDING_FOLLOW_UP,
)

# Which documents can meet which deadline (issue 6): a report period by a report (§12), a DPRD
# decision by the DPRD's decision (§7), a finding by a report or a follow-up paper (PP 12/2017
# Pasal 27; §8.3 has no kind of its own for it, so "other"). Agreements, letters of the
# procedure, KAK … never meet one.
MEETING_KINDS: dict[str, tuple[str, ...]] = {  # kind → document kinds
    DeadlineKind.REPORT: REPORT_KINDS,
    DeadlineKind.DPRD_DECISION: (DocumentKind.DPRD_APPROVAL,),
    DeadlineKind.FINDING_FOLLOW_UP: (*REPORT_KINDS, DocumentKind.OTHER),
}


def meeting_kinds_text(kind: str, deadline: Deadline | None = None) -> str:
    """What meets a deadline of `kind`, for the form's help and its refusal."""
    if kind == DeadlineKind.REPORT and deadline is not None:
        # §12: only a report to this duty's recipient, for this period.
        return _(
            "Only an implementation or monitoring and evaluation report of this period "
            "addressed to %(recipient)s meets this deadline."
        ) % {"recipient": reporting.duty_of(deadline.params).recipient}
    texts: dict[str, str] = {
        DeadlineKind.REPORT: _(
            "Only an implementation or monitoring and evaluation report of this period meets "
            "this deadline."
        ),
        DeadlineKind.DPRD_DECISION: _("Only the DPRD's decision (DPRD approval) meets it."),
        DeadlineKind.FINDING_FOLLOW_UP: _(
            "Only a report or the follow-up document (as “Other document”) meets it."
        ),
    }
    return str(texts.get(kind, ""))


def _deadline_period(deadline: Deadline) -> tuple[dt.date, dt.date] | None:
    try:
        return (
            dt.date.fromisoformat(deadline.params["start"]),
            dt.date.fromisoformat(deadline.params["end"]),
        )
    except (KeyError, TypeError, ValueError):
        return None


def documents_meeting(deadline: Deadline) -> QuerySet[Document]:
    """The documents of the case that may be recorded as meeting `deadline`: of a kind that
    meets its kind and, for a report period, a report to the duty's recipient (§12) that states
    no period or covers it."""
    documents = Document.objects.filter(
        cooperation_id=deadline.cooperation_id or 0,
        kind__in=MEETING_KINDS.get(deadline.kind, ()),
    ).exclude(status=DocumentStatus.DRAFT)  # a draft meets nothing yet
    period = _deadline_period(deadline) if deadline.kind == DeadlineKind.REPORT else None
    if deadline.kind == DeadlineKind.REPORT:
        addressee = reporting.duty_of(deadline.params).addressee
        to = Q(addressee=addressee)
        if addressee == ReportAddressee.REGIONAL_HEAD:
            to |= Q(addressee="")  # a report that names no recipient is internal
        documents = documents.filter(to)
    if period is not None:
        documents = documents.filter(
            Q(period_start__isnull=True)
            | Q(period_end__isnull=True)
            | Q(period_start__lte=period[0], period_end__gte=period[1])
        )
    return documents


def _check_met(deadline: Deadline, document: Document) -> dict[str, list[str]]:
    """Why `document` cannot meet `deadline` (by form field), or {} when it can."""
    if not isinstance(document, Document) or document.cooperation_id != deadline.cooperation_id:
        return {"document": [_("Choose a document of this cooperation.")]}
    if document.kind not in MEETING_KINDS.get(deadline.kind, ()):
        return {"document": [meeting_kinds_text(deadline.kind, deadline)]}
    if (
        deadline.kind == DeadlineKind.REPORT
        and reporting.addressee_of(document) != reporting.duty_of(deadline.params).addressee
    ):
        # §12, PP 28/2018 Pasal 43(1): an internal report is not the report to the Minister.
        return {
            "document": [
                _(
                    "This report is addressed to %(addressee)s; this deadline is met only by a "
                    "report addressed to %(recipient)s."
                )
                % {
                    "addressee": reporting.recipient_name(reporting.addressee_of(document)),
                    "recipient": reporting.duty_of(deadline.params).recipient,
                }
            ]
        }
    if not documents_meeting(deadline).filter(pk=document.pk).exists():
        # §12: a report meets the deadline of the period it covers, and only that one.
        return {
            "document": [
                _(
                    "This report covers %(start)s – %(end)s, another period: it meets that "
                    "period's deadline, not this one."
                )
                % {
                    "start": format_date(document.period_start),
                    "end": format_date(document.period_end),
                }
            ]
        }
    return {}


class CooperationDeadlines(DeadlineProvider):
    """The deadlines of a cooperation and of its PKS (issue 7: `deadlines` asks, this answers)."""

    subject_type = "agreements.cooperation"
    kinds = dict(DeadlineKind.choices)
    markable = frozenset(MARKABLE_KINDS)

    def load(self, subject_id: Any) -> Cooperation:
        Cooperation.objects.select_for_update().filter(pk=subject_id).first()
        return Cooperation.objects.prefetch_related(
            "parties__partner__region", "documents", "dprd_approvals", "findings", "transitions"
        ).get(pk=subject_id)

    def wanted(self, subject: Any, today: dt.date) -> list[Wanted]:
        wanted = _wanted(subject, today)
        for item in wanted:
            item.case_id = subject.pk
        return wanted

    def deadlines_changed(self, subject_id: Any) -> None:
        # The dates the dashboard counts from, on the case's access rows (issue 8).
        access.deadline_facts_refresh(int(subject_id))

    def subjects_to_refresh(self) -> QuerySet[Cooperation, int]:
        return Cooperation.objects.exclude(stage__in=TERMINAL_STAGES).values_list("pk", flat=True)

    def label(self, kind: str, params: dict[str, Any]) -> str:
        return deadline_label(kind, params)

    def rule(self, kind: str, params: dict[str, Any]) -> str:
        return deadline_rule(kind, params)

    def check_record(self, actor: Any, deadline: Any) -> None:
        # Who keeps the register: a party's secretariat once an agreement is signed (issue 6).
        if not can_edit_cooperation(actor, deadline.cooperation):
            raise NotPermitted(
                _("Only a party's secretariat records which document met a deadline, or undoes it.")
            )

    def check_met(self, deadline: Any, document: Any) -> dict[str, list[str]]:
        return _check_met(deadline, document)
