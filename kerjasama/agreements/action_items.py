"""The dashboard's "needs my action" list (perlu tindakan saya): proposals awaiting the
secretariat, the steps this user may take now, open deadlines this user owns and requests to
leave awaiting an answer — in a constant number of queries.

It sits above `lifecycle` (it asks the one step evaluation which steps are open), so that
`selectors` stays below it and no import circle forms (docs/ARCHITECTURE.md, the import graph).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from kerjasama.accounts.models import Role, RoleGrant, User
from kerjasama.agreements import lifecycle
from kerjasama.agreements.enums import FIRST_STAGE, DocumentKind
from kerjasama.agreements.models import (
    AccessVia,
    CaseAccess,
    Cooperation,
    DeadlineKind,
    Document,
    DocumentParty,
    Party,
    PartyChangeRequest,
    PartyChangeStatus,
    WarningOverride,
)
from kerjasama.agreements.pathways import PATHWAYS, PKS_ROAD_CASE_STAGES, PKS_ROAD_KINDS
from kerjasama.agreements.selectors import case_access_for
from kerjasama.deadlines.models import Deadline, DeadlineStatus

if TYPE_CHECKING:  # django-stubs-ext is a development dependency: for the type only
    from django_stubs_ext import WithAnnotations


class _Review(TypedDict):
    awaiting_review: bool


# --- "Needs my action" (the dashboard's first list) ------------------------------------------

# Open deadlines count as the user's action from this many days before they are due.
ACTION_DEADLINE_DAYS = 30
# At most this many cases are evaluated for the steps a user may take (most recently changed
# first): the dashboard stays cheap for a secretariat with a very long register (issue 8: a
# page of cases read with their relations, not 200; the registry lists every case).
ACTION_CASES_LIMIT = 30
# "Your deadlines" reads at most this many (the dashboard shows eight and counts the rest up to
# this), and one more to know whether there are more still (the agenda has them all).
ACTION_DEADLINES_READ = 50


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
    # A full page of cases was looked at: older cases may need action too (the registry).
    cases_limited: bool = False
    # More than `ACTION_DEADLINES_READ` deadlines are due: `deadlines` holds the first ones.
    more_deadlines: bool = False

    @property
    def empty(self) -> bool:
        return not (self.reviews or self.steps or self.deadlines or self.leave_requests)

    @property
    def cases_limit(self) -> int:
        """How many cases the steps are looked for in (the registry has the rest)."""
        return ACTION_CASES_LIMIT

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
    review_q = _awaiting_review_q(user) if user.has_role(Role.SECRETARIAT) else None
    ids = _candidate_ids(user, reviews=review_q is not None)
    # One more than the page is read to know whether older cases remain.
    limited, ids = len(ids) > ACTION_CASES_LIMIT, ids[:ACTION_CASES_LIMIT]
    cases: list[WithAnnotations[Cooperation, _Review]] = []
    if ids:
        cases = list(
            Cooperation.objects.filter(pk__in=ids)
            .annotate(
                awaiting_review=Case(When(review_q, then=Value(True)), default=Value(False))
                if review_q is not None
                else Value(False, output_field=BooleanField())
            )
            .select_related("created_by__opd")
            # Everything the evaluation reads (lifecycle, pathways, foreign, takeover), so that
            # the page costs the same queries whatever its cases hold.
            .prefetch_related(
                Prefetch(
                    "parties",
                    queryset=Party.objects.select_related("partner__region").order_by("order"),
                ),
                "documents",
                "financing",
                "dprd_approvals",
                "transitions",
                "affairs",
            )
        )
        _attach_document_relations(cases, ids)
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
    deadlines = _owned_deadlines(user, today)
    return ActionItems(
        reviews,
        steps,
        deadlines[:ACTION_DEADLINES_READ],
        decides,
        today,
        leave_requests=_leave_requests_to_answer(user),
        cases_limited=limited,
        more_deadlines=len(deadlines) > ACTION_DEADLINES_READ,
    )


def _attach_document_relations(cases: Sequence[Cooperation], ids: list[int]) -> None:
    """Each document's party entries (with their party's partner) and recorded overrides, as
    prefetched relations: two queries by the cases' ids that always run, where a nested
    prefetch would be skipped when no case has a document (the query count stays the same
    whatever the page's cases hold)."""
    entries: dict[int, list[DocumentParty]] = {}
    for entry in (
        DocumentParty.objects.filter(document__cooperation_id__in=ids)
        .select_related("party__partner")
        .order_by("document_id", "party__order", "id")
    ):
        entries.setdefault(entry.document_id, []).append(entry)
    overrides: dict[int, list[WarningOverride]] = {}
    for override in WarningOverride.objects.filter(
        cooperation_id__in=ids, document__isnull=False
    ).order_by("id"):
        if override.document_id is not None:
            overrides.setdefault(override.document_id, []).append(override)
    for cooperation in cases:
        for document in cooperation.documents.all():
            _prefetched(document, "party_entries", entries.get(document.pk, []))
            _prefetched(document, "overrides", overrides.get(document.pk, []))


def _prefetched(instance: Document, name: str, rows: Sequence[object]) -> None:
    """Store `rows` as the prefetched `instance.<name>` (what `prefetch_related` stores)."""
    # A bare queryset of the related model: what the manager returns while prefetched (its
    # filtered copy would cost a clone per document).
    queryset: QuerySet[Any] = QuerySet(model=getattr(type(instance), name).rel.related_model)
    queryset._result_cache = list(rows)
    queryset._prefetch_done = True  # type: ignore[attr-defined]  # as prefetch_related sets it
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


def _candidate_ids(user: User, *, reviews: bool) -> list[int]:
    """The cases "needs my action" evaluates: the `ACTION_CASES_LIMIT` most recently changed
    of those the user sees at a stage from which one of its roles has a step (and, for the
    secretariat, the proposals it may have to review), read from the access rows by the
    region's index led by the last change (issue 8), not by testing every visible case.

    Only a party acts on a case (`lifecycle._role_ok`); the one exception is the take-over,
    the act of the authority over a failing party (§6.6), so without that role the cases the
    user reads by oversight alone are not looked at."""
    rows = case_access_for(user)
    step_q = _actionable_stages_q(user)
    if reviews:  # a proposal of an OPD officer, at the first stage of its pathway (§5.2)
        first = Q(stage__in=set(FIRST_STAGE.values()))
        step_q = first if step_q is None else step_q | first
    if rows is None or step_q is None:
        return []
    if not user.has_role(Role.TAKEOVER_AUTHORITY):
        rows = rows.filter(via__in=(AccessVia.PARTY, AccessVia.BOTH))
    return list(
        rows.filter(step_q)
        .order_by("-changed_at", "-cooperation_id")
        .values_list("cooperation_id", flat=True)[: ACTION_CASES_LIMIT + 1]
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


def _first_due(
    due: QuerySet[Deadline], cases: QuerySet[CaseAccess], limit: int, *, first_read: int = 0
) -> list[int]:
    """The ids of the first `limit` of `due` in date order among the cases of `cases` (access
    rows), read in the order of the cases' first open deadline (`CaseAccess.due_first`, an index
    led by the region): a case's deadlines all fall on or after its first one, so those of the
    first k cases that fall before the next case's first are final. k grows until `limit` are
    final or every case was read — usually once (issue 8: testing all of a region's 4,000 cases
    with a deadline due within the month took 30–80 ms at 500,000 cases). The first read takes
    four times `limit` cases (`first_read`), so that days shared by many cases and deadlines
    the filter leaves out rarely need a second."""
    k = first_read or 4 * limit
    cases = cases.exclude(due_first=None)  # no open deadline: nothing to read
    while True:
        window = list(
            cases.order_by("due_first", "cooperation_id").values_list(
                "cooperation_id", "due_first"
            )[: k + 1]
        )
        chosen = [case_id for case_id, _first in window[:k]]
        found = list(
            due.filter(cooperation_id__in=chosen)
            .order_by("due_on", "id")
            .values_list("id", "due_on")[:limit]
        )
        if len(window) <= k:  # every case read
            return [pk for pk, _day in found]
        beyond = window[k][1]
        final = [pk for pk, day in found if beyond is not None and day < beyond]
        if len(final) >= limit:
            return final[:limit]
        k *= 4


def _owned_deadlines(user: User, today: dt.date) -> list[Deadline]:
    """Open deadlines overdue or due soon that the user answers for: an OPD officer those of
    its OPD; the secretariat those of its region's OPDs and those assigned to no OPD, in the
    cases its region is a party to (province oversight alone owns none)."""

    tenant = user.tenant
    if tenant is not None and user.has_role(Role.SECRETARIAT):
        owner = Q(opd__isnull=True) | Q(opd__tenant_id=tenant.pk)
        # The cases its region is a party to: the region's party access rows (issue 8).
        cases = CaseAccess.objects.filter(
            region_id=tenant.region_id, via__in=(AccessVia.PARTY, AccessVia.BOTH)
        )
    elif user.has_role(Role.OPD_OFFICER) and user.opd_id:
        owner = Q(opd_id=user.opd_id)
        rows = case_access_for(user)
        cases = rows if rows is not None else CaseAccess.objects.none()
    else:
        return []
    soon = today + dt.timedelta(days=ACTION_DEADLINE_DAYS)
    due = (
        Deadline.objects.filter(owner, status=DeadlineStatus.OPEN, due_on__lte=soon)
        # §5.5: "a reminder after N days without movement" is news only once it is due (a
        # configured stage time limit is a deadline like the others).
        .exclude(Q(kind=DeadlineKind.STAGE_TIME, due_on__gt=today) & ~Q(params__limit=True))
    )
    ids = _first_due(due, cases.filter(due_first__lte=soon), ACTION_DEADLINES_READ + 1)
    return list(
        Deadline.objects.filter(pk__in=ids)
        .select_related("cooperation", "opd")
        .order_by("due_on", "id")
    )
