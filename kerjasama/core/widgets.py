"""Widgets that render the same HTML as Django's, faster where a page shows many of them.

Django renders a `<select>` through a template per option: the registry's filter form, with a
few hundred partners, urusan and years, spent longer on its options than on its SQL (issue 8).
`FastSelect` builds the same markup in Python from the widget's own context (attributes,
option groups, the selected option), so the form's fields, labels and ARIA attributes are
unchanged.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe


def _attrs(attrs: dict[str, Any]) -> str:
    """Attributes as Django's `attrs.html` writes them: False left out, True bare."""
    parts = []
    for name, value in attrs.items():
        if value is False or value is None:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{conditional_escape(str(value))}"')
    return "".join(parts)


# The options' markup by the choices as text (values and labels in the active language): the
# registry's partner and urusan lists are the same for every page of a region, and escaping
# them again was most of the form's time. Bounded; a process forgets it when it fills.
_OPTIONS: dict[tuple[Any, ...], list[tuple[str | None, str, str]]] = {}
# Each entry: (the option's value as text, or None for an optgroup's start or end; the markup
# before where " selected" goes; the markup after it).
_OPTIONS_MAX = 256


def _choices_key(choices: Any) -> tuple[Any, ...]:
    key: list[Any] = []
    for value, label in choices:
        if isinstance(label, list | tuple):
            key.append((str(value), tuple((str(v), str(sub)) for v, sub in label)))
        else:
            key.append(("" if value is None else str(value), str(label)))
    return tuple(key)


def _options_markup(key: tuple[Any, ...]) -> list[tuple[str | None, str, str]]:
    markup = _OPTIONS.get(key)
    if markup is not None:
        return markup
    markup = []
    for value, label in key:
        if isinstance(label, tuple):
            markup.append((None, format_html('<optgroup label="{}">', value), ""))
            for subvalue, sublabel in label:
                markup.append((subvalue, *_option(subvalue, sublabel)))
            markup.append((None, "</optgroup>", ""))
        else:
            markup.append((value, *_option(value, label)))
    if len(_OPTIONS) >= _OPTIONS_MAX:
        _OPTIONS.clear()
    _OPTIONS[key] = markup
    return markup


def _option(value: str, label: str) -> tuple[str, str]:
    # Before and after where " selected" goes.
    return (
        f'<option value="{conditional_escape(value)}"',
        f">{conditional_escape(label)}</option>",
    )


class FastSelect(forms.Select):
    """The markup of Django's `Select` (one option selected, option groups, the widget's
    attributes), its options escaped once per list of choices (`_OPTIONS`)."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        # Widget's context (attributes, the value as a list of text), without the option
        # dictionaries ChoiceWidget would build.
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
        chosen = set(widget["value"])
        out = [f'<select name="{conditional_escape(name)}"{_attrs(widget["attrs"])}>']
        selected_one = False
        for option_value, before, after in _options_markup(_choices_key(self.choices)):
            if option_value is None:  # an optgroup's start or end
                out.append(before)
                continue
            selected = not selected_one and option_value in chosen
            selected_one |= selected
            out.append(before + (" selected" if selected else "") + after)
        out.append("</select>")
        return mark_safe("\n".join(out))  # every value above is escaped
