"""Monitoring and evaluation (issue 10): the library of common indicators, and the indicators
bound to a PKS with their target versions, realisations (with evidence and their verification)
and reconciliations. An indicator taken from the library keeps its code, so that one indicator
compares across agreements, regions and years."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kerjasama.core.models import TimeStampedModel
from kerjasama.core.text import TEXT_LONG, TEXT_REASON
from kerjasama.monitoring.achievement import Period
from kerjasama.monitoring.enums import (
    Direction,
    Frequency,
    Measure,
    PeriodRule,
    RealisationState,
    ReporterRule,
    Verification,
)

CODE_PATTERN = r"^[a-z0-9_]+(\.[a-z0-9_]+)+$"


class IndicatorDefinition(models.Model):
    """A common indicator with a stable code (`air_minum.sambungan_baru`), shipped in
    `monitoring/data/indikator_umum.csv` and loaded by `load_reference` (or `load_indicators`).
    A code missing from a newer list is made inactive, never deleted."""

    code = models.CharField(
        _("code"),
        max_length=60,
        unique=True,
        validators=[RegexValidator(CODE_PATTERN, _("A code is group.name in lower case."))],
    )
    name_id = models.CharField(_("name (Indonesian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    unit_id = models.CharField(_("unit (Indonesian)"), max_length=40)
    unit_en = models.CharField(_("unit (English)"), max_length=40)
    measure = models.CharField(_("measure"), max_length=12, choices=Measure.choices)
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices)
    period_rule = models.CharField(
        _("rule across periods"), max_length=8, choices=PeriodRule.choices
    )
    reporter_rule = models.CharField(
        _("rule across reporters"), max_length=8, choices=ReporterRule.choices
    )
    frequency = models.CharField(_("reporting frequency"), max_length=10, choices=Frequency.choices)
    scale_max = models.PositiveSmallIntegerField(_("levels of the scale"), null=True, blank=True)
    public_service = models.ForeignKey(
        "reference.PublicService",
        verbose_name=_("public service"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicator_definitions",
    )
    affair = models.ForeignKey(
        "reference.GovernmentAffair",
        verbose_name=_("government affair (urusan)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicator_definitions",
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("indicator definition")
        verbose_name_plural = _("indicator definitions")
        ordering = ["code"]
        constraints = [
            # The invariants `achievement.Indicator` checks, kept by the database as well.
            models.CheckConstraint(
                condition=~models.Q(measure=Measure.PERCENTAGE)
                | (
                    models.Q(reporter_rule=ReporterRule.SUM)
                    & ~models.Q(period_rule=PeriodRule.AVERAGE)
                ),
                name="indicatordef_percentage_pooled",
                violation_error_message=_(
                    "A percentage pools its numerators and denominators: its reporter rule is "
                    "'sum' and it is never averaged across periods."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(measure__in=[Measure.YES_NO, Measure.SCALE])
                | (
                    models.Q(reporter_rule=ReporterRule.MAX)
                    & models.Q(period_rule__in=[PeriodRule.LATEST, PeriodRule.MAX])
                ),
                name="indicatordef_binary_rules",
                violation_error_message=_(
                    "A yes/no or scale indicator takes the latest or highest period and the "
                    "highest reporter."
                ),
            ),
            models.CheckConstraint(
                condition=(models.Q(measure=Measure.SCALE) & models.Q(scale_max__gte=2))
                | (~models.Q(measure=Measure.SCALE) & models.Q(scale_max__isnull=True)),
                name="indicatordef_scale_levels",
                violation_error_message=_(
                    "A qualitative scale has at least two levels; other measures have none."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        """The name in the reader's language (Indonesian unless English is active)."""
        return self.name_en if (get_language() or "id").startswith("en") else self.name_id

    @property
    def unit(self) -> str:
        return self.unit_en if (get_language() or "id").startswith("en") else self.unit_id


# ------------------------------------------------------------------------------------------
# Indicators bound to a PKS, their targets, realisations and reconciliations (issue 10, items
# 1–2). Every write goes through `monitoring.services`; the achievement is computed by
# `monitoring.achievement` from `selectors.verified_realisations` only.
# ------------------------------------------------------------------------------------------

# Decimals with four places: enough for m³, hectares, Rupiah (two places) and rates, never a
# float and never text (achievement.py refuses anything but Decimal).
DIGITS, PLACES = 20, 4


class Indicator(TimeStampedModel):
    """An indicator bound to one PKS (`agreements.Document` of kind PKS): copied from the
    library (`definition`, keeping its `code` so that it compares across agreements) or
    custom (no code). The responsible party and its OPD report it; when `both_report`, every
    party of the case reports its own value (through the shared case)."""

    cooperation = models.ForeignKey(
        "agreements.Cooperation",
        verbose_name=_("cooperation"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    document = models.ForeignKey(
        "agreements.Document",
        verbose_name=_("PKS"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    definition = models.ForeignKey(
        IndicatorDefinition,
        verbose_name=_("from the library"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    code = models.CharField(_("code"), max_length=60, blank=True)
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=40)
    measure = models.CharField(_("measure"), max_length=12, choices=Measure.choices)
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices)
    period_rule = models.CharField(
        _("rule across periods"), max_length=8, choices=PeriodRule.choices
    )
    reporter_rule = models.CharField(
        _("rule across reporters"), max_length=8, choices=ReporterRule.choices
    )
    frequency = models.CharField(_("reporting frequency"), max_length=10, choices=Frequency.choices)
    scale_max = models.PositiveSmallIntegerField(_("levels of the scale"), null=True, blank=True)
    baseline_value = models.DecimalField(
        _("baseline"), null=True, blank=True, max_digits=DIGITS, decimal_places=PLACES
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    responsible_party = models.ForeignKey(
        "agreements.Party",
        verbose_name=_("responsible party"),
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    responsible_opd = models.ForeignKey(
        "accounts.Opd",
        verbose_name=_("responsible OPD"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    both_report = models.BooleanField(_("every party reports its own value"), default=False)
    # The obligation clause of the responsible party that this indicator measures (issue 10
    # item 1: "optionally to an obligation clause of one party"), cited as the PKS writes it,
    # e.g. "Pasal 5 ayat (2) huruf a": the PKS's clauses are its text, not records.
    obligation_clause = models.CharField(
        _("obligation clause of the responsible party"), max_length=200, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["document", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(measure=Measure.PERCENTAGE)
                | (
                    models.Q(reporter_rule=ReporterRule.SUM)
                    & ~models.Q(period_rule=PeriodRule.AVERAGE)
                ),
                name="indicator_percentage_pooled",
                violation_error_message=_(
                    "A percentage pools its numerators and denominators: its reporter rule is "
                    "'sum' and it is never averaged across periods."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(measure__in=[Measure.YES_NO, Measure.SCALE])
                | (
                    models.Q(reporter_rule=ReporterRule.MAX)
                    & models.Q(period_rule__in=[PeriodRule.LATEST, PeriodRule.MAX])
                ),
                name="indicator_binary_rules",
                violation_error_message=_(
                    "A yes/no or scale indicator takes the latest or highest period and the "
                    "highest reporter."
                ),
            ),
            models.CheckConstraint(
                condition=(models.Q(measure=Measure.SCALE) & models.Q(scale_max__gte=2))
                | (~models.Q(measure=Measure.SCALE) & models.Q(scale_max__isnull=True)),
                name="indicator_scale_levels",
                violation_error_message=_(
                    "A qualitative scale has at least two levels; other measures have none."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(baseline_value__isnull=True, baseline_year__isnull=True)
                | models.Q(baseline_value__isnull=False, baseline_year__isnull=False),
                name="indicator_baseline_value_and_year",
                violation_error_message=_("A baseline needs both its value and its year."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def shown_name(self) -> str:
        """The name in the reader's language: the library's when the indicator keeps the
        library's (Indonesian) name, else the name it was given."""
        definition = self.definition
        if definition is not None and self.name == definition.name_id:
            return definition.name
        return self.name

    @property
    def shown_unit(self) -> str:
        definition = self.definition
        if definition is not None and self.unit == definition.unit_id:
            return definition.unit
        return self.unit


class TargetVersion(models.Model):
    """The targets agreed from `valid_from`: the PKS's own (no addendum), then one version per
    addendum that changes them. Earlier periods keep the targets of the version in force on
    their last day (`achievement.Indicator.target_for`)."""

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="target_versions",
    )
    valid_from = models.DateField(_("valid from"))
    addendum = models.ForeignKey(
        "agreements.Document",
        verbose_name=_("addendum"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="target_versions",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("target version")
        verbose_name_plural = _("target versions")
        ordering = ["indicator", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "valid_from"],
                name="target_version_unique_day",
                violation_error_message=_("Two target versions cannot start on the same day."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} ({self.valid_from.isoformat()})"


class Target(models.Model):
    """The target of one period (`quarter` 0 = the year) in one version. A percentage's target
    is its percentage (`value`), kept with its numerator and denominator when they were
    given."""

    version = models.ForeignKey(
        TargetVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), default=0)
    value = models.DecimalField(_("target"), max_digits=DIGITS, decimal_places=PLACES)
    numerator = models.DecimalField(
        _("numerator"), null=True, blank=True, max_digits=DIGITS, decimal_places=PLACES
    )
    denominator = models.DecimalField(
        _("denominator"), null=True, blank=True, max_digits=DIGITS, decimal_places=PLACES
    )

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["version", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "year", "quarter"],
                name="target_unique_period",
                violation_error_message=_("A version sets one target per period."),
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0),
                name="target_not_negative",
                violation_error_message=_("A target cannot be negative."),
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__lte=4),
                name="target_quarter_0_to_4",
                violation_error_message=_("A quarter is 1 to 4 (0 for the year)."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period}: {self.value}"

    @property
    def period(self) -> Period:
        return Period(self.year, self.quarter or None)


class Realisation(TimeStampedModel):
    """What one party reported for one period of an indicator (`quarter` 0 = the year).

    Three states never confused (`RealisationState`): a value (zero is a value), blank (not
    reported) and not applicable with its reason. Submitted → verified, or returned with a
    reason, by the secretariat of the reporting party's region; a returned value is corrected
    and submitted again (`steps` keep the history). Only verified rows count."""

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="realisations",
    )
    party = models.ForeignKey(
        "agreements.Party",
        verbose_name=_("reporting party"),
        on_delete=models.PROTECT,
        related_name="realisations",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), default=0)
    state = models.CharField(_("state"), max_length=16, choices=RealisationState.choices)
    value = models.DecimalField(
        _("value"), null=True, blank=True, max_digits=DIGITS, decimal_places=PLACES
    )
    denominator = models.DecimalField(
        _("denominator"), null=True, blank=True, max_digits=DIGITS, decimal_places=PLACES
    )
    not_applicable_reason = models.TextField(
        _("why it does not apply"), max_length=TEXT_REASON, blank=True
    )
    note = models.TextField(_("notes"), max_length=TEXT_LONG, blank=True)
    status = models.CharField(
        _("verification"),
        max_length=10,
        choices=Verification.choices,
        default=Verification.DRAFT,
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    returned_reason = models.TextField(_("reason returned"), max_length=TEXT_REASON, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("realisation")
        verbose_name_plural = _("realisations")
        ordering = ["indicator", "year", "quarter", "party__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "party", "year", "quarter"],
                name="realisation_unique_period_party",
                violation_error_message=_("This party already reported this period."),
            ),
            # The three states, kept apart by the database too: only a value has a number.
            models.CheckConstraint(
                condition=(models.Q(state=RealisationState.VALUE) & models.Q(value__isnull=False))
                | (
                    ~models.Q(state=RealisationState.VALUE)
                    & models.Q(value__isnull=True, denominator__isnull=True)
                ),
                name="realisation_value_only_in_value_state",
                violation_error_message=_("Only a reported value carries a number."),
            ),
            models.CheckConstraint(
                condition=~models.Q(state=RealisationState.NOT_APPLICABLE)
                | ~models.Q(not_applicable_reason=""),
                name="realisation_not_applicable_reason",
                violation_error_message=_("Say why it does not apply."),
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__lte=4),
                name="realisation_quarter_0_to_4",
                violation_error_message=_("A quarter is 1 to 4 (0 for the year)."),
            ),
        ]
        indexes = [
            # /monev/: what awaits a secretariat's verification.
            models.Index(fields=["status", "indicator"], name="realisation_status"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} — {self.period} — {self.party}"

    @property
    def period(self) -> Period:
        """The computation's period (quarter 0 is the year), named in the reader's language."""
        return Period(self.year, self.quarter or None)


class RealisationStep(models.Model):
    """The history of a realisation: each submission (with the value then), return (with its
    reason) and verification, shown on the indicators page."""

    class Action(models.TextChoices):
        SAVED = "saved", _("saved as draft")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned")
        VERIFIED = "verified", _("verified")

    realisation = models.ForeignKey(
        Realisation, verbose_name=_("realisation"), on_delete=models.CASCADE, related_name="steps"
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    shown = models.CharField(_("value then"), max_length=200, blank=True)
    reason = models.TextField(_("reason"), max_length=TEXT_REASON, blank=True)

    class Meta:
        verbose_name = _("step of a realisation")
        verbose_name_plural = _("steps of realisations")
        ordering = ["realisation", "at", "id"]

    def __str__(self) -> str:
        return f"{self.realisation_id}: {self.action}"


def _evidence_path(instance: Evidence, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower()
    return (
        f"monev/{instance.realisation.indicator_id}/{instance.realisation_id}/evidence.{extension}"
    )


class Evidence(models.Model):
    """A supporting file (bukti dukung) of a realisation, checked by `core.uploads`."""

    realisation = models.ForeignKey(
        Realisation,
        verbose_name=_("realisation"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    file = models.FileField(_("file"), upload_to=_evidence_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["realisation", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class Reconciliation(models.Model):
    """When both parties report one indicator, the secretariat records which value counts for
    a period: one party's (verified) value, or an agreed value, and why."""

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="reconciliations",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), default=0)
    chosen_party = models.ForeignKey(
        "agreements.Party",
        verbose_name=_("the value of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    agreed_value = models.DecimalField(
        _("agreed value"), null=True, blank=True, max_digits=DIGITS, decimal_places=PLACES
    )
    agreed_denominator = models.DecimalField(
        _("agreed denominator"), null=True, blank=True, max_digits=DIGITS, decimal_places=PLACES
    )
    reason = models.TextField(_("reason"), max_length=TEXT_REASON)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("reconciliation")
        verbose_name_plural = _("reconciliations")
        ordering = ["indicator", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "quarter"],
                name="reconciliation_unique_period",
                violation_error_message=_("This period is already reconciled."),
            ),
            models.CheckConstraint(
                condition=models.Q(chosen_party__isnull=False, agreed_value__isnull=True)
                | models.Q(chosen_party__isnull=True, agreed_value__isnull=False),
                name="reconciliation_party_or_agreed",
                violation_error_message=_("Choose one party's value or give an agreed value."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}/{self.quarter}"


# ------------------------------------------------------------------------------------------
# Evaluations (issue 10, item 4): each party's secretariat evaluates its view of a PKS for a
# year (or at the end of the term), leadership comments and signs it off; a signed-off
# evaluation is locked and its figures kept as they were (`EvaluationVersion`). Every write
# goes through `monitoring.evaluation`.
# ------------------------------------------------------------------------------------------


class EvaluationKind(models.TextChoices):
    """Periodic monitoring runs during the term (a yearly evaluation); the final evaluation
    comes at the end of the term."""

    ANNUAL = "annual", _("annual evaluation")
    FINAL = "final", _("final evaluation")


class EvaluationState(models.TextChoices):
    """Draft → submitted by the secretariat → signed off by leadership (then locked)."""

    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted for sign-off")
    SIGNED_OFF = "signed_off", _("signed off (locked)")


class Recommendation(models.TextChoices):
    CONTINUE = "continue", _("continue")
    IMPROVE = "improve", _("improve")
    EXPAND = "expand", _("expand")
    STOP = "stop", _("stop")


class AssessmentLevel(models.TextChoices):
    GOOD = "good", _("good")
    FAIR = "fair", _("fair")
    POOR = "poor", _("poor")


# The structured qualitative assessment: (field, has a level). Obstacles are a text only.
ASSESSMENT_ASPECTS = (
    ("purpose", True),
    ("timeliness", True),
    ("contributions", True),
    ("coordination", True),
    ("public_service", True),
    ("reporting", True),
    ("obstacles", False),
)
TEXT_ASPECT = 2_000


class Evaluation(TimeStampedModel):
    """One party's evaluation of a PKS for a year (`kind` annual) or at the end of its term
    (`kind` final, its year the term's last). Written by the secretariat of `party`'s region;
    its achievement table is computed from verified values only and kept as signed off in the
    newest `EvaluationVersion`."""

    cooperation = models.ForeignKey(
        "agreements.Cooperation",
        verbose_name=_("cooperation"),
        on_delete=models.CASCADE,
        related_name="evaluations",
    )
    document = models.ForeignKey(
        "agreements.Document",
        verbose_name=_("PKS"),
        on_delete=models.CASCADE,
        related_name="evaluations",
    )
    party = models.ForeignKey(
        "agreements.Party",
        verbose_name=_("evaluating party"),
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(
        _("kind"), max_length=8, choices=EvaluationKind.choices, default=EvaluationKind.ANNUAL
    )
    status = models.CharField(
        _("state"), max_length=12, choices=EvaluationState.choices, default=EvaluationState.DRAFT
    )
    purpose = models.TextField(_("fit to purpose"), max_length=TEXT_ASPECT, blank=True)
    purpose_level = models.CharField(
        _("fit to purpose: level"), max_length=8, choices=AssessmentLevel.choices, blank=True
    )
    timeliness = models.TextField(_("timeliness"), max_length=TEXT_ASPECT, blank=True)
    timeliness_level = models.CharField(
        _("timeliness: level"), max_length=8, choices=AssessmentLevel.choices, blank=True
    )
    contributions = models.TextField(_("partner contributions"), max_length=TEXT_ASPECT, blank=True)
    contributions_level = models.CharField(
        _("partner contributions: level"), max_length=8, choices=AssessmentLevel.choices, blank=True
    )
    coordination = models.TextField(_("coordination"), max_length=TEXT_ASPECT, blank=True)
    coordination_level = models.CharField(
        _("coordination: level"), max_length=8, choices=AssessmentLevel.choices, blank=True
    )
    public_service = models.TextField(
        _("effect on the public service"), max_length=TEXT_ASPECT, blank=True
    )
    public_service_level = models.CharField(
        _("effect on the public service: level"),
        max_length=8,
        choices=AssessmentLevel.choices,
        blank=True,
    )
    reporting = models.TextField(_("completeness of reporting"), max_length=TEXT_ASPECT, blank=True)
    reporting_level = models.CharField(
        _("completeness of reporting: level"),
        max_length=8,
        choices=AssessmentLevel.choices,
        blank=True,
    )
    obstacles = models.TextField(_("obstacles"), max_length=TEXT_ASPECT, blank=True)
    recommendation = models.CharField(
        _("recommendation"), max_length=10, choices=Recommendation.choices, blank=True
    )
    rating = models.PositiveSmallIntegerField(_("rating (1–5)"), null=True, blank=True)
    rating_reason = models.TextField(
        _("justification of the rating"), max_length=TEXT_ASPECT, blank=True
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed off by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signed_off_at = models.DateTimeField(_("signed off at"), null=True, blank=True)
    # The TKKSD agenda item that discussed it (issue 9 item 2: "evaluations to discuss").
    discussed_item = models.ForeignKey(
        "meetings.AgendaItem",
        verbose_name=_("discussed at"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["document", "year", "kind", "party__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "party", "year", "kind"],
                name="evaluation_once_per_party_year",
                violation_error_message=_("This party has already evaluated this year."),
            ),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="evaluation_rating_1_to_5",
                violation_error_message=_("The rating is 1 to 5."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} — {self.year} ({self.party})"

    @property
    def locked(self) -> bool:
        return self.status == EvaluationState.SIGNED_OFF


class EvaluationComment(models.Model):
    """Leadership's comment on an evaluation, at any state; kept with its author and time."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    status_then = models.CharField(_("state then"), max_length=12, choices=EvaluationState.choices)
    text = models.TextField(_("comment"), max_length=TEXT_ASPECT)

    class Meta:
        verbose_name = _("comment on an evaluation")
        verbose_name_plural = _("comments on evaluations")
        ordering = ["evaluation", "at", "id"]

    def __str__(self) -> str:
        return f"{self.evaluation_id}: {self.text[:40]}"


class EvaluationVersion(models.Model):
    """An evaluation as it was signed off: its assessment and the figures of its achievement
    table then (`snapshot`). Reopening keeps it (who, when, why); signing off again adds the
    next version."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    snapshot = models.JSONField(_("content"))
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed off by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signed_off_at = models.DateTimeField(_("signed off at"))
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reopened by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True)
    reopen_reason = models.TextField(_("reason for reopening"), max_length=TEXT_REASON, blank=True)

    class Meta:
        verbose_name = _("signed-off version of an evaluation")
        verbose_name_plural = _("signed-off versions of evaluations")
        ordering = ["evaluation", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "number"],
                name="evaluation_version_once",
                violation_error_message=_("This version of the evaluation exists already."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.evaluation_id} v{self.number}"


# ------------------------------------------------------------------------------------------
# The region's year (issue 10, items 5–6): the headline indicators its leadership chose.
# ------------------------------------------------------------------------------------------


class HeadlineIndicator(models.Model):
    """An indicator of the library (by its code) that a region's leadership follows on its year
    page (`/monev/<year>/`) and dashboard: every indicator of that code bound to a PKS of the
    region shows there, this year against last year. Chosen by `services_year`."""

    tenant = models.ForeignKey(
        "accounts.Tenant",
        verbose_name=_("region"),
        on_delete=models.CASCADE,
        related_name="headline_indicators",
    )
    definition = models.ForeignKey(
        IndicatorDefinition,
        verbose_name=_("library indicator"),
        on_delete=models.PROTECT,
        related_name="headlines",
    )
    order = models.PositiveSmallIntegerField(_("order"))
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chosen by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    chosen_at = models.DateTimeField(_("chosen at"), auto_now_add=True)

    class Meta:
        verbose_name = _("headline indicator")
        verbose_name_plural = _("headline indicators")
        ordering = ["tenant", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "definition"],
                name="headline_unique_per_region",
                violation_error_message=_("This indicator is already a headline indicator."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.tenant_id}: {self.definition.code}"
