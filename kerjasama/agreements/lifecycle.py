"""The evaluation of the pathways (`agreements.pathways`) and the one service that moves a
cooperation, or one of its PKS, along them.

`cooperation_transition` is the only code that changes `Cooperation.stage` after registration
and `Document.stage` of a PKS: it locks the rows, re-checks everything on fresh data, records a
`Transition` (naming the PKS on the PKS's road) and an audit event, recomputes the case's stage
from its PKS (`cooperation_stage_sync`), and refreshes the deadlines.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kerjasama.accounts.models import Role, User
from kerjasama.agreements import access, search, takeover
from kerjasama.agreements.deadlines import dprd_due_on
from kerjasama.agreements.enums import (
    PKS_NOT_ENDED_STAGES,
    CooperationKind,
    DocumentKind,
    Stage,
    TerminationReason,
)
from kerjasama.agreements.models import (
    Cooperation,
    Document,
    DprdApproval,
    DprdDecision,
    Transition,
)
from kerjasama.agreements.pathways import (  # noqa: F401 - re-exported: callers and tests use lifecycle.X
    DECIDERS,
    INVOLVED,
    JOB_ONLY,
    MAIN_LINE,
    PATHWAYS,
    PKS_MAIN_LINE,
    PKS_ROAD_CASE_STAGES,
    PKS_ROAD_KINDS,
    PKS_STEPS,
    SECRETARIAT,
    SIDE_ROADS,
    Action,
    Check,
    Context,
    Fact,
    Step,
    _pks_signed,
    _pks_to_sign,
    derived_case_stage,
    pks_step_applies,
    pks_step_for,
    pks_steps_from,
    signing_facts,
    step_for,
    step_label,
    steps_from,
)
from kerjasama.agreements.permissions import can_take_over, can_work_on_cooperation
from kerjasama.agreements.selectors import cooperation_is_party
from kerjasama.core import audit
from kerjasama.core.exceptions import NotPermitted, StepRefused
from kerjasama.core.exceptions import StageMoved as CoreStageMoved
from kerjasama.deadlines.services import deadlines_refresh

logger = logging.getLogger(__name__)


class TransitionRefused(StepRefused):
    """The step cannot be taken now; the messages say why, in the user's language."""


class StageMoved(TransitionRefused, CoreStageMoved):
    """The step was asked for on a page made at another stage (`expected_stage`): the case
    moved on meanwhile. Screens answer it by showing where the case stands now."""


# --- Evaluation -----------------------------------------------------------------------------


@dataclass
class Availability:
    step: Step
    allowed: bool  # the user may take it now
    blockers: list[str] = field(default_factory=list)  # failing preconditions, as messages
    overridable: list[str] = field(default_factory=list)  # failing ❓ preconditions
    role_missing: bool = False
    # Preconditions on the facts the step's form records, checked when it is submitted.
    to_confirm: list[str] = field(default_factory=list)
    # The PKS whose own road the step is on (its URL names it); None on the case's road.
    document: Document | None = None

    @property
    def open_now(self) -> bool:
        """Whether the user may open the step and take it (the record page's button)."""
        return self.allowed and not self.blockers


def _role_ok(user: User | None, step: Step, cooperation: Cooperation) -> bool:
    if user is None:
        return not step.roles  # only the job takes job-only steps
    if not step.roles or not user.is_authenticated or not user.has_role(*step.roles):
        return False
    if step.action == Action.TAKE_OVER:
        # Not a party's act: the take-over authority over the failing party (§6.6).
        return can_take_over(user, cooperation)
    if cooperation_is_party(user, cooperation):
        if user.has_role(Role.SECRETARIAT):
            return True
        # Leadership decides (reject, cancel, end) where the step lists it; an OPD officer
        # takes a step only on a case that names its OPD.
        if Role.LEADERSHIP in step.roles and user.has_role(Role.LEADERSHIP):
            return True
        return can_work_on_cooperation(user, cooperation)
    return False


def evaluate(step: Step, ctx: Context, user: User | None) -> Availability:
    """The one evaluation of a step, used by the record page, the step form and the
    transition alike. Before the step's form is submitted (`ctx.facts_known` False) the checks
    of the facts it records are listed in `to_confirm` instead of blocking."""
    applicable = step.applicable_checks(ctx)
    decided = [c for c in applicable if ctx.facts_known or not c.on_facts]
    failing = [c for c in decided if not c.test(ctx)]
    role_ok = _role_ok(user, step, ctx.cooperation)
    return Availability(
        step=step,
        allowed=role_ok,
        blockers=[str(c.message) for c in failing if not c.overridable],
        overridable=[str(c.message) for c in failing if c.overridable],
        role_missing=not role_ok,
        to_confirm=[str(c.message) for c in applicable if c not in decided],
    )


def available_steps(
    cooperation: Cooperation, user: User, *, today: dt.date | None = None
) -> list[Availability]:
    """What this user may do next on the case's own road, and for each step what blocks it
    (for the record page). Once the case has a PKS, signing and starting are steps of each
    PKS's own road (`available_pks_steps`), not of the case."""
    ctx = Context(cooperation, {}, today or timezone.localdate(), facts_known=False)
    on_pks_road = has_pks_road(cooperation)
    return [
        evaluate(step, ctx, user)
        for step in steps_from(cooperation.kind, cooperation.stage)
        if step.exists_for(cooperation)
        and not (on_pks_road and step.action in CASE_STEPS_MOVED_TO_PKS)
    ]


# On the case's road these act on its PKS: offered on each PKS once the case has one.
CASE_STEPS_MOVED_TO_PKS = frozenset({Action.SIGN_PKS, Action.START})


def has_pks_road(cooperation: Cooperation) -> bool:
    """Whether the case's PKS walk their own roads now: a KSDD/KSDPK past its KB with a PKS."""
    return (
        cooperation.kind in PKS_ROAD_KINDS
        and cooperation.stage in PKS_ROAD_CASE_STAGES
        and any(d.kind == DocumentKind.PKS for d in cooperation.documents.all())
    )


def available_pks_steps(
    document: Document, user: User, *, today: dt.date | None = None
) -> list[Availability]:
    """What this user may do next on this PKS's own road (its buttons on the record page)."""
    cooperation = document.cooperation
    if cooperation.kind not in PKS_ROAD_KINDS or cooperation.stage not in PKS_ROAD_CASE_STAGES:
        return []
    ctx = Context(
        cooperation, {}, today or timezone.localdate(), facts_known=False, document=document
    )
    found = [
        evaluate(step, ctx, user)
        for step in pks_steps_from(document.stage)
        if pks_step_applies(step, ctx)
    ]
    for availability in found:
        availability.document = document
    return found


# --- The transition -------------------------------------------------------------------------


def _check_facts(
    step: Step,
    facts: dict[str, Any],
    cooperation: Cooperation,
    today: dt.date,
    document: Document | None = None,
) -> dict[str, list[str | Promise]]:
    errors: dict[str, list[str | Promise]] = {}
    on = facts.get(Fact.ON)
    if on is None:
        errors[Fact.ON] = [_("Give the date on which it happened.")]
    elif on > today:
        errors[Fact.ON] = [_("The date cannot be in the future.")]
    else:
        previous = cooperation.transitions.all()
        if document is not None:
            # A PKS's road follows the case's road and its own, not another PKS's.
            previous = previous.filter(document__isnull=True) | previous.filter(document=document)
        last = previous.order_by("-on", "-id").first()
        if last is not None and on < last.on:
            errors[Fact.ON] = [
                _("The date cannot be before the previous step (%(date)s).")
                % {"date": date_format(last.on, "DATE_FORMAT")}
            ]
        elif (
            document is not None
            and step.action == Action.SIGN_PKS
            and document.signed_on is not None
            and on < document.signed_on
        ):
            # The signing is recorded on or after the day the PKS says it was signed (§5.1: the
            # road's dates in the law's order; walk of issue 7): history and document agree.
            errors[Fact.ON] = [
                _(
                    "This PKS is dated %(date)s: its signing cannot be recorded before that day "
                    "(edit the PKS first if its date is wrong)."
                )
                % {"date": date_format(document.signed_on, "DATE_FORMAT")}
            ]
    if document is not None and step.action == Action.SIGN_PKS and document.signed_on:
        # §5.3, §7: a PKS that needed the DPRD is signed after the DPRD approved it.
        approved = document.dprd_approvals.filter(decision=DprdDecision.APPROVED).exclude(
            decided_on=None
        )
        first = approved.order_by("decided_on").values_list("decided_on", flat=True).first()
        if first is not None and document.signed_on < first:
            errors.setdefault(Fact.ON, []).append(
                _(
                    "This PKS is dated %(signed)s, before the DPRD approved it (%(approved)s): a "
                    "PKS is signed after the DPRD's approval (PP 28/2018 Pasal 6(1)). Correct the "
                    "PKS's date."
                )
                % {
                    "signed": date_format(document.signed_on, "DATE_FORMAT"),
                    "approved": date_format(first, "DATE_FORMAT"),
                }
            )
    if (
        Fact.REASON in step.facts
        and step.action != Action.TAKE_OVER
        and not (facts.get(Fact.REASON) or "").strip()
    ):
        errors[Fact.REASON] = [_("Give the reason.")]
    if Fact.TERMINATION_REASON in step.facts:
        reason = facts.get(Fact.TERMINATION_REASON)
        allowed = {r.value for r in TerminationReason}
        if cooperation.kind != CooperationKind.KSDPK:
            allowed -= {TerminationReason.COURT_DECISION, TerminationReason.THIRD_PARTY_BANKRUPT}
        if reason not in allowed:
            errors[Fact.TERMINATION_REASON] = [
                _(
                    "Choose one of the reasons of PP 28/2018 Pasal 9 and 22. A change of regional "
                    "head is not a reason to end a cooperation."
                )
            ]
    if Fact.RECEIVED_ON in step.facts:
        requested, received = facts.get(Fact.REQUESTED_ON), facts.get(Fact.RECEIVED_ON)
        if not requested or not received:
            errors[Fact.RECEIVED_ON] = [
                _("Give the date of the request and the date the DPRD received it.")
            ]
        elif received < requested:
            errors[Fact.RECEIVED_ON] = [
                _("The DPRD cannot receive the letter before it was written.")
            ]
        elif received > today:
            errors[Fact.RECEIVED_ON] = [_("The date cannot be in the future.")]
    return errors


def _locked_step(
    locked: Cooperation, action: str, expected_stage: str, document: Document | None
) -> tuple[Step, Document | None]:
    """The step asked for, from the stage the row is at now (the case's, or the PKS's)."""
    if document is None:
        if locked.stage != expected_stage:
            raise StageMoved(
                _(
                    "Someone else moved this cooperation to “%(stage)s” while you were looking "
                    "at it. Open it again."
                )
                % {"stage": locked.get_stage_display()}
            )
        step = step_for(locked.kind, action, locked.stage)
        if step is None:
            raise TransitionRefused(
                _("“%(action)s” is not a step from the stage “%(stage)s” of this type.")
                % {"action": action, "stage": locked.get_stage_display()}
            )
        return step, None
    pks = Document.objects.select_for_update().filter(pk=document.pk, cooperation=locked).first()
    if pks is None or pks.kind != DocumentKind.PKS:
        raise TransitionRefused(_("This Perjanjian Kerja Sama no longer exists."))
    if locked.kind not in PKS_ROAD_KINDS or locked.stage not in PKS_ROAD_CASE_STAGES:
        # §6.4: a KB that ended (or a case not yet at its KB) carries no PKS road.
        raise TransitionRefused(
            _(
                "A PKS moves on only while its Kesepakatan Bersama is signed and in its term "
                "(the cooperation is at “%(stage)s”)."
            )
            % {"stage": locked.get_stage_display()}
        )
    if pks.stage != expected_stage:
        raise StageMoved(
            _(
                "Someone else moved this PKS to “%(stage)s” while you were looking at it. Open it "
                "again."
            )
            % {"stage": pks.get_stage_display()}
        )
    step = pks_step_for(action, pks.stage)
    if step is None:
        raise TransitionRefused(
            _("“%(action)s” is not a step from the stage “%(stage)s” of a PKS.")
            % {"action": action, "stage": pks.get_stage_display()}
        )
    return step, pks


@transaction.atomic
def cooperation_transition(
    *,
    actor: User | None,
    cooperation: Cooperation,
    action: str,
    expected_stage: str,
    facts: dict[str, Any] | None = None,
    override_reason: str = "",
    today: dt.date | None = None,
    document: Document | None = None,
    source: dict[str, Any] | None = None,
) -> Transition:
    """Move `cooperation` one step along its pathway, or, with `document`, move that PKS one
    step along its own road (`expected_stage` is then the PKS's stage).

    Guarantees: the rows are locked and the step re-checked on fresh data, so two users acting
    at once cannot both succeed (the second finds the stage changed and is refused); a refused
    step changes nothing and raises `TransitionRefused` with every reason in the user's
    language; a ❓ precondition may be overridden only with `override_reason`, which is
    recorded; a taken step leaves one `Transition`, one audit event, the case's stage
    recomputed from its PKS (`cooperation_stage_sync`) and refreshed deadlines.

    `source` names the act the step carries out when it is not the actor's own (issue 9: a
    TKKSD meeting's decision, {"type": "meetings.meeting", "id": …, "label": "Rapat TKKSD
    No. … tanggal …", "tenant": …}); it is recorded in `Transition.data["source"]` and in the
    audit event, so the case's history names the meeting.
    """
    today = today or timezone.localdate()
    facts = dict(facts or {})
    facts.setdefault(Fact.ON, today)
    locked = Cooperation.objects.select_for_update().filter(pk=cooperation.pk).first()
    if locked is None:
        raise TransitionRefused(_("This cooperation no longer exists."))
    step, pks = _locked_step(locked, action, expected_stage, document)
    if action == Action.TAKE_OVER:
        # Who took over is the authority that acts, and the failed party one of the case's
        # regions (§6.6), not what a form says: checked and recorded as such.
        takeover.takeover_facts(actor, locked, facts)
    ctx = Context(locked, facts, today, document=pks)
    if Fact.BURDENS_COMMUNITY in step.facts or action == Action.SKIP_DPRD:
        # §7's facts as they are now, recorded with the step (§9 item 7).
        burdens, budgeted = signing_facts(ctx)
        facts[Fact.BURDENS_COMMUNITY], facts[Fact.BUDGETED_IN_APBD] = burdens, budgeted
    availability = evaluate(step, ctx, actor)
    if availability.role_missing:
        raise NotPermitted(_("Your role may not take this step."))
    messages = list(availability.blockers)
    if availability.overridable and not override_reason.strip():
        messages.extend(availability.overridable)
    fact_errors = _check_facts(step, facts, locked, today, pks)
    if messages or fact_errors:
        errors = {None: messages} if messages else {}
        raise TransitionRefused({**{k or "__all__": v for k, v in errors.items()}, **fact_errors})

    ended = (
        {
            "termination_reason": facts.get(Fact.TERMINATION_REASON)
            or TerminationReason.TERM_EXPIRED,
            "terminated_on": facts[Fact.ON],
        }
        if step.target == Stage.ENDED
        else {}
    )
    # The PKS this step moves: its own on its road; on the case's road, the PKS that signing,
    # starting or ending the case moves (ending the KB ends every PKS still open, §6.4).
    moved_pks = _pks_moved_by(locked, step, ctx) if pks is None else [pks]
    if pks is None:
        from_stage = locked.stage
        updated = Cooperation.objects.filter(pk=locked.pk, stage=from_stage).update(
            stage=step.target, version=F("version") + 1, updated_at=timezone.now(), **ended
        )
        if updated != 1:  # pragma: no cover - the row lock makes this unreachable on PostgreSQL
            raise TransitionRefused(_("The cooperation changed meanwhile. Open it again."))
    else:
        from_stage = pks.stage
    pks_target = _pks_target(step, pks)
    for moved in moved_pks:
        Document.objects.filter(pk=moved.pk).update(
            stage=pks_target, version=F("version") + 1, updated_at=timezone.now(), **ended
        )
    if action == Action.REQUEST_DPRD:
        _dprd_open(locked, facts, pks)
    if action in (Action.DPRD_APPROVES, Action.DPRD_REJECTS):
        _dprd_decide(locked, facts, pks, approved=action == Action.DPRD_APPROVES)

    recorded = {
        k: _plain(v)
        for k, v in facts.items()
        if k in (*step.facts, Fact.ON, Fact.BURDENS_COMMUNITY, Fact.BUDGETED_IN_APBD)
        and v not in (None, "")
    }
    overrides = (
        [{"message": m, "reason": override_reason.strip()} for m in availability.overridable]
        if availability.overridable
        else []
    )
    if pks is None and moved_pks:
        # A step of the case's road that moved PKS along (signing, starting, ending the KB)
        # names them; `Transition.document` is set only on a PKS's own road.
        recorded["pks"] = [d.pk for d in moved_pks]
    if source:
        recorded["source"] = {k: _plain(v) for k, v in source.items()}
    transition = Transition.objects.create(
        cooperation=locked,
        document=pks,
        action=action,
        from_stage=from_stage,
        to_stage=step.target,
        on=facts[Fact.ON],
        by=actor if actor is not None and actor.is_authenticated else None,
        interface=audit.current_interface(),
        reason=(facts.get(Fact.REASON) or override_reason or "").strip(),
        data=recorded,
        overrides=overrides,
    )
    if action == Action.TAKE_OVER:
        takeover.announce(transition)
    audit.record(
        actor=actor,
        action="cooperation.transition" if pks is None else "pks.transition",
        obj=locked if pks is None else pks,
        cooperation=locked,
        changes={
            "stage": [from_stage, step.target],
            **{k: [None, v] for k, v in ended.items()},
        },
        data={
            "step": action,
            "on": facts[Fact.ON],
            **({"document": str(moved_pks[0])} if len(moved_pks) == 1 else {}),
            **({"documents": [str(d) for d in moved_pks]} if len(moved_pks) > 1 else {}),
            **({"reason": transition.reason} if transition.reason else {}),
            **({"overrides": overrides} if overrides else {}),
            **(
                {
                    "source": recorded["source"].get("label", ""),
                    "source_object": f"{recorded['source'].get('type')}:{recorded['source'].get('id')}",
                }
                if source
                else {}
            ),
        },
    )
    cooperation_stage_sync(
        locked,
        actor=actor,
        on=facts[Fact.ON],
        pks_left_binding=pks is not None and from_stage in (Stage.PKS_SIGNED, Stage.IN_FORCE),
    )
    locked.refresh_from_db()
    cooperation.stage, cooperation.version = locked.stage, locked.version
    if document is not None:
        document.refresh_from_db(fields=["stage", "version", "termination_reason", "terminated_on"])
    deadlines_refresh(locked, today=today)
    access.access_refresh(locked)  # the stage and its order (issue 8)
    return transition


def _pks_target(step: Step, pks: Document | None) -> str:
    """Where the PKS moved by a step of the case's road goes: ending the KB ends them, and
    signing and starting the case sign and start its PKS."""
    if pks is not None:
        return step.target
    return step.target


def _pks_moved_by(cooperation: Cooperation, step: Step, ctx: Context) -> list[Document]:
    if cooperation.kind not in PKS_ROAD_KINDS:
        return []
    if step.action == Action.SIGN_PKS:
        return _pks_to_sign(ctx)
    pks = [d for d in cooperation.documents.all() if d.kind == DocumentKind.PKS]
    if step.action == Action.START:
        on = ctx.facts.get(Fact.ON) or ctx.today
        return [
            d
            for d in pks
            if d.stage == Stage.PKS_SIGNED and d.start_date is not None and d.start_date <= on
        ]
    if step.target == Stage.ENDED:
        return [d for d in pks if d.stage in PKS_NOT_ENDED_STAGES]
    return []


_RANK: dict[str, int] = {
    stage: i
    for i, stage in enumerate(
        (Stage.KB_SIGNED, Stage.AWAITING_DPRD, Stage.PKS_DRAFTING, Stage.PKS_SIGNED, Stage.IN_FORCE)
    )
}


def cooperation_stage_sync(
    cooperation: Cooperation,
    *,
    actor: User | None = None,
    on: dt.date | None = None,
    pks_left_binding: bool = False,
) -> str:
    """Recompute the stored `Cooperation.stage` of a KSDD/KSDPK past its KB from its PKS
    (`pathways.derived_case_stage`; the registry filters and sorts on the stored column).
    Called by `cooperation_transition` in its transaction; a change is audited. The case moves
    back (from in force or PKS signed) only when a PKS left those stages by this step: a case
    registered at a later stage is not moved back by a PKS still drafting."""
    if cooperation.kind not in PKS_ROAD_KINDS:
        return cooperation.stage
    current = Cooperation.objects.filter(pk=cooperation.pk).values_list("stage", flat=True).get()
    stages = list(
        cooperation.documents.filter(kind=DocumentKind.PKS).values_list("stage", flat=True)
    )
    derived = derived_case_stage(current, stages)
    if (
        derived in _RANK
        and current in _RANK
        and _RANK[derived] < _RANK[current]
        and not pks_left_binding
    ):
        derived = current
    if derived != current:
        Cooperation.objects.filter(pk=cooperation.pk).update(
            stage=derived, version=F("version") + 1, updated_at=timezone.now()
        )
        audit.record(
            actor=actor,
            action="cooperation.stage_derived",
            obj=cooperation,
            cooperation=cooperation,
            changes={"stage": [current, derived]},
            data={"on": on} if on else None,
        )
    cooperation.stage = derived
    return derived


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, frozenset)):
        return sorted(str(v) for v in value)
    return value if isinstance(value, (str, int, float, bool)) else str(value)


def _dprd_open(
    cooperation: Cooperation, facts: dict[str, Any], pks: Document | None
) -> DprdApproval:
    received = facts[Fact.RECEIVED_ON]
    return DprdApproval.objects.create(
        cooperation=cooperation,
        document=pks,
        requested_on=facts[Fact.REQUESTED_ON],
        received_on=received,
        due_on=dprd_due_on(cooperation.kind, received),
    )


def _dprd_decide(
    cooperation: Cooperation, facts: dict[str, Any], pks: Document | None, *, approved: bool
) -> None:
    pending = (
        cooperation.dprd_approvals.filter(decision=DprdDecision.PENDING, document=pks)
        .order_by("-id")
        .first()
    )
    if pending is None:
        pending = DprdApproval(
            cooperation=cooperation,
            document=pks,
            requested_on=facts[Fact.ON],
            received_on=facts[Fact.ON],
        )
    pending.decided_on = facts[Fact.ON]
    pending.decision = DprdDecision.APPROVED if approved else DprdDecision.REJECTED
    pending.decision_reference = facts.get(Fact.DECISION_REFERENCE, "")
    pending.save()
    search.search_refresh(cooperation)  # the decision's reference is searched


def cooperations_end_expired(*, today: dt.date | None = None) -> list[Cooperation]:
    """End, once, every cooperation whose term has passed, then every PKS in force whose own
    term (with its addenda) has passed (reason: term expired). Run by the daily job; what is
    already ended is not touched again. The end is dated the day after the term, or the last
    step's date if one was recorded later."""
    today = today or timezone.localdate()
    ended = []
    due = Cooperation.objects.filter(
        stage__in=[Stage.IN_FORCE, Stage.PKS_DRAFTING, Stage.PKS_SIGNED], ends_on__lt=today
    ).order_by("pk")
    for cooperation in due:
        if cooperation.stage != Stage.IN_FORCE and not _kb_term_passed(cooperation, today):
            continue
        ends_on = cooperation.ends_on
        if ends_on is None:  # not after the filter above; says so to the type checker
            continue
        last = cooperation.transitions.order_by("-on", "-id").values_list("on", flat=True).first()
        on = min(max(ends_on + dt.timedelta(days=1), last or ends_on), today)
        with audit.interface("job"):
            try:
                cooperation_transition(
                    actor=None,
                    cooperation=cooperation,
                    action=Action.EXPIRE,
                    expected_stage=cooperation.stage,
                    facts={Fact.ON: on},
                    today=today,
                )
            except TransitionRefused as refused:
                logger.warning("Could not end cooperation %s: %s", cooperation.pk, refused.messages)
                continue
        ended.append(cooperation)
    _pks_end_expired(today)
    return ended


def _kb_term_passed(cooperation: Cooperation, today: dt.date) -> bool:
    """A case not in force ends by expiry only when its KB's own term passed (its PKS may all
    have ended earlier)."""
    kbs = [d for d in cooperation.documents.all() if d.kind == DocumentKind.KB and d.end_date]
    return bool(kbs) and all((kb.effective_end() or today) < today for kb in kbs)


def _pks_end_expired(today: dt.date) -> None:
    due = (
        Document.objects.filter(
            kind=DocumentKind.PKS,
            stage=Stage.IN_FORCE,
            cooperation__stage__in=PKS_ROAD_CASE_STAGES,
        )
        .select_related("cooperation")
        .order_by("pk")
    )
    for pks in due:
        end = pks.effective_end()
        if end is None or end >= today:
            continue
        last = (
            pks.cooperation.transitions.filter(document=pks)
            .order_by("-on", "-id")
            .values_list("on", flat=True)
            .first()
        )
        on = min(max(end + dt.timedelta(days=1), last or end), today)
        with audit.interface("job"):
            try:
                cooperation_transition(
                    actor=None,
                    cooperation=pks.cooperation,
                    action=Action.EXPIRE,
                    expected_stage=Stage.IN_FORCE,
                    facts={Fact.ON: on},
                    today=today,
                    document=pks,
                )
            except TransitionRefused as refused:
                logger.warning("Could not end PKS %s: %s", pks.pk, refused.messages)
