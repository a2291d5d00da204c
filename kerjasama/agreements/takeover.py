"""Take-over of an unperformed kerja sama wajib (KERJASAMA_DAERAH.md §6.6 ✅; PP 28/2018
Pasal 10–11).

- Who takes over depends on **which party failed** (PP 28/2018 Pasal 10): a provinsi that does
  not perform → the central government; a kabupaten/kota → the governor of *its own* province
  as representative of the central government (GWPP). UU 23/2014 Pasal 364(3)–(4) splits it
  differently (the centre for forms a–d of Pasal 364(2), the GWPP for form e; §14 item 4): we
  follow PP 28 Pasal 10, the reference's ✅ rule, as the more specific implementing rule.
- Preconditions (Pasal 11): for the centre, guidance given and the obstacles evaluated
  (11(1)); for the GWPP, guidance, the evaluation **and the Minister's approval** (11(2)).

The failed party is a fact of the take-over step (`failed_party`, one of the case's region
parties). Who takes over is who acts — never a form value: `takeover_facts` derives both from
the record and the actor when the step is taken, and the checks below decide from them.
The central government is a `TAKEOVER_AUTHORITY` user without a region (docs/ARCHITECTURE.md).

This module imports no service and no lifecycle: the lifecycle builds its `Check`s from
`CHECKS` (code, message, test) and calls `takeover_facts` / `announce`.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from kerjasama.accounts.models import User
from kerjasama.agreements.check_context import CheckContext
from kerjasama.agreements.enums import Fact
from kerjasama.agreements.models import Cooperation, Party, Transition
from kerjasama.agreements.prefetch import is_prefetched
from kerjasama.agreements.signals import cooperation_taken_over

CENTRAL_GOVERNMENT = "central_government"
GOVERNOR = "governor"


def actor_kind(user: User) -> str:
    """Which take-over authority the user is: the central government (no region) or the
    governor's office of a province."""
    return CENTRAL_GOVERNMENT if user.tenant_id is None else GOVERNOR


def may_take_over_for(user: User | None, party: Party) -> bool:
    """Whether `user` is the authority that takes over when `party` fails (Pasal 10): the
    central government for a provinsi, the governor of its own province for a kab/kota."""
    region = party.partner.region if party.partner.region_id else None
    if user is None or not user.is_authenticated or region is None:
        return False
    if region.is_province:
        return user.tenant_id is None
    tenant = user.tenant
    return (
        tenant is not None and tenant.region.is_province and tenant.region_id == region.province_id
    )


def region_parties(cooperation: Cooperation) -> list[Party]:
    """The parties that can fail to perform a kerja sama wajib: its regions, in order."""
    parties = (
        cooperation.parties.all()  # prefetched in order (the dashboard, issue 8)
        if is_prefetched(cooperation, "parties")
        else cooperation.parties.select_related("partner__region").order_by("order")
    )
    return [p for p in parties if p.partner.region_id is not None]


def takeover_facts(actor: User | None, cooperation: Cooperation, facts: dict[str, Any]) -> None:
    """Complete the step's facts from the record and the actor (called by the transition):
    who takes over (`taken_over_by`, from who acts), the failed party as one of the case's
    region parties (its id and name, recorded; `None` when the form named none of them), and
    whether the actor is the authority over it (`_authority_fits`, not recorded)."""
    facts[Fact.TAKEN_OVER_BY] = (
        actor_kind(actor) if actor is not None and actor.is_authenticated else ""
    )
    chosen = facts.get(Fact.FAILED_PARTY)
    chosen_pk = getattr(chosen, "pk", chosen)
    party = next((p for p in region_parties(cooperation) if str(p.pk) == str(chosen_pk)), None)
    if party is None:
        facts[Fact.FAILED_PARTY] = None
        return
    facts[Fact.FAILED_PARTY] = party.pk
    facts[Fact.FAILED_PARTY_NAME] = str(party.partner)
    facts["_failed_is_province"] = bool(party.partner.region and party.partner.region.is_province)
    facts["_authority_fits"] = may_take_over_for(actor, party)


def announce(transition: Transition) -> None:
    """Tell the other apps (notifications) that a case was taken over."""
    cooperation_taken_over.send(
        sender=Transition, transition=transition, cooperation=transition.cooperation
    )


def _failed_party_given(ctx: CheckContext) -> bool:
    return ctx.facts.get(Fact.FAILED_PARTY) is not None


def _authority_fits(ctx: CheckContext) -> bool:
    # Decided only once a valid party is chosen (the check above says so otherwise).
    return ctx.facts.get(Fact.FAILED_PARTY) is None or bool(ctx.facts.get("_authority_fits"))


def minister_approval_needed(facts: dict[str, Any]) -> bool:
    """Pasal 11(2): the GWPP's take-over — the actor is a governor or a kab/kota failed."""
    return facts.get(Fact.TAKEN_OVER_BY) != CENTRAL_GOVERNMENT or (
        facts.get(Fact.FAILED_PARTY) is not None and not facts.get("_failed_is_province", False)
    )


def conditions_met(ctx: CheckContext) -> bool:
    """Pasal 11(1)–(2): guidance and the evaluation of the obstacles, and the Minister's
    approval for the governor's take-over of a kab/kota."""
    facts = ctx.facts
    return (
        bool(facts.get(Fact.GUIDANCE_GIVEN))
        and bool(facts.get(Fact.OBSTACLES_EVALUATED))
        and (not minister_approval_needed(facts) or bool(facts.get(Fact.MINISTER_APPROVED)))
    )


FAILED_PARTY_MESSAGE = _(
    "Choose the party that did not carry out the mandatory cooperation: one of its regions "
    "(PP 28/2018 Pasal 10)."
)
AUTHORITY_MESSAGE = _(
    "A province that does not carry out a mandatory cooperation is taken over by the central "
    "government; a regency or city by the governor of its own province as representative of "
    "the central government (PP 28/2018 Pasal 10). Only that authority takes over for the "
    "party chosen."
)
# (code, message, test): every one decided on the facts the step's form records.
CHECKS = (
    ("take_over_failed_party", FAILED_PARTY_MESSAGE, _failed_party_given),
    ("take_over_authority", AUTHORITY_MESSAGE, _authority_fits),
)
