"""Forms of the evaluation screens (issue 10, item 4). They parse input; the services in
`monitoring.evaluation` check it again and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kerjasama.monitoring.evaluation import CONTENT_FIELDS
from kerjasama.monitoring.models import (
    TEXT_ASPECT,
    AssessmentLevel,
    Evaluation,
    EvaluationKind,
    Recommendation,
)

# (field, label, help) of each aspect of the qualitative assessment, in the page's order.
ASPECTS = (
    ("purpose", _("Fit to purpose"), _("Does what was done serve the PKS's purpose?")),
    ("timeliness", _("Timeliness"), _("Were the activities and reports on schedule?")),
    ("contributions", _("Partner contributions"), _("Did each party deliver its share?")),
    ("coordination", _("Coordination"), _("How did the parties and OPD work together?")),
    (
        "public_service",
        _("Effect on the public service"),
        _("What changed for the people served?"),
    ),
    ("reporting", _("Completeness of reporting"), _("Were the indicators reported and verified?")),
    ("obstacles", _("Obstacles"), _("What stood in the way, and what is being done about it?")),
)
LEVELS = [("", _("— no level —")), *AssessmentLevel.choices]


class EvaluationForm(forms.Form):
    """The evaluation in sections: the assessment (a short text and a level per aspect), the
    recommendation, the 1–5 rating and its justification."""

    kind = forms.ChoiceField(label=_("Kind"), choices=EvaluationKind.choices)
    recommendation = forms.ChoiceField(
        label=_("Recommendation"),
        choices=[("", _("— choose —")), *Recommendation.choices],
        required=False,
    )
    rating = forms.TypedChoiceField(
        label=_("Rating (1 = very poor, 5 = very good)"),
        choices=[("", _("— choose —")), *[(str(i), str(i)) for i in range(1, 6)]],
        coerce=int,
        empty_value=None,
        required=False,
    )
    rating_reason = forms.CharField(
        label=_("Justification of the rating"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_ASPECT,
        required=False,
    )

    def __init__(self, *args: Any, final_allowed: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label, help_text in ASPECTS:
            self.fields[name] = forms.CharField(
                label=label,
                help_text=help_text,
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=TEXT_ASPECT,
                required=False,
            )
            if name != "obstacles":
                self.fields[f"{name}_level"] = forms.ChoiceField(
                    label=format_lazy("{} — {}", label, _("level")), choices=LEVELS, required=False
                )
        if not final_allowed:
            self.fields["kind"].choices = [  # type: ignore[attr-defined]
                (EvaluationKind.ANNUAL, EvaluationKind.ANNUAL.label)
            ]
            self.fields["kind"].widget = forms.HiddenInput()

    def aspects(self) -> list[tuple[forms.BoundField, forms.BoundField | None]]:
        """The aspects' bound fields (text, level or None) for the template's sections."""
        return [
            (self[name], self[f"{name}_level"] if name != "obstacles" else None)
            for name, _label, _help in ASPECTS
        ]

    @staticmethod
    def initial_of(evaluation: Evaluation | None, kind: str) -> dict[str, Any]:
        if evaluation is None:
            return {"kind": kind}
        return {"kind": evaluation.kind} | {
            name: getattr(evaluation, name) for name in CONTENT_FIELDS
        }


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for reopening"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_ASPECT
    )
