"""`core.widgets.FastSelect` writes what Django's `Select` writes (issue 8: the registry's
filter form renders its hundreds of options without a template per option)."""

from __future__ import annotations

import re

from django import forms
from hypothesis import given
from hypothesis import strategies as st

from kerjasama.core.widgets import FastSelect


def _normal(html: str) -> str:
    return re.sub(r"\s*\n\s*", "", str(html))


class _Form(forms.Form):
    plain = forms.ChoiceField(required=False, help_text="Sebuah bantuan")
    needed = forms.TypedChoiceField(coerce=int)
    grouped = forms.ChoiceField(required=False)


def _pair(choices, grouped, value):
    forms_ = []
    for widget in (forms.Select, FastSelect):
        form = _Form({"plain": value, "needed": value, "grouped": value})
        for name in ("plain", "needed", "grouped"):
            field = form.fields[name]
            field.widget = widget(attrs={"class": "x"})
            field.widget.is_required = field.required
            field.choices = grouped if name == "grouped" else choices
        forms_.append(form)
    return forms_


TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12)


@given(
    labels=st.lists(TEXT, max_size=6),
    value=TEXT,
)
def test_fast_select_renders_the_same_markup_as_select(labels, value):
    choices = [("", "Semua"), *((f"{i}{label}", label) for i, label in enumerate(labels))]
    grouped = [("", "Semua"), ('Grup <1> & "2"', choices[1:] or [("a", "A")])]
    if labels:
        value = choices[1][0]
    django_form, fast_form = _pair(choices, grouped, value)
    for name in ("plain", "needed", "grouped"):
        assert _normal(fast_form[name]) == _normal(django_form[name])


def test_fast_select_escapes_labels_and_marks_the_chosen_option():
    form = _Form({"plain": "b"})
    form.fields["plain"].widget = FastSelect()
    form.fields["plain"].choices = [("a", "<b>A</b>"), ("b", "B & C")]
    html = str(form["plain"])
    assert "&lt;b&gt;A&lt;/b&gt;" in html
    assert "<b>" not in html
    assert '<option value="b" selected>B &amp; C</option>' in html
    assert 'aria-describedby="id_plain_helptext"' in html


def test_fast_select_marks_each_rendering_s_own_choice_from_the_same_options():
    """The options' markup is kept per list of choices; the chosen one is not kept with it."""
    choices = [("", "Semua"), ("1", "Satu"), ("2", "Dua")]
    rendered = {}
    for value in ("2", "1", ""):
        form = _Form({"plain": value})
        form.fields["plain"].widget = FastSelect()
        form.fields["plain"].choices = choices
        rendered[value] = str(form["plain"])
    assert '<option value="2" selected>Dua</option>' in rendered["2"]
    assert '<option value="1">Satu</option>' in rendered["2"]
    assert '<option value="1" selected>Satu</option>' in rendered["1"]
    assert '<option value="2">Dua</option>' in rendered["1"]
    assert '<option value="" selected>Semua</option>' in rendered[""]
    assert rendered[""].count(" selected") == 1
