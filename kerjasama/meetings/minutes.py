"""The minutes of a TKKSD meeting: notes, outcomes, decisions, finalisation and reopening
(issue 9 items 3–4; §2.1 "tasks seen in practice", §5.3 "TKKSD minutes/recommendation", §8.4
`RapatTKKSD` "recommendation per KerjaSama").

While a meeting is held its minutes are a draft: the secretariat records the opening and
closing notes, each item's minutes and its typed outcomes (information, decision, action item,
adjourned). A decision may apply lifecycle steps (`DecisionStep`) to cases or PKS of the
region; they take effect only when the chair makes the minutes final (`meeting_finalise`), in
one transaction with the snapshot of the minutes (`MinutesVersion`), through
`agreements.lifecycle.cooperation_transition` with the meeting as the source, after the extract
of the minutes has been filed on the case as its TKKSD recommendation. Final minutes are
locked (every service here refuses, the admin is read-only, the database's triggers refuse
changes of their rows) until the chair reopens them with a reason (`meeting_reopen`).

Services check their permissions themselves and write one audit event whose object is the
meeting (and, where a case is concerned, the case as a concern).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from django.core.files.storage import Storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from kerjasama.accounts.models import Opd, User
from kerjasama.agreements import lifecycle, pathways
from kerjasama.agreements.enums import DocumentKind, DocumentStatus, Fact
from kerjasama.agreements.models import Cooperation, Document
from kerjasama.agreements.selectors import cooperation_is_party
from kerjasama.agreements.services import document_create
from kerjasama.core import audit
from kerjasama.core.exceptions import (
    DomainError,
    NotFound,
    NotPermitted,
    RuleViolation,
    StepRefused,
)
from kerjasama.deadlines.models import Deadline, DeadlineStatus
from kerjasama.deadlines.services import deadlines_refresh
from kerjasama.meetings import letters, permissions, selectors
from kerjasama.meetings.enums import (
    ATTENDING,
    ActionStatus,
    ItemSource,
    LetterKind,
    MeetingState,
    OutcomeKind,
)
from kerjasama.meetings.letter_services import (
    Prepared,
    extract_files,
    extract_prepare,
    extract_store,
    has_number,
    letter_generate,
)
from kerjasama.meetings.models import (
    ActionItem,
    AgendaItem,
    DecisionStep,
    Meeting,
    MinutesVersion,
    Outcome,
)

logger = logging.getLogger(__name__)

# Month names of Indonesian official papers, whatever the interface language.
_MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]

# The facts a decided step may carry (as text; dates as YYYY-MM-DD), by the step's own facts.
TEXT_FACTS = (Fact.REASON, Fact.TERMINATION_REASON, Fact.DECISION_REFERENCE)
DATE_FACTS = (Fact.REQUESTED_ON, Fact.RECEIVED_ON)


# --- Who may do what ----------------------------------------------------------------------


def can_read_minutes(user: User | None, meeting: Meeting) -> bool:
    """Who reads a meeting reads its minutes (`permissions.can_read_meeting`)."""
    return permissions.can_read_meeting(user, meeting)


def can_read_closed_item(user: User | None, item: AgendaItem) -> bool:
    """A closed item's content (its title, minutes and outcomes) is read by the region-wide
    roles and by those invited; everyone else sees its public title only."""
    return not item.closed or permissions.can_read_closed_items(user, item.meeting)


def can_keep_minutes(user: User | None, meeting: Meeting) -> bool:
    """The region's TKKSD secretariat drafts the minutes and outcomes (§2.1: the Setda unit
    that serves the team)."""
    return permissions.can_plan_meetings(user, meeting.tenant)


def can_chair(user: User | None, meeting: Meeting) -> bool:
    """The chair makes the minutes final and reopens them (`permissions.can_chair`)."""
    return permissions.can_chair(user, meeting)


def _require(allowed: bool, message: Any) -> None:
    if not allowed:
        raise NotPermitted(message)


def _require_keep(actor: User | None, meeting: Meeting) -> None:
    if not can_read_minutes(actor, meeting) and not can_chair(actor, meeting):
        raise NotFound(_("No such meeting."))
    _require(
        can_keep_minutes(actor, meeting),
        _("Only the TKKSD secretariat of the region records the minutes."),
    )


def _require_draft(meeting: Meeting) -> None:
    """Minutes change only while the meeting is held and its minutes are not final."""
    if meeting.state == MeetingState.FINAL:
        raise DomainError(
            _(
                "The minutes of this meeting are final and locked. The chair may reopen them, "
                "with a reason, to change them."
            )
        )
    if meeting.state != MeetingState.HELD:
        raise DomainError(
            _("Minutes are recorded once the meeting is held (it is “%(state)s”).")
            % {"state": meeting.get_state_display()}
        )


def _locked_meeting(meeting: Meeting) -> Meeting:
    """The meeting's row, locked for the write (finalising and drafting cannot cross)."""
    found = Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    if found is None:
        raise NotFound(_("No such meeting."))
    return found


def _touch(meeting: Meeting) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(
        version=meeting.version + 1, updated_at=timezone.now()
    )
    meeting.version += 1


# --- The meeting's date and label --------------------------------------------------------


def meeting_day(meeting: Meeting) -> dt.date:
    """The meeting's date in its region's time zone (a WIT meeting at 07:00 is not the day
    before in UTC)."""
    zone = meeting.tenant.region.time_zone.zone
    return timezone.localtime(meeting.starts_at, zone).date()


def indonesian_date(day: dt.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def meeting_label(meeting: Meeting) -> str:
    """How papers and the audit trail name the meeting: "Rapat TKKSD No. 5/TKKSD/2021 tanggal
    14 Januari 2021" (Indonesian: a stored label, like a letter's text)."""
    day = indonesian_date(meeting_day(meeting))
    if meeting.number:
        return f"Rapat TKKSD No. {meeting.number} tanggal {day}"
    return f"Rapat TKKSD tanggal {day}"


def meeting_source(meeting: Meeting) -> dict[str, Any]:
    """The meeting as the source of a step in the audit trail (`cooperation_transition`)."""
    return {
        "type": "meetings.meeting",
        "id": meeting.pk,
        "label": meeting_label(meeting),
        "number": meeting.number,
        "date": meeting_day(meeting).isoformat(),
        "day": indonesian_date(meeting_day(meeting)),
        "tenant": meeting.tenant_id,
    }


# --- Drafting ----------------------------------------------------------------------------


@transaction.atomic
def minutes_notes_update(*, actor: User, meeting: Meeting, opening: str, closing: str) -> Meeting:
    """The opening and closing notes of the minutes (while held, not final)."""
    locked = _locked_meeting(meeting)
    _require_keep(actor, locked)
    _require_draft(locked)
    before = audit.snapshot(locked, ["minutes_opening", "minutes_closing"])
    locked.minutes_opening, locked.minutes_closing = opening.strip(), closing.strip()
    locked.full_clean()
    locked.save(update_fields=["minutes_opening", "minutes_closing", "updated_at"])
    _touch(locked)
    changes = audit.diff(before, audit.snapshot(locked, ["minutes_opening", "minutes_closing"]))
    audit.record(actor=actor, action="tkksd.minutes.notes", obj=locked, changes=changes)
    return locked


def _item_for_write(actor: User, item: AgendaItem) -> tuple[Meeting, AgendaItem]:
    meeting = _locked_meeting(item.meeting)
    _require_keep(actor, meeting)
    _require_draft(meeting)
    fresh = AgendaItem.objects.select_related("cooperation").get(pk=item.pk)
    return meeting, fresh


@transaction.atomic
def item_minutes_update(*, actor: User, item: AgendaItem, minutes: str) -> AgendaItem:
    """The minutes of one agenda item."""
    meeting, fresh = _item_for_write(actor, item)
    before = fresh.minutes
    fresh.minutes = minutes.strip()
    fresh.full_clean()
    fresh.save(update_fields=["minutes", "updated_at"])
    _touch(meeting)
    audit.record(
        actor=actor,
        action="tkksd.minutes.item",
        obj=meeting,
        cooperation=fresh.cooperation,
        changes={"minutes": [before, fresh.minutes]} if before != fresh.minutes else {},
        data={"item": fresh.title},
    )
    return fresh


@transaction.atomic
def outcome_add(*, actor: User, item: AgendaItem, kind: str, text: str) -> Outcome:
    """A typed outcome of an item. An adjourned outcome marks the item to be continued: the
    agenda proposals of the next meeting pick it up, and if a later planned meeting of the
    region exists already the continuing item is added to it now (`carried_from`)."""
    meeting, fresh = _item_for_write(actor, item)
    if kind not in OutcomeKind.values:
        raise RuleViolation({"kind": [_("Choose the kind of outcome.")]})
    if not text.strip():
        raise RuleViolation({"text": [_("Write the outcome.")]})
    order = (fresh.outcomes.aggregate(m=Max("order"))["m"] or 0) + 1
    outcome = Outcome(item=fresh, kind=kind, text=text.strip(), order=order)
    outcome.full_clean()
    outcome.save()
    carried = _carry_forward(fresh) if kind == OutcomeKind.ADJOURNED else None
    _touch(meeting)
    audit.record(
        actor=actor,
        action="tkksd.outcome.add",
        obj=meeting,
        cooperation=fresh.cooperation,
        changes={"outcome": [None, f"{outcome.get_kind_display()}: {outcome.text}"]},
        data={
            "item": fresh.title,
            **({"carried_to": str(carried.meeting)} if carried is not None else {}),
        },
    )
    return outcome


def _carry_forward(item: AgendaItem) -> AgendaItem | None:
    """The continuing item on the region's next planned meeting, if one exists already."""
    nxt = (
        Meeting.objects.filter(
            tenant_id=item.meeting.tenant_id,
            state=MeetingState.PLANNED,
            starts_at__gt=item.meeting.starts_at,
        )
        .order_by("starts_at", "id")
        .first()
    )
    if nxt is None or nxt.items.filter(carried_from=item).exists():
        return None
    if item.cooperation_id is not None or item.document_id is not None:
        # The next meeting discusses the same case (or document) already: that item continues
        # this one (run 11 item 5), not a second item of the same case on its agenda.
        same = (
            nxt.items.filter(cooperation=item.cooperation, document=item.document)
            .order_by("order", "id")
            .first()
        )
        if same is not None:
            if same.carried_from_id is None:
                same.carried_from = item
                same.save(update_fields=["carried_from", "updated_at"])
            return same
    order = (nxt.items.aggregate(m=Max("order"))["m"] or 0) + 1
    carried = AgendaItem(
        meeting=nxt,
        order=order,
        title=item.title,
        closed=item.closed,
        public_title=item.public_title,
        cooperation=item.cooperation,
        document=item.document,
        source=ItemSource.ADJOURNED,
        carried_from=item,
    )
    carried.full_clean()
    carried.save()
    return carried


def _outcome_for_write(actor: User, outcome: Outcome) -> tuple[Meeting, Outcome]:
    meeting = _locked_meeting(outcome.item.meeting)
    _require_keep(actor, meeting)
    _require_draft(meeting)
    return meeting, Outcome.objects.select_related("item__cooperation").get(pk=outcome.pk)


@transaction.atomic
def outcome_update(*, actor: User, outcome: Outcome, text: str) -> Outcome:
    meeting, fresh = _outcome_for_write(actor, outcome)
    if not text.strip():
        raise RuleViolation({"text": [_("Write the outcome.")]})
    before = fresh.text
    fresh.text = text.strip()
    fresh.full_clean()
    fresh.save(update_fields=["text", "updated_at"])
    _touch(meeting)
    audit.record(
        actor=actor,
        action="tkksd.outcome.update",
        obj=meeting,
        cooperation=fresh.item.cooperation,
        changes={"outcome": [before, fresh.text]},
        data={"item": fresh.item.title},
    )
    return fresh


@transaction.atomic
def outcome_remove(*, actor: User, outcome: Outcome) -> None:
    """Remove a drafted outcome with its drafted steps and action items. A step already taken
    (at an earlier finalisation) cannot be undone, so its decision stays."""
    meeting, fresh = _outcome_for_write(actor, outcome)
    if fresh.steps.filter(transition__isnull=False).exists():
        raise DomainError(
            _(
                "This decision applied a step when the minutes were made final: it stays in the "
                "minutes (a step taken is not undone by reopening)."
            )
        )
    if fresh.kind == OutcomeKind.ADJOURNED:
        carried = AgendaItem.objects.filter(
            carried_from=fresh.item, meeting__state=MeetingState.PLANNED
        )
        # An item of the same case that was on the agenda already is only unlinked (run 11).
        carried.exclude(source=ItemSource.ADJOURNED).update(carried_from=None)
        carried.filter(source=ItemSource.ADJOURNED, minutes="").exclude(
            outcomes__isnull=False
        ).delete()
    label = f"{fresh.get_kind_display()}: {fresh.text}"
    concerns = [s.cooperation for s in fresh.steps.select_related("cooperation")]
    for action in fresh.action_items.all():
        action_deadlines_cancel(action.pk)  # one made final before a reopening was live
    fresh.action_items.all().delete()
    fresh.delete()
    _touch(meeting)
    audit.record(
        actor=actor,
        action="tkksd.outcome.remove",
        obj=meeting,
        cooperation=outcome.item.cooperation,
        concerns=concerns,
        changes={"outcome": [label, None]},
    )


def action_deadlines_cancel(pk: int) -> None:
    """A removed action item leaves no open deadline: its rows are cancelled (the provider
    could not load it any more)."""
    Deadline.objects.filter(
        subject_type="meetings.actionitem", subject_id=str(pk), status=DeadlineStatus.OPEN
    ).update(status=DeadlineStatus.CANCELLED)


def _pks_of(cooperation: Cooperation, document: Document | None) -> Document | None:
    if document is None:
        return None
    if document.cooperation_id != cooperation.pk or document.kind != DocumentKind.PKS:
        raise RuleViolation({"document": [_("Choose a PKS of this cooperation.")]})
    return document


def steps_choosable(cooperation: Cooperation, document: Document | None = None) -> list[Any]:
    """The steps a decision may apply now: those of the case's road from its current stage
    (or, with a PKS, of that PKS's road from the PKS's stage), as the pathway lists them."""
    if document is not None:
        ctx = pathways.Context(
            cooperation, {}, timezone.localdate(), facts_known=False, document=document
        )
        return [
            s for s in pathways.pks_steps_from(document.stage) if pathways.pks_step_applies(s, ctx)
        ]
    on_pks_road = lifecycle.has_pks_road(cooperation)
    return [
        s
        for s in pathways.steps_from(cooperation.kind, cooperation.stage)
        if s.exists_for(cooperation)
        and not (on_pks_road and s.action in lifecycle.CASE_STEPS_MOVED_TO_PKS)
        and s.action != pathways.Action.TAKE_OVER  # §6.6: an authority's act, not the TKKSD's
    ]


def _clean_facts(step: Any, facts: dict[str, Any]) -> dict[str, str]:
    clean: dict[str, str] = {}
    # A reason is recorded with any step (the decision's reasoning, e.g. why the DPRD's
    # approval is not needed, §7); the step's own facts besides.
    for name in dict.fromkeys((*step.facts, Fact.REASON)):
        value = facts.get(name)
        if value in (None, ""):
            continue
        if name in DATE_FACTS:
            day = value if isinstance(value, dt.date) else None
            if day is None:
                try:
                    day = dt.date.fromisoformat(str(value))
                except ValueError:
                    raise RuleViolation(
                        {"facts": [_("Give the dates as dates (e.g. 2021-01-14).")]}
                    ) from None
            clean[name] = day.isoformat()
        elif name in TEXT_FACTS:
            clean[name] = str(value).strip()[:2000]
    return clean


@transaction.atomic
def decision_step_add(
    *,
    actor: User,
    outcome: Outcome,
    cooperation: Cooperation,
    action: str,
    document: Document | None = None,
    facts: dict[str, Any] | None = None,
    override_reason: str = "",
) -> DecisionStep:
    """A lifecycle step a decision will apply when the minutes are made final: to a case of
    the region (or one of its PKS), one of the steps from its current stage. Nothing moves
    now (`step_preview` shows whether its preconditions hold)."""
    meeting, fresh = _outcome_for_write(actor, outcome)
    if fresh.kind != OutcomeKind.DECISION:
        raise RuleViolation({"action": [_("Only a decision applies lifecycle steps.")]})
    case = Cooperation.objects.filter(pk=cooperation.pk).first()
    if case is None or not cooperation_is_party(actor, case):
        raise RuleViolation(
            {"cooperation": [_("Choose a cooperation to which your region is a party.")]}
        )
    pks = _pks_of(case, Document.objects.filter(pk=document.pk).first() if document else None)
    step = next((s for s in steps_choosable(case, pks) if s.action == action), None)
    if step is None:
        stage = pks.get_stage_display() if pks is not None else case.get_stage_display()
        raise RuleViolation(
            {
                "action": [
                    _("This step cannot be taken from the stage “%(stage)s”.") % {"stage": stage}
                ]
            }
        )
    clean = _clean_facts(step, facts or {})
    if Fact.REASON in step.facts and not clean.get(Fact.REASON):
        raise RuleViolation({"facts": [_("This step needs a reason: write it.")]})
    decided = DecisionStep(
        outcome=fresh,
        cooperation=case,
        document=pks,
        action=action,
        expected_stage=pks.stage if pks is not None else case.stage,
        facts=clean,
        override_reason=override_reason.strip(),
    )
    decided.outcome = fresh
    # A ❓ precondition not met needs the reason to go on now, when the step is added: the
    # chair cannot give it at finalisation (QA walk 2 item 1; §5.3, overridable warnings).
    warnings = step_preview(decided).warnings
    if warnings and not decided.override_reason:
        raise RuleViolation(
            {
                "override_reason": [
                    *warnings,
                    _("Write the reason for going on despite this (or meet it first)."),
                ]
            }
        )
    decided.full_clean()
    decided.save()
    _touch(meeting)
    audit.record(
        actor=actor,
        action="tkksd.decision_step.add",
        obj=meeting,
        cooperation=case,
        changes={"step": [None, str(step.label)]},
        data={"decision": fresh.text, **({"pks": str(pks)} if pks is not None else {})},
    )
    return decided


@transaction.atomic
def decision_step_remove(*, actor: User, step: DecisionStep) -> None:
    meeting = _locked_meeting(step.outcome.item.meeting)
    _require_keep(actor, meeting)
    _require_draft(meeting)
    fresh = DecisionStep.objects.select_related("cooperation").get(pk=step.pk)
    if fresh.transition_id is not None:
        raise DomainError(
            _("This step was taken when the minutes were made final; it cannot be undone.")
        )
    label = step_label(fresh)
    fresh.delete()
    _touch(meeting)
    audit.record(
        actor=actor,
        action="tkksd.decision_step.remove",
        obj=meeting,
        cooperation=fresh.cooperation,
        changes={"step": [label, None]},
    )


def step_label(step: DecisionStep) -> str:
    if step.document_id is not None:
        found = next((s for s in pathways.PKS_STEPS if s.action == step.action), None)
        return str(found.label) if found is not None else step.action
    return pathways.step_label(step.cooperation.kind, step.action)


# --- Reading: what a step would do, the decision list, versions ------------------------------


@dataclass
class StepPreview:
    step: DecisionStep
    label: str
    taken: bool
    stage_moved: bool = False
    blockers: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Preconditions this meeting meets itself when final (its extract is the TKKSD document).
    met_by_meeting: list[str] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return (
            not self.taken
            and not self.stage_moved
            and not self.blockers
            and (not self.warnings or bool(self.step.override_reason))
        )


def _facts_for(step: DecisionStep, day: dt.date) -> dict[str, Any]:
    facts: dict[str, Any] = {Fact.ON: day}
    for name, value in (step.facts or {}).items():
        facts[name] = dt.date.fromisoformat(value) if name in DATE_FACTS else value
    # Without a reason of its own, the step's reason is the decision's text.
    facts.setdefault(Fact.REASON, step.outcome.text)
    return facts


def step_preview(step: DecisionStep, *, today: dt.date | None = None) -> StepPreview:
    """Whether a drafted step's preconditions hold now, without taking it (the minutes' page
    while drafting). The TKKSD recommendation document counts as met: the meeting files it when
    its minutes are made final, before the step is taken."""
    label = step_label(step)
    if step.transition_id is not None:
        return StepPreview(step, label, taken=True)
    case = step.cooperation
    pks = step.document
    current = pks.stage if pks is not None else case.stage
    if current != step.expected_stage:
        return StepPreview(step, label, taken=False, stage_moved=True)
    path_step = (
        pathways.pks_step_for(step.action, current)
        if pks is not None
        else pathways.step_for(case.kind, step.action, current)
    )
    if path_step is None:
        return StepPreview(step, label, taken=False, stage_moved=True)
    ctx = pathways.Context(
        case,
        _facts_for(step, today or timezone.localdate()),
        today or timezone.localdate(),
        document=pks,
    )
    tkksd = str(pathways.TKKSD.message)
    availability = lifecycle.evaluate(path_step, ctx, None)
    met = [m for m in [*availability.blockers, *availability.overridable] if m == tkksd]
    return StepPreview(
        step,
        label,
        taken=False,
        blockers=[m for m in availability.blockers if m != tkksd],
        warnings=[m for m in availability.overridable if m != tkksd],
        met_by_meeting=met,
    )


def meeting_decisions(meeting: Meeting) -> QuerySet[Outcome]:
    """The meeting's decisions with their steps, in agenda order (the decision list)."""
    return (
        Outcome.objects.filter(item__meeting=meeting, kind=OutcomeKind.DECISION)
        .select_related("item")
        .prefetch_related("steps__cooperation", "steps__document", "steps__transition")
        .order_by("item__order", "item__id", "order", "id")
    )


def meeting_action_items(meeting: Meeting) -> QuerySet[ActionItem]:
    return (
        ActionItem.objects.filter(meeting=meeting)
        .select_related("owner_user", "owner_opd", "cooperation", "outcome__item")
        .order_by("due_on", "id")
    )


def minutes_versions(meeting: Meeting) -> QuerySet[MinutesVersion]:
    return meeting.minutes_versions.select_related("made_final_by", "reopened_by").order_by(
        "number"
    )


def _name(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _owner(action: ActionItem) -> str:
    if action.owner_user_id is not None and action.owner_user is not None:
        return _name(action.owner_user)
    return action.owner_opd.name if action.owner_opd is not None else ""


def minutes_snapshot(meeting: Meeting) -> dict[str, Any]:
    """The whole content of the minutes as JSON: the meeting, attendance, items with their
    minutes, outcomes, decided steps and action items (`MinutesVersion.snapshot`)."""
    items = []
    for item in meeting.items.select_related("cooperation", "document").prefetch_related(
        "absences__invitee",
        "outcomes__steps__cooperation",
        "outcomes__steps__document",
        "outcomes__action_items__owner_user",
        "outcomes__action_items__owner_opd",
        "outcomes__action_items__cooperation",
    ):
        items.append(
            {
                "id": item.pk,
                "order": item.order,
                "title": item.title,
                "closed": item.closed,
                "public_title": item.public_title,
                "cooperation": item.cooperation.title if item.cooperation else "",
                "cooperation_id": item.cooperation_id,
                "minutes": item.minutes,
                "absent": [a.invitee.in_room_label() for a in item.absences.all()],
                "outcomes": [
                    {
                        "kind": o.kind,
                        "text": o.text,
                        "steps": [
                            {
                                "cooperation": s.cooperation.title,
                                "cooperation_id": s.cooperation_id,
                                "pks": str(s.document) if s.document else "",
                                "action": s.action,
                                "label": step_label(s),
                                "from_stage": s.expected_stage,
                                "transition_id": s.transition_id,
                                "override_reason": s.override_reason,
                            }
                            for s in o.steps.all()
                        ],
                        "action_items": [
                            {
                                "title": a.title,
                                "owner": _owner(a),
                                "due_on": a.due_on.isoformat(),
                                "cooperation": a.cooperation.title if a.cooperation else "",
                            }
                            for a in o.action_items.all()
                        ],
                    }
                    for o in item.outcomes.all()
                ],
            }
        )
    return {
        "meeting": {
            "id": meeting.pk,
            "title": meeting.title,
            "kind": meeting.kind,
            "number": meeting.number,
            "starts_at": meeting.starts_at.isoformat(),
            "date": indonesian_date(meeting_day(meeting)),
            "place": meeting.place,
            "online_link": meeting.online_link,
            "chair": meeting.chair.name if meeting.chair else "",
            "opening": meeting.minutes_opening,
            "closing": meeting.minutes_closing,
        },
        "attendance": [
            {
                "name": i.name,
                "position": i.position,
                "institution": i.institution,
                "presence": i.presence,
                "delegate": i.delegate_name,
                "delegation_letter": i.delegation_letter,
            }
            for i in meeting.invitees.all()
        ],
        "items": items,
    }


# --- Making final, reopening ------------------------------------------------------------


def _file_extract(
    actor: User,
    meeting: Meeting,
    cooperation: Cooperation,
    prepared: dict[int, Prepared] | None = None,
    stored: list[tuple[Storage, str]] | None = None,
) -> Document:
    """File the extract of the minutes (petikan) on the case as its TKKSD recommendation
    (`DocumentKind.TKKSD_MINUTES`, §5.3), through the agreements' document service, before the
    steps that need it are taken. One per case and meeting: a later finalisation reuses it.

    Its file is the petikan's PDF (`letter_services.extract_files`), which is also stored with
    the meeting as that extract's next version."""
    earlier = (
        DecisionStep.objects.filter(
            outcome__item__meeting=meeting, cooperation=cooperation, extract__isnull=False
        )
        .values_list("extract", flat=True)
        .first()
    )
    if earlier is not None:
        return Document.objects.get(pk=earlier)
    day = meeting_day(meeting)
    ready = (prepared or {}).get(cooperation.pk)
    if ready is not None:  # rendered before the transaction (`_prepare_extracts`)
        _docx, pdf = extract_store(ready, actor=actor, stored=stored if stored is not None else [])
    else:
        _docx, pdf = extract_files(meeting, cooperation, actor=actor)
    name = f"petikan-notulen-{slugify(meeting.number) or meeting.pk}-{cooperation.pk}.pdf"
    document = document_create(
        actor=actor,
        cooperation=cooperation,
        upload=SimpleUploadedFile(name, pdf, content_type="application/pdf"),
        data={
            "kind": DocumentKind.TKKSD_MINUTES,
            "number": meeting.number,
            "title": f"Petikan notulen rapat TKKSD {meeting_label(meeting)[len('Rapat TKKSD ') :]}",
            "status": DocumentStatus.FINAL,
            "signed_on": day,
        },
        filed_by=meeting_source(meeting),
    )
    if stored is not None:
        stored.extend((f.file.storage, f.file.name) for f in document.files.all() if f.file.name)
    return document


def _prepare_extracts(actor: User, meeting: Meeting) -> dict[int, Prepared]:
    """The final petikan of every case a pending decided step concerns, rendered before the
    finalisation's transaction (WeasyPrint takes a second or more per letter; inside the
    transaction it held the database's write lock that long). Their content is the one the
    finalisation files: the meeting's number and facts, its minutes as they stand, no DRAFT
    mark. Nothing is rendered for an actor who may not make the minutes final (the
    transaction refuses them), nor for a case whose extract is already filed."""
    current = Meeting.objects.select_related("tenant__region", "chair__seat").get(pk=meeting.pk)
    if current.state != MeetingState.HELD or not can_chair(actor, current):
        return {}
    filed = set(
        DecisionStep.objects.filter(
            outcome__item__meeting=current, extract__isnull=False
        ).values_list("cooperation_id", flat=True)
    )
    # In the order the transaction files them (`_finalise`), so that each petikan is rendered
    # with the number it will take there: the n-th new number after the region's last.
    cases: dict[int, Cooperation] = {}
    for step in (
        DecisionStep.objects.filter(outcome__item__meeting=current, transition__isnull=True)
        .select_related("cooperation")
        .order_by("outcome__item__order", "outcome__order", "id")
    ):
        if step.cooperation_id not in filed:
            cases.setdefault(step.cooperation_id, step.cooperation)
    prepared: dict[int, Prepared] = {}
    ahead = 0
    for pk, cooperation in cases.items():
        numbered = has_number(current, LetterKind.EXTRACT, cooperation)
        try:
            prepared[pk] = extract_prepare(current, cooperation, ahead=0 if numbered else ahead)
        except DomainError:
            continue  # refused again, with its message, inside the transaction
        ahead += 0 if numbered else 1
    return prepared


def _delete_stored(stored: list[tuple[Storage, str]]) -> None:
    for storage, name in stored:
        try:
            storage.delete(name)
        except OSError:  # a file that cannot be deleted is only an orphan, not an error
            continue


def quorum_gaps(meeting: Meeting) -> list[str]:
    """Why the meeting's decisions lack a TKKSD quorum (❓ §2.1: a recommendation made without
    the team's quorum, a setting defaulting to a simple majority, is not a valid team decision):
    "no attendance recorded" for a meeting whose attendance is empty, and each item whose
    decision has a lifecycle step while the seats in the room for it (present or represented at
    the opening, minus those out of the room for the item: `selectors.meeting_quorum`) do not
    reach the quorum. Empty when nothing lacks it. Decisions without a step (information) are
    not concerned."""
    invitees = selectors.meeting_invitees(meeting)
    if not any(i.presence in ATTENDING for i in invitees):
        return [
            str(
                _(
                    "Record the attendance first: no attendance is recorded for this meeting, "
                    "so its quorum is unknown."
                )
            )
        ]
    composition = selectors.team_on(meeting.tenant, meeting_day(meeting))
    gaps: list[str] = []
    items = (
        meeting.items.filter(outcomes__steps__isnull=False)
        .distinct()
        .prefetch_related("absences")
        .order_by("order", "id")
    )
    for item in items:
        state = selectors.meeting_quorum(
            meeting, item=item, invitees=invitees, composition=composition
        )
        if not state.reached:
            gaps.append(
                str(
                    _(
                        "Item %(order)s (%(title)s) was decided without a quorum (%(attending)s "
                        "of %(seats)s seats attending, quorum %(needed)s)."
                    )
                    % {
                        "order": item.order,
                        "title": item.title,
                        "attending": state.attending,
                        "seats": state.seats,
                        "needed": state.needed,
                    }
                )
            )
    return gaps


def _items_without_quorum(meeting: Meeting) -> set[int]:
    """The items whose decided steps lack the quorum (`quorum_gaps`): all of them when no
    attendance is recorded."""
    invitees = selectors.meeting_invitees(meeting)
    items = meeting.items.filter(outcomes__steps__isnull=False).distinct()
    if not any(i.presence in ATTENDING for i in invitees):
        return set(items.values_list("pk", flat=True))
    composition = selectors.team_on(meeting.tenant, meeting_day(meeting))
    return {
        item.pk
        for item in items.prefetch_related("absences")
        if not selectors.meeting_quorum(
            meeting, item=item, invitees=invitees, composition=composition
        ).reached
    }


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _reasons_of(
    step: DecisionStep, day: dt.date, source: dict[str, Any], quorum_reason: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The facts and source of a step taken at finalisation (QA walk 2 item 3): its reason is
    the decision's (or its own), followed by the chair's confirmation without a quorum and the
    reason to go on despite an unmet ❓ precondition, so that the case's history shows them
    ("Tanpa kuorum, dikonfirmasi ketua: …. Melanjutkan meskipun …: …."). Stored Indonesian
    text, like the meeting's label; the source keeps them apart too."""
    facts = _facts_for(step, day)
    parts = [_sentence(str(facts.get(Fact.REASON) or ""))]
    extra: dict[str, Any] = {}
    if quorum_reason:
        parts.append(_sentence(f"Tanpa kuorum, dikonfirmasi ketua: {quorum_reason}"))
        extra["quorum_reason"] = quorum_reason
    if step.override_reason:
        with translation.override("id"):
            unmet = step_preview(step, today=day).warnings
        for message in unmet:
            missing = message.rstrip(".")
            missing = missing[:1].lower() + missing[1:]
            parts.append(_sentence(f"Melanjutkan meskipun {missing}: {step.override_reason}"))
        if unmet:
            extra["override"] = {"unmet": unmet, "reason": step.override_reason}
    facts[Fact.REASON] = " ".join(p for p in parts if p != ".")
    return facts, {**source, **extra}


def _refusal(step: DecisionStep, error: DomainError) -> list[str]:
    label = step_label(step)
    head = f"{step.cooperation.title} — {label}"
    return [f"{head}: {message}" for message in error.messages]


def meeting_finalise(
    *,
    actor: User,
    meeting: Meeting,
    today: dt.date | None = None,
    quorum_reason: str = "",
) -> MinutesVersion:
    """Make the minutes final, in one transaction: every decided step not yet taken is taken
    through `cooperation_transition` with the meeting as its source (its preconditions
    re-checked on fresh rows), after the extract of the minutes has been filed on its case;
    the minutes are kept as version n + 1; the meeting becomes final and locked; the action
    items become live deadlines. If any step is refused, nothing is made final and the
    refusal lists each step with its reasons (`StepRefused`).

    The extracts' PDFs are rendered before the transaction (`_prepare_extracts`); the files
    the transaction stores (the extracts' versions, the documents filed on the cases) are
    deleted again when it is rolled back, so that no file is left without its row.

    Decisions with lifecycle steps on an item without the TKKSD quorum, or a meeting without
    any attendance recorded (`quorum_gaps`), are refused unless the chair confirms them with a
    written `quorum_reason` (❓ §2.1, an overridable warning); the reason and the items are
    kept in the audit event and the version's snapshot (`quorum_override`)."""
    # The petikan rendered now states the chair's confirmation under its item (QA walk 2).
    token = letters.PENDING_QUORUM_REASON.set(quorum_reason.strip())
    try:
        prepared = _prepare_extracts(actor, meeting) if _quorum_ok(meeting, quorum_reason) else {}
        stored: list[tuple[Storage, str]] = []
        try:
            version = _finalise(
                actor=actor,
                meeting=meeting,
                today=today,
                prepared=prepared,
                stored=stored,
                quorum_reason=quorum_reason.strip(),
            )
        except BaseException:
            _delete_stored(stored)
            raise
        _notulen_again(actor, meeting, version)
        return version
    finally:
        letters.PENDING_QUORUM_REASON.reset(token)


def _notulen_again(actor: User, meeting: Meeting, version: MinutesVersion) -> None:
    """Minutes made final again after a reopening: the notulen generated before is made anew
    from them (QA walk 2 item 4), after the finalisation's transaction (rendering takes
    seconds). A failure leaves the minutes final; the panel offers to generate it again."""
    if version.number < 2 or not meeting.letters.filter(kind=LetterKind.MINUTES).exists():
        return
    try:
        letter_generate(
            actor=actor,
            meeting=meeting,
            kind=LetterKind.MINUTES,
            final=True,
            check_permission=False,
        )
    except DomainError:
        logger.warning("notulen of meeting %s not generated again", meeting.pk, exc_info=True)


def _quorum_ok(meeting: Meeting, reason: str) -> bool:
    """Whether the finalisation may go on as far as the quorum is concerned (no PDF is rendered
    for one refused for it)."""
    current = Meeting.objects.select_related("tenant__region").filter(pk=meeting.pk).first()
    return current is None or bool(reason.strip()) or not quorum_gaps(current)


@transaction.atomic
def _finalise(
    *,
    actor: User,
    meeting: Meeting,
    today: dt.date | None,
    prepared: dict[int, Prepared],
    stored: list[tuple[Storage, str]],
    quorum_reason: str = "",
) -> MinutesVersion:
    locked = _locked_meeting(meeting)
    if not can_read_minutes(actor, locked) and not can_chair(actor, locked):
        raise NotFound(_("No such meeting."))
    _require(can_chair(actor, locked), _("Only the chair of the meeting makes its minutes final."))
    _require_draft(locked)
    gaps = quorum_gaps(locked)
    if gaps and not quorum_reason:
        raise RuleViolation(
            {
                "quorum_reason": [
                    *gaps,
                    _(
                        "Nothing was made final. The chair may still make the minutes final by "
                        "confirming the decisions without a quorum, with a written reason."
                    ),
                ]
            }
        )
    override = {"reason": quorum_reason, "gaps": gaps} if gaps else None
    day = meeting_day(locked)
    source = meeting_source(locked)
    pending = list(
        DecisionStep.objects.filter(outcome__item__meeting=locked, transition__isnull=True)
        .select_related("cooperation", "document", "outcome")
        .order_by("outcome__item__order", "outcome__order", "id")
    )
    refusals: list[str] = []
    taken: list[DecisionStep] = []
    unquorate = _items_without_quorum(locked) if override is not None else set()
    for step in pending:
        try:
            with transaction.atomic():
                extract = _file_extract(actor, locked, step.cooperation, prepared, stored)
                facts, step_source = _reasons_of(
                    step,
                    day,
                    source,
                    quorum_reason if step.outcome.item_id in unquorate else "",
                )
                transition = lifecycle.cooperation_transition(
                    actor=actor,
                    cooperation=step.cooperation,
                    action=step.action,
                    expected_stage=step.expected_stage,
                    facts=facts,
                    override_reason=step.override_reason,
                    today=today,
                    document=step.document,
                    source=step_source,
                )
                step.transition, step.extract = transition, extract
                step.save(update_fields=["transition", "extract", "updated_at"])
                taken.append(step)
        except DomainError as error:
            refusals.extend(_refusal(step, error))
    if refusals:
        raise StepRefused(
            [_("Nothing was made final: the decisions below cannot take effect now."), *refusals]
        )
    number = (locked.minutes_versions.aggregate(m=Max("number"))["m"] or 0) + 1
    snapshot = minutes_snapshot(locked)
    if override is not None:
        snapshot["quorum_override"] = override
    version = MinutesVersion.objects.create(
        meeting=locked, number=number, snapshot=snapshot, made_final_by=actor
    )
    now = timezone.now()
    locked.state, locked.finalised_at, locked.finalised_by = MeetingState.FINAL, now, actor
    locked.version += 1
    locked.save(update_fields=["state", "finalised_at", "finalised_by", "version", "updated_at"])
    meeting.state, meeting.version = locked.state, locked.version
    for action in ActionItem.objects.filter(meeting=locked, status=ActionStatus.OPEN):
        deadlines_refresh(action)  # live deadlines from final minutes only
    audit.record(
        actor=actor,
        action="tkksd.minutes.final",
        obj=locked,
        concerns=[s.cooperation for s in taken],
        changes={"state": [MeetingState.HELD, MeetingState.FINAL]},
        data={
            "version": number,
            "steps": [f"{s.cooperation.title}: {step_label(s)}" for s in taken],
            **(
                {"quorum_reason": quorum_reason, "without_quorum": " ".join(gaps)}
                if override is not None
                else {}
            ),
        },
    )
    return version


@transaction.atomic
def meeting_reopen(*, actor: User, meeting: Meeting, reason: str) -> Meeting:
    """Reopen final minutes (the chair, with a reason): the meeting is held again and its
    minutes a draft; the version made final stays, recording who reopened it, when and why.
    Steps already taken stay taken (reopening undoes no step); making the minutes final again
    adds the next version and takes only the steps added since."""
    locked = _locked_meeting(meeting)
    if not can_read_minutes(actor, locked) and not can_chair(actor, locked):
        raise NotFound(_("No such meeting."))
    _require(can_chair(actor, locked), _("Only the chair of the meeting reopens its minutes."))
    if locked.state != MeetingState.FINAL:
        raise DomainError(_("Only final minutes can be reopened."))
    if not reason.strip():
        raise RuleViolation({"reason": [_("Say why the minutes are reopened.")]})
    latest = locked.minutes_versions.order_by("-number").first()
    now = timezone.now()
    if latest is not None:
        latest.reopened_at, latest.reopened_by, latest.reopen_reason = now, actor, reason.strip()
        latest.full_clean()
        latest.save(update_fields=["reopened_at", "reopened_by", "reopen_reason", "updated_at"])
    locked.state, locked.finalised_at, locked.finalised_by = MeetingState.HELD, None, None
    locked.version += 1
    locked.save(update_fields=["state", "finalised_at", "finalised_by", "version", "updated_at"])
    meeting.state, meeting.version = locked.state, locked.version
    audit.record(
        actor=actor,
        action="tkksd.minutes.reopen",
        obj=locked,
        changes={"state": [MeetingState.FINAL, MeetingState.HELD]},
        data={"reason": reason.strip(), "version": latest.number if latest else None},
    )
    return locked


# --- Reads for the screens ----------------------------------------------------------------


def meeting_for_reader(user: User, pk: int) -> Meeting:
    """The meeting if `user` may read it; NotFound otherwise (other regions get a 404)."""
    meeting = Meeting.objects.select_related("tenant__region", "chair").filter(pk=pk).first()
    if meeting is None or not (can_read_minutes(user, meeting) or can_chair(user, meeting)):
        raise NotFound(_("No such meeting."))
    return meeting


def region_cooperations(user: User) -> QuerySet[Cooperation]:
    """Cases a decision of the user's region may move: those the region is a party to."""
    if user.tenant is None:
        return Cooperation.objects.none()
    return Cooperation.objects.filter(parties__partner__region_id=user.tenant.region_id).distinct()


def region_opds(meeting: Meeting) -> QuerySet[Opd]:
    return Opd.objects.filter(tenant_id=meeting.tenant_id).order_by("name")


def region_users(meeting: Meeting) -> QuerySet[User]:
    return User.objects.filter(tenant_id=meeting.tenant_id, is_active=True).order_by(
        "first_name", "username"
    )
