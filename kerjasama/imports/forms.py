"""The forms of the import screens (issue 11)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kerjasama.agreements.enums import (
    STAGES_BY_KIND,
    CooperationKind,
    Initiative,
    KsddCategory,
    KsdpkKind,
    Stage,
)
from kerjasama.imports.columns import FIELD_LABELS, IGNORE, Field, columns_in_order
from kerjasama.imports.models import ClausesChecked, ImportRun, InPlan, Outcome

DEFAULT_NAMES = ("initiative", "ksdd_category", "ksdpk_kind", "ksdpk_clauses", "in_plan")


class UploadForm(forms.Form):
    upload = forms.FileField(
        label=_("Register (.xlsx or .csv)"),
        help_text=_(
            "The register as the secretariat keeps it; nothing is written before you confirm."
        ),
    )


def stage_choices_by_kind() -> list[tuple[str, list[tuple[str, str]]]]:
    """The stages grouped by the types of cooperation whose pathway has them (KERJASAMA_DAERAH.md
    §5–§6), the stages of every type first: a status maps to a stage of its row's type, and 28
    stages in one list did not say which stage is whose."""
    kinds_of: dict[str, list[str]] = {}
    for kind, stages in STAGES_BY_KIND.items():
        for stage in stages:
            kinds_of.setdefault(stage, []).append(kind)
    groups: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    for stage in Stage:
        groups.setdefault(tuple(kinds_of.get(stage, ())), []).append(
            (stage.value, str(stage.label))
        )
    every = tuple(STAGES_BY_KIND)
    order = list(STAGES_BY_KIND)

    def label(kinds: tuple[str, ...]) -> str:
        if kinds == every:
            return str(_("Every type"))
        return ", ".join(
            "Sinergi" if kind == CooperationKind.SINERGI else kind.upper() for kind in kinds
        )

    return [
        (label(kinds), stages)
        for kinds, stages in sorted(
            groups.items(),
            key=lambda item: (-len(item[0]), [order.index(kind) for kind in item[0]]),
        )
        if kinds
    ]


class MappingForm(forms.Form):
    """The sheet, the header row, each column's field and each status's stage."""

    def __init__(self, run: ImportRun, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        read = run.read or {}
        self.columns = columns_in_order(read.get("headers") or {})
        self.statuses = list(read.get("statuses") or [])
        sheets = [(s["name"], s["name"]) for s in read.get("sheets", [])]
        if sheets:
            self.fields["sheet"] = forms.ChoiceField(
                label=_("Sheet"), choices=sheets, initial=run.sheet, required=False
            )
        else:  # the file could not be read as it was: the user names the sheet
            self.fields["sheet"] = forms.CharField(
                label=_("Sheet"), initial=run.sheet, required=False, max_length=120
            )
        self.fields["header_row"] = forms.IntegerField(
            label=_("Header row"), min_value=1, initial=run.header_row, required=False
        )
        field_choices = [(IGNORE, _("— not imported —"))] + [
            (field.value, FIELD_LABELS[field]) for field in Field
        ]
        for letter, header in self.columns:
            self.fields[f"col_{letter}"] = forms.ChoiceField(
                label=f"{letter}: {header}",
                choices=field_choices,
                initial=run.mapping.get(letter, IGNORE),
            )
        # The facts a register never holds, for every row (`services.DEFAULTS`): the choices
        # of the registry's case form.
        for name, label, choices in (
            ("initiative", _("Initiative (for every row)"), Initiative.choices),
            ("ksdd_category", _("KSDD category (for every row)"), KsddCategory.choices),
            ("ksdpk_kind", _("KSDPK kind (for every row)"), KsdpkKind.choices),
            ("ksdpk_clauses", _("Signed KSDPK contracts (for every row)"), ClausesChecked.choices),
            ("in_plan", _("Regional plan (for every row)"), InPlan.choices),
        ):
            self.fields[f"default_{name}"] = forms.ChoiceField(
                label=label,
                choices=choices,
                initial=(run.defaults or {}).get(name),
                required=False,  # not sent: the run's own stay
            )
        stage_choices = [("", _("— choose the stage —")), *stage_choices_by_kind()]
        for index, status in enumerate(self.statuses):
            self.fields[f"status_{index}"] = forms.ChoiceField(
                label=_("Status “%(text)s” (%(rows)s rows)")
                % {"text": status["text"], "rows": status["rows"]},
                choices=stage_choices,
                initial=run.status_mapping.get(status["key"]) or "",
                required=False,
            )

    def mapping(self) -> dict[str, str]:
        return {letter: self.cleaned_data[f"col_{letter}"] for letter, _header in self.columns}

    def status_mapping(self) -> dict[str, str | None]:
        return {
            status["key"]: self.cleaned_data.get(f"status_{index}") or None
            for index, status in enumerate(self.statuses)
        }

    def defaults(self) -> dict[str, str]:
        return {
            name: self.cleaned_data[f"default_{name}"]
            for name in DEFAULT_NAMES
            if self.cleaned_data.get(f"default_{name}")
        }

    def default_fields(self) -> list[forms.BoundField]:
        return [self[f"default_{name}"] for name in DEFAULT_NAMES]

    def column_fields(self) -> list[forms.BoundField]:
        return [self[f"col_{letter}"] for letter, _header in self.columns]

    def status_fields(self) -> list[forms.BoundField]:
        return [self[f"status_{index}"] for index in range(len(self.statuses))]


class OutcomeFilter(forms.Form):
    hasil = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("", _("All rows with data")), *Outcome.choices],
        required=False,
    )
