"""Export → `read_register` is the identity on the values the importer reads (issue 11, item 8):
over generated registers (Hypothesis), and over the registry of a region in the database; XLSX
and CSV alike. Every value read equals the value exported, no row has an issue or a warning,
and the header is the only row that is not data.

What one cell cannot carry is left out of the generated partners, by the reader's own rule
(`values.split_partners`): a name that starts with a bullet ("- …"), holds a ";", is joined by
"dan"/"," of names that each start like a partner, or is numbered ("1. …") is read as another
list. Codes are generated as registers write them (with a "/" or letters); a code written like
a number in scientific notation ("1E5") is read as one Excel shortened, by design.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kerjasama.agreements.enums import CooperationKind, Stage
from kerjasama.imports import export
from kerjasama.imports import template as t
from kerjasama.imports.reader import read_register
from kerjasama.imports.table import RowKind
from kerjasama.imports.values import propose_stage, split_partners

# Text as a title or a remark may hold it: any letter, mark, number, symbol or space of any
# script, no control character other than a line break; a formula start in front at times.
_CHARS = st.characters(
    blacklist_categories=("Cs", "Cc", "Cn"), blacklist_characters="\ufeff"
) | st.sampled_from("\n")
_TEXT = st.builds(
    lambda start, body: (start + body).strip(),
    st.sampled_from(["", "", "=", "-", "+", "@", "'=", "'"]),
    st.text(_CHARS, min_size=1, max_size=60),
).filter(bool)
_LINE = _TEXT.map(lambda text: " ".join(text.split())).filter(bool)
_CODE = st.from_regex(r"\A[0-9A-Za-z]{1,6}/[0-9A-Za-z.\-]{1,8}(/[0-9]{4})?\Z")
_DIGITS = st.sampled_from([13, 15, 16]).flatmap(
    lambda size: st.text("0123456789", min_size=size, max_size=size)
)
_DATE = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31))
_PARTNER = st.one_of(
    _LINE,
    st.sampled_from(
        [
            "Pemerintah Kabupaten Bengkayang",
            "PT Air Minum Gunung Poteng (Perseroda)",
            "Universitas Tanjungpura",
            "Kota Pontianak",
            "Dinas Kebersihan dan Pertamanan",
        ]
    ),
)
_PARTNERS = st.lists(_PARTNER, min_size=1, max_size=4).filter(
    lambda names: split_partners("\n".join(names)) == names
)
_URUSAN = st.lists(
    st.sampled_from(
        ["1.03 Pekerjaan Umum dan Penataan Ruang", "2.17 Pariwisata", "1.02 Kesehatan"]
    ),
    min_size=1,
    max_size=3,
    unique=True,
).map("\n".join)


@st.composite
def _row(draw: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "cooperation_kind": draw(st.sampled_from(list(CooperationKind))).value,
        "title": draw(_TEXT),
        "partners": draw(_PARTNERS),
        "status": draw(st.sampled_from(list(t.STATUS_TEXTS.values()))),
    }
    optional = {
        "register_number": _CODE,
        "document_number": _CODE,
        "document_kind": st.sampled_from(t.ROW_KINDS).map(str),
        "nib": _DIGITS,
        "npwp": st.lists(_DIGITS, min_size=1, max_size=2).map("\n".join),
        "opd": _LINE,
        "urusan": _URUSAN,
        "signing_date": _DATE,
        "start_date": _DATE,
        "end_date": _DATE,
        "duration": st.integers(min_value=1, max_value=600),
        "remarks": _TEXT,
        "amount": st.decimals(
            min_value=0, max_value=10**12, places=2, allow_nan=False, allow_infinity=False
        ),
    }
    for name, strategy in optional.items():
        if draw(st.booleans()):
            values[name] = draw(strategy)
    return values


def _files(rows: list[dict[str, Any]]) -> list[tuple[bytes, str]]:
    exported = [export.ExportRow(number, None, values) for number, values in enumerate(rows)]
    xlsx = io.BytesIO()
    export.write_xlsx(
        exported,
        export.ExportMeta("61.72", "Kota Singkawang", "2026-12-07T10:00:00+07:00", {}),
        xlsx,
    )
    csv = io.BytesIO()
    export.write_csv(exported, csv)
    return [(xlsx.getvalue(), "register.xlsx"), (csv.getvalue(), "register.csv")]


def _assert_identity(data: bytes, name: str, rows: list[dict[str, Any]]) -> None:
    read = read_register(data, name=name)
    assert read.header_row == 1, name
    assert [row.kind for row in read.rows] == [RowKind.HEADER] + [RowKind.DATA] * len(rows), name
    for row, values in zip(read.data_rows(), rows, strict=True):
        assert row.issues == [], (name, [issue.message for issue in row.issues])
        assert row.values == values, name
    for status in read.statuses:
        assert status.stage is not None
        assert propose_stage(status.text) == status.stage


@settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_row(), min_size=1, max_size=6))
def test_export_then_read_is_the_identity_on_generated_registers(rows):
    for data, name in _files(rows):
        _assert_identity(data, name, rows)


def test_the_identity_by_hand_on_the_awkward_values():
    rows = [
        {
            "cooperation_kind": "ksdpk",
            "title": "=SUM(A1:A3)",
            "partners": ["PT Maju; Jaya"[:7], "Kabupaten Sambas"],
            "status": "Telah berakhir",
            "register_number": "001/REG",
            "document_number": "0007/PKS/2023",
            "document_kind": "addendum",
            "nib": "0120000000001",
            "npwp": "0012345678901234",
            "opd": "-Dinas PUPR",
            "signing_date": dt.date(2023, 7, 17),
            "duration": 18,
            "remarks": "@baris satu\nbaris dua\r\nbaris tiga",
            "amount": Decimal("1250000000.50"),
        },
        {
            "cooperation_kind": "sinergi",
            "title": "'",
            "partners": ["Kota Pontianak"],
            "status": "Usulan",
        },
    ]
    for data, name in _files(rows):
        _assert_identity(data, name, rows)


@pytest.mark.django_db
def test_the_registry_of_a_region_reads_back_as_exported(world, tmp_path):
    """The database's registry (every case of Singkawang: without agreements, with a PKS):
    what `register_rows` exports is what the importer reads, in both files."""
    from tests.factories import DocumentFactory, DocumentPartyFactory

    addendum = DocumentFactory(
        cooperation=world.local,
        kind="addendum",
        parent=world.document,
        title="+Adendum I: jangka waktu",
        start_date=dt.date(2021, 1, 14),
        end_date=dt.date(2027, 1, 13),
    )
    DocumentPartyFactory(document=addendum, party=world.local_party, number="0180/22/PEM")
    world.local.stage = Stage.PKS_SIGNED
    world.local.save()
    from kerjasama.accounts.models import Tenant
    from kerjasama.agreements.models import Cooperation

    cases = Cooperation.objects.filter(parties__partner__region=world.singkawang.region).order_by(
        "pk"
    )
    rows = [row.values for row in export.register_rows(cases, world.singkawang)]
    assert len(rows) == 3  # the KB case alone, the PKS, its addendum
    assert {row["status"] for row in rows} >= {"Perjanjian Kerja Sama ditandatangani"}
    for kind in ("xlsx", "csv"):
        out, count = export.export_to_file(cases, Tenant.objects.get(pk=world.singkawang.pk), kind)
        assert count == 3
        _assert_identity(out.read(), f"register.{kind}", rows)
