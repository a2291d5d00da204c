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


class FastSelect(forms.Select):
    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        out = [f'<select name="{conditional_escape(name)}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                out.append(format_html('<optgroup label="{}">', group_name))
            for option in options:
                out.append(
                    f'<option value="{conditional_escape(str(option["value"]))}"'
                    f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}</option>"
                )
            if group_name:
                out.append("</optgroup>")
        out.append("</select>")
        return mark_safe("\n".join(out))  # every value above is escaped
