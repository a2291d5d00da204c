"""Action items (tindak lanjut) of a TKKSD meeting (issue 9 items 3 and 5): defined with the
minutes (while drafted they are no deadline), live deadlines once the minutes are final
(`ActionItemDeadlines`, registered in `MeetingsConfig.ready`), closed by their owner with a
note and/or an evidence file, cancelled by the secretariat with a reason.

An action item's deadline names its owner OPD (`Deadline.opd`) and, in its facts, its owner
user and region (`params["owner_user"]`, `params["tenant"]`), so that the agenda, the reminders
and the calendar feed find one that concerns no case (`deadlines.selectors.caseless_for`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kerjasama.accounts.models import Opd, Role, User
from kerjasama.agreements.models import Cooperation
from kerjasama.agreements.selectors import cooperation_is_party
from kerjasama.core import audit
from kerjasama.core.exceptions import DomainError, NotFound, NotPermitted, RuleViolation
from kerjasama.core.uploads import stored_upload
from kerjasama.deadlines.models import DeadlineStatus
from kerjasama.deadlines.registry import DeadlineProvider, Wanted
from kerjasama.deadlines.services import deadlines_refresh
from kerjasama.meetings import minutes
from kerjasama.meetings.enums import ActionStatus, MeetingState, OutcomeKind
from kerjasama.meetings.labels import meeting_name, name_from_facts
from kerjasama.meetings.models import ActionItem, Meeting, Outcome

SUBJECT_TYPE = "meetings.actionitem"
KIND = "tkksd_action"


# --- Defining (with the minutes) ---------------------------------------------------------


@transaction.atomic
def action_item_add(
    *,
    actor: User,
    outcome: Outcome,
    title: str,
    due_on: dt.date,
    owner_user: User | None = None,
    owner_opd: Opd | None = None,
    cooperation: Cooperation | None = None,
) -> ActionItem:
    """An action item of an outcome of kind "action item": an owner (a user or an OPD of the
    region), a due date, optionally a case of the region. A draft until the minutes are
    final."""
    meeting, fresh = minutes._outcome_for_write(actor, outcome)
    errors: dict[str, list[Any]] = {}
    if fresh.kind != OutcomeKind.ACTION:
        errors["title"] = [_("Action items belong to an outcome of the kind “action item”.")]
    if not title.strip():
        errors["title"] = [_("Say what is to be done.")]
    if owner_user is None and owner_opd is None:
        errors["owner_opd"] = [_("Give the owner: an OPD or a person of the region.")]
    if owner_user is not None and owner_user.tenant_id != meeting.tenant_id:
        errors["owner_user"] = [_("The owner must be a user of the region.")]
    if owner_opd is not None and owner_opd.tenant_id != meeting.tenant_id:
        errors["owner_opd"] = [_("The owner must be an OPD of the region.")]
    if cooperation is not None and not cooperation_is_party(actor, cooperation):
        errors["cooperation"] = [_("Choose a cooperation to which your region is a party.")]
    if due_on < minutes.meeting_day(meeting):  # decided at the meeting: due on or after it
        errors["due_on"] = [_("The due date cannot be before the meeting's date.")]
    if errors:
        raise RuleViolation(errors)
    action = ActionItem(
        meeting=meeting,
        outcome=fresh,
        cooperation=cooperation,
        title=title.strip(),
        owner_user=owner_user,
        owner_opd=owner_opd,
        due_on=due_on,
    )
    action.full_clean()
    action.save()
    minutes._touch(meeting)
    audit.record(
        actor=actor,
        action="tkksd.action_item.add",
        obj=meeting,
        cooperation=cooperation,
        changes={"action_item": [None, action.title], "due_on": [None, due_on]},
        data={"owner": minutes._owner(action)},
    )
    return action


@transaction.atomic
def action_item_remove(*, actor: User, action: ActionItem) -> None:
    meeting = minutes._locked_meeting(action.meeting)
    minutes._require_keep(actor, meeting)
    minutes._require_draft(meeting)
    fresh = ActionItem.objects.get(pk=action.pk)
    if fresh.agenda_items.exists():
        raise DomainError(_("A later meeting's agenda discusses this action item: it stays."))
    title = fresh.title
    fresh.delete()
    minutes.action_deadlines_cancel(action.pk)
    minutes._touch(meeting)
    audit.record(
        actor=actor,
        action="tkksd.action_item.remove",
        obj=meeting,
        cooperation=action.cooperation,
        changes={"action_item": [title, None]},
    )


# --- Closing, cancelling -----------------------------------------------------------------


def is_owner(user: User | None, action: ActionItem) -> bool:
    """The owner user, or an OPD officer of the owner OPD (of the meeting's region)."""
    if user is None or not user.is_authenticated or user.tenant_id != action.meeting.tenant_id:
        return False
    if action.owner_user_id is not None and action.owner_user_id == user.pk:
        return True
    return (
        action.owner_opd_id is not None
        and user.opd_id == action.owner_opd_id
        and user.has_role(Role.OPD_OFFICER)
    )


def _live(action: ActionItem) -> bool:
    """Only an action item of final minutes is a live task (a drafted one is no deadline). One
    made final once stays live while its minutes are reopened."""
    meeting = action.meeting
    if meeting.state == MeetingState.FINAL:
        return True
    last = meeting.minutes_versions.order_by("-number").first()
    return last is not None and action.created_at <= last.created_at


def _action_for_write(action: ActionItem) -> ActionItem:
    fresh = (
        ActionItem.objects.select_for_update(of=("self",))
        .select_related("meeting__tenant__region", "cooperation", "owner_opd", "owner_user")
        .filter(pk=action.pk)
        .first()
    )
    if fresh is None:
        raise NotFound(_("No such action item."))
    if fresh.status != ActionStatus.OPEN:
        raise DomainError(_("This action item is closed already."))
    if not _live(fresh):
        raise DomainError(_("This action item is still a draft: the minutes are not final yet."))
    return fresh


def action_item_close(
    *,
    actor: User,
    action: ActionItem,
    note: str = "",
    evidence: UploadedFile[bytes] | None = None,
) -> ActionItem:
    """Close an action item as done (its owner), with a note and/or an evidence file (checked
    by `core.uploads` like every upload, stored before the transaction and removed if the
    write is refused): its deadline is met."""
    _check_close(actor, action)
    if not note.strip() and evidence is None:
        raise RuleViolation({"note": [_("Say what was done, or attach the evidence (or both).")]})
    if evidence is None:
        return _close(actor=actor, action=action, note=note, pending=None)
    with stored_upload(
        evidence, storage=ActionItem.evidence.field.storage, folder="tkksd/tindak-lanjut"
    ) as pending:
        return _close(actor=actor, action=action, note=note, pending=pending)


def _check_close(actor: User, action: ActionItem) -> None:
    if not is_owner(actor, action):
        if actor is not None and actor.tenant_id == action.meeting.tenant_id:
            raise NotPermitted(_("Only the owner of this action item closes it."))
        raise NotFound(_("No such action item."))


@transaction.atomic
def _close(*, actor: User, action: ActionItem, note: str, pending: Any) -> ActionItem:
    fresh = _action_for_write(action)
    _check_close(actor, fresh)
    fresh.status = ActionStatus.DONE
    fresh.closed_at, fresh.closed_by = timezone.now(), actor
    fresh.closing_note = note.strip()
    fields = ["status", "closed_at", "closed_by", "closing_note", "updated_at"]
    if pending is not None:
        fresh.evidence.name = pending.name
        fresh.evidence_name = pending.original_name[:255]
        fresh.evidence_content_type = pending.checked.content_type
        fresh.evidence_sha256 = pending.checked.sha256
        fields += ["evidence", "evidence_name", "evidence_content_type", "evidence_sha256"]
    fresh.full_clean()
    fresh.save(update_fields=fields)
    deadlines_refresh(fresh)
    audit.record(
        actor=actor,
        action="tkksd.action_item.done",
        obj=fresh.meeting,
        cooperation=fresh.cooperation,
        changes={"status": [ActionStatus.OPEN, ActionStatus.DONE]},
        data={
            "action_item": fresh.title,
            **({"note": fresh.closing_note} if fresh.closing_note else {}),
            **(
                {"evidence": fresh.evidence_name, "sha256": fresh.evidence_sha256}
                if pending is not None
                else {}
            ),
        },
    )
    return fresh


@transaction.atomic
def action_item_cancel(*, actor: User, action: ActionItem, reason: str) -> ActionItem:
    """Cancel an open action item (the region's secretariat, with a reason)."""
    fresh = _action_for_write(action)
    if not minutes.can_keep_minutes(actor, fresh.meeting):
        if actor is not None and actor.tenant_id == fresh.meeting.tenant_id:
            raise NotPermitted(_("Only the TKKSD secretariat cancels an action item."))
        raise NotFound(_("No such action item."))
    if not reason.strip():
        raise RuleViolation({"reason": [_("Say why the action item is cancelled.")]})
    fresh.status = ActionStatus.CANCELLED
    fresh.closed_at, fresh.closed_by = timezone.now(), actor
    fresh.closing_note = reason.strip()
    fresh.full_clean()
    fresh.save(update_fields=["status", "closed_at", "closed_by", "closing_note", "updated_at"])
    deadlines_refresh(fresh)
    audit.record(
        actor=actor,
        action="tkksd.action_item.cancel",
        obj=fresh.meeting,
        cooperation=fresh.cooperation,
        changes={"status": [ActionStatus.OPEN, ActionStatus.CANCELLED]},
        data={"action_item": fresh.title, "reason": fresh.closing_note},
    )
    return fresh


# --- Reading -----------------------------------------------------------------------------


def _live_q() -> Q:
    """Action items of minutes made final at least once (drafts are not tasks yet)."""
    return Q(meeting__state=MeetingState.FINAL) | Q(meeting__minutes_versions__isnull=False)


def action_items_for(user: User, *, everything: bool = False) -> QuerySet[ActionItem]:
    """The open action items `user` owns (itself, or its OPD as an officer); with `everything`
    and the secretariat's or leadership's role, every open one of the region."""
    base = (
        ActionItem.objects.filter(_live_q(), status=ActionStatus.OPEN)
        .filter(meeting__tenant_id=user.tenant_id or 0)
        .select_related("meeting", "owner_user", "owner_opd", "cooperation")
        .distinct()
        .order_by("due_on", "id")
    )
    if everything and user.has_role(Role.SECRETARIAT, Role.LEADERSHIP):
        return base
    mine = Q(owner_user=user)
    if user.opd_id is not None and user.has_role(Role.OPD_OFFICER):
        mine |= Q(owner_opd_id=user.opd_id)
    return base.filter(mine)


def closed_action_items_for(user: User, *, everything: bool = False) -> QuerySet[ActionItem]:
    """The done or cancelled action items of the same scope as `action_items_for`, the latest
    closed first: the action list shows who closed each and when (run 11 item 5)."""
    base = (
        ActionItem.objects.filter(_live_q(), status__in=[ActionStatus.DONE, ActionStatus.CANCELLED])
        .filter(meeting__tenant_id=user.tenant_id or 0)
        .select_related(
            "meeting__tenant__region", "owner_user", "owner_opd", "cooperation", "closed_by"
        )
        .distinct()
        .order_by("-closed_at", "-id")
    )
    if everything and user.has_role(Role.SECRETARIAT, Role.LEADERSHIP):
        return base
    mine = Q(owner_user=user)
    if user.opd_id is not None and user.has_role(Role.OPD_OFFICER):
        mine |= Q(owner_opd_id=user.opd_id)
    return base.filter(mine)


def action_item_for_reader(user: User, pk: int) -> ActionItem:
    """An action item its owner, its region's secretariat or leadership may open."""
    action = (
        ActionItem.objects.select_related(
            "meeting__tenant__region", "owner_user", "owner_opd", "cooperation", "outcome__item"
        )
        .filter(pk=pk)
        .first()
    )
    if action is None or user.tenant_id != action.meeting.tenant_id:
        raise NotFound(_("No such action item."))
    if not (is_owner(user, action) or user.has_role(Role.SECRETARIAT, Role.LEADERSHIP)):
        raise NotFound(_("No such action item."))
    return action


def sekda_action_items(user: User) -> QuerySet[ActionItem]:
    """The Sekda's open action items: his own and those of the region's meetings he chairs
    (the chair holding's user, or as leadership every meeting of the region)."""
    base = action_items_for(user, everything=False)
    if user.has_role(Role.LEADERSHIP):
        return action_items_for(user, everything=True)
    chaired = Q(meeting__chair__user=user)
    return (
        ActionItem.objects.filter(_live_q(), status=ActionStatus.OPEN)
        .filter(Q(pk__in=base.values("pk")) | chaired)
        .select_related("meeting", "owner_user", "owner_opd", "cooperation")
        .distinct()
        .order_by("due_on", "id")
    )


def next_meeting(user: User, *, now: dt.datetime | None = None) -> Meeting | None:
    """The region's next meeting (planned, from now on) that the user may read."""
    if user.tenant_id is None:
        return None
    found = (
        Meeting.objects.filter(
            tenant_id=user.tenant_id,
            state=MeetingState.PLANNED,
            starts_at__gte=now or timezone.now(),
        )
        .select_related("tenant__region")
        .order_by("starts_at", "id")
    )
    for meeting in found[:5]:
        if minutes.can_read_minutes(user, meeting):
            return meeting
    return None


# --- The deadline provider ----------------------------------------------------------------


def _label(params: dict[str, Any]) -> str:
    return gettext("Action item: %(what)s") % {"what": params["what"]}


class ActionItemDeadlines(DeadlineProvider):
    """An open action item of final minutes is a deadline due on its due date, owned by its
    OPD and/or user (issue 9 item 5). Closed as done it is met (on the closing day); cancelled
    or still drafted, it has none."""

    subject_type = SUBJECT_TYPE
    kinds = {KIND: _("TKKSD action item")}
    markable: frozenset[str] = frozenset()

    def load(self, subject_id: Any) -> ActionItem:
        ActionItem.objects.select_for_update().filter(pk=subject_id).first()
        return ActionItem.objects.select_related("meeting__tenant__region").get(pk=subject_id)

    def wanted(self, subject: Any, today: dt.date) -> list[Wanted]:
        action: ActionItem = subject
        if action.status == ActionStatus.CANCELLED or not _live(action):
            return []
        done = action.status == ActionStatus.DONE
        zone = action.meeting.tenant.region.time_zone.zone
        return [
            Wanted(
                key="action",
                kind=KIND,
                due_on=action.due_on,
                title=_label({"what": action.title})[:300],
                rule=minutes.meeting_label(action.meeting)[:200],
                case_id=action.cooperation_id,
                status=DeadlineStatus.MET if done else DeadlineStatus.OPEN,
                opd_id=action.owner_opd_id,
                params={
                    "what": action.title,
                    "meeting": minutes.meeting_label(action.meeting),
                    "meeting_id": action.meeting_id,
                    # The facts to name the meeting in the reader's language (`labels`).
                    "meeting_number": action.meeting.number or "",
                    "meeting_date": minutes.meeting_day(action.meeting).isoformat(),
                    "owner_user": action.owner_user_id,
                    "tenant": action.meeting.tenant_id,
                    # Addressed to its owner, who sees it even without reading its case
                    # (`deadlines.selectors.caseless_for`).
                    "owned": True,
                },
                met_on=timezone.localtime(action.closed_at, zone).date()
                if done and action.closed_at
                else None,
            )
        ]

    def subjects_to_refresh(self) -> QuerySet[ActionItem, int]:
        return ActionItem.objects.filter(status=ActionStatus.OPEN).values_list("pk", flat=True)

    def label(self, kind: str, params: dict[str, Any]) -> str:
        return _label(params)

    def url(self, kind: str, params: dict[str, Any], subject_id: str) -> str:
        """The action item's page, where its owner closes it (QA walk 2 item 6)."""
        return reverse("rapat:action_detail", args=[int(subject_id)])

    def rule(self, kind: str, params: dict[str, Any]) -> str:
        """The meeting that decided it, named once: "Rapat TKKSD No. … tanggal …" (the kind's
        name says it is a TKKSD action item; QA walk 2 item 6)."""
        meeting = name_from_facts(
            params, date_key="meeting_date", number_key="meeting_number", fallback=params["meeting"]
        )
        if "meeting_date" not in params and params.get("meeting_id"):
            # A row written before the facts were stored: named from the meeting itself.
            found = Meeting.objects.filter(pk=params["meeting_id"]).first()
            if found is not None:
                meeting = meeting_name(found.number, minutes.meeting_day(found))
        return meeting

    def check_record(self, actor: Any, deadline: Any) -> None:
        raise NotPermitted(
            _("An action item is closed by its owner on its own page, not from the agenda.")
        )
