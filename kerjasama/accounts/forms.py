from django import forms
from django.utils.translation import gettext_lazy as _

from kerjasama.accounts.models import ContentChecklistItem, Opd, Tenant


class OpdForm(forms.ModelForm):
    class Meta:
        model = Opd
        fields = ["name", "short_name", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The copy this edit was made on; a stale one is refused (issue 6/18).
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput)
            self.initial["version"] = self.instance.version


class ChecklistItemForm(forms.ModelForm):
    """A row of the region's content checklist of KB and PKS (§5.5)."""

    class Meta:
        model = ContentChecklistItem
        fields = ["document_kind", "label", "order", "active"]


class LetterSettingsForm(forms.ModelForm):
    """The region's letter settings (issue 9, item 5): kop surat, logo, template, numbering,
    place and default signer. The files are checked by the service (`tenant_letters_update`)."""

    logo_upload = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG, JPEG or SVG, at most 1 MB; printed at the left of the kop surat."),
    )
    logo_remove = forms.BooleanField(label=_("Remove the logo"), required=False)
    template_upload = forms.FileField(
        label=_("Letter template (DOCX)"),
        required=False,
        help_text=_(
            "A Word template of your own for the sample letter; it replaces the one shipped "
            "with Kerjasama and may use the variables listed on the page of the templates of "
            "meeting letters."
        ),
    )
    template_remove = forms.BooleanField(label=_("Use the shipped template again"), required=False)

    class Meta:
        model = Tenant
        fields = [
            "letterhead",
            "letter_unit",
            "address",
            "phone",
            "email",
            "website",
            "letter_place",
            "letter_number_pattern",
            "letter_unit_code",
            "letter_code_invitation",
            "letter_code_attendance",
            "letter_code_minutes",
            "letter_code_extract",
            "signer_position",
            "signer_name",
            "signer_rank",
            "signer_nip",
        ]
        widgets = {
            "letterhead": forms.Textarea(attrs={"rows": 2}),
            "address": forms.Textarea(attrs={"rows": 2}),
        }
