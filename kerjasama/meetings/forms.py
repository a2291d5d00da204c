"""Forms of the TKKSD screens (issue 9, item 1). They validate input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kerjasama.accounts.models import Opd, Tenant, User
from kerjasama.meetings.enums import ACTING, DecreeKind, HoldingCapacity
from kerjasama.meetings.models import Decree, Holding, Seat

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TeamDateForm(forms.Form):
    """The date the team page shows (a GET form: works without JavaScript)."""

    tanggal = forms.DateField(label=_("Team on"), widget=DATE_WIDGET)


class DecreeForm(forms.ModelForm):
    class Meta:
        model = Decree
        fields = ["kind", "number", "signed_on", "title", "valid_from", "valid_until", "amends"]
        widgets = {
            "signed_on": DATE_WIDGET,
            "valid_from": DATE_WIDGET,
            "valid_until": DATE_WIDGET,
        }

    def __init__(self, *args: Any, tenant: Tenant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        amends = self.fields["amends"]
        amends.queryset = Decree.objects.filter(tenant=tenant).order_by(  # type: ignore[attr-defined]
            "-valid_from", "-id"
        )
        amends.required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, amends = data.get("kind"), data.get("amends")
        if kind in (DecreeKind.AMENDMENT, DecreeKind.REPLACEMENT) and amends is None:
            self.add_error("amends", _("Choose the decree this one amends or replaces."))
        return data

    def _post_clean(self) -> None:
        # The service builds the row and checks the constraints (with the tenant it knows).
        pass


class SeatForm(forms.ModelForm):
    class Meta:
        model = Seat
        fields = ["role", "position", "opd", "order"]

    def __init__(self, *args: Any, tenant: Tenant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opd"].queryset = Opd.objects.filter(  # type: ignore[attr-defined]
            tenant=tenant, active=True
        )
        self.fields["order"].required = False

    def _post_clean(self) -> None:
        pass


class HoldingForm(forms.ModelForm):
    """A person appointed to a seat. On a decree's page (definitive, the seat chosen among
    those the decree may fill, optionally ending the current holder); on a seat's page, an
    acting holder (Plt/Plh) with the letter's number."""

    replace_current = forms.BooleanField(
        label=_("End the current holder of this seat the day before"),
        required=False,
        help_text=_("For an amendment that changes who holds the seat from its date."),
    )

    class Meta:
        model = Holding
        fields = [
            "seat",
            "capacity",
            "name",
            "nip",
            "rank",
            "position",
            "user",
            "letter_number",
            "starts_on",
            "ends_on",
        ]
        widgets = {"starts_on": DATE_WIDGET, "ends_on": DATE_WIDGET}

    def __init__(
        self,
        *args: Any,
        tenant: Tenant,
        seats: list[Seat] | None = None,
        acting: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nip"].max_length = 24  # type: ignore[attr-defined]  # typed with spaces
        self.fields["nip"].widget.attrs["maxlength"] = 24
        self.fields["nip"].validators = []
        self.fields["user"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            tenant=tenant, is_active=True
        ).order_by("first_name", "username")
        if acting:
            del self.fields["seat"]
            del self.fields["replace_current"]
            self.fields["capacity"].choices = [  # type: ignore[attr-defined]
                (c.value, c.label) for c in HoldingCapacity if c in ACTING
            ]
            self.fields["letter_number"].required = True
        else:
            del self.fields["capacity"]
            del self.fields["letter_number"]
            self.fields["seat"].queryset = Seat.objects.filter(  # type: ignore[attr-defined]
                pk__in=[s.pk for s in seats or []]
            )
            self.fields["seat"].label_from_instance = _seat_label  # type: ignore[attr-defined]

    def _post_clean(self) -> None:
        pass


def _seat_label(seat: Seat) -> str:
    return f"{seat.get_role_display()} — {seat.position} ({seat.decree.number})"


class HoldingEndForm(forms.Form):
    ends_on = forms.DateField(label=_("Last day"), widget=DATE_WIDGET)
    decree = forms.ModelChoiceField(
        label=_("Ended by decree"), queryset=Decree.objects.none(), required=False
    )

    def __init__(self, *args: Any, tenant: Tenant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decree"].queryset = Decree.objects.filter(  # type: ignore[attr-defined]
            tenant=tenant
        ).order_by("-valid_from", "-id")


class QuorumForm(forms.Form):
    tkksd_quorum_percent = forms.IntegerField(
        label=_("Quorum, percent of the seats"),
        min_value=1,
        max_value=100,
        required=False,
        help_text=_("Leave empty for a simple majority (more than half of the seats)."),
    )


class ScanForm(forms.Form):
    upload = forms.FileField(
        label=_("Scan of the signed decree (PDF or DOCX)"),
        widget=forms.FileInput(attrs={"accept": ".pdf,.docx"}),
    )
