"""Every write of monitoring (issue 10): binding indicators to a PKS, setting targets (a new
version by addendum once the PKS is signed), entering and submitting realisations with their
evidence, verifying or returning them, and reconciling both parties' values.

Each write checks the actor's permission (`monitoring.permissions`), runs in one transaction,
writes one audit event whose subject is the indicator or realisation and whose case is the
indicator's cooperation, and recomputes the indicator's reporting deadlines.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kerjasama.accounts.models import User
from kerjasama.agreements.enums import DocumentKind, DocumentStatus
from kerjasama.agreements.models import Document, Party
from kerjasama.core import audit
from kerjasama.core.exceptions import NotPermitted, RuleViolation
from kerjasama.core.uploads import StoredUpload, stored_upload
from kerjasama.deadlines.services import deadlines_refresh
from kerjasama.monitoring import achievement as calc
from kerjasama.monitoring.enums import (
    Frequency,
    Measure,
    RealisationState,
    Verification,
)
from kerjasama.monitoring.models import (
    Evidence,
    Indicator,
    IndicatorDefinition,
    Realisation,
    RealisationStep,
    Reconciliation,
    Target,
    TargetVersion,
)
from kerjasama.monitoring.permissions import (
    can_manage_indicators,
    can_reconcile,
    can_report,
    can_verify,
    reporting_parties,
)
from kerjasama.monitoring.values import shown, target_errors, value_errors

LIBRARY_FIELDS = (
    "measure",
    "direction",
    "period_rule",
    "reporter_rule",
    "frequency",
    "scale_max",
)


def _full_clean(instance: Any, **kwargs: Any) -> None:
    try:
        instance.full_clean(**kwargs)
    except ValidationError as error:
        raise RuleViolation(error.message_dict) from None


def _refresh_deadlines(indicator: Indicator) -> None:
    deadlines_refresh(indicator)


# --- Indicators ---------------------------------------------------------------------------


@transaction.atomic
def indicator_create(*, actor: User, document: Document, data: dict[str, Any]) -> Indicator:
    """Bind an indicator to a PKS: from the library (`data["definition"]`: its code, name,
    unit, measure, direction, rules and frequency are copied) or custom. A party region's
    secretariat only; the responsible party is a party of the case and its OPD an OPD of that
    party's region."""
    if document.kind != DocumentKind.PKS:
        raise RuleViolation(_("Indicators are bound to a Perjanjian Kerja Sama."))
    cooperation = document.cooperation
    if not can_manage_indicators(actor, cooperation):
        raise NotPermitted(_("Only a party's secretariat binds indicators to a PKS."))
    definition: IndicatorDefinition | None = data.get("definition")
    fields = {
        name: data.get(name)
        for name in (
            "name",
            "unit",
            *LIBRARY_FIELDS,
            "baseline_value",
            "baseline_year",
        )
    }
    if definition is not None:
        if not definition.active:
            raise RuleViolation({"definition": [_("This library indicator is no longer used.")]})
        fields |= {name: getattr(definition, name) for name in LIBRARY_FIELDS}
        fields["name"] = fields["name"] or definition.name_id
        fields["unit"] = fields["unit"] or definition.unit_id
    party: Party | None = data.get("responsible_party")
    if party is None or party.cooperation_id != cooperation.pk:
        raise RuleViolation({"responsible_party": [_("Choose a party of this cooperation.")]})
    opd = data.get("responsible_opd")
    if opd is not None and opd.tenant.region_id != party.partner.region_id:
        raise RuleViolation(
            {"responsible_opd": [_("Choose an OPD of the responsible party's region.")]}
        )
    if fields.get("measure") != Measure.SCALE:
        fields["scale_max"] = None
    indicator = Indicator(
        cooperation=cooperation,
        document=document,
        definition=definition,
        code=definition.code if definition is not None else "",
        responsible_party=party,
        responsible_opd=opd,
        both_report=bool(data.get("both_report")),
        obligation_clause=(data.get("obligation_clause") or "").strip(),
        created_by=actor,
        **(fields | {"name": fields["name"] or "", "unit": fields["unit"] or ""}),
    )
    _full_clean(indicator)
    indicator.save()
    audit.record(
        actor=actor,
        action="indicator.create",
        obj=indicator,
        cooperation=cooperation,
        data={
            "document": document,
            "code": indicator.code,
            "measure": indicator.measure,
            "responsible_party": party,
            "responsible_opd": opd,
            "both_report": indicator.both_report,
            "obligation_clause": indicator.obligation_clause,
        },
    )
    _refresh_deadlines(indicator)
    return indicator


# --- Targets ------------------------------------------------------------------------------


def _period_label(year: int, quarter: int) -> str:
    return str(calc.Period(year, quarter or None))


@transaction.atomic
def indicator_targets_set(
    *,
    actor: User,
    indicator: Indicator,
    targets: Sequence[dict[str, Any]],
    addendum: Document | None = None,
    valid_from: dt.date | None = None,
) -> TargetVersion:
    """Set the targets of periods (`{"year", "quarter", "value"}`, or a percentage's
    `"numerator"` and `"denominator"`).

    Before any target exists, or while the PKS is not signed, this writes the PKS's own
    version (from the PKS's start). Once the PKS is signed and has targets, targets change only
    by an addendum of that PKS: a new version from `valid_from` (default: the addendum's start
    or signing date); a period that ended before it keeps its target."""
    cooperation = indicator.cooperation
    if not can_manage_indicators(actor, cooperation):
        raise NotPermitted(_("Only a party's secretariat sets an indicator's targets."))
    document = indicator.document
    Indicator.objects.select_for_update().filter(pk=indicator.pk).first()
    versions = list(indicator.target_versions.all())
    signed = document.status == DocumentStatus.SIGNED
    errors: dict[str, list[str]] = {}
    if addendum is None and signed and versions:
        raise RuleViolation(
            {
                "addendum": [
                    _(
                        "The PKS is signed: its targets change only by an addendum. Name the "
                        "addendum that changes them."
                    )
                ]
            }
        )
    if addendum is not None and (
        addendum.kind != DocumentKind.ADDENDUM
        or addendum.parent_id != document.pk
        or addendum.status != DocumentStatus.SIGNED
    ):
        raise RuleViolation({"addendum": [_("Choose a signed addendum of this PKS.")]})
    if addendum is not None:
        valid_from = valid_from or addendum.start_date or addendum.signed_on
        if valid_from is None:
            raise RuleViolation({"valid_from": [_("Give the date the new targets apply from.")]})
        if any(v.valid_from >= valid_from for v in versions):
            raise RuleViolation(
                {
                    "valid_from": [
                        _("A new version starts after the last one (%(date)s).")
                        % {"date": date_format(max(v.valid_from for v in versions))}
                    ]
                }
            )
    rows: list[Target] = []
    seen: set[tuple[int, int]] = set()
    for item in targets:
        year, quarter = int(item["year"]), int(item.get("quarter") or 0)
        label = _period_label(year, quarter)
        if (year, quarter) in seen:
            errors.setdefault("targets", []).append(
                _("%(period)s is given twice.") % {"period": label}
            )
            continue
        seen.add((year, quarter))
        if quarter and indicator.frequency == Frequency.ANNUAL:
            errors.setdefault("targets", []).append(
                _("%(period)s: a yearly indicator has no quarterly target.") % {"period": label}
            )
            continue
        value: Decimal | None = item.get("value")
        numerator, denominator = item.get("numerator"), item.get("denominator")
        if numerator is not None or denominator is not None:
            if indicator.measure != Measure.PERCENTAGE:
                errors.setdefault("targets", []).append(
                    _("%(period)s: only a percentage has a numerator and denominator.")
                    % {"period": label}
                )
                continue
            if numerator is None or denominator is None or denominator <= 0:
                errors.setdefault("targets", []).append(
                    _("%(period)s: give the numerator and a denominator above zero.")
                    % {"period": label}
                )
                continue
            value = (numerator / denominator * 100).quantize(
                Decimal("0.0001"), rounding=ROUND_HALF_UP
            )
        if value is None:
            continue
        for message in target_errors(
            measure=indicator.measure, scale_max=indicator.scale_max, value=value
        ):
            errors.setdefault("targets", []).append(f"{label}: {message}")
        if (
            addendum is not None
            and valid_from is not None
            and calc.Period(year, quarter or None).end < valid_from
        ):
            errors.setdefault("targets", []).append(
                _(
                    "%(period)s ended before the addendum's targets apply (%(date)s): it "
                    "keeps its target."
                )
                % {"period": label, "date": date_format(valid_from)}
            )
        rows.append(
            Target(
                year=year,
                quarter=quarter,
                value=value,
                numerator=numerator,
                denominator=denominator,
            )
        )
    if not rows and not errors:
        errors["targets"] = [_("Give at least one target.")]
    if errors:
        raise RuleViolation(errors)
    base = next((v for v in versions if v.addendum_id is None), None)
    if addendum is None:
        start = valid_from or document.start_date or document.signed_on
        start = start or dt.date(min(t.year for t in rows), 1, 1)
        if base is None:
            version = TargetVersion.objects.create(
                indicator=indicator, valid_from=start, created_by=actor
            )
        else:
            version = base
            if version.valid_from != start and valid_from is not None:
                version.valid_from = start
                version.save(update_fields=["valid_from"])
        before = {(t.year, t.quarter): str(t.value) for t in version.targets.all()}
        for row in rows:
            version.targets.update_or_create(
                year=row.year,
                quarter=row.quarter,
                defaults={
                    "value": row.value,
                    "numerator": row.numerator,
                    "denominator": row.denominator,
                },
            )
    else:
        assert valid_from is not None
        before = {}
        version = TargetVersion.objects.create(
            indicator=indicator, valid_from=valid_from, addendum=addendum, created_by=actor
        )
        for row in rows:
            row.version = version
            _full_clean(row)
        Target.objects.bulk_create(rows)
    audit.record(
        actor=actor,
        action="indicator.targets",
        obj=indicator,
        cooperation=cooperation,
        data={
            "version_from": version.valid_from,
            "addendum": addendum,
            "targets": {
                _period_label(r.year, r.quarter): [before.get((r.year, r.quarter)), str(r.value)]
                for r in rows
            },
        },
    )
    return version


# --- Realisations -------------------------------------------------------------------------


def _check_period(indicator: Indicator, year: int, quarter: int, today: dt.date) -> None:
    if indicator.frequency == Frequency.ANNUAL and quarter:
        raise RuleViolation(_("This indicator is reported per year, not per quarter."))
    if indicator.frequency == Frequency.QUARTERLY and not quarter:
        raise RuleViolation(_("This indicator is reported per quarter."))
    if quarter > 4:
        raise RuleViolation(_("A quarter is 1 to 4."))
    period = calc.Period(year, quarter or None)
    if period.end >= today:
        raise RuleViolation(
            _("The reporting window of %(period)s opens after the period ends, on %(date)s.")
            % {"period": period, "date": date_format(period.end + dt.timedelta(days=1))}
        )


def _step(realisation: Realisation, action: str, actor: User, reason: str = "") -> None:
    RealisationStep.objects.create(
        realisation=realisation,
        action=action,
        by=actor,
        shown=_shown(realisation)[:200],
        reason=reason,
    )


def _shown(realisation: Realisation) -> str:
    if realisation.state == RealisationState.BLANK:
        return str(RealisationState.BLANK.label)
    if realisation.state == RealisationState.NOT_APPLICABLE:
        return f"{RealisationState.NOT_APPLICABLE.label}: {realisation.not_applicable_reason}"
    return shown(realisation.indicator.measure, realisation.value, realisation.denominator)


def realisation_save(
    *,
    actor: User,
    indicator: Indicator,
    party: Party,
    year: int,
    quarter: int,
    data: dict[str, Any],
    submit: bool,
    uploads: Sequence[UploadedFile[Any]] = (),
    today: dt.date | None = None,
) -> Realisation:
    """Enter (or correct, after it was returned) `party`'s value of a period, with notes and
    evidence files, and submit it for verification (`submit`) or keep it as a draft.

    The reporting OPD's officer of that party only (`permissions.can_report`). A submitted value
    waits for the secretariat; a verified one is final. The files are checked and stored
    before the transaction and removed again if the write is refused."""
    today = today or timezone.localdate()
    if not can_report(actor, indicator, party):
        raise NotPermitted(_("Only the reporting OPD of this party enters its value."))
    _check_period(indicator, year, quarter, today)
    state = data.get("state") or RealisationState.VALUE
    value = data.get("value") if state == RealisationState.VALUE else None
    denominator = data.get("denominator") if state == RealisationState.VALUE else None
    reason = (data.get("not_applicable_reason") or "").strip()
    errors = value_errors(
        measure=indicator.measure,
        scale_max=indicator.scale_max,
        state=state,
        value=value,
        denominator=denominator,
        reason=reason,
    )
    if errors:
        raise RuleViolation(errors)
    with contextlib.ExitStack() as stack:
        pending = [
            stack.enter_context(
                stored_upload(
                    upload,
                    storage=Evidence.file.field.storage,
                    folder=f"monev/{indicator.pk}",
                )
            )
            for upload in uploads
        ]
        return _realisation_write(
            actor=actor,
            indicator=indicator,
            party=party,
            year=year,
            quarter=quarter,
            values={
                "state": state,
                "value": value,
                "denominator": denominator,
                "not_applicable_reason": reason if state == RealisationState.NOT_APPLICABLE else "",
                "note": (data.get("note") or "").strip(),
            },
            submit=submit,
            pending=pending,
        )


@transaction.atomic
def _realisation_write(
    *,
    actor: User,
    indicator: Indicator,
    party: Party,
    year: int,
    quarter: int,
    values: dict[str, Any],
    submit: bool,
    pending: list[StoredUpload],
) -> Realisation:
    Indicator.objects.select_for_update().filter(pk=indicator.pk).first()
    realisation = Realisation.objects.filter(
        indicator=indicator, party=party, year=year, quarter=quarter
    ).first()
    before: dict[str, Any] = {}
    if realisation is None:
        realisation = Realisation(indicator=indicator, party=party, year=year, quarter=quarter)
    else:
        if realisation.status == Verification.SUBMITTED:
            raise RuleViolation(
                _("This value was submitted and awaits verification; it cannot be changed now.")
            )
        if realisation.status == Verification.VERIFIED:
            raise RuleViolation(_("This value is verified; it can no longer be changed."))
        before = audit.snapshot(realisation, [*values, "status"])
        realisation.version += 1
    for name, value in values.items():
        setattr(realisation, name, value)
    realisation.indicator = indicator
    realisation.entered_by = actor
    realisation.status = Verification.SUBMITTED if submit else Verification.DRAFT
    realisation.submitted_at = timezone.now() if submit else None
    _full_clean(realisation, validate_unique=False)
    realisation.save()
    for item in pending:
        checked = item.checked
        Evidence.objects.create(
            realisation=realisation,
            file=item.name,
            original_name=item.original_name,
            content_type=checked.content_type,
            size=checked.size,
            uploaded_by=actor,
        )
    _step(
        realisation,
        RealisationStep.Action.SUBMITTED if submit else RealisationStep.Action.SAVED,
        actor,
    )
    after = audit.snapshot(realisation, [*values, "status"])
    audit.record(
        actor=actor,
        action="realisation.submit" if submit else "realisation.save",
        obj=realisation,
        cooperation=indicator.cooperation,
        concerns=[indicator],
        changes=audit.diff(before, after),
        data={"evidence": [item.original_name for item in pending]},
    )
    _refresh_deadlines(indicator)
    return realisation


def _locked_submitted(realisation: Realisation) -> Realisation:
    locked = Realisation.objects.select_for_update().get(pk=realisation.pk)
    if locked.status != Verification.SUBMITTED:
        raise RuleViolation(_("This value is no longer waiting for verification; reload the page."))
    locked.indicator = realisation.indicator
    return locked


@transaction.atomic
def realisation_verify(*, actor: User, realisation: Realisation) -> Realisation:
    """Verify a submitted value: from now on it counts. The secretariat of the reporting
    party's region (who and when are recorded and shown)."""
    if not can_verify(actor, realisation):
        raise NotPermitted(_("Only the secretariat of the reporting region verifies its values."))
    realisation = _locked_submitted(realisation)
    realisation.status = Verification.VERIFIED
    realisation.verified_by = actor
    realisation.verified_at = timezone.now()
    realisation.returned_reason = ""
    realisation.save(
        update_fields=["status", "verified_by", "verified_at", "returned_reason", "updated_at"]
    )
    _step(realisation, RealisationStep.Action.VERIFIED, actor)
    audit.record(
        actor=actor,
        action="realisation.verify",
        obj=realisation,
        cooperation=realisation.indicator.cooperation,
        concerns=[realisation.indicator],
        changes={"status": [Verification.SUBMITTED, Verification.VERIFIED]},
    )
    _refresh_deadlines(realisation.indicator)
    return realisation


@transaction.atomic
def realisation_return(*, actor: User, realisation: Realisation, reason: str) -> Realisation:
    """Return a submitted value with the reason; the reporter corrects and submits it again.
    A returned value never counts."""
    if not can_verify(actor, realisation):
        raise NotPermitted(_("Only the secretariat of the reporting region returns its values."))
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation({"reason": [_("Say why the value is returned.")]})
    realisation = _locked_submitted(realisation)
    realisation.status = Verification.RETURNED
    realisation.returned_reason = reason
    realisation.save(update_fields=["status", "returned_reason", "updated_at"])
    _step(realisation, RealisationStep.Action.RETURNED, actor, reason)
    audit.record(
        actor=actor,
        action="realisation.return",
        obj=realisation,
        cooperation=realisation.indicator.cooperation,
        concerns=[realisation.indicator],
        changes={"status": [Verification.SUBMITTED, Verification.RETURNED]},
        data={"reason": reason},
    )
    _refresh_deadlines(realisation.indicator)
    return realisation


# --- Reconciliation -----------------------------------------------------------------------


@transaction.atomic
def reconciliation_record(
    *,
    actor: User,
    indicator: Indicator,
    year: int,
    quarter: int,
    chosen_party: Party | None,
    agreed_value: Decimal | None,
    agreed_denominator: Decimal | None = None,
    reason: str,
) -> Reconciliation:
    """Record which value of a period counts when several parties reported it: one party's
    verified value, or an agreed value, and why. The responsible party's secretariat; at least
    two verified values must be on file. Recording again replaces the earlier decision (the
    audit trail keeps both)."""
    if not can_reconcile(actor, indicator):
        raise NotPermitted(_("Only the responsible party's secretariat reconciles the values."))
    reason = (reason or "").strip()
    errors: dict[str, list[str]] = {}
    if not reason:
        errors["reason"] = [_("Say why this value counts.")]
    verified = Realisation.objects.filter(
        indicator=indicator,
        year=year,
        quarter=quarter,
        status=Verification.VERIFIED,
        state=RealisationState.VALUE,
    )
    if verified.count() < 2:
        raise RuleViolation(
            _("A reconciliation needs the verified values of at least two parties.")
        )
    if (chosen_party is None) == (agreed_value is None):
        errors["choice"] = [_("Choose one party's value or give an agreed value.")]
    if chosen_party is not None and not verified.filter(party=chosen_party).exists():
        errors["choice"] = [_("Choose a party whose value is verified.")]
    if chosen_party is not None and chosen_party not in reporting_parties(indicator):
        errors["choice"] = [_("Choose a party that reports this indicator.")]
    if agreed_value is not None:
        errors |= {
            ("agreed_value" if k == "value" else "agreed_denominator"): v
            for k, v in value_errors(
                measure=indicator.measure,
                scale_max=indicator.scale_max,
                state=RealisationState.VALUE,
                value=agreed_value,
                denominator=agreed_denominator,
            ).items()
        }
    if errors:
        raise RuleViolation(errors)
    existing = Reconciliation.objects.filter(
        indicator=indicator, year=year, quarter=quarter
    ).first()
    fields = ["chosen_party", "agreed_value", "reason"]
    before = audit.snapshot(existing, fields) if existing is not None else {}
    reconciliation, _created = Reconciliation.objects.update_or_create(
        indicator=indicator,
        year=year,
        quarter=quarter,
        defaults={
            "chosen_party": chosen_party,
            "agreed_value": agreed_value,
            "agreed_denominator": agreed_denominator if agreed_value is not None else None,
            "reason": reason,
            "by": actor,
        },
    )
    after = audit.snapshot(reconciliation, fields)
    audit.record(
        actor=actor,
        action="realisation.reconcile",
        obj=indicator,
        cooperation=indicator.cooperation,
        changes=audit.diff(before, after),
        data={"period": _period_label(year, quarter)},
    )
    return reconciliation
