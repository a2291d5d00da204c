from django import forms

from kerjasama.accounts.models import ContentChecklistItem, Opd


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
