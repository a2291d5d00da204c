"""Which statutory documents and facts a case registered mid-way still lacks (issue 7, gap 2).

A secretariat registers its old cases at the stage they have reached (and the Excel import will
do it by the hundred). Registration skips the preconditions of every step before that stage;
the transition service checks only the steps taken after it. So the evidence a case lacks is
the failing preconditions of the steps on its pathway's main line from the first stage to the
stage it was registered at (`Cooperation.registered_stage`), read from the pathway itself
(`lifecycle.PATHWAYS`, `MAIN_LINE`, `evaluate`) — never a second list of what each stage needs.

`missing_evidence(cooperation)` is the one place that says what is missing (the record page,
and later the import and the API); `evidence_refresh(cooperation)` stores the count on the case
(`Cooperation.evidence_missing`, indexed) so that the registry filter and the dashboard count
read a column instead of evaluating every case per request. Every service that changes
documents, facts or the stage calls it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from kerjasama.agreements.enums import FIRST_STAGE, DocumentKind, Stage
from kerjasama.agreements.lifecycle import evaluate
from kerjasama.agreements.models import Cooperation, WarningOverride
from kerjasama.agreements.pathways import MAIN_LINE, PATHWAYS, Check, Context, Step
from kerjasama.core import derived

# The code of the `WarningOverride` (and audit data) that records why a case was registered
# beyond its first stage without its evidence.
REGISTERED_INCOMPLETE = "registered_incomplete"

# Where each precondition comes from (KERJASAMA_DAERAH.md), shown beside its message. A check
# not listed here gets its pathway's section (§5.3 domestic, §6.1 foreign, §6.2 sinergi).
SECTIONS: dict[str, str] = {
    "doc_kak": "§3.4",
    "doc_mapping_result": "§3.2, §5.3",
    "doc_feasibility_study": "§3.2, §9 item 3",
    "doc_tkksd_minutes": "§5.3",
    "doc_offer_letter": "§5.3",
    "doc_reply_letter": "§5.3",
    "kb_signed": "§5.3",
    "dprd_assessed": "§7",
    "dprd_needed": "§7",
    "dprd_not_needed": "§7",
    "doc_dprd_request": "§7, §5.3",
    "doc_dprd_approval": "§7, §9 item 7",
    "pks_signed": "§5.3",
    "power_of_attorney": "§9 item 9",
    "four_clauses": "§9 item 3",
    "partner_criteria": "§9 item 4",
    "doc_loi": "§6.1",
    "doc_cooperation_plan": "§6.1",
    "plan_complete": "§9 item 8",
    "doc_minister_consideration": "§6.1",
    "doc_minister_text_approval": "§6.1",
    "doc_confirmation_letter": "§6.1, §9 item 8",
    "doc_foreign_text": "§6.1",
    "doc_nk": "§6.2",
    "doc_rk": "§6.2",
    "mandatory": "§6.6",
}
_PATHWAY_SECTION = {"ksdd": "§5.3", "ksdpk": "§5.3", "ksdpl": "§6.1", "ksdll": "§6.1"}

# What to add for a missing document; facts (the DPRD test, the plan's contents, the third
# party's criteria) are completed by editing the case.
_ADD_KIND: dict[str, str] = {
    "kb_signed": DocumentKind.KB,
    "pks_signed": DocumentKind.PKS,
    "power_of_attorney": DocumentKind.POWER_OF_ATTORNEY,
}
_EDIT_CASE = frozenset(
    {"dprd_assessed", "dprd_needed", "dprd_not_needed", "plan_complete", "partner_criteria"}
)
# When the DPRD test is not assessed, "not needed"/"needed" say nothing more.
_DPRD_BRANCH = frozenset({"dprd_needed", "dprd_not_needed"})
# Timing, not evidence: reported only when the signed agreement itself is on file.
_START_REACHED = "start_reached"


@dataclass(frozen=True)
class Missing:
    """One statutory document or fact the case lacks for the stage it claims."""

    code: str
    message: str
    section: str
    stage: str  # the stage whose step needs it
    add_kind: str = ""  # the document kind to add, if a document completes it
    add_label: str = ""  # that kind's name, for the link
    edit_case: bool = False  # completed by editing the case's facts


def _forward_steps(kind: str, line: list[str]) -> list[Step]:
    """The steps that move a case forward along its main line (not cancel, reject, end)."""
    index = {stage: i for i, stage in enumerate(line)}
    return [
        step
        for step in PATHWAYS.get(kind, [])
        if step.roles
        and step.style != "danger"
        and step.target in index
        and any(source in index and index[source] < index[step.target] for source in step.sources)
    ]


def _path(cooperation: Cooperation, goal: str) -> list[Step]:
    """The steps from the first stage to `goal` along the main line. Where two roads lead on
    (§7: via the DPRD or not), the case's own DPRD facts choose."""
    kind = cooperation.kind
    line = MAIN_LINE.get(kind, [])
    if goal not in line:
        return []
    index = {stage: i for i, stage in enumerate(line)}
    steps = _forward_steps(kind, line)
    # Not needed, or not yet assessed (then only the assessment itself is missing: the road
    # around the DPRD checks it, §7).
    dprd_not_needed = cooperation.dprd_approval_required is not True
    path: list[Step] = []
    stage = FIRST_STAGE.get(kind, "")
    while stage != goal and stage in index:
        candidates = [s for s in steps if stage in s.sources and index[s.target] <= index[goal]]
        if not candidates:
            break
        # Prefer the nearest stage (the DPRD on the way), unless the facts do not say it is
        # needed and a road around it leads on.
        candidates.sort(key=lambda s: index[s.target], reverse=dprd_not_needed)
        step = candidates[0]
        path.append(step)
        stage = step.target
    return path


def _goal_and_entry(cooperation: Cooperation, stage: str) -> tuple[str, list[Step]]:
    """The main-line stage the case must have passed to be at `stage`, and the step(s) that
    lead from there to `stage` when it is off the main line or an end (ended, taken over,
    cancelled, rejected, plan revision): a case registered as ended has at least reached the
    earliest stage from which its pathway lets a case end."""
    kind = cooperation.kind
    line = MAIN_LINE.get(kind, [])
    forward = {s.target for s in _forward_steps(kind, line)}
    if stage in line and (stage in forward or stage == FIRST_STAGE.get(kind)):
        return stage, []
    entering = [s for s in PATHWAYS.get(kind, []) if s.target == stage]
    sources = [src for s in entering for src in s.sources if src in line]
    if not sources:
        return FIRST_STAGE.get(kind, ""), []
    earliest = min(sources, key=line.index)
    return earliest, [s for s in entering if earliest in s.sources][:1]


def missing_evidence(cooperation: Cooperation) -> list[Missing]:
    """What `cooperation` lacks for the stage it was registered at, in pathway order, each with
    its message and §. Empty for a case registered at its first stage (every later step was
    checked when it was taken) and once the evidence is on file."""
    registered = registered_stage(cooperation)
    if registered == FIRST_STAGE.get(cooperation.kind):
        return []
    goal, entry = _goal_and_entry(cooperation, registered)
    ctx = Context(cooperation, {}, timezone.localdate(), facts_known=False)
    found: list[Missing] = []
    seen: set[str] = set()
    dprd_unassessed = cooperation.dprd_approval_required is None
    for step in [*_path(cooperation, goal), *entry]:
        for check in step.applicable_checks(ctx):
            if check.on_facts or check.code in seen:
                continue
            if dprd_unassessed and check.code in _DPRD_BRANCH:
                continue
            if check.code == _START_REACHED and found:
                continue
            if _holds(check, step, ctx):
                continue
            seen.add(check.code)
            found.append(_missing(cooperation, check, step))
    return found


def registered_stage(cooperation: Cooperation) -> str:
    """Where the case was registered. Cases registered before issue 7 have no record of it:
    the stage its first step left from, or (no step taken since) its stage now."""
    if cooperation.registered_stage:
        return cooperation.registered_stage
    first = cooperation.transitions.order_by("on", "id").values_list("from_stage", flat=True)
    return first.first() or cooperation.stage


def _holds(check: Check, step: Step, ctx: Context) -> bool:
    if check.evidence is not None:  # what proves it on a case registered mid-way
        return check.evidence(ctx)
    # Through the one evaluation of a step, so the record page and the transition agree.
    only = Step(step.action, step.label, step.sources, step.target, step.roles, (check,))
    availability = evaluate(only, ctx, None)
    return not (availability.blockers or availability.overridable)


def _missing(cooperation: Cooperation, check: Check, step: Step) -> Missing:
    code = check.code
    add_kind = _ADD_KIND.get(code, "")
    if not add_kind and code.startswith("doc_"):
        add_kind = code.removeprefix("doc_")
    return Missing(
        code=code,
        message=str(check.message),
        section=SECTIONS.get(code, _PATHWAY_SECTION.get(cooperation.kind, "§6.2")),
        stage=_stage_label(step),
        add_kind=add_kind if add_kind in DocumentKind.values else "",
        add_label=str(DocumentKind(add_kind).label) if add_kind in DocumentKind.values else "",
        edit_case=code in _EDIT_CASE,
    )


def _stage_label(step: Step) -> str:
    return str(Stage(step.target).label)


def evidence_refresh(cooperation: Cooperation) -> int:
    """Store how many items `missing_evidence` lists (the registry filter and the dashboard
    count read it). Called by every service that changes documents, facts or the stage; it
    writes only the counter (no version change, no audit event: it is derived)."""
    if derived.defer("evidence", cooperation.pk, lambda: evidence_refresh(cooperation)):
        return 0  # at the end of the batch (`core.derived`)
    # Read fresh: the caller's object may hold documents prefetched before its own write.
    fresh = Cooperation.objects.filter(pk=cooperation.pk).first()
    if fresh is None:
        return 0
    count = len(missing_evidence(fresh))
    if fresh.evidence_missing != count:
        Cooperation.objects.filter(pk=cooperation.pk).update(evidence_missing=count)
    cooperation.evidence_missing = count
    return count


def registration_reason(cooperation: Cooperation) -> WarningOverride | None:
    """Why the case was registered without its evidence (recorded by `cooperation_create`)."""
    return (
        cooperation.overrides.filter(code=REGISTERED_INCOMPLETE)
        .select_related("by")
        .order_by("-at", "-id")
        .first()
    )
