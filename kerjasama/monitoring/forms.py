"""Forms of monitoring (issue 10). They parse and validate input (numbers in Indonesian
notation, values by measure); the services write and check again."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kerjasama.accounts.models import Opd
from kerjasama.agreements.models import Document, Party
from kerjasama.monitoring.enums import (
    Direction,
    Frequency,
    Measure,
    PeriodRule,
    RealisationState,
    ReporterRule,
)
from kerjasama.monitoring.models import Indicator, IndicatorDefinition
from kerjasama.monitoring.values import (
    indicator_rules_errors,
    number_error,
    parse_number,
    value_errors,
)


class NumberField(forms.Field):
    """A non-negative decimal as Indonesians write it ("1.234,5") or plainly ("1234.5"); text
    such as "N/A" is refused with a message saying how to mark a period not applicable."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def __init__(self, *args: Any, not_applicable: bool = False, **kwargs: Any) -> None:
        # Whether the form offers "not applicable" (the realisation's value): only then does
        # the message for text point to it (issue 10, QA).
        self.not_applicable = not_applicable
        super().__init__(*args, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        """A stored Decimal as the hint writes numbers, in Indonesian notation: dots group the
        thousands, a comma marks the decimals ("33.000", "1.500,5"); `parse_number` reads it
        back unchanged in either language (the dots are always thousands when a group of
        three digits follows, the comma always decimals)."""
        if isinstance(value, Decimal):
            return indonesian_number(value)
        return value

    def to_python(self, value: Any) -> Decimal | None:
        text = str(value).strip() if value is not None else ""
        if text in self.empty_values:
            return None
        if len(text) > 40:
            raise ValidationError(number_error(text, self.not_applicable), code="invalid")
        try:
            return parse_number(text)
        except ValueError:
            raise ValidationError(number_error(text, self.not_applicable), code="invalid") from None


def indonesian_number(value: Decimal) -> str:
    """`value` as Indonesians write it, whatever the active language: "33.000", "1.500,5"."""
    text = format(value.normalize(), "f")
    whole, _dot, decimals = text.partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        whole, group = whole[:-3], whole[-3:]
        groups.insert(0, group)
    grouped = ".".join([whole, *groups])
    return f"{grouped},{decimals}" if decimals else grouped


# What the numerator and the denominator of the library's percentages count (the library's
# file has one unit, "%", for the percentage itself).
PERCENTAGE_PARTS = {
    "air_minum.cakupan_pelayanan": (
        _("households served"),
        _("households in the service area"),
    ),
    "air_minum.kehilangan_air": (_("m³ of water not billed"), _("m³ of water produced")),
    "air_minum.akses_layak": (
        _("residents with access to safe drinking water"),
        _("residents"),
    ),
    "bencana.informasi_rawan_bencana": (
        _("residents of hazard areas informed"),
        _("residents of hazard areas"),
    ),
    "pariwisata.tingkat_hunian_kamar": (_("room-nights sold"), _("room-nights available")),
    "jalan.kemantapan": (_("km of road in good or fair condition"), _("km of road")),
}


class IndicatorForm(forms.Form):
    """An indicator from the library (search, then choose) or custom."""

    definition = forms.ModelChoiceField(
        label=_("Indicator from the library"),
        queryset=IndicatorDefinition.objects.none(),
        required=False,
        help_text=_(
            "Its code, name, unit, measure, direction and rules are copied, so that it "
            "compares across agreements. Leave empty for a custom indicator."
        ),
    )
    name = forms.CharField(label=_("Name (custom indicator)"), max_length=300, required=False)
    unit = forms.CharField(label=_("Unit (custom indicator)"), max_length=40, required=False)
    measure = forms.ChoiceField(
        label=_("Measure"), choices=[("", "—"), *Measure.choices], required=False
    )
    direction = forms.ChoiceField(
        label=_("Direction"), choices=[("", "—"), *Direction.choices], required=False
    )
    period_rule = forms.ChoiceField(
        label=_("Rule across periods"), choices=[("", "—"), *PeriodRule.choices], required=False
    )
    reporter_rule = forms.ChoiceField(
        label=_("Rule across reporters"),
        choices=[("", "—"), *ReporterRule.choices],
        required=False,
    )
    frequency = forms.ChoiceField(
        label=_("Reporting frequency"), choices=[("", "—"), *Frequency.choices], required=False
    )
    scale_max = forms.IntegerField(
        label=_("Levels of the scale"), min_value=2, max_value=10, required=False
    )
    baseline_value = NumberField(label=_("Baseline value"), required=False)
    baseline_year = forms.IntegerField(
        label=_("Baseline year"), min_value=2000, max_value=2100, required=False
    )
    responsible_party = forms.ModelChoiceField(
        label=_("Responsible party"), queryset=Party.objects.none()
    )
    responsible_opd = forms.ModelChoiceField(
        label=_("Responsible OPD"), queryset=Opd.objects.none(), required=False
    )
    both_report = forms.BooleanField(label=_("Both parties report their own value"), required=False)
    obligation_clause = forms.CharField(
        label=_("Obligation clause of the responsible party (optional)"),
        help_text=_("As the PKS cites it, e.g. “Pasal 5 ayat (2) huruf a”."),
        max_length=200,
        required=False,
    )

    CUSTOM = ("name", "unit", "measure", "direction", "period_rule", "reporter_rule", "frequency")

    def __init__(self, *args: Any, document: Document, library: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["definition"].queryset = library  # type: ignore[attr-defined]
        parties = document.cooperation.parties.select_related("partner").order_by("order")
        self.fields["responsible_party"].queryset = parties  # type: ignore[attr-defined]
        regions = [p.partner.region_id for p in parties if p.partner.region_id]
        self.fields["responsible_opd"].queryset = (  # type: ignore[attr-defined]
            Opd.objects.filter(tenant__region_id__in=regions, active=True)
            .select_related("tenant__region")
            .order_by("tenant__region__name", "name")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("definition") is None:
            for name in self.CUSTOM:
                if not data.get(name):
                    self.add_error(
                        name, _("Choose an indicator from the library, or fill this in.")
                    )
            for name, messages in indicator_rules_errors(data).items():
                for message in messages:
                    self.add_error(name, message)
        if (data.get("baseline_value") is None) != (data.get("baseline_year") is None):
            self.add_error("baseline_year", _("A baseline needs both its value and its year."))
        return data


class TargetsForm(forms.Form):
    """The targets of the periods shown (one field per period), and, once the PKS is signed,
    the addendum that changes them with the date the new version applies from."""

    addendum = forms.ModelChoiceField(
        label=_("Addendum that changes the targets"),
        queryset=Document.objects.none(),
        required=False,
    )
    valid_from = forms.DateField(
        label=_("New targets apply from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Default: the addendum's start of term. Earlier periods keep their targets."),
    )

    def __init__(
        self,
        *args: Any,
        indicator: Indicator,
        periods: list[tuple[int, int, str]],
        addenda: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.periods = periods
        self.fields["addendum"].queryset = addenda  # type: ignore[attr-defined]
        percentage = indicator.measure == Measure.PERCENTAGE
        for year, quarter, label in periods:
            self.fields[f"t_{year}_{quarter}"] = NumberField(
                label=_("Target %(period)s (%%)") % {"period": label}
                if percentage
                else _("Target %(period)s") % {"period": label},
                required=False,
            )

    def targets(self) -> list[dict[str, Any]]:
        return [
            {"year": year, "quarter": quarter, "value": self.cleaned_data[f"t_{year}_{quarter}"]}
            for year, quarter, _label in self.periods
            if self.cleaned_data.get(f"t_{year}_{quarter}") is not None
        ]


class RealisationForm(forms.Form):
    """One party's value of one period: a value (by measure), blank, or not applicable with a
    reason; notes and evidence files."""

    state = forms.ChoiceField(
        label=_("What you report"),
        choices=RealisationState.choices,
        widget=forms.RadioSelect,
        initial=RealisationState.VALUE,
    )
    value = NumberField(label=_("Value"), required=False, not_applicable=True)
    denominator = NumberField(label=_("Denominator"), required=False, not_applicable=True)
    not_applicable_reason = forms.CharField(
        label=_("Why it does not apply"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    note = forms.CharField(
        label=_("Notes"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence = forms.FileField(
        label=_("Evidence file (PDF or DOCX)"),
        required=False,
        help_text=_(
            "Supporting evidence (bukti dukung); more can be added while the value is a draft "
            "or returned."
        ),
    )

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        measure = indicator.measure
        if measure == Measure.PERCENTAGE:
            self.fields["value"].label = _("Numerator")
        else:
            del self.fields["denominator"]
        if measure == Measure.YES_NO:
            self.fields["value"] = forms.TypedChoiceField(
                label=_("Value"),
                choices=[("", "—"), ("1", _("yes")), ("0", _("no"))],
                coerce=Decimal,
                empty_value=None,
                required=False,
                error_messages={"invalid_choice": _("A yes/no indicator is answered yes or no.")},
            )
        elif measure == Measure.SCALE:
            self.fields["value"].label = _("Level (1 to %(max)s)") % {"max": indicator.scale_max}
        elif measure == Measure.RUPIAH:
            self.fields["value"].label = _("Value (Rp)")
        if measure == Measure.PERCENTAGE:
            # The numerator and the denominator are counts, not percentages.
            parts = PERCENTAGE_PARTS.get(indicator.code)
            for name, part in (("value", 0), ("denominator", 1)):
                field = self.fields[name]
                if parts is not None:
                    field.label = _("%(part)s: %(what)s") % {
                        "part": field.label,
                        "what": parts[part],
                    }
                field.help_text = _(
                    "A count, not a percentage: the percentage is numerator ÷ denominator × "
                    "100. Write 1.234,5 or 1234.5."
                )
        elif measure not in (Measure.YES_NO,):
            self.fields["value"].help_text = _(
                "Unit: %(unit)s. Write 1.234,5 or 1234.5; zero is a value."
            ) % {"unit": indicator.unit}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        state = data.get("state")
        if state != RealisationState.VALUE and (
            data.get("value") is not None or data.get("denominator") is not None
        ):
            self.add_error(
                "value",
                _("A blank or not applicable report carries no number: clear the value."),
            )
            return data
        for name, messages in value_errors(
            measure=self.indicator.measure,
            scale_max=self.indicator.scale_max,
            state=state or "",
            value=data.get("value"),
            denominator=data.get("denominator"),
            reason=data.get("not_applicable_reason") or "",
        ).items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
        return data


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the value is returned"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReconciliationForm(forms.Form):
    choice = forms.ChoiceField(label=_("Which value counts"), widget=forms.RadioSelect)
    agreed_value = NumberField(label=_("Agreed value"), required=False)
    agreed_denominator = NumberField(label=_("Agreed denominator"), required=False)
    reason = forms.CharField(
        label=_("Why this value counts"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, indicator: Indicator, parties: list[Party], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.parties = {str(p.pk): p for p in parties}
        self.fields["choice"].choices = [  # type: ignore[attr-defined]
            *[(str(p.pk), _("The value of %(party)s") % {"party": p.partner}) for p in parties],
            ("agreed", _("An agreed value")),
        ]
        if indicator.measure != Measure.PERCENTAGE:
            del self.fields["agreed_denominator"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        choice = data.get("choice")
        if choice == "agreed" and data.get("agreed_value") is None:
            self.add_error("agreed_value", _("Give the agreed value."))
        data["chosen_party"] = self.parties.get(choice or "")
        if choice != "agreed":
            data["agreed_value"] = None
            data["agreed_denominator"] = None
        return data


class YearFilterForm(forms.Form):
    tahun = forms.TypedChoiceField(label=_("Year"), coerce=int, empty_value=None, required=False)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tahun"].choices = [  # type: ignore[attr-defined]
            ("", _("All years")),
            *[(str(y), str(y)) for y in years],
        ]


class PksYearForm(YearFilterForm):
    """The years of a PKS's indicators page: by default the recent ones (a bounded page, issue
    10 QA), all of them (`tahun=0`, "semua tahun") or one."""

    ALL = 0

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, years=years, **kwargs)
        self.fields["tahun"].choices = [  # type: ignore[attr-defined]
            ("", _("Recent years")),
            (str(self.ALL), _("All years")),
            *[(str(y), str(y)) for y in years],
        ]
