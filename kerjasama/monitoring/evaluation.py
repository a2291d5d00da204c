"""The annual and final evaluation of a PKS (issue 10, item 4; KERJASAMA_DAERAH.md §12):
permissions, selectors and services in one module.

Each party's secretariat evaluates its own view of the shared PKS for a year: the achievement
table of the PKS and year, computed from verified values only (`selectors.indicator_achievement`),
a structured qualitative assessment, a recommendation and a 1–5 rating with its justification.
Periodic monitoring runs during the term (an annual evaluation per year); the final evaluation
comes at the end of the term (its year is the term's last).

States (`EvaluationState`): draft → submitted (by the secretariat) → signed off (by leadership
of the same region: the Sekda or the regional head), which locks it. Leadership comments at any
state. Signing off keeps the evaluation and its figures as they were (`EvaluationVersion`), so
that a value verified or reconciled later does not silently change a signed evaluation; the page
shows the figures as signed off and, beside them, the current ones when they differ. Reopening is
leadership's reasoned act; it keeps the signed-off version.

Who reads: whoever reads the case and belongs to the evaluating party's region (its
secretariat, leadership, the OPD officers the case names) reads it at every state; the other
readers of the case (the partner region, the overseeing province) read it once signed off.

Every write is one transaction (the evaluation's row locked), checks the actor's permission and
writes one audit event whose case is the evaluation's cooperation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kerjasama.accounts.models import Role, User
from kerjasama.agreements.enums import DocumentKind
from kerjasama.agreements.models import Cooperation, Document, Party
from kerjasama.agreements.selectors import cooperation_visible_to
from kerjasama.core import audit
from kerjasama.core.exceptions import NotFound, NotPermitted, RuleViolation
from kerjasama.meetings.enums import ItemSource
from kerjasama.meetings.models import AgendaItem, Meeting
from kerjasama.meetings.selectors import Proposal
from kerjasama.monitoring import selectors
from kerjasama.monitoring.models import (
    ASSESSMENT_ASPECTS,
    AssessmentLevel,
    Evaluation,
    EvaluationComment,
    EvaluationKind,
    EvaluationState,
    EvaluationVersion,
    Recommendation,
)
from kerjasama.monitoring.permissions import can_read_cooperation

# The fields the secretariat writes (the assessment, the recommendation and the rating).
CONTENT_FIELDS = (
    *(
        name
        for aspect, has_level in ASSESSMENT_ASPECTS
        for name in ((aspect, f"{aspect}_level") if has_level else (aspect,))
    ),
    "recommendation",
    "rating",
    "rating_reason",
)


# --- Permissions -----------------------------------------------------------------------------


def _region_of(user: User | None) -> int | None:
    if user is None or not user.is_authenticated or user.tenant is None:
        return None
    return user.tenant.region_id


def own_party(user: User | None, cooperation: Cooperation) -> Party | None:
    """The party of the case that is the user's region (None: the user's region is no party)."""
    region = _region_of(user)
    if region is None:
        return None
    return (
        cooperation.parties.select_related("partner")
        .filter(partner__region_id=region)
        .order_by("order")
        .first()
    )


def _of_region(user: User | None, evaluation: Evaluation) -> bool:
    region = _region_of(user)
    return region is not None and evaluation.party.partner.region_id == region


def can_write_evaluation(user: User | None, cooperation: Cooperation) -> bool:
    """Writing (and submitting) its own region's evaluation: a party region's secretariat."""
    return (
        user is not None
        and _region_of(user) is not None
        and user.has_role(Role.SECRETARIAT)
        and own_party(user, cooperation) is not None
    )


def can_lead_evaluation(user: User | None, evaluation: Evaluation) -> bool:
    """Signing off, commenting, reopening: leadership of the evaluating party's region."""
    return user is not None and user.has_role(Role.LEADERSHIP) and _of_region(user, evaluation)


def can_edit_evaluation(user: User | None, evaluation: Evaluation) -> bool:
    return (
        user is not None
        and user.has_role(Role.SECRETARIAT)
        and _of_region(user, evaluation)
        and evaluation.status == EvaluationState.DRAFT
    )


def can_read_evaluation(user: User | None, evaluation: Evaluation) -> bool:
    """Its own region reads it at every state; the case's other readers once signed off."""
    if not can_read_cooperation(user, evaluation.cooperation):
        return False
    return _of_region(user, evaluation) or evaluation.status == EvaluationState.SIGNED_OFF


# --- Selectors -------------------------------------------------------------------------------


def _not_found() -> NotFound:
    return NotFound(_("This page was not found."))


def _rows() -> QuerySet[Evaluation]:
    return Evaluation.objects.select_related(
        "cooperation",
        "document",
        "party__partner",
        "written_by",
        "submitted_by",
        "signed_off_by",
    )


def evaluation_for_reader(user: User, pk: int) -> Evaluation:
    """An evaluation the user may read; NotFound otherwise (existence is not leaked)."""
    evaluation = _rows().filter(pk=pk).first()
    if evaluation is None or not can_read_evaluation(user, evaluation):
        raise _not_found()
    return evaluation


def term_years(document: Document, today: dt.date | None = None) -> list[int]:
    """The years an evaluation of a PKS may be written for: the years of its term (start to
    effective end) and those its indicators have targets or realisations for (a PKS may take
    the year before it as its baseline year, as the demo's 2020), up to this year."""
    today = today or timezone.localdate()
    years: set[int] = set()
    start = document.start_date or document.signed_on
    if start is not None:
        end = document.effective_end() or today
        years |= set(range(start.year, min(end, today).year + 1))
    for indicator in selectors.pks_indicators(document):
        years |= set(selectors.indicator_years(indicator, today))
    return sorted(y for y in years if y <= today.year)


def final_year(document: Document) -> int | None:
    """The year of the final evaluation: the last of the term (as extended by addenda)."""
    end = document.effective_end()
    return end.year if end is not None else None


@dataclass(frozen=True)
class FigureRow:
    """One row of an evaluation's achievement table (an indicator's figure of one year), as
    computed now or as kept at sign-off. Numbers are Decimals (kept as strings in JSON)."""

    indicator: int
    name: str
    unit: str
    year: int
    target: Decimal | None
    value: Decimal | None
    achievement: Decimal | None
    met: bool | None
    reason: str
    counted: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "indicator": self.indicator,
            "name": self.name,
            "unit": self.unit,
            "year": self.year,
            "target": _text(self.target),
            "value": _text(self.value),
            "achievement": _text(self.achievement),
            "met": self.met,
            "reason": self.reason,
            "counted": list(self.counted),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FigureRow:
        return cls(
            indicator=int(data["indicator"]),
            name=str(data["name"]),
            unit=str(data["unit"]),
            year=int(data["year"]),
            target=_number(data.get("target")),
            value=_number(data.get("value")),
            achievement=_number(data.get("achievement")),
            met=data.get("met"),
            reason=str(data.get("reason") or ""),
            counted=tuple(data.get("counted") or ()),
        )

    @property
    def key(self) -> tuple[int, int]:
        return (self.indicator, self.year)

    def same_figures(self, other: FigureRow) -> bool:
        return (self.target, self.value, self.achievement) == (
            other.target,
            other.value,
            other.achievement,
        )


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _number(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def evaluation_years(evaluation: Evaluation) -> list[int]:
    """The years of the achievement table: the year (annual), or every year of the term up to
    the final evaluation's year (final)."""
    if evaluation.kind == EvaluationKind.ANNUAL:
        return [evaluation.year]
    return [y for y in term_years(evaluation.document) if y <= evaluation.year] or [evaluation.year]


def pks_figures(document: Document, years: list[int]) -> list[FigureRow]:
    """The achievement table of a PKS for `years`: each indicator's figure of each year,
    computed from verified values only (`selectors.indicator_achievement`)."""
    rows: list[FigureRow] = []
    for indicator in selectors.pks_indicators(document):
        for year in years:
            figure = selectors.indicator_achievement(indicator, year).year_figure
            rows.append(
                FigureRow(
                    indicator=indicator.pk,
                    name=indicator.name,
                    unit=indicator.unit,
                    year=year,
                    target=figure.target,
                    value=figure.value,
                    achievement=figure.achievement,
                    met=figure.met,
                    reason=figure.reason.value if figure.reason else "",
                    counted=tuple(
                        f"{item.period} · {item.reporter}: {item.value}"
                        f"{'/' + str(item.denominator) if item.denominator is not None else ''}"
                        f" ({item.verified_by})"
                        for item in figure.explanation.counted
                    ),
                )
            )
    return rows


def evaluation_figures(evaluation: Evaluation) -> list[FigureRow]:
    """The evaluation's achievement table as computed now."""
    return pks_figures(evaluation.document, evaluation_years(evaluation))


def current_version(evaluation: Evaluation) -> EvaluationVersion | None:
    """The signed-off version in force (None while never signed off or reopened)."""
    if evaluation.status != EvaluationState.SIGNED_OFF:
        return None
    return evaluation.versions.order_by("-number").first()


def signed_figures(version: EvaluationVersion) -> list[FigureRow]:
    return [FigureRow.from_json(row) for row in version.snapshot.get("figures", [])]


@dataclass(frozen=True)
class TableRow:
    """A row of the table on the page: the figures shown (as signed off, or current), and
    the current ones beside them when they changed since the sign-off."""

    shown: FigureRow
    current: FigureRow | None = None


def evaluation_table(evaluation: Evaluation) -> tuple[list[TableRow], EvaluationVersion | None]:
    """The rows of the evaluation's achievement table: the figures as signed off (with the
    current ones beside any that changed), or the current figures before sign-off."""
    current = evaluation_figures(evaluation)
    version = current_version(evaluation)
    if version is None:
        return [TableRow(row) for row in current], None
    now = {row.key: row for row in current}
    rows = []
    for row in signed_figures(version):
        later = now.pop(row.key, None)
        rows.append(TableRow(row, later if later and not later.same_figures(row) else None))
    # Indicators bound after the sign-off: not part of the signed evaluation, shown as new.
    rows += [TableRow(FigureRow.from_json({**r.as_json(), "value": None}), r) for r in now.values()]
    return rows, version


def _readable(rows: QuerySet[Evaluation], user: User) -> QuerySet[Evaluation]:
    """`can_read_evaluation` in one query: of the cases the user reads, its own region's
    evaluations and the others' signed-off ones."""
    readable = Q(status=EvaluationState.SIGNED_OFF)
    region = _region_of(user)
    if region is not None:
        readable |= Q(party__partner__region_id=region)
    return rows.filter(readable, cooperation__in=cooperation_visible_to(user))


def pks_evaluations(user: User, document: Document, year: int) -> list[Evaluation]:
    """The evaluations of a PKS and year (annual, and final in its year) the user reads."""
    rows = _readable(_rows().filter(document=document, year=year), user)
    return list(rows.order_by("kind", "party__order"))


def evaluation_list(user: User, *, year: int | None = None) -> list[Evaluation]:
    """Every evaluation the user reads (of the cases it reads), newest year first."""
    rows = _readable(_rows(), user)
    if year is not None:
        rows = rows.filter(year=year)
    return list(rows.order_by("-year", "document__title", "party__order"))


@dataclass(frozen=True)
class ToWrite:
    document: Document
    year: int
    evaluation: Evaluation | None


def evaluations_to_write(user: User, *, year: int | None = None) -> list[ToWrite]:
    """For a secretariat: the PKS with indicators of its region's cases and each ended year of
    their term without its own evaluation submitted (none yet, or a draft)."""
    region = _region_of(user)
    if region is None or not user.has_role(Role.SECRETARIAT):
        return []
    today = timezone.localdate()
    documents = (
        Document.objects.filter(
            kind=DocumentKind.PKS,
            indicators__isnull=False,
            cooperation__parties__partner__region_id=region,
        )
        .select_related("cooperation")
        .prefetch_related("children")
        .distinct()
        .order_by("cooperation__title", "pk")
    )
    own = {
        (e.document_id, e.year): e
        for e in _rows().filter(party__partner__region_id=region, kind=EvaluationKind.ANNUAL)
    }
    found = []
    for document in documents:
        for y in term_years(document, today):
            # A year is evaluated once it has ended.
            if y >= today.year or (year is not None and y != year):
                continue
            evaluation = own.get((document.pk, y))
            if evaluation is None or evaluation.status == EvaluationState.DRAFT:
                found.append(ToWrite(document, y, evaluation))
    return found


def evaluations_to_sign_off(user: User, *, year: int | None = None) -> list[Evaluation]:
    """For leadership: its region's submitted evaluations."""
    region = _region_of(user)
    if region is None or not user.has_role(Role.LEADERSHIP):
        return []
    rows = _rows().filter(party__partner__region_id=region, status=EvaluationState.SUBMITTED)
    if year is not None:
        rows = rows.filter(year=year)
    return list(rows.order_by("submitted_at", "pk"))


def kb_evaluations(user: User, kb: Document, year: int | None) -> list[Evaluation]:
    """A KB's evaluation is read through its PKS: the evaluations of the PKS under it."""
    rows = _readable(_rows().filter(document__parent=kb), user)
    if year is not None:
        rows = rows.filter(year=year)
    return list(rows.order_by("-year", "document__title", "kind", "party__order"))


def evaluations_to_discuss(region_id: int) -> QuerySet[Evaluation]:
    """The region's evaluations submitted or signed off and not yet on a TKKSD agenda."""
    return (
        _rows()
        .filter(
            party__partner__region_id=region_id,
            status__in=(EvaluationState.SUBMITTED, EvaluationState.SIGNED_OFF),
            discussed_item__isnull=True,
        )
        .order_by("year", "document__title", "pk")
    )


# --- Services --------------------------------------------------------------------------------


def _locked(evaluation: Evaluation) -> Evaluation:
    locked = _rows().select_for_update(of=("self",)).get(pk=evaluation.pk)
    return locked


def _clean_content(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The content fields of `data`, stripped and checked: levels and the recommendation from
    their lists, the rating 1–5 and never without its justification."""
    values: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name in CONTENT_FIELDS:
        value = data.get(name)
        if name == "rating":
            if value in (None, ""):
                values[name] = None
                continue
            try:
                rating = int(value)
            except (TypeError, ValueError):
                rating = 0
            if not 1 <= rating <= 5:
                errors[name] = [_("The rating is a whole number from 1 to 5.")]
            values[name] = rating
            continue
        text = str(value or "").strip()
        if name.endswith("_level") and text and text not in AssessmentLevel.values:
            errors[name] = [_("Choose a level from the list.")]
        if name == "recommendation" and text and text not in Recommendation.values:
            errors[name] = [_("Choose a recommendation from the list.")]
        values[name] = text
    if values.get("rating") is not None and not values.get("rating_reason"):
        errors["rating_reason"] = [_("Give the justification of the rating.")]
    return values, errors


def _snapshot_content(evaluation: Evaluation) -> dict[str, Any]:
    return {name: getattr(evaluation, name) for name in CONTENT_FIELDS}


@transaction.atomic
def evaluation_save(
    *,
    actor: User,
    document: Document,
    year: int,
    kind: str = EvaluationKind.ANNUAL,
    data: dict[str, Any],
    today: dt.date | None = None,
) -> Evaluation:
    """Write (or change) the actor's region's evaluation of a PKS for a year, as a draft.

    A party region's secretariat only. The year is one of the PKS's term up to this year; a
    final evaluation is of the term's last year. A submitted or signed-off evaluation is not
    changed (signed off: locked until leadership reopens it)."""
    if document.kind != DocumentKind.PKS:
        raise RuleViolation(_("An evaluation is of a Perjanjian Kerja Sama."))
    cooperation = document.cooperation
    if not can_write_evaluation(actor, cooperation):
        raise NotPermitted(_("Only a party's secretariat writes its evaluation."))
    party = own_party(actor, cooperation)
    assert party is not None
    if kind not in EvaluationKind.values:
        raise RuleViolation({"kind": [_("Choose the kind of evaluation from the list.")]})
    if year not in term_years(document, today):
        raise RuleViolation(
            {"year": [_("%(year)s is not a year of this PKS's term so far.") % {"year": year}]}
        )
    if kind == EvaluationKind.FINAL and year != final_year(document):
        raise RuleViolation({"kind": [_("The final evaluation is of the last year of the term.")]})
    values, errors = _clean_content(data)
    if errors:
        raise RuleViolation(errors)
    existing = Evaluation.objects.filter(document=document, party=party, year=year, kind=kind)
    evaluation = existing.select_for_update().first()
    if evaluation is None:
        evaluation = Evaluation(
            cooperation=cooperation, document=document, party=party, year=year, kind=kind
        )
        before: dict[str, Any] = {}
    else:
        if evaluation.status == EvaluationState.SIGNED_OFF:
            raise RuleViolation(
                _(
                    "This evaluation is signed off and locked; leadership may reopen it, "
                    "giving the reason."
                )
            )
        if evaluation.status == EvaluationState.SUBMITTED:
            raise RuleViolation(
                _("This evaluation is submitted for sign-off; withdraw it to change it.")
            )
        before = audit.snapshot(evaluation, CONTENT_FIELDS)
    for name, value in values.items():
        setattr(evaluation, name, value)
    evaluation.written_by = actor
    try:
        evaluation.full_clean()
    except ValidationError as error:
        raise RuleViolation(error.message_dict) from None
    evaluation.save()
    audit.record(
        actor=actor,
        action="evaluation.save",
        obj=evaluation,
        cooperation=cooperation,
        concerns=[document],
        changes=audit.diff(before, audit.snapshot(evaluation, CONTENT_FIELDS)),
        data={"year": year, "kind": kind},
    )
    return evaluation


def _missing_for_submit(evaluation: Evaluation) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not evaluation.recommendation:
        errors["recommendation"] = [_("Choose the recommendation.")]
    if evaluation.rating is None:
        errors["rating"] = [_("Give the rating (1–5).")]
    if not evaluation.rating_reason:
        errors["rating_reason"] = [_("Give the justification of the rating.")]
    return errors


@transaction.atomic
def evaluation_submit(*, actor: User, evaluation: Evaluation) -> Evaluation:
    """Submit a draft for leadership's sign-off: the recommendation, the rating and its
    justification are required. The secretariat of the evaluating region."""
    evaluation = _locked(evaluation)
    if not (actor.has_role(Role.SECRETARIAT) and _of_region(actor, evaluation)):
        raise NotPermitted(_("Only the evaluating region's secretariat submits its evaluation."))
    if evaluation.status != EvaluationState.DRAFT:
        raise RuleViolation(_("Only a draft evaluation is submitted."))
    errors = _missing_for_submit(evaluation)
    if errors:
        raise RuleViolation(errors)
    evaluation.status = EvaluationState.SUBMITTED
    evaluation.submitted_by = actor
    evaluation.submitted_at = timezone.now()
    evaluation.save(update_fields=["status", "submitted_by", "submitted_at", "updated_at"])
    audit.record(
        actor=actor,
        action="evaluation.submit",
        obj=evaluation,
        cooperation=evaluation.cooperation,
        concerns=[evaluation.document],
        changes={"status": [EvaluationState.DRAFT, EvaluationState.SUBMITTED]},
    )
    return evaluation


@transaction.atomic
def evaluation_withdraw(*, actor: User, evaluation: Evaluation) -> Evaluation:
    """Take a submitted evaluation back to draft (to change it before the sign-off)."""
    evaluation = _locked(evaluation)
    if not (actor.has_role(Role.SECRETARIAT) and _of_region(actor, evaluation)):
        raise NotPermitted(_("Only the evaluating region's secretariat withdraws its evaluation."))
    if evaluation.status != EvaluationState.SUBMITTED:
        raise RuleViolation(_("Only a submitted evaluation is withdrawn."))
    evaluation.status = EvaluationState.DRAFT
    evaluation.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        action="evaluation.withdraw",
        obj=evaluation,
        cooperation=evaluation.cooperation,
        concerns=[evaluation.document],
        changes={"status": [EvaluationState.SUBMITTED, EvaluationState.DRAFT]},
    )
    return evaluation


@transaction.atomic
def evaluation_sign_off(*, actor: User, evaluation: Evaluation) -> Evaluation:
    """Sign off a submitted evaluation (leadership of the evaluating region): it is locked, and
    its assessment and the figures of its achievement table as they are now are kept as the
    next `EvaluationVersion`."""
    evaluation = _locked(evaluation)
    if not can_lead_evaluation(actor, evaluation):
        raise NotPermitted(_("Only the evaluating region's leadership signs off its evaluation."))
    if evaluation.status != EvaluationState.SUBMITTED:
        raise RuleViolation(_("Only a submitted evaluation is signed off."))
    now = timezone.now()
    number = (
        evaluation.versions.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    figures = evaluation_figures(evaluation)
    EvaluationVersion.objects.create(
        evaluation=evaluation,
        number=number,
        snapshot={
            "content": _snapshot_content(evaluation),
            "figures": [row.as_json() for row in figures],
        },
        signed_off_by=actor,
        signed_off_at=now,
    )
    evaluation.status = EvaluationState.SIGNED_OFF
    evaluation.signed_off_by = actor
    evaluation.signed_off_at = now
    evaluation.save(update_fields=["status", "signed_off_by", "signed_off_at", "updated_at"])
    audit.record(
        actor=actor,
        action="evaluation.sign_off",
        obj=evaluation,
        cooperation=evaluation.cooperation,
        concerns=[evaluation.document],
        changes={"status": [EvaluationState.SUBMITTED, EvaluationState.SIGNED_OFF]},
        data={"version": number, "rating": evaluation.rating},
    )
    return evaluation


@transaction.atomic
def evaluation_reopen(*, actor: User, evaluation: Evaluation, reason: str) -> Evaluation:
    """Reopen a signed-off evaluation (leadership, with the reason): it goes back to draft;
    the signed-off version is kept, marked with who reopened it, when and why."""
    evaluation = _locked(evaluation)
    if not can_lead_evaluation(actor, evaluation):
        raise NotPermitted(_("Only the evaluating region's leadership reopens its evaluation."))
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation({"reason": [_("Say why the evaluation is reopened.")]})
    if evaluation.status != EvaluationState.SIGNED_OFF:
        raise RuleViolation(_("Only a signed-off evaluation is reopened."))
    version = evaluation.versions.select_for_update().order_by("-number").first()
    assert version is not None
    version.reopened_by = actor
    version.reopened_at = timezone.now()
    version.reopen_reason = reason
    version.save(update_fields=["reopened_by", "reopened_at", "reopen_reason"])
    evaluation.status = EvaluationState.DRAFT
    evaluation.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        action="evaluation.reopen",
        obj=evaluation,
        cooperation=evaluation.cooperation,
        concerns=[evaluation.document],
        changes={"status": [EvaluationState.SIGNED_OFF, EvaluationState.DRAFT]},
        data={"reason": reason, "version": version.number},
    )
    return evaluation


@transaction.atomic
def evaluation_comment(*, actor: User, evaluation: Evaluation, text: str) -> EvaluationComment:
    """Leadership's comment, at any state (a signed-off evaluation too: the comment is not
    part of the evaluation)."""
    evaluation = _locked(evaluation)
    if not can_lead_evaluation(actor, evaluation):
        raise NotPermitted(_("Only the evaluating region's leadership comments on its evaluation."))
    text = (text or "").strip()
    if not text:
        raise RuleViolation({"text": [_("Write the comment.")]})
    comment = EvaluationComment(
        evaluation=evaluation, author=actor, status_then=evaluation.status, text=text
    )
    comment.full_clean()
    comment.save()
    audit.record(
        actor=actor,
        action="evaluation.comment",
        obj=evaluation,
        cooperation=evaluation.cooperation,
        concerns=[evaluation.document],
        data={"comment": text},
    )
    return comment


def evaluation_discussed(*, evaluation_id: int, item: AgendaItem) -> None:
    """Record that a TKKSD agenda item takes up the evaluation (called by the meetings app when
    its proposal is taken, inside that write's transaction)."""
    Evaluation.objects.filter(pk=evaluation_id, discussed_item__isnull=True).update(
        discussed_item=item
    )


# --- "Evaluations to discuss" on a TKKSD agenda (issue 9 item 2) ------------------------------


class EvaluationProposals:
    """The proposal source (`meetings.proposals`) of a region's meetings: its evaluations
    submitted or signed off and not yet on an agenda. Registered in `MonitoringConfig.ready`."""

    def proposals(self, meeting: Meeting, taken: list[AgendaItem]) -> list[Proposal]:
        found = []
        for evaluation in evaluations_to_discuss(meeting.tenant.region_id):
            state = (
                _("signed off")
                if evaluation.status == EvaluationState.SIGNED_OFF
                else _("submitted")
            )
            found.append(
                Proposal(
                    key=f"evaluation-{evaluation.pk}",
                    source=ItemSource.EVALUATION,
                    title=_("%(kind)s %(year)s: %(document)s")
                    % {
                        "kind": evaluation.get_kind_display().capitalize(),
                        "year": evaluation.year,
                        "document": evaluation.document.title,
                    },
                    reason=_("Evaluation %(year)s of the cooperation “%(title)s” %(state)s.")
                    % {
                        "year": evaluation.year,
                        "title": evaluation.cooperation.title,
                        "state": state,
                    },
                    cooperation=evaluation.cooperation,
                    document=evaluation.document,
                    on_take=_discussed_by(evaluation.pk),
                )
            )
        return found


def _discussed_by(evaluation_id: int) -> Callable[[AgendaItem], None]:
    def on_take(item: AgendaItem) -> None:
        evaluation_discussed(evaluation_id=evaluation_id, item=item)

    return on_take
