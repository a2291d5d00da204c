from django import forms
from django.utils.translation import gettext_lazy as _

from kerjasama.partners.enums import PartnerKind
from kerjasama.partners.identifiers import IDENTIFIER_INPUT_LENGTH, clean_nib, clean_npwp
from kerjasama.partners.models import Partner
from kerjasama.reference.models import Region


def partner_ref(obj: Partner | Region) -> str:
    """How a party is typed and suggested in the party fields: a region by its Kemendagri
    code ("61.72 Kota Singkawang"), any other partner by its reference ("P12 Perumda …")."""
    if isinstance(obj, Region):
        return f"{obj.code} {obj.display_name}"
    if obj.kind == PartnerKind.REGION and obj.region is not None:
        return f"{obj.region.code} {obj.region.display_name}"
    return f"P{obj.pk} {obj.name}"


class PartnerForm(forms.ModelForm):
    confirm_not_duplicate = forms.BooleanField(
        label=_("I checked: this is a different partner from the similar ones listed"),
        required=False,
    )

    website = forms.URLField(
        label=_("website"), max_length=200, required=False, assume_scheme="https"
    )
    # Identifiers are typed as printed ("01.234.567.8-701.000", "9120 0012 3456 7"): the input
    # takes the printed form, and the service keeps the digits (partners.services).
    nib = forms.CharField(
        label=_("NIB (business identification number)"),
        max_length=IDENTIFIER_INPUT_LENGTH,
        required=False,
        help_text=_("13 digits; spaces, dots and dashes are ignored."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    npwp = forms.CharField(
        label=_("NPWP (tax number)"),
        max_length=IDENTIFIER_INPUT_LENGTH,
        required=False,
        help_text=_("15 or 16 digits; spaces, dots and dashes are ignored."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta:
        model = Partner
        fields = [
            "kind",
            "name",
            "third_party_type",
            "foreign_institution_type",
            "country",
            "nib",
            "npwp",
            "address",
            "website",
        ]
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [c for c in PartnerKind.choices if c[0] != PartnerKind.REGION]
        if self.instance.pk:
            # The copy this edit was made on; a stale one is refused (issue 6/18).
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput)
            self.initial["version"] = self.instance.version
            self.initial["npwp"] = self.instance.npwp_display  # as printed, like every screen

    def clean_nib(self):
        return clean_nib(self.cleaned_data.get("nib", ""))

    def clean_npwp(self):
        return clean_npwp(self.cleaned_data.get("npwp", ""))

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())
