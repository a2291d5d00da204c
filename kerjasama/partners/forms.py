from django import forms
from django.utils.translation import gettext_lazy as _

from kerjasama.partners.enums import PartnerKind
from kerjasama.partners.models import Partner


class PartnerForm(forms.ModelForm):
    confirm_not_duplicate = forms.BooleanField(
        label=_("I checked: this is a different partner from the similar ones listed"),
        required=False,
    )

    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

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
        self.fields["nib"].widget.attrs.update({"inputmode": "numeric", "pattern": r"\d{13}"})
        self.fields["npwp"].help_text = _("15 or 16 digits; dots and dashes are ignored.")
        if self.instance.pk:
            # The copy this edit was made on; a stale one is refused (issue 6/18).
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput)
            self.initial["version"] = self.instance.version

    def clean_nib(self):
        nib = self.cleaned_data.get("nib", "").strip()
        if nib and not (nib.isdigit() and len(nib) == 13):
            raise forms.ValidationError(_("An NIB has 13 digits."))
        return nib

    def clean_npwp(self):
        raw = self.cleaned_data.get("npwp", "")
        npwp = raw.replace(".", "").replace("-", "").replace(" ", "")
        if npwp and not (npwp.isdigit() and len(npwp) in (15, 16)):
            raise forms.ValidationError(_("An NPWP has 15 or 16 digits."))
        return npwp

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())
