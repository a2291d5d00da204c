"""A region's pattern of letter numbers, e.g. `{kode}/{nomor}/{unit}/{tahun}` → 005/12/KS-Pem/2021.

The counter itself (per region and year, taken under a row lock) lives with the region
(`accounts.services.letter_number_take`); this module only checks and fills the pattern.
"""

from __future__ import annotations

import re
import string

from django.utils.translation import gettext as _

from kerjasama.core.exceptions import DomainError

DEFAULT_PATTERN = "{kode}/{nomor}/{unit}/{tahun}"
# Placeholders a pattern may use: the classification code of the letter (kode klasifikasi
# arsip, given per letter), the running number, the region's unit code, the year, and the month
# in Roman numerals (some regions write it: 005/12/KS-Pem/I/2021).
PLACEHOLDERS = ("kode", "nomor", "unit", "tahun", "bulan")
REQUIRED = ("nomor", "tahun")
ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
MAX_LENGTH = 100


def pattern_check(pattern: str) -> None:
    """Refuse a pattern that cannot make a number, with a message for the secretariat."""
    example = _("Example: {kode}/{nomor}/{unit}/{tahun}.")
    if not pattern.strip():
        raise DomainError(_("Write the pattern of the letter numbers.") + " " + example)
    if len(pattern) > MAX_LENGTH:
        raise DomainError(
            _("The pattern is too long (at most %(limit)s characters).") % {"limit": MAX_LENGTH}
        )
    try:
        parsed = [
            (name, spec, conv)
            for _text, name, spec, conv in string.Formatter().parse(pattern)
            if name is not None
        ]
    except ValueError:
        raise DomainError(
            _("Each placeholder of the pattern is a word between { and }, e.g. {nomor}.")
            + " "
            + example
        ) from None
    fields = [name for name, _spec, _conv in parsed]
    unknown = sorted({name for name in fields if name not in PLACEHOLDERS})
    if unknown or any(spec or conv for _name, spec, conv in parsed):
        raise DomainError(
            _("Unknown placeholder in the pattern: %(names)s. Use only %(allowed)s.")
            % {
                "names": ", ".join("{" + n + "}" for n in unknown) or "{…:…}",
                "allowed": ", ".join("{" + n + "}" for n in PLACEHOLDERS),
            }
        )
    if any(name not in fields for name in REQUIRED):
        raise DomainError(
            _(
                "The pattern must contain {nomor} and {tahun}: the running number restarts "
                "every year, so a number without both would repeat."
            )
        )


# Kode klasifikasi arsip ({kode}) of the letters a TKKSD meeting makes, per kind, as a region
# setting (`Tenant.letter_code_*`). ❓ Configurable defaults: KERJASAMA_DAERAH.md gives no
# classification code, and each region numbers by its own classification (the Permendagri on
# kode klasifikasi arsip, and the region's own regulation on it). The undangan's "005" is the
# "Undangan" code of that classification as the regions write it (005/…); the other papers
# default to "000", the class "Umum" (general), until the secretariat sets its own code (the
# region's letter settings).
DEFAULT_CODE_INVITATION = "005"
DEFAULT_CODE_GENERAL = "000"
CODE_PATTERN = r"^[0-9A-Za-z.\-]*$"


def pattern_validator(value: str) -> None:
    """`pattern_check` as a model field's validator (the admin's form runs it too)."""
    pattern_check(value)


def number_format(pattern: str, *, number: int, year: int, month: int, code: str, unit: str) -> str:
    """Fill a checked pattern. Empty parts (no code, no unit) leave no doubled separators."""
    text = pattern.format(
        kode=code.strip(),
        nomor=str(number),
        unit=unit.strip(),
        tahun=str(year),
        bulan=ROMAN_MONTHS[month - 1],
    )
    # "/12//2021" (no unit) reads as a mistake: squeeze separators left by empty parts.
    text = re.sub(r"([/.\-])\1+", r"\1", text)
    return text.strip("/.- ")
