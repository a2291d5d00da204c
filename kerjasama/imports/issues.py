"""What the importer says about a file or a cell: a code, the cell, the facts — and the message
rendered from them in the reader's language when it is shown (issue 11).

A read runs in a background task later, in no one's language; an `Issue` therefore stores its
code and parameters (plain, serialisable) and `message` renders them with the active
language, so "F12: tanggal “31 Juni 2023” tidak ada" reads "F12: the date “31 Juni 2023” does
not exist" to an English reader of the same stored read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kerjasama.agreements.enums import DocumentKind
from kerjasama.core.exceptions import DomainError

ERROR = "error"  # the cell's value cannot be read: the field stays empty
WARNING = "warning"  # read (or left empty on purpose), but a person should look

# code → (severity, message). Every message of a cell starts with the cell ("F12: …").
MESSAGES: dict[str, tuple[str, Promise]] = {
    # Any cell.
    "excel_error": (
        ERROR,
        _(
            "%(cell)s: the cell shows Excel's error “%(text)s” (a formula that failed); type the "
            "value itself"
        ),
    ),
    # Dates.
    "date_not_exist": (ERROR, _("%(cell)s: the date “%(text)s” does not exist")),
    "date_unreadable": (
        ERROR,
        _("%(cell)s: “%(text)s” cannot be read as a date (write e.g. 17/07/2023 or 17 Juli 2023)"),
    ),
    "date_is_number": (
        ERROR,
        _(
            "%(cell)s: “%(text)s” is a number, not a date; give the cell a date format or type "
            "the date"
        ),
    ),
    "date_weekday": (
        WARNING,
        _("%(cell)s: %(date)s is not a %(weekday)s; the date was read, the day name ignored"),
    ),
    "date_time_kept_day": (WARNING, _("%(cell)s: the time of day in “%(text)s” was ignored")),
    # Document types.
    "kind_unknown": (ERROR, _("%(cell)s: “%(text)s” is not a known type of document")),
    "kind_ambiguous": (
        ERROR,
        _("%(cell)s: “%(text)s” names more than one type of document; keep one"),
    ),
    "kind_typo": (WARNING, _("%(cell)s: “%(text)s” was read as %(kind)s (spelling?)")),
    "kind_mou": (
        WARNING,
        _(
            "%(cell)s: “%(text)s” was read as Kesepakatan Bersama; with a foreign partner it is "
            "the cooperation text (naskah kerja sama)"
        ),
    ),
    # Types of cooperation.
    "cooperation_unknown": (
        ERROR,
        _(
            "%(cell)s: “%(text)s” is not a known type of cooperation (KSDD, KSDPK, KSDPL, "
            "KSDLL, sinergi)"
        ),
    ),
    "cooperation_ambiguous": (
        ERROR,
        _("%(cell)s: “%(text)s” names more than one type of cooperation; keep one"),
    ),
    # Durations.
    "duration_unreadable": (
        ERROR,
        _("%(cell)s: “%(text)s” cannot be read as a term (write e.g. 5 (lima) tahun or 6 bulan)"),
    ),
    "duration_no_unit": (
        ERROR,
        _(
            "%(cell)s: “%(text)s” has no unit; write “%(text)s tahun” or “%(text)s bulan”, or "
            "name the unit in the column's header"
        ),
    ),
    "duration_conflict": (
        ERROR,
        _("%(cell)s: “%(text)s” says two different numbers in digits and in words"),
    ),
    "duration_days": (
        ERROR,
        _("%(cell)s: “%(text)s” is not a whole number of months; give the start and end dates"),
    ),
    # Codes and numbers.
    "number_precision_lost": (
        WARNING,
        _(
            "%(cell)s: a number of 16 digits or more has already been rounded by Excel; type it "
            "again as text"
        ),
    ),
    "number_scientific": (
        WARNING,
        _(
            "%(cell)s: “%(text)s” is a number Excel has shortened (scientific notation); type "
            "it again as text"
        ),
    ),
    "amount_unreadable": (
        ERROR,
        _("%(cell)s: “%(text)s” cannot be read as an amount in Rupiah (write e.g. 1.250.000,00)"),
    ),
    "number_leading_zero": (
        WARNING,
        _(
            "%(cell)s: %(text)s was typed as a number and has %(digits)s digits instead of "
            "%(expected)s; a leading zero may be lost: type it again as text"
        ),
    ),
}


@dataclass(frozen=True, slots=True)
class Issue:
    """A finding about one cell (or the file when `cell` is empty)."""

    code: str
    cell: str = ""
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def severity(self) -> str:
        return MESSAGES[self.code][0]

    @property
    def message(self) -> str:
        params = {"cell": self.cell, **self.params}
        if "kind" in params:
            params["kind"] = DocumentKind(params["kind"]).label
        return str(MESSAGES[self.code][1]) % params

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "cell": self.cell, "params": dict(self.params)}


class FileRefused(DomainError):
    """The file cannot be read as a register; `code` names why (for logs and tests)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message, code=code)
        self.refusal = code
