"""The statutory pathway of every cooperation type, as data, and the one function that moves a
cooperation along it.

Sources (KERJASAMA_DAERAH.md): §5.2–§5.3 (KSDD, KSDPK; PP 28/2018 Pasal 6, 19), §6.1 (KSDPL,
KSDLL; Pasal 28–33, 38–40), §6.2 (sinergi), §6.4 (termination), §6.6 (take-over), §7 (DPRD).

A `Step` says from which stages it starts, where it leads, who may take it, which
preconditions it checks (each with the reason it gives when it blocks) and which facts it
records. `cooperation_transition` is the only code that changes `Cooperation.stage` after
registration: it locks the row, re-checks everything on fresh data, records a `Transition` and
an audit event, and refreshes the deadlines.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kerjasama.accounts.models import Role, User
from kerjasama.agreements.enums import (
    STAGES_BY_KIND,
    CooperationKind,
    DocumentKind,
    DocumentStatus,
    Initiative,
    KsddCategory,
    Stage,
    TerminationReason,
)
from kerjasama.agreements.models import (
    Cooperation,
    DprdApproval,
    DprdDecision,
    Transition,
)
from kerjasama.core import audit
from kerjasama.core.exceptions import DomainError, NotPermitted

logger = logging.getLogger(__name__)


class TransitionRefused(DomainError):
    """The step cannot be taken now; the messages say why, in the user's language."""


class StageMoved(TransitionRefused):
    """The step was asked for on a page made at another stage (`expected_stage`): the case
    moved on meanwhile. Screens answer it by showing where the case stands now."""


# --- Context and preconditions ------------------------------------------------------------


@dataclass
class Context:
    cooperation: Cooperation
    facts: dict[str, Any]
    today: dt.date
    # False while the step's form has not been submitted (record page, empty step form): the
    # checks of facts that form records cannot be decided yet and must not block the step.
    facts_known: bool = True

    def documents(self, kind: str, *, signed: bool = False) -> list:
        found = [d for d in self.cooperation.documents.all() if d.kind == kind]
        if signed:
            found = [d for d in found if d.status == DocumentStatus.SIGNED]
        return found


@dataclass(frozen=True)
class Check:
    """A precondition: `test(ctx)` is True when it holds; `message` says what is missing.
    `overridable` marks ❓ rules: the user may go ahead with a recorded reason."""

    code: str
    message: Promise | str
    test: Callable[[Context], bool]
    overridable: bool = False
    applies: Callable[[Context], bool] = lambda ctx: True
    # True when `test` reads the facts the step's own form records (not the record): it is
    # decided only when those facts are known (`Context.facts_known`).
    on_facts: bool = False


def _has(
    kind: str,
    message: Promise,
    *,
    signed: bool = False,
    code: str | None = None,
    overridable: bool = False,
) -> Check:
    return Check(
        code or f"doc_{kind}",
        message,
        lambda ctx: bool(ctx.documents(kind, signed=signed)),
        overridable=overridable,
    )


def _is_ksdpk(ctx: Context) -> bool:
    return ctx.cooperation.kind == CooperationKind.KSDPK


def _kb_signed(ctx: Context) -> bool:
    return bool(ctx.documents(DocumentKind.KB, signed=True))


def _kb_signed_with_numbers(ctx: Context) -> bool:
    party_count = ctx.cooperation.parties.count()
    for document in ctx.documents(DocumentKind.KB, signed=True):
        numbers = [e for e in document.party_entries.all() if e.number]
        if len(numbers) >= party_count:
            return True
    return False


def _pks_signed(ctx: Context) -> list:
    """Signed PKS under a KB, or recorded without one with a reason (services._pks_parent_check)."""
    from kerjasama.agreements.validation import PKS_WITHOUT_KB

    return [
        d
        for d in ctx.documents(DocumentKind.PKS, signed=True)
        if d.parent_id or d.overrides.filter(code=PKS_WITHOUT_KB).exists()
    ]


def _power_of_attorney_on_file(ctx: Context) -> bool:
    needs = any(e.under_power_of_attorney for d in _pks_signed(ctx) for e in d.party_entries.all())
    return not needs or bool(ctx.documents(DocumentKind.POWER_OF_ATTORNEY))


def _start_reached(ctx: Context) -> bool:
    on = ctx.facts.get("on") or ctx.today
    kinds = {DocumentKind.PKS, DocumentKind.FOREIGN_TEXT, DocumentKind.NK}
    starts = [
        d.start_date
        for d in ctx.cooperation.documents.all()
        if d.kind in kinds and d.status == DocumentStatus.SIGNED and d.start_date
    ]
    return bool(starts) and min(starts) <= on


def _plan_complete(ctx: Context) -> bool:
    """PP 28/2018 Pasal 30(3): subjects, background, purpose and targets, object, scope, funding
    source and implementation period (§9 item 8)."""
    c = ctx.cooperation
    plan_has_period = any(
        d.start_date and d.end_date for d in ctx.documents(DocumentKind.COOPERATION_PLAN)
    )
    return all(
        [
            c.background.strip(),
            c.purpose.strip(),
            c.targets.strip(),
            c.object_description.strip(),
            c.scope.strip(),
            c.financing.exists(),
            plan_has_period,
        ]
    )


# Issue 7, item 11: preconditions whose source in KERJASAMA_DAERAH.md is 🟡 (practice) or ❓ are
# `overridable` — the step goes ahead with a recorded reason (kept in `Transition.overrides` and
# the audit event); ✅ preconditions stay refusals.
#
# | check                 | step(s)                            | source                          |
# |-----------------------|------------------------------------|---------------------------------|
# | KAK                   | prepare, submit_for_review         | §3.4, §5.3 🟡 (Yogyakarta)        |
# | TKKSD minutes         | offer, approve_review              | §5.3 🟡, §2.1 🟡, §6.2 🟡          |
# | OFFER_LETTER          | offer, submit_for_review           | §3.4, §5.3 🟡 (surat penawaran)   |
# | REPLY (written reply) | accept_offer                       | §5.3 (not marked ✅), §8.3        |
# | KB_NUMBERS (each      | sign_kb                            | §5.5, §8.3 🟡 (numbering per      |
# |   party's number)     |                                    |   party is practice)            |
# | RK (Rencana Kerja)    | sign_nk                            | §1, §3.4 🟡 (NK+RK naming)        |
# | DPRD_NOT_NEEDED       | skip_dprd                          | §7 (TKKSD decides with reason)  |
# | SINERGI_DPRD          | sign_nk (when the setting asks)    | §7 ❓ (sinergi "not stated")     |
# Kept as refusals (✅): the signed KB itself (PP 28/2018 Pasal 6(1)(d)), mapping and feasibility
# study (Pasal 5, 17; UU 23/2014 Pasal 366(3)), Pasal 18(1) criteria, DPRD request and decision
# (Pasal 6(2), 30), signed PKS, power of attorney (Pasal 2(2), 13(2)), the four KSDPK clauses
# (Pasal 19(2)), the foreign documents (Pasal 28–33), the signed NK (Pasal 46(4)), take-over.
# Document writes: "no kuasa for a KB" (§5.3 🟡, §9 item 16), the term cap (§9 item 13), a PKS
# ending after its KB (§9 item 15), an addendum after expiry (§5.4 🟡), an addendum without a new
# TKKSD review (§6.3 ❓) and the content checklist (§5.5 ❓) are `RuleWarning`s (validation.py).
KAK = _has(
    DocumentKind.KAK, _("The terms of reference (KAK) are not on file yet."), overridable=True
)
MAPPING = _has(
    DocumentKind.MAPPING_RESULT,
    _("The result of the mapping of affairs is not on file yet (PP 28/2018 Pasal 5, 17)."),
)
FEASIBILITY = _has(
    DocumentKind.FEASIBILITY_STUDY,
    _("The feasibility study is not on file yet (UU 23/2014 Pasal 366(3))."),
)
TKKSD = _has(
    DocumentKind.TKKSD_MINUTES,
    _("The TKKSD's review and recommendation is not recorded yet."),
    overridable=True,
)
OFFER_LETTER = _has(
    DocumentKind.OFFER_LETTER, _("The offer letter is not on file yet."), overridable=True
)
REPLY = _has(
    DocumentKind.REPLY_LETTER,
    _("The partner's written acceptance is not on file yet."),
    overridable=True,
)
KB_SIGNED = Check(
    "kb_signed",
    _("No signed Kesepakatan Bersama is on file yet (PP 28/2018 Pasal 6(1)(d))."),
    _kb_signed,
)
KB_NUMBERS = Check(
    "kb_numbers",
    _(
        "The signed Kesepakatan Bersama does not carry every party's number. Numbering by each "
        "party is practice, not statute: go on with a reason if a party keeps no register."
    ),
    lambda ctx: not _kb_signed(ctx) or _kb_signed_with_numbers(ctx),
    overridable=True,
)
DPRD_ASSESSED = Check(
    "dprd_assessed",
    _(
        "Record first whether the plan burdens the community and whether its funding is "
        "budgeted in the current APBD (PP 28/2018 Pasal 6 ayat (2))."
    ),
    lambda ctx: ctx.cooperation.dprd_approval_required is not None,
)
DPRD_NEEDED = Check(
    "dprd_needed",
    _("The DPRD's approval is not needed for this cooperation (PP 28/2018 Pasal 6(2))."),
    lambda ctx: ctx.cooperation.dprd_approval_required is True,
)
DPRD_NOT_NEEDED = Check(
    "dprd_not_needed",
    _(
        "The DPRD's approval is needed: the plan burdens the community or its funding is not "
        "budgeted in the current APBD (PP 28/2018 Pasal 6(2)). The TKKSD may decide otherwise "
        "only with a recorded reason."
    ),
    lambda ctx: ctx.cooperation.dprd_approval_required is False,
    overridable=True,
)
DPRD_REQUEST = _has(
    DocumentKind.DPRD_REQUEST, _("The letter requesting the DPRD's approval is not on file.")
)
DPRD_APPROVAL = _has(DocumentKind.DPRD_APPROVAL, _("The DPRD's decision is not on file yet."))
PKS_SIGNED = Check(
    "pks_signed",
    _("No signed Perjanjian Kerja Sama under the Kesepakatan Bersama is on file yet."),
    lambda ctx: bool(_pks_signed(ctx)),
)
POWER_OF_ATTORNEY = Check(
    "power_of_attorney",
    _(
        "An official signed for the regional head: the power of attorney (surat kuasa) must be "
        "on file (PP 28/2018 Pasal 2(2), 13(2))."
    ),
    _power_of_attorney_on_file,
)
FOUR_CLAUSES_CONFIRMED = Check(
    "four_clauses",
    _(
        "The signed Perjanjian Kerja Sama must contain the four mandatory clauses of PP 28/2018 "
        "Pasal 19(2): rights and obligations, duration, dispute settlement and sanctions. Tick "
        "them on the PKS (edit the document)."
    ),
    # §5.3 / PP 28/2018 Pasal 19(2): read from the PKS itself, where they are ticked (and where
    # `services._pks_signing_errors` asks for them), so the record page, the step form and the
    # transition decide from the same data.
    lambda ctx: all(d.mandatory_clauses_confirmed for d in _pks_signed(ctx)),
    applies=_is_ksdpk,
)
PARTNER_CRITERIA = Check(
    "partner_criteria",
    _("A third party's own proposal must meet the three criteria of PP 28/2018 Pasal 18(1)."),
    lambda ctx: (
        ctx.cooperation.proposal_fits_master_plan
        and ctx.cooperation.proposal_feasible
        and ctx.cooperation.proposer_able_to_fund
    ),
    applies=lambda ctx: _is_ksdpk(ctx) and ctx.cooperation.initiative == Initiative.PARTNER,
)
START_REACHED = Check(
    "start_reached",
    _("The term of the signed agreement has not started yet."),
    _start_reached,
)
LOI_SIGNED = _has(
    DocumentKind.LOI, _("The signed letter of intent is not on file yet."), signed=True
)
PLAN_DOC = _has(
    DocumentKind.COOPERATION_PLAN,
    _("The cooperation plan (rencana kerja sama) is not on file."),
)
PLAN_COMPLETE = Check(
    "plan_complete",
    _(
        "The cooperation plan must state the background, purpose, targets, object, scope, "
        "funding and implementation period (PP 28/2018 Pasal 30(3))."
    ),
    _plan_complete,
)
MINISTER_CONSIDERATION = _has(
    DocumentKind.MINISTER_CONSIDERATION,
    _("The Minister's written consideration is not on file."),
)
MINISTER_TEXT_APPROVAL = _has(
    DocumentKind.MINISTER_TEXT_APPROVAL,
    _("The Minister's approval of the text is not on file."),
)
CONFIRMATION = _has(
    DocumentKind.CONFIRMATION_LETTER,
    _("The confirmation letter (surat konfirmasi) is not on file (PP 28/2018 Pasal 33(4))."),
)
FOREIGN_TEXT_SIGNED = _has(
    DocumentKind.FOREIGN_TEXT, _("The signed cooperation text is not on file yet."), signed=True
)
NK_SIGNED = _has(DocumentKind.NK, _("The signed Nota Kesepakatan is not on file yet."), signed=True)
RK = _has(
    DocumentKind.RK,
    _("The Rencana Kerja attached to the Nota Kesepakatan is not on file."),
    overridable=True,
)
SINERGI_DPRD = Check(
    "sinergi_dprd",
    _(
        "This region's setting asks for the DPRD's approval of a sinergi (§7 ❓), and the DPRD's "
        "decision is not on file."
    ),
    lambda ctx: bool(ctx.documents(DocumentKind.DPRD_APPROVAL)),
    overridable=True,
    applies=lambda ctx: ctx.cooperation.dprd_approval_required is True,
)
MANDATORY = Check(
    "mandatory",
    _("Only a mandatory cooperation (kerja sama wajib) can be taken over (PP 28/2018 Pasal 10)."),
    lambda ctx: ctx.cooperation.ksdd_category == KsddCategory.MANDATORY,
)
TAKE_OVER_CONDITIONS = Check(
    "take_over_conditions",
    _(
        "Record that guidance was given and the obstacles evaluated, and for a take-over by the "
        "governor the Minister's approval (PP 28/2018 Pasal 11)."
    ),
    lambda ctx: (
        bool(ctx.facts.get("guidance_given"))
        and bool(ctx.facts.get("obstacles_evaluated"))
        and (
            ctx.facts.get("taken_over_by") != "governor" or bool(ctx.facts.get("minister_approved"))
        )
    ),
    on_facts=True,
)


def _only_when(check: Check, condition: Callable[[Context], bool]) -> Check:
    return Check(
        check.code, check.message, check.test, check.overridable, condition, check.on_facts
    )


# --- Steps ----------------------------------------------------------------------------------

SECRETARIAT = frozenset({Role.SECRETARIAT})
DECIDERS = frozenset({Role.SECRETARIAT, Role.LEADERSHIP})
INVOLVED = frozenset({Role.SECRETARIAT, Role.OPD_OFFICER})
JOB_ONLY: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Step:
    action: str
    label: Promise
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    checks: tuple[Check, ...] = ()
    facts: tuple[str, ...] = ()
    style: str = "primary"  # "danger" for cancel/reject/terminate
    # Whether the step exists at all for this case (e.g. a take-over only for kerja sama wajib);
    # a step that does not exist is not offered, whereas a failing check is shown as a blocker.
    exists_for: Callable[[Cooperation], bool] = lambda cooperation: True

    def applicable_checks(self, ctx: Context) -> list[Check]:
        return [c for c in self.checks if c.applies(ctx)]


def _s(*stages: str) -> frozenset[str]:
    return frozenset(stages)


TERMINATE_FACTS = ("termination_reason", "reason")


# Steps that every pathway has, differing only in where they start or lead.
def _start(source: str) -> Step:
    return Step(
        "start",
        _("Start the implementation"),
        _s(source),
        Stage.IN_FORCE,
        INVOLVED,
        (START_REACHED,),
    )


def _reject(*sources: str) -> Step:
    return Step(
        "reject",
        _("Reject the proposal"),
        _s(*sources),
        Stage.REJECTED,
        DECIDERS,
        (),
        ("reason",),
        "danger",
    )


def _cancel(*sources: str) -> Step:
    return Step(
        "cancel",
        _("Cancel the cooperation"),
        _s(*sources),
        Stage.CANCELLED,
        DECIDERS,
        (),
        ("reason",),
        "danger",
    )


def _terminate(*sources: str) -> Step:
    return Step(
        "terminate",
        _("End the cooperation"),
        _s(*sources),
        Stage.ENDED,
        DECIDERS,
        (),
        TERMINATE_FACTS,
        "danger",
    )


def _dprd_approves(target: str) -> Step:
    return Step(
        "dprd_approves",
        _("Record the DPRD's approval"),
        _s(Stage.AWAITING_DPRD),
        target,
        SECRETARIAT,
        (DPRD_APPROVAL,),
        ("decision_reference",),
    )


DPRD_REJECTS = Step(
    "dprd_rejects",
    _("Record the DPRD's refusal"),
    _s(Stage.AWAITING_DPRD),
    Stage.CANCELLED,
    SECRETARIAT,
    (DPRD_APPROVAL,),
    ("decision_reference", "reason"),
    "danger",
)

_DOMESTIC_STEPS = [
    Step(
        "prepare",
        _("Start the preparation"),
        _s(Stage.PROPOSAL),
        Stage.PREPARATION,
        INVOLVED,
        (
            KAK,
            _only_when(
                MAPPING, lambda c: _is_ksdpk(c) and c.cooperation.initiative == Initiative.REGION
            ),
            _only_when(
                FEASIBILITY,
                lambda c: _is_ksdpk(c) and c.cooperation.initiative == Initiative.REGION,
            ),
        ),
    ),
    Step(
        "offer",
        _("Send the offer (TKKSD recommends)"),
        _s(Stage.PREPARATION),
        Stage.OFFER,
        DECIDERS,
        (
            TKKSD,
            OFFER_LETTER,
            _only_when(MAPPING, lambda c: c.cooperation.ksdd_category == KsddCategory.MANDATORY),
            PARTNER_CRITERIA,
            _only_when(
                FEASIBILITY,
                lambda c: _is_ksdpk(c) and c.cooperation.initiative == Initiative.PARTNER,
            ),
        ),
    ),
    Step(
        "accept_offer",
        _("Record the partner's acceptance"),
        _s(Stage.OFFER),
        Stage.KB_DRAFTING,
        SECRETARIAT,
        (REPLY, _only_when(FEASIBILITY, _is_ksdpk)),
    ),
    Step(
        "sign_kb",
        _("Record the signed Kesepakatan Bersama"),
        _s(Stage.KB_DRAFTING),
        Stage.KB_SIGNED,
        SECRETARIAT,
        (KB_SIGNED, KB_NUMBERS),
    ),
    Step(
        "request_dprd",
        _("Request the DPRD's approval"),
        _s(Stage.KB_SIGNED),
        Stage.AWAITING_DPRD,
        SECRETARIAT,
        (DPRD_ASSESSED, DPRD_NEEDED, DPRD_REQUEST),
        ("requested_on", "received_on"),
    ),
    Step(
        "skip_dprd",
        _("Go on without the DPRD (not needed)"),
        _s(Stage.KB_SIGNED),
        Stage.PKS_DRAFTING,
        DECIDERS,
        (DPRD_ASSESSED, DPRD_NOT_NEEDED),
    ),
    _dprd_approves(Stage.PKS_DRAFTING),
    DPRD_REJECTS,
    Step(
        "sign_pks",
        _("Record the signed Perjanjian Kerja Sama"),
        _s(Stage.PKS_DRAFTING),
        Stage.PKS_SIGNED,
        SECRETARIAT,
        (PKS_SIGNED, POWER_OF_ATTORNEY, FOUR_CLAUSES_CONFIRMED),
    ),
    _start(Stage.PKS_SIGNED),
    _reject(Stage.PROPOSAL, Stage.PREPARATION),
    # §5.2: cancelled before a KB exists; once it is signed, a case ends with a §6.4 reason.
    _cancel(Stage.OFFER, Stage.KB_DRAFTING),
    _terminate(
        Stage.KB_SIGNED, Stage.AWAITING_DPRD, Stage.PKS_DRAFTING, Stage.PKS_SIGNED, Stage.IN_FORCE
    ),
]
_TAKE_OVER = Step(
    "take_over",
    _("Record the take-over"),
    _s(Stage.IN_FORCE, Stage.PKS_SIGNED),
    Stage.TAKEN_OVER,
    # §6.6: the governor's or the central government's legal act, never a party's secretariat
    # nor province oversight (which only reads); see permissions.can_take_over.
    frozenset({Role.TAKEOVER_AUTHORITY}),
    (MANDATORY, TAKE_OVER_CONDITIONS),
    ("taken_over_by", "guidance_given", "obstacles_evaluated", "minister_approved", "reason"),
    "danger",
)
_FOREIGN_STEPS = [
    Step("explore", _("Start the exploration"), _s(Stage.INITIATIVE), Stage.EXPLORATION, DECIDERS),
    Step(
        "consult_loi",
        _("Consult the Ministries on the letter of intent"),
        _s(Stage.EXPLORATION),
        Stage.LOI_CONSULTATION,
        SECRETARIAT,
    ),
    Step(
        "sign_loi",
        _("Record the signed letter of intent"),
        _s(Stage.LOI_CONSULTATION),
        Stage.LOI_SIGNED,
        SECRETARIAT,
        (LOI_SIGNED,),
    ),
    Step(
        "draft_plan",
        _("Draft the cooperation plan"),
        _s(Stage.LOI_SIGNED),
        Stage.PLAN_DRAFTING,
        SECRETARIAT,
    ),
    Step(
        "request_dprd",
        _("Request the DPRD's approval"),
        _s(Stage.PLAN_DRAFTING),
        Stage.AWAITING_DPRD,
        SECRETARIAT,
        (PLAN_DOC, PLAN_COMPLETE, DPRD_REQUEST),
        ("requested_on", "received_on"),
    ),
    _dprd_approves(Stage.AWAITING_MINISTER),
    DPRD_REJECTS,
    Step(
        "minister_requests_revision",
        _("The Minister asks for a revision"),
        _s(Stage.AWAITING_MINISTER),
        Stage.PLAN_REVISION,
        SECRETARIAT,
        (MINISTER_CONSIDERATION,),
    ),
    Step(
        "revise_plan",
        _("Plan revised: back to drafting"),
        _s(Stage.PLAN_REVISION),
        Stage.PLAN_DRAFTING,
        SECRETARIAT,
    ),
    Step(
        "minister_approves_plan",
        _("The Minister asks to draft the text"),
        _s(Stage.AWAITING_MINISTER),
        Stage.TEXT_DRAFTING,
        SECRETARIAT,
        (MINISTER_CONSIDERATION,),
    ),
    Step(
        "submit_text",
        _("Submit the draft text to the Minister"),
        _s(Stage.TEXT_DRAFTING),
        Stage.AWAITING_TEXT_APPROVAL,
        SECRETARIAT,
    ),
    Step(
        "minister_approves_text",
        _("Record the Minister's approval of the text"),
        _s(Stage.AWAITING_TEXT_APPROVAL),
        Stage.FOREIGN_NEGOTIATION,
        SECRETARIAT,
        (MINISTER_TEXT_APPROVAL,),
    ),
    Step(
        "receive_confirmation",
        _("Record the confirmation letter"),
        _s(Stage.FOREIGN_NEGOTIATION),
        Stage.CONFIRMATION_RECEIVED,
        SECRETARIAT,
        (CONFIRMATION,),
    ),
    Step(
        "sign_text",
        _("Record the signed cooperation text"),
        _s(Stage.CONFIRMATION_RECEIVED),
        Stage.TEXT_SIGNED,
        SECRETARIAT,
        (CONFIRMATION, FOREIGN_TEXT_SIGNED),
    ),
    _start(Stage.TEXT_SIGNED),
    _cancel(
        Stage.INITIATIVE,
        Stage.EXPLORATION,
        Stage.LOI_CONSULTATION,
        Stage.LOI_SIGNED,
        Stage.PLAN_DRAFTING,
        Stage.AWAITING_MINISTER,
        Stage.PLAN_REVISION,
        Stage.TEXT_DRAFTING,
        Stage.AWAITING_TEXT_APPROVAL,
        Stage.FOREIGN_NEGOTIATION,
        Stage.CONFIRMATION_RECEIVED,
    ),
    _terminate(Stage.TEXT_SIGNED, Stage.IN_FORCE),
]
_SINERGI_STEPS = [
    Step(
        "submit_for_review",
        _("Submit to the TKKSD"),
        _s(Stage.PROPOSAL),
        Stage.TKKSD_REVIEW,
        INVOLVED,
        (KAK, OFFER_LETTER),
    ),
    Step(
        "approve_review",
        _("TKKSD recommends: draft the NK"),
        _s(Stage.TKKSD_REVIEW),
        Stage.NK_DRAFTING,
        DECIDERS,
        (TKKSD,),
    ),
    _reject(Stage.PROPOSAL, Stage.TKKSD_REVIEW),
    Step(
        "sign_nk",
        _("Record the signed Nota Kesepakatan"),
        _s(Stage.NK_DRAFTING),
        Stage.NK_SIGNED,
        SECRETARIAT,
        (NK_SIGNED, RK, SINERGI_DPRD),
    ),
    _start(Stage.NK_SIGNED),
    _cancel(Stage.NK_DRAFTING),
    _terminate(Stage.NK_SIGNED, Stage.IN_FORCE),
]
EXPIRE = Step("expire", _("Term expired"), _s(Stage.IN_FORCE), Stage.ENDED, JOB_ONLY)

PATHWAYS: dict[str, list[Step]] = {
    CooperationKind.KSDD: [*_DOMESTIC_STEPS, _TAKE_OVER, EXPIRE],
    CooperationKind.KSDPK: [*_DOMESTIC_STEPS, EXPIRE],
    CooperationKind.KSDPL: [*_FOREIGN_STEPS, EXPIRE],
    CooperationKind.KSDLL: [*_FOREIGN_STEPS, EXPIRE],
    CooperationKind.SINERGI: [*_SINERGI_STEPS, EXPIRE],
}
# The main line of each pathway, for the stage bar: its stages without the side roads
# (alternative ends and the revision loop), which show only when reached.
SIDE_ROADS = frozenset({Stage.REJECTED, Stage.CANCELLED, Stage.TAKEN_OVER, Stage.PLAN_REVISION})
MAIN_LINE: dict[str, list[str]] = {
    kind: [stage for stage in stages if stage not in SIDE_ROADS]
    for kind, stages in STAGES_BY_KIND.items()
}


def step_for(kind: str, action: str, source: str) -> Step | None:
    for step in PATHWAYS.get(kind, []):
        if step.action == action and source in step.sources:
            return step
    return None


def step_label(kind: str, action: str) -> str:
    """The label of a step of this type's pathway, from whichever stage; the action's name if
    the pathway has no such step (e.g. a hand-made URL)."""
    for step in PATHWAYS.get(kind, []):
        if step.action == action:
            return str(step.label)
    return action


def steps_from(kind: str, stage: str) -> list[Step]:
    return [s for s in PATHWAYS.get(kind, []) if stage in s.sources and s.roles]


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

    @property
    def open_now(self) -> bool:
        """Whether the user may open the step and take it (the record page's button)."""
        return self.allowed and not self.blockers


def _role_ok(user: User | None, step: Step, cooperation: Cooperation) -> bool:
    from kerjasama.agreements.permissions import can_take_over, can_work_on_cooperation
    from kerjasama.agreements.selectors import cooperation_is_party

    if user is None:
        return not step.roles  # only the job takes job-only steps
    if not step.roles or not user.is_authenticated or not user.has_role(*step.roles):
        return False
    if step.action == "take_over":
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
    """What this user may do next, and for each step what blocks it (for the record page)."""
    ctx = Context(cooperation, {}, today or timezone.localdate(), facts_known=False)
    return [
        evaluate(step, ctx, user)
        for step in steps_from(cooperation.kind, cooperation.stage)
        if step.exists_for(cooperation)
    ]


# --- The transition -------------------------------------------------------------------------


def _check_facts(
    step: Step, facts: dict[str, Any], cooperation: Cooperation, today: dt.date
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    on = facts.get("on")
    if on is None:
        errors["on"] = [_("Give the date on which it happened.")]
    elif on > today:
        errors["on"] = [_("The date cannot be in the future.")]
    else:
        last = cooperation.transitions.order_by("-on", "-id").first()
        if last is not None and on < last.on:
            errors["on"] = [
                _("The date cannot be before the previous step (%(date)s).")
                % {"date": date_format(last.on, "DATE_FORMAT")}
            ]
    if (
        "reason" in step.facts
        and step.action != "take_over"
        and not (facts.get("reason") or "").strip()
    ):
        errors["reason"] = [_("Give the reason.")]
    if "termination_reason" in step.facts:
        reason = facts.get("termination_reason")
        allowed = {r.value for r in TerminationReason}
        if cooperation.kind != CooperationKind.KSDPK:
            allowed -= {TerminationReason.COURT_DECISION, TerminationReason.THIRD_PARTY_BANKRUPT}
        if reason not in allowed:
            errors["termination_reason"] = [
                _(
                    "Choose one of the reasons of PP 28/2018 Pasal 9 and 22. A change of regional "
                    "head is not a reason to end a cooperation."
                )
            ]
    if "received_on" in step.facts:
        requested, received = facts.get("requested_on"), facts.get("received_on")
        if not requested or not received:
            errors["received_on"] = [
                _("Give the date of the request and the date the DPRD received it.")
            ]
        elif received < requested:
            errors["received_on"] = [_("The DPRD cannot receive the letter before it was written.")]
        elif received > today:
            errors["received_on"] = [_("The date cannot be in the future.")]
    return errors


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
) -> Transition:
    """Move `cooperation` one step along its pathway.

    Guarantees: the row is locked and the step re-checked on fresh data, so two users acting at
    once cannot both succeed (the second finds the stage changed and is refused); a refused
    step changes nothing and raises `TransitionRefused` with every reason in the user's
    language; a ❓ precondition may be overridden only with `override_reason`, which is
    recorded; a taken step leaves one `Transition`, one audit event and refreshed deadlines.
    """
    from kerjasama.agreements.deadlines import deadlines_refresh

    today = today or timezone.localdate()
    facts = dict(facts or {})
    facts.setdefault("on", today)
    locked = Cooperation.objects.select_for_update().filter(pk=cooperation.pk).first()
    if locked is None:
        raise TransitionRefused(_("This cooperation no longer exists."))
    if locked.stage != expected_stage:
        raise StageMoved(
            _(
                "Someone else moved this cooperation to “%(stage)s” while you were looking at it. "
                "Open it again."
            )
            % {"stage": locked.get_stage_display()}
        )
    step = step_for(locked.kind, action, locked.stage)
    if step is None:
        raise TransitionRefused(
            _("“%(action)s” is not a step from the stage “%(stage)s” of this type.")
            % {"action": action, "stage": locked.get_stage_display()}
        )
    if action == "take_over" and actor is not None and actor.is_authenticated:
        from kerjasama.agreements.permissions import takeover_actor_kind

        # Who took over is the authority that acts (§6.6), not what a form says: checked
        # (a governor needs the Minister's approval) and recorded as such.
        facts["taken_over_by"] = takeover_actor_kind(actor)
    ctx = Context(locked, facts, today)
    availability = evaluate(step, ctx, actor)
    if availability.role_missing:
        raise NotPermitted(_("Your role may not take this step."))
    messages = list(availability.blockers)
    if availability.overridable and not override_reason.strip():
        messages.extend(availability.overridable)
    fact_errors = _check_facts(step, facts, locked, today)
    if messages or fact_errors:
        errors = {None: messages} if messages else {}
        raise TransitionRefused({**{k or "__all__": v for k, v in errors.items()}, **fact_errors})

    from_stage = locked.stage
    updated = Cooperation.objects.filter(pk=locked.pk, stage=from_stage).update(
        stage=step.target, version=F("version") + 1, updated_at=timezone.now()
    )
    if updated != 1:  # pragma: no cover - the row lock makes this unreachable on PostgreSQL
        raise TransitionRefused(_("The cooperation changed meanwhile. Open it again."))
    extra_fields: dict[str, Any] = {}
    if step.target == Stage.ENDED:
        extra_fields = {
            "termination_reason": facts.get("termination_reason") or TerminationReason.TERM_EXPIRED,
            "terminated_on": facts["on"],
        }
        Cooperation.objects.filter(pk=locked.pk).update(**extra_fields)
    if action == "request_dprd":
        _dprd_open(locked, facts)
    if action in ("dprd_approves", "dprd_rejects"):
        _dprd_decide(locked, facts, approved=action == "dprd_approves")

    recorded = {
        k: _plain(v) for k, v in facts.items() if k in (*step.facts, "on") and v not in (None, "")
    }
    overrides = (
        [{"message": m, "reason": override_reason.strip()} for m in availability.overridable]
        if availability.overridable
        else []
    )
    transition = Transition.objects.create(
        cooperation=locked,
        action=action,
        from_stage=from_stage,
        to_stage=step.target,
        on=facts["on"],
        by=actor if actor is not None and actor.is_authenticated else None,
        interface=audit.current_interface(),
        reason=(facts.get("reason") or override_reason or "").strip(),
        data=recorded,
        overrides=overrides,
    )
    audit.record(
        actor=actor,
        action="cooperation.transition",
        obj=locked,
        cooperation=locked,
        changes={
            "stage": [from_stage, step.target],
            **{k: [None, v] for k, v in extra_fields.items()},
        },
        data={
            "step": action,
            "on": facts["on"],
            **({"reason": transition.reason} if transition.reason else {}),
            **({"overrides": overrides} if overrides else {}),
        },
    )
    locked.refresh_from_db()
    cooperation.stage, cooperation.version = locked.stage, locked.version
    deadlines_refresh(locked, today=today)
    return transition


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, frozenset)):
        return sorted(str(v) for v in value)
    return value if isinstance(value, (str, int, float, bool)) else str(value)


def _dprd_open(cooperation: Cooperation, facts: dict[str, Any]) -> DprdApproval:
    from kerjasama.agreements.deadlines import dprd_due_on

    received = facts["received_on"]
    return DprdApproval.objects.create(
        cooperation=cooperation,
        requested_on=facts["requested_on"],
        received_on=received,
        due_on=dprd_due_on(cooperation.kind, received),
    )


def _dprd_decide(cooperation: Cooperation, facts: dict[str, Any], *, approved: bool) -> None:
    pending = (
        cooperation.dprd_approvals.filter(decision=DprdDecision.PENDING).order_by("-id").first()
    )
    if pending is None:
        pending = DprdApproval(
            cooperation=cooperation, requested_on=facts["on"], received_on=facts["on"]
        )
    pending.decided_on = facts["on"]
    pending.decision = DprdDecision.APPROVED if approved else DprdDecision.REJECTED
    pending.decision_reference = facts.get("decision_reference", "")
    pending.save()


def cooperations_end_expired(*, today: dt.date | None = None) -> list[Cooperation]:
    """End, once, every cooperation in force whose term has passed (reason: term expired).
    Run by the daily job; a cooperation already ended is not touched again. The end is dated the
    day after the term, or the last step's date if one was recorded later."""
    today = today or timezone.localdate()
    ended = []
    due = Cooperation.objects.filter(stage=Stage.IN_FORCE, ends_on__lt=today).order_by("pk")
    for cooperation in due:
        last = cooperation.transitions.order_by("-on", "-id").values_list("on", flat=True).first()
        on = min(
            max(cooperation.ends_on + dt.timedelta(days=1), last or cooperation.ends_on), today
        )
        with audit.interface("job"):
            try:
                cooperation_transition(
                    actor=None,
                    cooperation=cooperation,
                    action="expire",
                    expected_stage=Stage.IN_FORCE,
                    facts={"on": on},
                    today=today,
                )
            except TransitionRefused as refused:
                logger.warning("Could not end cooperation %s: %s", cooperation.pk, refused.messages)
                continue
        ended.append(cooperation)
    return ended
