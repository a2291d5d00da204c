"""The statutory pathways as data: stages, steps, their preconditions and the facts they record.

Sources (KERJASAMA_DAERAH.md): §5.2–§5.3 (KSDD, KSDPK; PP 28/2018 Pasal 6, 19), §6.1 (KSDPL,
KSDLL; Pasal 28–33, 38–40), §6.2 (sinergi), §6.4 (termination), §6.6 (take-over), §7 (DPRD),
§9 items 7 and 9 (DPRD and power of attorney at the signing of each PKS).

A `Step` says from which stages it starts, where it leads, who may take it, which
preconditions it checks (each with the reason it gives when it blocks) and which facts it
records. Two kinds of road:

- the case's road (`PATHWAYS`): for KSDD/KSDPK up to the Kesepakatan Bersama (and the DPRD
  decision taken before the first PKS), for the other types all the way;
- each PKS's own road (`PKS_STEPS`): drafting → awaiting the DPRD (when §7 requires it for that
  PKS) → signed → in force → ended (or cancelled), because the PKS under one KB start and end at
  different times (DESIGN.md).

This module imports no service, selector or permission module: the evaluation and the one
transition service are `agreements.lifecycle`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kerjasama.accounts.models import Role
from kerjasama.agreements import foreign, takeover, wajib
from kerjasama.agreements.enums import (  # Action, Fact: re-exported, callers use pathways.X
    PKS_OPEN_STAGES,
    STAGES_BY_KIND,
    CooperationKind,
    DocumentKind,
    DocumentStatus,
    Initiative,
    KsddCategory,
    Stage,
)
from kerjasama.agreements.enums import Action as Action
from kerjasama.agreements.enums import Fact as Fact
from kerjasama.agreements.models import Cooperation, Document, DprdApproval, DprdDecision
from kerjasama.agreements.prefetch import is_prefetched
from kerjasama.agreements.validation import PKS_WITHOUT_KB

# --- Context and preconditions ------------------------------------------------------------


@dataclass
class Context:
    cooperation: Cooperation
    facts: dict[str, Any]
    today: dt.date
    # False while the step's form has not been submitted (record page, empty step form): the
    # checks of facts that form records cannot be decided yet and must not block the step.
    facts_known: bool = True
    # The PKS whose own road the step belongs to (`PKS_STEPS`); None for the case's road.
    document: Document | None = None

    # The case's documents, read once per context: a context lives for one evaluation, which
    # asks for them once per check (`documents`).
    _documents: list[Document] | None = field(default=None, init=False, repr=False, compare=False)

    def documents(self, kind: str, *, signed: bool = False) -> list[Document]:
        if self._documents is None:
            self._documents = list(self.cooperation.documents.all())
        found = [d for d in self._documents if d.kind == kind]
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
    # What shows, on a case registered mid-way, that the precondition was met back then
    # (`completeness.missing_evidence`), when that differs from `test` — e.g. a PKS signed and
    # already in force proves the signing although the signing step looks for one in drafting.
    evidence: Callable[[Context], bool] | None = None


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


def _counts_as_pks(document: Document) -> bool:
    """A signed PKS under its KB, or recorded without one with a reason (services._pks_parent_check)."""
    if document.kind != DocumentKind.PKS or document.status != DocumentStatus.SIGNED:
        return False
    if document.parent_id:
        return True
    if is_prefetched(document, "overrides"):  # the dashboard's page of cases (issue 8)
        return any(o.code == PKS_WITHOUT_KB for o in document.overrides.all())
    return document.overrides.filter(code=PKS_WITHOUT_KB).exists()


def _pks_signed(ctx: Context) -> list[Document]:
    """The signed PKS the step is about: the step's own PKS on its road; on the case's road
    every signed PKS under the KB."""
    if ctx.document is not None:
        return [ctx.document] if _counts_as_pks(ctx.document) else []
    return [d for d in ctx.documents(DocumentKind.PKS, signed=True) if _counts_as_pks(d)]


# --- Power of attorney (§9 item 9; PP 28/2018 Pasal 2(2), 13(2)) -----------------------------

# The regional heads, who sign without a power of attorney. Conservative: a deputy or an acting
# official (Wakil, Plt.) signs for the head and needs one, as does anyone else named.
REGIONAL_HEAD_TITLES = ("gubernur", "bupati", "wali kota", "walikota")


def is_regional_head(position: str) -> bool:
    words = " ".join(position.lower().replace(".", " ").split())
    return words.startswith(REGIONAL_HEAD_TITLES)


def needs_power_of_attorney(*, position: str, ticked: bool, party_is_region: bool) -> bool:
    """A region's signatory who is not its regional head signs under a power of attorney,
    whether or not the box is ticked; for third and foreign parties the box decides (the rule
    is the region's, PP 28/2018 Pasal 2(2), 13(2))."""
    if ticked:
        return True
    return party_is_region and bool(position.strip()) and not is_regional_head(position)


def power_of_attorney_valid(
    cooperation: Cooperation, signed_on: dt.date | None, agreement: Document | None = None
) -> bool:
    """A surat kuasa counts only when it is of this case, signed, dated on or before the
    agreement's signing date, and not placed under another agreement (a kuasa for PKS A does
    not let an official sign PKS B; one placed under no agreement counts for any)."""
    own = agreement.pk if agreement is not None else None
    for kuasa in cooperation.documents.all():
        if (
            kuasa.kind == DocumentKind.POWER_OF_ATTORNEY
            and (kuasa.parent_id is None or (own is not None and kuasa.parent_id == own))
            and kuasa.status == DocumentStatus.SIGNED
            and kuasa.signed_on is not None
            and (signed_on is None or kuasa.signed_on <= signed_on)
        ):
            return True
    return False


def pks_needs_power_of_attorney(document: Document) -> bool:
    entries = (
        document.party_entries.all()  # prefetched with party__partner (the dashboard, issue 8)
        if is_prefetched(document, "party_entries")
        else document.party_entries.select_related("party__partner")
    )
    return any(
        needs_power_of_attorney(
            position=entry.signatory_position,
            ticked=entry.under_power_of_attorney,
            party_is_region=bool(entry.party.partner.region_id),
        )
        for entry in entries
    )


def _power_of_attorney_on_file(ctx: Context) -> bool:
    return all(
        power_of_attorney_valid(ctx.cooperation, d.signed_on, d)
        for d in _pks_to_sign(ctx)
        if pks_needs_power_of_attorney(d)
    )


# --- DPRD at signing (§7, §9 item 7; PP 28/2018 Pasal 6(1)–(2)) --------------------------------


def dprd_required_by(burdens_community: bool | None, budgeted_in_apbd: bool | None) -> bool:
    """§7 for KSDD/KSDPK: the DPRD approves when the plan burdens the community and the region,
    or its funding is not budgeted in the current APBD."""
    return burdens_community is True or budgeted_in_apbd is False


def signing_facts(ctx: Context) -> tuple[bool | None, bool | None]:
    """§7's two facts as they are when the PKS is signed: those the step records, by default
    the case's current ones."""
    c = ctx.cooperation
    burdens = ctx.facts.get(Fact.BURDENS_COMMUNITY, c.burdens_community)
    budgeted = ctx.facts.get(Fact.BUDGETED_IN_APBD, c.budgeted_in_apbd)
    return burdens, budgeted


def dprd_approved_for(document: Document) -> bool:
    """An approved DPRD decision for this PKS: one recorded on its own road, or the case's
    decision taken before its first PKS (no document named) when no other PKS was signed."""
    cooperation = document.cooperation
    approvals = [a for a in cooperation.dprd_approvals.all() if a.decision == DprdDecision.APPROVED]
    if any(a.document_id == document.pk for a in approvals):
        return True
    if not any(a.document_id is None for a in approvals):
        return False
    if is_prefetched(cooperation, "documents"):  # the dashboard's page of cases (issue 8)
        return not any(
            d.kind == DocumentKind.PKS
            and d.status == DocumentStatus.SIGNED
            and d.pk != document.pk
            and d.stage not in PKS_OPEN_STAGES
            for d in cooperation.documents.all()
        )
    others_signed = (
        cooperation.documents.filter(kind=DocumentKind.PKS, status=DocumentStatus.SIGNED)
        .exclude(pk=document.pk)
        .exclude(stage__in=PKS_OPEN_STAGES)
    )
    return not others_signed.exists()


def pks_dprd_approval(document: Document) -> DprdApproval | None:
    """The approved DPRD decision that covers this PKS (§7): its own (the latest), else the
    case's decision taken before its first PKS while that still covers it (`dprd_approved_for`)."""
    approvals = [
        a for a in document.cooperation.dprd_approvals.all() if a.decision == DprdDecision.APPROVED
    ]
    own = [a for a in approvals if a.document_id == document.pk]
    if own:
        return own[-1]
    case_wide = [a for a in approvals if a.document_id is None]
    if case_wide and dprd_approved_for(document):
        return case_wide[-1]
    return None


def _tkksd_went_without_dprd(ctx: Context, facts: tuple[bool | None, bool | None]) -> bool:
    """The TKKSD's recorded decision to go on without the DPRD (a `skip_dprd` taken over the
    §7 warning with a reason), for the same facts as now."""
    for t in ctx.cooperation.transitions.all():
        if t.action == Action.SKIP_DPRD and t.overrides:
            recorded = (
                t.data.get(Fact.BURDENS_COMMUNITY, facts[0]),
                t.data.get(Fact.BUDGETED_IN_APBD, facts[1]),
            )
            if recorded == facts:
                return True
    return False


def _dprd_decided_at_signing(ctx: Context) -> bool:
    if ctx.cooperation.kind not in (CooperationKind.KSDD, CooperationKind.KSDPK):
        return True
    facts = signing_facts(ctx)
    if not dprd_required_by(*facts):
        return True
    pks = _pks_to_sign(ctx)
    if not pks:
        return True  # nothing to sign: PKS_SIGNED says so
    return all(dprd_approved_for(d) for d in pks) or _tkksd_went_without_dprd(ctx, facts)


def _pks_to_sign(ctx: Context) -> list[Document]:
    """The PKS a signing step signs: its own on its road; on the case's road the signed PKS
    still in drafting."""
    return [d for d in _pks_signed(ctx) if d.stage in ("", Stage.PKS_DRAFTING)]


def _start_reached(ctx: Context) -> bool:
    on = ctx.facts.get(Fact.ON) or ctx.today
    if ctx.document is not None:  # a PKS starts when its own term has begun
        return ctx.document.start_date is not None and ctx.document.start_date <= on
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
    # While §7's facts are unassessed only DPRD_ASSESSED speaks (no contradictory second reason).
    lambda ctx: ctx.cooperation.dprd_approval_required is not False,
)
DPRD_NOT_NEEDED = Check(
    "dprd_not_needed",
    _(
        "The DPRD's approval is needed: the plan burdens the community or its funding is not "
        "budgeted in the current APBD (PP 28/2018 Pasal 6(2)). The TKKSD may decide otherwise "
        "only with a recorded reason."
    ),
    lambda ctx: ctx.cooperation.dprd_approval_required is not True,
    overridable=True,
)
DPRD_REQUEST = _has(
    DocumentKind.DPRD_REQUEST, _("The letter requesting the DPRD's approval is not on file.")
)
DPRD_APPROVAL = _has(DocumentKind.DPRD_APPROVAL, _("The DPRD's decision is not on file yet."))
PKS_SIGNED = Check(
    "pks_signed",
    _("No signed Perjanjian Kerja Sama under the Kesepakatan Bersama is on file yet."),
    lambda ctx: bool(_pks_to_sign(ctx)),
    evidence=lambda ctx: bool(_pks_signed(ctx)),
)
POWER_OF_ATTORNEY = Check(
    "power_of_attorney",
    _(
        "An official who is not the regional head signed: a signed power of attorney (surat "
        "kuasa) dated on or before the agreement must be on file (PP 28/2018 Pasal 2(2), 13(2))."
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
    lambda ctx: all(d.mandatory_clauses_confirmed for d in _pks_to_sign(ctx)),
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
DPRD_DECIDED_AT_SIGNING = Check(
    "dprd_decided_at_signing",
    _(
        "The DPRD's approval is needed for this PKS: as recorded now, the plan burdens the "
        "community or its funding is not budgeted in the current APBD, and no approving DPRD "
        "decision for it is on file (PP 28/2018 Pasal 6(1)–(2)). The TKKSD may decide otherwise "
        "only with a recorded reason."
    ),
    _dprd_decided_at_signing,
    overridable=True,
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
    # Decided from who acts and which party failed, never from a form value (§6.6).
    takeover.conditions_met,
    on_facts=True,
)
# Issue 7: the failed party and the authority over it (§6.6), the Pasal 27 requirements of
# foreign cooperation (§3.3) and a kerja sama wajib's coordination before the offer (§5.3).
TAKE_OVER_CHECKS = tuple(Check(c, m, t, on_facts=True) for c, m, t in takeover.CHECKS)
FOREIGN_CHECKS = tuple(Check(c, m, t, applies=a) for c, m, t, a in foreign.CHECKS)
WAJIB_CHECKS = tuple(Check(c, m, t, applies=a) for c, m, t, a in wajib.CHECKS)


def _only_when(check: Check, condition: Callable[[Context], bool]) -> Check:
    return Check(
        check.code,
        check.message,
        check.test,
        check.overridable,
        condition,
        check.on_facts,
        check.evidence,
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


TERMINATE_FACTS = (Fact.TERMINATION_REASON, Fact.REASON)


# Steps that every pathway has, differing only in where they start or lead.
def _start(source: str) -> Step:
    return Step(
        Action.START,
        _("Start the implementation"),
        _s(source),
        Stage.IN_FORCE,
        INVOLVED,
        (START_REACHED,),
    )


def _reject(*sources: str) -> Step:
    return Step(
        Action.REJECT,
        _("Reject the proposal"),
        _s(*sources),
        Stage.REJECTED,
        DECIDERS,
        (),
        (Fact.REASON,),
        "danger",
    )


def _cancel(*sources: str) -> Step:
    return Step(
        Action.CANCEL,
        _("Cancel the cooperation"),
        _s(*sources),
        Stage.CANCELLED,
        DECIDERS,
        (),
        (Fact.REASON,),
        "danger",
    )


def _terminate(*sources: str) -> Step:
    return Step(
        Action.TERMINATE,
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
        Action.DPRD_APPROVES,
        _("Record the DPRD's approval"),
        _s(Stage.AWAITING_DPRD),
        target,
        SECRETARIAT,
        (DPRD_APPROVAL,),
        (Fact.DECISION_REFERENCE,),
    )


DPRD_REJECTS = Step(
    Action.DPRD_REJECTS,
    _("Record the DPRD's refusal"),
    _s(Stage.AWAITING_DPRD),
    Stage.CANCELLED,
    SECRETARIAT,
    (DPRD_APPROVAL,),
    (Fact.DECISION_REFERENCE, Fact.REASON),
    "danger",
)

_DOMESTIC_STEPS = [
    Step(
        Action.PREPARE,
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
        Action.OFFER,
        _("Send the offer (TKKSD recommends)"),
        _s(Stage.PREPARATION),
        Stage.OFFER,
        DECIDERS,
        (
            TKKSD,
            OFFER_LETTER,
            _only_when(MAPPING, lambda c: c.cooperation.ksdd_category == KsddCategory.MANDATORY),
            *WAJIB_CHECKS,
            PARTNER_CRITERIA,
            _only_when(
                FEASIBILITY,
                lambda c: _is_ksdpk(c) and c.cooperation.initiative == Initiative.PARTNER,
            ),
        ),
    ),
    Step(
        Action.ACCEPT_OFFER,
        _("Record the partner's acceptance"),
        _s(Stage.OFFER),
        Stage.KB_DRAFTING,
        SECRETARIAT,
        (REPLY, _only_when(FEASIBILITY, _is_ksdpk)),
    ),
    Step(
        Action.SIGN_KB,
        _("Record the signed Kesepakatan Bersama"),
        _s(Stage.KB_DRAFTING),
        Stage.KB_SIGNED,
        SECRETARIAT,
        (KB_SIGNED, KB_NUMBERS),
    ),
    Step(
        Action.REQUEST_DPRD,
        _("Request the DPRD's approval"),
        _s(Stage.KB_SIGNED),
        Stage.AWAITING_DPRD,
        SECRETARIAT,
        (DPRD_ASSESSED, DPRD_NEEDED, DPRD_REQUEST),
        (Fact.REQUESTED_ON, Fact.RECEIVED_ON),
    ),
    Step(
        Action.SKIP_DPRD,
        _("Go on without the DPRD (not needed)"),
        _s(Stage.KB_SIGNED),
        Stage.PKS_DRAFTING,
        DECIDERS,
        (DPRD_ASSESSED, DPRD_NOT_NEEDED),
    ),
    _dprd_approves(Stage.PKS_DRAFTING),
    DPRD_REJECTS,
    Step(
        Action.SIGN_PKS,
        _("Record the signed Perjanjian Kerja Sama"),
        _s(Stage.PKS_DRAFTING),
        Stage.PKS_SIGNED,
        SECRETARIAT,
        (PKS_SIGNED, POWER_OF_ATTORNEY, FOUR_CLAUSES_CONFIRMED, DPRD_DECIDED_AT_SIGNING),
        (Fact.BURDENS_COMMUNITY, Fact.BUDGETED_IN_APBD),
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
    Action.TAKE_OVER,
    _("Record the take-over"),
    _s(Stage.IN_FORCE, Stage.PKS_SIGNED),
    Stage.TAKEN_OVER,
    # §6.6: the governor's or the central government's legal act, never a party's secretariat
    # nor province oversight (which only reads); see permissions.can_take_over.
    frozenset({Role.TAKEOVER_AUTHORITY}),
    (MANDATORY, *TAKE_OVER_CHECKS, TAKE_OVER_CONDITIONS),
    (
        Fact.TAKEN_OVER_BY,
        Fact.FAILED_PARTY,
        Fact.FAILED_PARTY_NAME,
        Fact.GUIDANCE_GIVEN,
        Fact.OBSTACLES_EVALUATED,
        Fact.MINISTER_APPROVED,
        Fact.REASON,
    ),
    "danger",
    # Only a kerja sama wajib can be taken over (PP 28/2018 Pasal 10): not offered otherwise.
    exists_for=lambda cooperation: cooperation.ksdd_category == KsddCategory.MANDATORY,
)
_FOREIGN_STEPS = [
    Step(
        Action.EXPLORE,
        _("Start the exploration"),
        _s(Stage.INITIATIVE),
        Stage.EXPLORATION,
        DECIDERS,
    ),
    Step(
        Action.CONSULT_LOI,
        _("Consult the Ministries on the letter of intent"),
        _s(Stage.EXPLORATION),
        Stage.LOI_CONSULTATION,
        SECRETARIAT,
    ),
    Step(
        Action.SIGN_LOI,
        _("Record the signed letter of intent"),
        _s(Stage.LOI_CONSULTATION),
        Stage.LOI_SIGNED,
        SECRETARIAT,
        (LOI_SIGNED, *FOREIGN_CHECKS),
    ),
    Step(
        Action.DRAFT_PLAN,
        _("Draft the cooperation plan"),
        _s(Stage.LOI_SIGNED),
        Stage.PLAN_DRAFTING,
        SECRETARIAT,
    ),
    Step(
        Action.REQUEST_DPRD,
        _("Request the DPRD's approval"),
        _s(Stage.PLAN_DRAFTING),
        Stage.AWAITING_DPRD,
        SECRETARIAT,
        (PLAN_DOC, PLAN_COMPLETE, DPRD_REQUEST),
        (Fact.REQUESTED_ON, Fact.RECEIVED_ON),
    ),
    _dprd_approves(Stage.AWAITING_MINISTER),
    DPRD_REJECTS,
    Step(
        Action.MINISTER_REQUESTS_REVISION,
        _("The Minister asks for a revision"),
        _s(Stage.AWAITING_MINISTER),
        Stage.PLAN_REVISION,
        SECRETARIAT,
        (MINISTER_CONSIDERATION,),
    ),
    Step(
        Action.REVISE_PLAN,
        _("Plan revised: back to drafting"),
        _s(Stage.PLAN_REVISION),
        Stage.PLAN_DRAFTING,
        SECRETARIAT,
    ),
    Step(
        Action.MINISTER_APPROVES_PLAN,
        _("The Minister asks to draft the text"),
        _s(Stage.AWAITING_MINISTER),
        Stage.TEXT_DRAFTING,
        SECRETARIAT,
        (MINISTER_CONSIDERATION,),
    ),
    Step(
        Action.SUBMIT_TEXT,
        _("Submit the draft text to the Minister"),
        _s(Stage.TEXT_DRAFTING),
        Stage.AWAITING_TEXT_APPROVAL,
        SECRETARIAT,
    ),
    Step(
        Action.MINISTER_APPROVES_TEXT,
        _("Record the Minister's approval of the text"),
        _s(Stage.AWAITING_TEXT_APPROVAL),
        Stage.FOREIGN_NEGOTIATION,
        SECRETARIAT,
        (MINISTER_TEXT_APPROVAL,),
    ),
    Step(
        Action.RECEIVE_CONFIRMATION,
        _("Record the confirmation letter"),
        _s(Stage.FOREIGN_NEGOTIATION),
        Stage.CONFIRMATION_RECEIVED,
        SECRETARIAT,
        (CONFIRMATION,),
    ),
    Step(
        Action.SIGN_TEXT,
        _("Record the signed cooperation text"),
        _s(Stage.CONFIRMATION_RECEIVED),
        Stage.TEXT_SIGNED,
        SECRETARIAT,
        (CONFIRMATION, FOREIGN_TEXT_SIGNED, *FOREIGN_CHECKS),
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
        Action.SUBMIT_FOR_REVIEW,
        _("Submit to the TKKSD"),
        _s(Stage.PROPOSAL),
        Stage.TKKSD_REVIEW,
        INVOLVED,
        (KAK, OFFER_LETTER),
    ),
    Step(
        Action.APPROVE_REVIEW,
        _("TKKSD recommends: draft the NK"),
        _s(Stage.TKKSD_REVIEW),
        Stage.NK_DRAFTING,
        DECIDERS,
        (TKKSD,),
    ),
    _reject(Stage.PROPOSAL, Stage.TKKSD_REVIEW),
    Step(
        Action.SIGN_NK,
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
EXPIRE = Step(Action.EXPIRE, _("Term expired"), _s(Stage.IN_FORCE), Stage.ENDED, JOB_ONLY)
# The KB's term passed: the case ends, in force or not (its last PKS may have ended before).
_KB_EXPIRE = Step(
    Action.EXPIRE,
    _("Term expired"),
    _s(Stage.IN_FORCE, Stage.PKS_DRAFTING, Stage.PKS_SIGNED),
    Stage.ENDED,
    JOB_ONLY,
)

PATHWAYS: dict[str, list[Step]] = {
    CooperationKind.KSDD: [*_DOMESTIC_STEPS, _TAKE_OVER, _KB_EXPIRE],
    CooperationKind.KSDPK: [*_DOMESTIC_STEPS, _KB_EXPIRE],
    CooperationKind.KSDPL: [*_FOREIGN_STEPS, EXPIRE],
    CooperationKind.KSDLL: [*_FOREIGN_STEPS, EXPIRE],
    CooperationKind.SINERGI: [*_SINERGI_STEPS, EXPIRE],
}

# --- Each PKS's own road (KSDD, KSDPK) ---------------------------------------------------------

# The case's stages in which its PKS walk their own roads: the KB is signed and not ended.
PKS_ROAD_CASE_STAGES = frozenset(
    {Stage.KB_SIGNED, Stage.AWAITING_DPRD, Stage.PKS_DRAFTING, Stage.PKS_SIGNED, Stage.IN_FORCE}
)
PKS_ROAD_KINDS = frozenset({CooperationKind.KSDD, CooperationKind.KSDPK})

# §7 for one PKS: its facts as recorded with its step (by default the case's).
PKS_DPRD_ASSESSED = Check(
    DPRD_ASSESSED.code,
    DPRD_ASSESSED.message,
    lambda ctx: dprd_required_by(*signing_facts(ctx)) or None not in signing_facts(ctx),
)
PKS_DPRD_NEEDED = Check(
    DPRD_NEEDED.code,
    DPRD_NEEDED.message,
    lambda ctx: dprd_required_by(*signing_facts(ctx)),
)

PKS_DPRD_NOT_YET_APPROVED = Check(
    "pks_dprd_not_yet_approved",
    _("The DPRD has already approved this PKS: it is not asked again."),
    lambda ctx: ctx.document is None or pks_dprd_approval(ctx.document) is None,
)

PKS_STEPS: list[Step] = [
    Step(
        Action.REQUEST_DPRD,
        _("Request the DPRD's approval"),
        _s(Stage.PKS_DRAFTING),
        Stage.AWAITING_DPRD,
        SECRETARIAT,
        (PKS_DPRD_ASSESSED, PKS_DPRD_NEEDED, PKS_DPRD_NOT_YET_APPROVED, DPRD_REQUEST),
        (Fact.REQUESTED_ON, Fact.RECEIVED_ON, Fact.BURDENS_COMMUNITY, Fact.BUDGETED_IN_APBD),
    ),
    _dprd_approves(Stage.PKS_DRAFTING),
    Step(
        Action.DPRD_REJECTS,
        _("Record the DPRD's refusal"),
        _s(Stage.AWAITING_DPRD),
        Stage.CANCELLED,
        SECRETARIAT,
        (DPRD_APPROVAL,),
        (Fact.DECISION_REFERENCE, Fact.REASON),
        "danger",
    ),
    Step(
        Action.SIGN_PKS,
        _("Record the signed Perjanjian Kerja Sama"),
        _s(Stage.PKS_DRAFTING),
        Stage.PKS_SIGNED,
        SECRETARIAT,
        (PKS_SIGNED, POWER_OF_ATTORNEY, FOUR_CLAUSES_CONFIRMED, DPRD_DECIDED_AT_SIGNING),
        (Fact.BURDENS_COMMUNITY, Fact.BUDGETED_IN_APBD),
    ),
    Step(
        Action.START,
        _("Start the implementation"),
        _s(Stage.PKS_SIGNED),
        Stage.IN_FORCE,
        INVOLVED,
        (START_REACHED,),
    ),
    Step(
        Action.CANCEL,
        _("Abandon this PKS"),
        _s(Stage.PKS_DRAFTING, Stage.AWAITING_DPRD),
        Stage.CANCELLED,
        DECIDERS,
        (),
        (Fact.REASON,),
        "danger",
    ),
    Step(
        Action.TERMINATE,
        _("End this PKS"),
        _s(Stage.PKS_SIGNED, Stage.IN_FORCE),
        Stage.ENDED,
        DECIDERS,
        (),
        TERMINATE_FACTS,
        "danger",
    ),
    Step(Action.EXPIRE, _("Term expired"), _s(Stage.IN_FORCE), Stage.ENDED, JOB_ONLY),
]
# The main line of a PKS's road, for its stage bar.
PKS_MAIN_LINE = [
    Stage.PKS_DRAFTING,
    Stage.AWAITING_DPRD,
    Stage.PKS_SIGNED,
    Stage.IN_FORCE,
    Stage.ENDED,
]


def pks_step_for(action: str, source: str) -> Step | None:
    for step in PKS_STEPS:
        if step.action == action and source in step.sources:
            return step
    return None


def pks_step_applies(step: Step, ctx: Context) -> bool:
    """Whether a step can apply to this PKS at all (offered on its road, maybe disabled for a
    missing document): the DPRD is not asked once it approved the PKS, nor when §7's facts,
    assessed, do not require it (PP 28/2018 Pasal 6(2)). Unassessed facts keep it offered,
    disabled with that reason."""
    if step.action != Action.REQUEST_DPRD:
        return True
    facts = signing_facts(ctx)
    not_required = None not in facts and not dprd_required_by(*facts)
    approved = ctx.document is not None and pks_dprd_approval(ctx.document) is not None
    return not (not_required or approved)


def pks_steps_from(stage: str) -> list[Step]:
    return [s for s in PKS_STEPS if stage in s.sources and s.roles]


def derived_case_stage(current: str, pks_stages: list[str]) -> str:
    """The case's stage after its KB, from its PKS (DESIGN.md): in force while any PKS is in
    force; else the most advanced open PKS stage (signed, else drafting). With no
    open PKS the case keeps a stage before any PKS (KB signed, its DPRD decision pending), and
    otherwise (its last PKS ended or was cancelled while the KB is still in its term) returns to
    PKS drafting: a new PKS can still come. Ending the KB (terminate, expire) ends the case."""
    if current not in PKS_ROAD_CASE_STAGES:
        return current
    for stage in (Stage.IN_FORCE, Stage.PKS_SIGNED):
        if stage in pks_stages:
            return stage
    if current in (Stage.KB_SIGNED, Stage.AWAITING_DPRD):
        return current
    # A PKS awaiting its DPRD decision shows it on its own road; the case's AWAITING_DPRD stays
    # the DPRD decision taken before its first PKS.
    return Stage.PKS_DRAFTING


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
