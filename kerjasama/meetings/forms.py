"""Forms of the TKKSD screens (issue 9, item 1). They validate input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kerjasama.accounts.models import Opd, Tenant, User
from kerjasama.agreements.enums import AGREEMENT_KINDS
from kerjasama.agreements.models import Cooperation, Document
from kerjasama.meetings.enums import (
    ACTING,
    DecreeKind,
    HoldingCapacity,
    InviteeKind,
    MeetingKind,
    Presence,
)
from kerjasama.meetings.models import Decree, Holding, Invitee, Seat
from kerjasama.meetings.selectors import holding_label
from kerjasama.partners.models import Partner

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


# --- Meetings (issue 9 items 2, 3, 6) ---------------------------------------------------------

TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class MeetingForm(forms.Form):
    """A meeting's plan. The date and times are typed in the region's zone, which the labels
    name (`zone`); the service stores them as aware datetimes."""

    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    start_time = forms.TimeField(label=_("Starts at"), widget=TIME_WIDGET)
    end_time = forms.TimeField(label=_("Ends at"), widget=TIME_WIDGET, required=False)
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    online_link = forms.URLField(
        label=_("Online link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Write a place, an online link, or both."),
    )
    chair = forms.ModelChoiceField(
        label=_("Chair"),
        queryset=Holding.objects.none(),
        required=False,
        empty_label=_("The ketua of the team on that date"),
        help_text=_("Chosen from the team on the meeting's date."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, tenant: Tenant, zone: str, chairs: list[Holding], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for name in ("start_time", "end_time"):
            self.fields[name].label = f"{self.fields[name].label} ({zone})"
        self.fields["date"].help_text = _("Date and times in %(zone)s, the region's time zone.") % {
            "zone": zone
        }
        chair: Any = self.fields["chair"]
        # Any holder of the region is accepted here; the service checks that they held a seat
        # on the meeting's date. The choices offered are the team of the date shown, ketua first.
        chair.queryset = Holding.objects.filter(seat__decree__tenant=tenant).select_related("seat")
        chair.choices = [("", chair.empty_label)] + [(h.pk, holding_label(h)) for h in chairs]


class MeetingCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"), widget=forms.Textarea(attrs={"rows": 3})
    )


class InviteeForm(forms.Form):
    """Someone invited by hand: an OPD officer of the region, a partner's representative or
    another guest."""

    kind = forms.ChoiceField(
        label=_("Who"),
        choices=[(c.value, c.label) for c in InviteeKind if c != InviteeKind.SEAT],
        widget=forms.RadioSelect,
    )
    user = forms.ModelChoiceField(
        label=_("OPD officer"), queryset=User.objects.none(), required=False
    )
    partner = forms.ModelChoiceField(
        label=_("Partner (if registered)"), queryset=Partner.objects.none(), required=False
    )
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    institution = forms.CharField(
        label=_("Institution"),
        max_length=300,
        required=False,
        help_text=_("For a partner's representative: the institution they come from."),
    )

    def __init__(self, *args: Any, officers: Any, partners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = officers  # type: ignore[attr-defined]
        self.fields["user"].label_from_instance = _officer_label  # type: ignore[attr-defined]
        self.fields["partner"].queryset = partners  # type: ignore[attr-defined]


def _officer_label(user: User) -> str:
    return f"{user.get_full_name() or user.username} — {user.opd}"


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Title of the item"), max_length=500)
    cooperation = forms.ModelChoiceField(
        label=_("About the cooperation"), queryset=Cooperation.objects.none(), required=False
    )
    document = forms.ModelChoiceField(
        label=_("About the agreement"),
        queryset=Document.objects.none(),
        required=False,
        help_text=_("Optional: a KB, PKS or addendum of the cooperation chosen."),
    )
    closed = forms.BooleanField(
        label=_("Closed item (tertutup)"),
        required=False,
        help_text=_(
            "E.g. a commercially sensitive offer: only those invited and the secretariat read "
            "its content; everyone else reads its public title."
        ),
    )
    public_title = forms.CharField(label=_("Public title"), max_length=300, required=False)

    def __init__(self, *args: Any, cooperations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cooperation"].queryset = cooperations  # type: ignore[attr-defined]
        self.fields["document"].queryset = Document.objects.filter(  # type: ignore[attr-defined]
            cooperation__in=cooperations, kind__in=AGREEMENT_KINDS
        ).select_related("cooperation")
        self.fields["document"].label_from_instance = _document_label  # type: ignore[attr-defined]


def _document_label(document: Document) -> str:
    return f"{document.title} ({document.cooperation.title})"


class AttendanceForm(forms.Form):
    """The attendance at the opening: per invitee, the answer and, for "diwakili oleh", the
    delegate, their position and the delegation letter's number. Field names are
    "<invitee id>-<field>", as the service names its errors."""

    def __init__(self, *args: Any, invitees: list[Invitee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invitees = invitees
        choices = [("", _("— not recorded —")), *Presence.choices]
        for invitee in invitees:
            p = invitee.pk
            self.fields[f"{p}-presence"] = forms.ChoiceField(
                label=_("Attendance of %(name)s") % {"name": invitee.name},
                choices=choices,
                required=False,
                initial=invitee.presence,
            )
            self.fields[f"{p}-delegate_name"] = forms.CharField(
                label=_("Represented by"),
                max_length=200,
                required=False,
                initial=invitee.delegate_name,
            )
            self.fields[f"{p}-delegate_position"] = forms.CharField(
                label=_("Delegate's position"),
                max_length=200,
                required=False,
                initial=invitee.delegate_position,
            )
            self.fields[f"{p}-delegation_letter"] = forms.CharField(
                label=_("Delegation letter number"),
                max_length=100,
                required=False,
                initial=invitee.delegation_letter,
            )
            for name in ("delegate_name", "delegate_position", "delegation_letter"):
                # The error summary names whose row is wrong (QA walk 2 item 7).
                self.fields[f"{p}-{name}"].error_context = invitee.name  # type: ignore[attr-defined]

    def rows(self) -> list[dict[str, Any]]:
        """Per invitee, its bound fields, for the template."""
        return [
            {
                "invitee": invitee,
                "presence": self[f"{invitee.pk}-presence"],
                "delegate_name": self[f"{invitee.pk}-delegate_name"],
                "delegate_position": self[f"{invitee.pk}-delegate_position"],
                "delegation_letter": self[f"{invitee.pk}-delegation_letter"],
            }
            for invitee in self.invitees
        ]

    def attendance(self) -> dict[int, dict[str, str]]:
        fields = ("presence", "delegate_name", "delegate_position", "delegation_letter")
        return {
            invitee.pk: {f: self.cleaned_data.get(f"{invitee.pk}-{f}") or "" for f in fields}
            for invitee in self.invitees
        }


class ItemAbsenceForm(forms.Form):
    absent = forms.TypedMultipleChoiceField(
        label=_("Out of the room for this item"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, attending: list[Invitee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["absent"].choices = [  # type: ignore[attr-defined]
            (i.pk, f"{i.in_room_label()} ({i.position})" if i.position else i.in_room_label())
            for i in attending
        ]


class MeetingFilterForm(forms.Form):
    """The list's filters (a GET form: works without JavaScript)."""

    tahun = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    jenis = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *MeetingKind.choices], required=False
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tahun"].choices = [("", _("All years")), *((y, str(y)) for y in years)]  # type: ignore[attr-defined]
