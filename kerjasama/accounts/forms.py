from django import forms

from kerjasama.accounts.models import Opd


class OpdForm(forms.ModelForm):
    class Meta:
        model = Opd
        fields = ["name", "short_name", "active"]
