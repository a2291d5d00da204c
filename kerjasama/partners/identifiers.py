"""Identifiers typed as printed: an NPWP as "01.234.567.8-701.000" (15 digits) or in 16 digits
(since 2024), an NIB in groups. The input takes the printed form; the digits are kept."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from kerjasama.core.exceptions import DomainError

# Room for the printed form with its separators ("0123.4567.8901.2345" and spaces).
IDENTIFIER_INPUT_LENGTH = 32
_SEPARATORS = re.compile(r"[\s.\-/]+")


def identifier_digits(text: str) -> str:
    """`text` without the spaces, dots, dashes and slashes of its printed form."""
    return _SEPARATORS.sub("", text or "")


def clean_nib(text: str) -> str:
    nib = identifier_digits(text)
    if nib and not (nib.isascii() and nib.isdigit() and len(nib) == 13):
        raise DomainError(_("An NIB has 13 digits."))
    return nib


def clean_npwp(text: str) -> str:
    npwp = identifier_digits(text)
    if npwp and not (npwp.isascii() and npwp.isdigit() and len(npwp) in (15, 16)):
        raise DomainError(_("An NPWP has 15 or 16 digits."))
    return npwp


def format_npwp(npwp: str) -> str:
    """The printed form of a stored NPWP: 15 digits as "01.234.567.8-701.000"; the 16-digit
    NPWP (since 2024, the NIK for a person) and anything else as it is."""
    if len(npwp) == 15 and npwp.isascii() and npwp.isdigit():
        return f"{npwp[:2]}.{npwp[2:5]}.{npwp[5:8]}.{npwp[8]}-{npwp[9:12]}.{npwp[12:]}"
    return npwp
