""" "Jangka Waktu" in an imported register (issue 11 item 4; §8.1 `jangka_waktu_bulan`): the
term gives the end of a document whose end date is empty; a term that does not fit the dates is
a warning naming both cells; a term without a start date is kept as a warning. The expected
dates are stated by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from kerjasama.agreements.models import Document
from kerjasama.imports import services
from kerjasama.imports.models import Outcome, RunState
from tests.test_imports_corpus import HEADER, row, workbook

pytestmark = pytest.mark.django_db


def _preview(world, **cells):
    base = {
        "B": "REG/77/2023",
        "C": "77/KB/2023",
        "D": "Kesepakatan Bersama",
        "E": "Penyediaan air bersih di perbatasan",
        "F": "Kabupaten Bengkayang",
        "I": "1.03",
        "K": "17/07/2023",
        "O": "Berlaku",
    }
    data = workbook([HEADER, row(**{**base, **cells})])
    run = services.run_create(
        actor=world.sec_singkawang, tenant=world.singkawang, data=data, name="register.xlsx"
    )
    run = services.run_read(run)
    assert run.state == RunState.PREVIEWED, run.error
    return run, run.rows.get(number=2)


def _codes(row):
    return [reason["code"] for reason in row.reasons]


def test_law_a_term_without_an_end_date_gives_the_end_of_the_term(world):
    """§8.1 `jangka_waktu_bulan`: a term of 5 years ("5 (lima) tahun") from 17 Juli 2023 ends
    on 16 Juli 2028 (the day before the same date five years later)."""
    run, row = _preview(world, L=dt.date(2023, 7, 17), N="5 (lima) tahun")
    assert row.outcome == Outcome.NEW, row.reasons
    assert _codes(row) == []
    run = services.run_commit(actor=world.sec_singkawang, run=run)
    assert run.state == RunState.COMMITTED, run.error
    document = Document.objects.get(party_entries__number="77/KB/2023")
    assert document.start_date == dt.date(2023, 7, 17)
    assert document.end_date == dt.date(2028, 7, 16)


def test_law_a_term_in_months_gives_the_end_too(world):
    """§8.1: 18 months ("18 bulan") from 1 Februari 2024 end on 31 Juli 2025."""
    run, row = _preview(world, L="01/02/2024", N="18 bulan")
    assert row.outcome == Outcome.NEW, row.reasons
    services.run_commit(actor=world.sec_singkawang, run=run)
    document = Document.objects.get(party_entries__number="77/KB/2023")
    assert document.end_date == dt.date(2025, 7, 31)


def test_law_a_term_that_does_not_fit_the_dates_is_a_warning_naming_both_cells(world):
    """§8.1: 17 Juli 2023 – 16 Juli 2028 is five years, not three: the row stays new (a warning,
    not invalid), the reason names the term's cell (N2) and the end date's (M2), and the end
    date written is the register's."""
    run, row = _preview(world, L=dt.date(2023, 7, 17), M=dt.date(2028, 7, 16), N="3 tahun")
    assert row.outcome == Outcome.NEW
    assert _codes(row) == ["duration_differs"]
    text = services.reason_text(row.reasons[0])
    assert "N2" in text
    assert "M2" in text
    assert "36" in text
    run = services.run_commit(actor=world.sec_singkawang, run=run)
    assert run.state == RunState.COMMITTED, run.error
    document = Document.objects.get(party_entries__number="77/KB/2023")
    assert document.end_date == dt.date(2028, 7, 16)


@pytest.mark.parametrize("end", [dt.date(2028, 7, 16), dt.date(2028, 7, 17)])
def test_a_term_that_fits_the_dates_says_nothing(world, end):
    """Five years from 17 Juli 2023: ending on 16 or on 17 Juli 2028 (both ways of counting)."""
    _run, row = _preview(world, L=dt.date(2023, 7, 17), M=end, N="5 tahun")
    assert row.outcome == Outcome.NEW
    assert _codes(row) == []


def test_a_term_without_a_start_date_is_kept_as_a_warning(world):
    """ "Jangka Waktu tanpa Tanggal Mulai": the term alone dates nothing; the row is new with a
    warning naming the term's cell and the start date's, and no end of term is invented."""
    run, row = _preview(world, N="5 (lima) tahun")
    assert row.outcome == Outcome.NEW
    assert _codes(row) == ["duration_without_start"]
    text = services.reason_text(row.reasons[0])
    assert "N2" in text
    assert "L2" in text
    services.run_commit(actor=world.sec_singkawang, run=run)
    document = Document.objects.get(party_entries__number="77/KB/2023")
    assert document.end_date is None
    assert document.start_date is None
