"""Forms of the minutes, outcomes, decided steps and action items (issue 9 items 3–5). They
validate input only; the services in `meetings.minutes` and `meetings.actions` decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kerjasama.accounts.models import Opd, User
from kerjasama.agreements.enums import TerminationReason
from kerjasama.agreements.models import Cooperation
from kerjasama.core.text import TEXT_LONG, TEXT_REASON
from kerjasama.meetings.enums import OutcomeKind


class NotesForm(forms.Form):
    opening = forms.CharField(
        label=_("Opening of the minutes"),
        required=False,
        max_length=TEXT_LONG,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    closing = forms.CharField(
        label=_("Closing of the minutes"),
        required=False,
        max_length=TEXT_LONG,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ItemMinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes of the item"),
        required=False,
        max_length=TEXT_LONG,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class OutcomeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of outcome"), choices=OutcomeKind.choices)
    text = forms.CharField(
        label=_("Outcome"), max_length=TEXT_LONG, widget=forms.Textarea(attrs={"rows": 2})
    )


class CooperationChoiceForm(forms.Form):
    kerja_sama = forms.ModelChoiceField(
        label=_("Cooperation the decision concerns"), queryset=Cooperation.objects.none()
    )

    def __init__(self, *args: Any, cooperations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kerja_sama"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = cooperations.order_by("title")


class DecisionStepForm(forms.Form):
    action = forms.ChoiceField(label=_("Step the decision applies"))
    document = forms.ChoiceField(label=_("PKS (only for a step of one PKS)"), required=False)
    reason = forms.CharField(
        label=_("Reason (for a step that asks for one)"),
        required=False,
        max_length=TEXT_REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    termination_reason = forms.ChoiceField(
        label=_("Reason for ending (PP 28/2018 Pasal 9, 22)"),
        required=False,
        choices=[("", "—"), *TerminationReason.choices],
    )
    decision_reference = forms.CharField(
        label=_("Reference of the DPRD's decision"), required=False, max_length=200
    )
    override_reason = forms.CharField(
        label=_("Reason for going on despite a warning (overridable rules only)"),
        required=False,
        max_length=TEXT_REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self, *args: Any, steps: list[tuple[str, str]], pks: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = steps  # type: ignore[attr-defined]
        self.fields["document"].choices = [("", "—"), *pks]  # type: ignore[attr-defined]


class PersonChoiceField(forms.ModelChoiceField):
    """A person by name and position, not by username (the walk of issue 9)."""

    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name() or obj.get_username()
        return f"{name} — {obj.position}" if getattr(obj, "position", "") else name


class ActionItemForm(forms.Form):
    title = forms.CharField(label=_("What is to be done"), max_length=500)
    owner_opd = forms.ModelChoiceField(
        label=_("Owner (OPD)"), queryset=Opd.objects.none(), required=False
    )
    owner_user = PersonChoiceField(
        label=_("Owner (person)"), queryset=User.objects.none(), required=False
    )
    due_on = forms.DateField(label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}))
    cooperation = forms.ModelChoiceField(
        label=_("Cooperation it concerns (optional)"),
        queryset=Cooperation.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, opds: Any, users: Any, cooperations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (("owner_opd", opds), ("owner_user", users)):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset
        field = self.fields["cooperation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = cooperations.order_by("title")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("owner_opd") and not cleaned.get("owner_user"):
            self.add_error("owner_opd", _("Give the owner: an OPD or a person of the region."))
        return cleaned


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=TEXT_REASON, widget=forms.Textarea(attrs={"rows": 3})
    )


class FinaliseForm(forms.Form):
    """The chair's confirmation of decisions taken without a quorum (❓ §2.1, an overridable
    warning: `minutes.quorum_gaps`)."""

    confirm_quorum = forms.BooleanField(
        label=_("I confirm these decisions although the quorum was not reached"), required=False
    )
    quorum_reason = forms.CharField(
        label=_("Reason for deciding without a quorum"),
        required=False,
        max_length=TEXT_REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("confirm_quorum") and not (data.get("quorum_reason") or "").strip():
            self.add_error("quorum_reason", _("Write why the decisions stand without a quorum."))
        if (data.get("quorum_reason") or "").strip() and not data.get("confirm_quorum"):
            self.add_error(
                "confirm_quorum",
                _("Tick the confirmation to make the decisions final without a quorum."),
            )
        return data

    @property
    def reason(self) -> str:
        """The reason, only when the box is ticked."""
        data = getattr(self, "cleaned_data", {})
        return (data.get("quorum_reason") or "").strip() if data.get("confirm_quorum") else ""


class ActionCloseForm(forms.Form):
    note = forms.CharField(
        label=_("What was done"),
        required=False,
        max_length=TEXT_LONG,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    evidence = forms.FileField(label=_("Evidence (PDF or DOCX)"), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not (cleaned.get("note") or "").strip() and not cleaned.get("evidence"):
            raise forms.ValidationError(_("Say what was done, or attach the evidence (or both)."))
        return cleaned
