"""The library of common indicators (issue 10). Indicators bound to a PKS, their targets and
realisations come in the next increment and point to a definition here, so that one indicator
compares across agreements, regions and years."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kerjasama.monitoring.enums import (
    Direction,
    Frequency,
    Measure,
    PeriodRule,
    ReporterRule,
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
