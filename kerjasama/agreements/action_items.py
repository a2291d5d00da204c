"""The dashboard's "needs my action" list (perlu tindakan saya): proposals awaiting the
secretariat, the steps this user may take now, open deadlines this user owns and requests to
leave awaiting an answer — in a constant number of queries.

It sits above `lifecycle` (it asks the one step evaluation which steps are open), so that
`selectors` stays below it and no import circle forms (docs/ARCHITECTURE.md, the import graph).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypedDict

from django.db.models import BooleanField, Case, Exists, OuterRef, Prefetch, Q, Value, When
from django.utils import timezone

from kerjasama.accounts.models import Role, RoleGrant, User
from kerjasama.agreements import lifecycle
from kerjasama.agreements.enums import FIRST_STAGE, DocumentKind
from kerjasama.agreements.models import (
    Cooperation,
    DeadlineKind,
    Document,
    Party,
    PartyChangeRequest,
    PartyChangeStatus,
)
from kerjasama.agreements.pathways import PATHWAYS, PKS_ROAD_CASE_STAGES, PKS_ROAD_KINDS
from kerjasama.agreements.selectors import _has_party_region, cooperation_visible_to
from kerjasama.deadlines.models import Deadline, DeadlineStatus

if TYPE_CHECKING:  # django-stubs-ext is a development dependency: for the type only
    from django_stubs_ext import WithAnnotations


class _Review(TypedDict):
    awaiting_review: bool


# --- "Needs my action" (the dashboard's first list) ------------------------------------------

# Open deadlines count as the user's action from this many days before they are due.
ACTION_DEADLINE_DAYS = 30
# At most this many cases are evaluated for the steps a user may take (most recently changed
# first): the dashboard stays cheap for a secretariat with a very long register.
ACTION_CASES_LIMIT = 200


@dataclass
class StepAction:
    cooperation: Cooperation
    steps: list[lifecycle.Availability]  # the steps the user may take now


@dataclass
class ActionItems:
    """What awaits this user: proposals of OPD officers the secretariat has not taken up yet,
    steps the user may take now (for leadership: what awaits its decision), and open deadlines
    the user owns that are overdue or due within `ACTION_DEADLINE_DAYS`."""

    reviews: list[StepAction]
    steps: list[StepAction]
    deadlines: list[Deadline]
    decides: bool  # the user decides (leadership) rather than runs the cases
    today: dt.date
    # Requests that the user's region leave a cooperation, awaiting its secretariat's answer.
    leave_requests: list[PartyChangeRequest] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.reviews or self.steps or self.deadlines or self.leave_requests)

    @property
    def deadline_days(self) -> int:
        """How far ahead "Your deadlines" looks (the agenda shows the rest)."""
        return ACTION_DEADLINE_DAYS


def _awaiting_review_q(user: User) -> Q:
    """A proposal (first stage of its pathway) that an OPD officer of the user's region
    registered: the secretariat reviews it (§5.2, TKKSD)."""

    by_officer = Exists(
        RoleGrant.objects.filter(user_id=OuterRef("created_by_id"), role=Role.OPD_OFFICER)
    ) & ~Exists(RoleGrant.objects.filter(user_id=OuterRef("created_by_id"), role=Role.SECRETARIAT))
    return Q(stage__in=set(FIRST_STAGE.values()), created_by_tenant_id=user.tenant_id) & Q(
        by_officer
    )


def _actionable_stages_q(user: User) -> Q | None:
    """(type, stage) pairs from which a forward step exists that one of the user's roles may
    take: only those cases are evaluated. Ending, rejecting and cancelling are always possible
    and never awaited, so they do not make a case "need action"."""

    condition = None
    for kind, steps in PATHWAYS.items():
        stages = {
            stage
            for step in steps
            if step.style != "danger" and step.roles and user.has_role(*step.roles)
            for stage in step.sources
        }
        if kind in PKS_ROAD_KINDS and user.has_role(Role.SECRETARIAT, Role.OPD_OFFICER):
            # Issue 7: a PKS may be signed or started while the case is past its KB.
            stages |= PKS_ROAD_CASE_STAGES
        if stages:
            q = Q(kind=kind, stage__in=stages)
            condition = q if condition is None else condition | q
    return condition


def action_items_for(user: User, *, today: dt.date | None = None) -> ActionItems:
    """The "needs my action" list of the dashboard, in a constant number of queries: the
    cases are fetched once with what `lifecycle.available_steps` reads, then evaluated in
    memory by the same evaluation as the record page and the transition."""

    today = today or timezone.localdate()
    empty = ActionItems([], [], [], False, today)
    if not user.is_authenticated or user.tenant_id is None:
        return empty
    decides = user.has_role(Role.LEADERSHIP) and not user.has_role(
        Role.SECRETARIAT, Role.OPD_OFFICER
    )
    visible = cooperation_visible_to(user)
    review_q = _awaiting_review_q(user) if user.has_role(Role.SECRETARIAT) else None
    step_q = _actionable_stages_q(user)
    wanted = [q for q in (review_q, step_q) if q is not None]
    cases: list[WithAnnotations[Cooperation, _Review]] = []
    if wanted:
        condition = wanted[0] if len(wanted) == 1 else wanted[0] | wanted[1]
        cases = list(
            visible.filter(condition)
            .annotate(
                awaiting_review=Case(When(review_q, then=Value(True)), default=Value(False))
                if review_q is not None
                else Value(False, output_field=BooleanField())
            )
            .select_related("created_by__opd")
            .prefetch_related(
                Prefetch(
                    "parties",
                    queryset=Party.objects.select_related("partner__region").order_by("order"),
                ),
                Prefetch("documents", queryset=Document.objects.prefetch_related("party_entries")),
                "financing",
            )
            .order_by("-updated_at", "-id")[:ACTION_CASES_LIMIT]
        )
    reviews: list[StepAction] = []
    steps: list[StepAction] = []
    for cooperation in cases:
        offered = lifecycle.available_steps(cooperation, user, today=today)
        for document in cooperation.documents.all():
            if document.kind == DocumentKind.PKS:  # each PKS's own steps (issue 7)
                offered += lifecycle.available_pks_steps(document, user, today=today)
        # Ready: nothing missing. A step that would need a reason for a 🟡/❓ warning
        # (issue 7) stays on the record page, not in the list of what to do now.
        takeable = [
            a for a in offered if a.open_now and not a.overridable and a.step.style != "danger"
        ]
        if getattr(cooperation, "awaiting_review", False):  # annotated by the query above
            reviews.append(StepAction(cooperation, takeable))
        elif takeable:
            steps.append(StepAction(cooperation, takeable))
    reviews.sort(key=lambda item: (item.cooperation.created_at, item.cooperation.pk))
    steps.sort(key=lambda item: (item.cooperation.title.lower(), item.cooperation.pk))
    return ActionItems(
        reviews,
        steps,
        _owned_deadlines(user, today),
        decides,
        today,
        leave_requests=_leave_requests_to_answer(user),
    )


def _leave_requests_to_answer(user: User) -> list[PartyChangeRequest]:
    """Pending requests that the user's region leave a cooperation: its secretariat answers
    them (issue 6/15)."""

    tenant = user.tenant
    if tenant is None or not user.has_role(Role.SECRETARIAT):
        return []
    return list(
        PartyChangeRequest.objects.filter(
            status=PartyChangeStatus.PENDING, party_region_id=tenant.region_id
        )
        .select_related("cooperation", "requested_by_tenant__region")
        .order_by("created_at", "id")
    )


def _owned_deadlines(user: User, today: dt.date) -> list[Deadline]:
    """Open deadlines overdue or due soon that the user answers for: an OPD officer those of
    its OPD; the secretariat those of its region's OPDs and those assigned to no OPD, in the
    cases its region is a party to (province oversight alone owns none)."""

    tenant = user.tenant
    if tenant is not None and user.has_role(Role.SECRETARIAT):
        owner = Q(opd__isnull=True) | Q(opd__tenant_id=tenant.pk)
        cases = Cooperation.objects.filter(
            _has_party_region(Q(partner__region_id=tenant.region_id))
        )
    elif user.has_role(Role.OPD_OFFICER) and user.opd_id:
        owner = Q(opd_id=user.opd_id)
        cases = cooperation_visible_to(user)
    else:
        return []
    return list(
        Deadline.objects.filter(
            owner,
            cooperation__in=cases.values("pk"),
            status=DeadlineStatus.OPEN,
            due_on__lte=today + dt.timedelta(days=ACTION_DEADLINE_DAYS),
        )
        # §5.5: "a reminder after N days without movement" is news only once it is due (a
        # configured stage time limit is a deadline like the others).
        .exclude(Q(kind=DeadlineKind.STAGE_TIME, due_on__gt=today) & ~Q(params__limit=True))
        .select_related("cooperation", "opd")
        .order_by("due_on", "id")[:50]
    )
