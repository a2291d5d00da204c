"""Free text as people type it: neutralised and bounded in one place.

Every character field and text field of our models is cleaned by `clean_instance_text`, which a
`pre_save` receiver (connected in `core.apps`) runs before *every* save — by a service, the
admin, a command or the coming API — so no write path can forget it:

- Bidirectional control characters are removed, also from the strings inside JSON fields (the
  audit trail and the transitions copy reasons and references people typed). An embedding,
  override or isolate (U+202A–U+202E, U+2066–U+2069) reorders what follows it, so that
  "Laporan<U+202E>fdp.exe" shows as "Laporanexe.pdf" ("Trojan Source", CVE-2021-42574); the
  marks U+200E, U+200F and U+061C are invisible and let two identical-looking titles differ.
  Our texts are Indonesian and English, and names in right-to-left scripts display correctly by
  the Unicode bidi algorithm without them.
- C0 control characters other than tab, line feed and carriage return are removed (NUL cannot be
  stored by PostgreSQL at all).
- A `TextField` with a `max_length` is refused when longer: Django enforces that bound in forms
  only, and the database does not enforce it at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models

# Bounds of free text (characters), used by the models and the forms that are not ModelForms.
TEXT_LONG = 10_000  # a narrative: background, scope, a summary, a finding (≈ 4 printed pages)
TEXT_REASON = 2_000  # a reason or a follow-up note
TEXT_ADDRESS = 500

_UNSAFE = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\x00-\x08\x0b\x0c\x0e-\x1f]")


def neutralise(text: str) -> str:
    """`text` without bidirectional controls and C0 control characters (tab and newlines stay)."""
    return _UNSAFE.sub("", text)


def _neutralise_json(value: Any) -> Any:
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, list | tuple):
        return [_neutralise_json(item) for item in value]
    if isinstance(value, dict):
        return {_neutralise_json(k): _neutralise_json(v) for k, v in value.items()}
    return value


def clean_instance_text(instance: models.Model, update_fields: Iterable[str] | None = None) -> None:
    """Neutralise every text of `instance` in place; refuse a text field over its bound. With
    `update_fields`, only those (a row stored before the bound can still be saved otherwise)."""
    errors: dict[str, Any] = {}
    names = set(update_fields) if update_fields is not None else None
    for field in instance._meta.concrete_fields:
        if names is not None and field.name not in names and field.attname not in names:
            continue
        if isinstance(field, models.JSONField):
            # Facts and audit data copy what people typed (a reason, a reference).
            value = getattr(instance, field.attname)
            if value is not None:
                setattr(instance, field.attname, _neutralise_json(value))
            continue
        if not isinstance(field, models.CharField | models.TextField):
            continue
        value = getattr(instance, field.attname)
        if not isinstance(value, str):
            continue
        cleaned = neutralise(value)
        if cleaned != value:
            setattr(instance, field.attname, cleaned)
        if isinstance(field, models.TextField) and field.max_length:
            try:
                MaxLengthValidator(field.max_length)(cleaned)
            except ValidationError as error:
                errors[field.name] = error.error_list
    if errors:
        raise ValidationError(errors)


def on_pre_save(
    sender: type[models.Model],
    instance: models.Model,
    raw: bool = False,
    update_fields: Iterable[str] | None = None,
    **kwargs: Any,
) -> None:
    if not raw and sender.__module__.startswith("kerjasama."):
        clean_instance_text(instance, update_fields)
