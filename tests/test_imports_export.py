"""Export of the registry in the register template (issue 11, item 8 and the export half of 9):
the file read back with openpyxl, the importer's reading of it, the filters and who sees what.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from kerjasama.agreements.enums import CooperationKind, DocumentKind, Stage
from kerjasama.imports import export
from kerjasama.imports import template as t
from kerjasama.imports.columns import IGNORE
from kerjasama.imports.reader import read_register
from kerjasama.imports.values import propose_stage
from tests.factories import (
    CooperationFactory,
    DocumentFactory,
    DocumentPartyFactory,
    ThirdPartyFactory,
)

# The template's headers, written out by hand (columns.py maps each to one field).
HEADERS_BY_HAND = [
    "Jenis Kerja Sama",
    "No. Registrasi",
    "Nomor Naskah",
    "Jenis Naskah",
    "Judul / Perihal",
    "Mitra Kerja Sama",
    "NIB Mitra",
    "NPWP Mitra",
    "Perangkat Daerah",
    "Bidang Urusan",
    "Tanggal Penandatanganan",
    "Tanggal Mulai",
    "Tanggal Berakhir",
    "Jangka Waktu (Bulan)",
    "Status",
    "Keterangan",
    "Nilai Kerja Sama (Rp)",
]


def _download(client, user, name: str, query: str = "") -> bytes:
    client.force_login(user)
    response = client.get(reverse(name) + query)
    assert response.status_code == 200, response
    return b"".join(response.streaming_content)


def _xlsx(client, user, query: str = ""):
    return _download(client, user, "register_export:xlsx", query)


def _titles(data: bytes, name: str = "r.xlsx") -> list[str]:
    read = read_register(data, name=name)
    return [row.values.get("title") for row in read.data_rows()]


@pytest.fixture
def ksdpk(world):
    """A KSDPK of Singkawang with a third party that has a 13-digit NIB and a 16-digit NPWP,
    its PKS numbered with leading zeros by Singkawang."""
    partner = ThirdPartyFactory(
        name="PT Air Bersih Singkawang", nib="0120000000001", npwp="0012345678901234"
    )
    case = CooperationFactory(
        kind=CooperationKind.KSDPK,
        ksdd_category="",
        title="Penyediaan air bersih",
        party_codes=("61.72",),
        created_by_tenant=world.singkawang,
    )
    from kerjasama.agreements.access import access_refresh
    from kerjasama.agreements.models import Party

    own = case.parties.get()
    Party.objects.create(cooperation=case, partner=partner, order=2)
    access_refresh(case)
    document = DocumentFactory(
        cooperation=case,
        kind=DocumentKind.PKS,
        title="PKS penyediaan air bersih",
        signed_on=dt.date(2023, 7, 17),
        start_date=dt.date(2023, 7, 17),
        end_date=dt.date(2028, 7, 16),
    )
    DocumentPartyFactory(document=document, party=own, number="007/PKS/2023")
    return case


@pytest.mark.django_db
def test_xlsx_headers_meta_dates_and_codes_read_back_with_openpyxl(client, world, ksdpk):
    data = _xlsx(client, world.sec_singkawang)
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook[t.DATA_SHEET]

    assert [cell.value for cell in sheet[1]] == HEADERS_BY_HAND
    meta = workbook[t.META_SHEET]
    assert meta.sheet_state == "hidden"
    facts = {row[0].value: row[1].value for row in meta.iter_rows()}
    assert facts["template_version"] == "1"
    assert facts["region_code"] == "61.72"
    assert facts["region"] == world.singkawang.region.name
    assert dt.datetime.fromisoformat(facts["exported_at"]).date() == dt.date.today()
    assert json.loads(facts["filters"]) == {}
    assert workbook.sheetnames[0] == t.DATA_SHEET  # the visible sheet comes first

    row = next(r for r in sheet.iter_rows(min_row=2) if r[4].value == "PKS penyediaan air bersih")
    by_header = dict(zip(HEADERS_BY_HAND, row, strict=True))
    signed = by_header["Tanggal Penandatanganan"]
    assert signed.is_date
    assert signed.value == dt.datetime(2023, 7, 17)
    assert signed.number_format == "DD/MM/YYYY"
    assert by_header["Jangka Waktu (Bulan)"].value == 60  # 17/07/2023–16/07/2028
    assert by_header["Jangka Waktu (Bulan)"].data_type == "n"
    number = by_header["Nomor Naskah"]
    assert (number.value, number.data_type) == ("007/PKS/2023", "s")
    assert (by_header["NIB Mitra"].value, by_header["NIB Mitra"].data_type) == (
        "0120000000001",
        "s",
    )
    assert (by_header["NPWP Mitra"].value, by_header["NPWP Mitra"].data_type) == (
        "0012345678901234",
        "s",
    )
    assert by_header["Nilai Kerja Sama (Rp)"].value is None  # no financing line
    # world.local's PKS: its case's financing line of Rp 1.250.000.000 as a number.
    pks = next(r for r in sheet.iter_rows(min_row=2) if r[4].value == "PKS pilar batas")
    amount = pks[HEADERS_BY_HAND.index("Nilai Kerja Sama (Rp)")]
    assert (amount.value, amount.data_type) == (1_250_000_000, "n")
    assert amount.number_format == '"Rp"\\ #,##0.00'
    assert by_header["Mitra Kerja Sama"].value == "PT Air Bersih Singkawang"
    assert by_header["Jenis Kerja Sama"].value == "KSDPK"
    assert by_header["Jenis Naskah"].value == "Perjanjian Kerja Sama"
    # A PKS registered as in force takes the case's stage on its own road (issue 7).
    assert by_header["Status"].value == "Berlaku"


@pytest.mark.django_db
def test_the_importer_maps_every_column_and_reads_the_values_exported(client, world, ksdpk):
    for name, file_name in (("register_export:xlsx", "r.xlsx"), ("register_export:csv", "r.csv")):
        read = read_register(_download(client, world.sec_singkawang, name), name=file_name)

        assert read.header_row == 1
        assert IGNORE not in read.mapping.values()
        assert list(read.mapping.values()) == [field.value for field in t.FIELDS]
        assert read.non_data_rows() == [read.rows[0]]  # the header, nothing else
        assert all(not row.issues for row in read.data_rows())
        row = next(r for r in read.data_rows() if r.values["title"] == "PKS penyediaan air bersih")
        assert row.values == {
            "cooperation_kind": "ksdpk",
            "document_number": "007/PKS/2023",
            "document_kind": "pks",
            "title": "PKS penyediaan air bersih",
            "partners": ["PT Air Bersih Singkawang"],
            "nib": "0120000000001",
            "npwp": "0012345678901234",
            "urusan": "1.03 Pekerjaan Umum dan Penataan Ruang",
            "signing_date": dt.date(2023, 7, 17),
            "start_date": dt.date(2023, 7, 17),
            "end_date": dt.date(2028, 7, 16),
            "duration": 60,
            "status": "Berlaku",
        }, file_name
        pks = next(r for r in read.data_rows() if r.values["title"] == "PKS pilar batas")
        assert pks.values["amount"] == Decimal("1250000000")
        # The status proposal maps the text back to the stage it was exported at.
        assert {s.text: s.stage for s in read.statuses}["Berlaku"] == Stage.IN_FORCE
        # A case without any agreement is one row of the case: the KB of Kalbar–Singkawang.
        kb_row = next(r for r in read.data_rows() if r.values["title"] == world.kb.title)
        assert kb_row.values["partners"] == ["Pemerintah Provinsi Kalimantan Barat"]
        assert "document_number" not in kb_row.values


def test_every_stage_exports_a_status_the_importer_maps_back_to_it():
    """Each stage's status text by hand: a few checked as written, all mapped back."""
    assert t.STATUS_TEXTS[Stage.KB_SIGNED] == "Kesepakatan Bersama ditandatangani"
    assert t.STATUS_TEXTS[Stage.AWAITING_DPRD] == "Menunggu persetujuan DPRD"
    assert set(t.STATUS_TEXTS) == set(Stage)
    for stage, text in t.STATUS_TEXTS.items():
        assert propose_stage(text) == stage, text


@pytest.mark.django_db
@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_formula_starts_are_escaped_and_read_back_unchanged(client, world, start):
    title = f'{start}HYPERLINK("http://x";"klik")'
    DocumentFactory(cooperation=world.local, kind=DocumentKind.KB, title=title)

    xlsx = _xlsx(client, world.sec_singkawang)
    sheet = load_workbook(io.BytesIO(xlsx))[t.DATA_SHEET]
    cell = next(row[4] for row in sheet.iter_rows(min_row=2) if row[4].value == title)
    assert cell.data_type == "s"  # a text cell, never a formula
    assert cell.quotePrefix is True
    assert title in _titles(xlsx)

    csv_bytes = _download(client, world.sec_singkawang, "register_export:csv")
    assert f"'{title}".replace('"', '""').encode() in csv_bytes
    assert title in _titles(csv_bytes, "r.csv")


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_each_formula_start_is_escaped_in_both_files_and_unescaped_by_the_reader(start):
    """Tab and CR too (the export strips text as the importer reads it, so only a value that
    starts with one after stripping would need it: tested on the writers directly)."""
    text = f"{start}cmd|' /C calc'!A0"
    values = {"cooperation_kind": "ksdd", "title": "Judul", "remarks": text, "status": "Berlaku"}
    row = export.ExportRow(1, None, values)

    assert export.csv_cells(values)[t.FIELDS.index("remarks")] == f"'{text}"
    out = io.BytesIO()
    export.write_xlsx([row], _meta(), out)
    cell = load_workbook(io.BytesIO(out.getvalue()))[t.DATA_SHEET]["P2"]
    assert (cell.value, cell.data_type) == (text, "s")
    assert t.csv_unescape(t.csv_escape(text)) == text
    # The importer reads back what it reads from the text itself (it strips spaces around it).
    for data, name in ((out.getvalue(), "r.xlsx"), (_csv_bytes([row]), "r.csv")):
        read = read_register(data, name=name)
        assert read.data_rows()[0].values["remarks"] == text.strip(), name


def test_an_apostrophe_before_a_formula_start_survives_the_escape():
    for text in ("'=A1", "''", "'abc", "'", "x'=y"):
        assert t.csv_unescape(t.csv_escape(text)) == text, text
    assert t.csv_escape("'abc") == "'abc"  # nothing to escape


@pytest.mark.django_db
def test_an_export_with_filters_has_exactly_the_rows_the_list_shows(client, world, ksdpk):
    other = CooperationFactory(
        title="Pengelolaan sampah regional", party_codes=("61.72", "61.07"), stage=Stage.OFFER
    )
    client.force_login(world.sec_singkawang)
    for query in (
        "?kind=ksdd",
        "?kind=ksdpk",
        "?stage=offer",
        "?q=sampah",
        f"?opd={world.pupr.pk}",
    ):
        listed = client.get(reverse("agreements:list") + query).context["page"].object_list
        expected = []
        for case in listed:
            documents = case.documents.filter(kind__in=t.ROW_KINDS).order_by("signed_on", "id")
            expected += [d.title for d in documents] or [case.title]
        titles = _titles(_xlsx(client, world.sec_singkawang, query))

        assert titles == expected, query
        assert (
            _titles(_download(client, world.sec_singkawang, "register_export:csv", query), "r.csv")
            == expected
        )
    assert _titles(_xlsx(client, world.sec_singkawang, "?stage=offer")) == [other.title]
    meta = load_workbook(io.BytesIO(_xlsx(client, world.sec_singkawang, "?stage=offer")))
    facts = {row[0].value: row[1].value for row in meta[t.META_SHEET].iter_rows()}
    assert json.loads(facts["filters"]) == {"stage": "offer"}


@pytest.mark.django_db
def test_an_opd_officer_exports_only_its_cases_and_other_regions_see_none(client, world, ksdpk):
    assert _titles(_xlsx(client, world.pupr_officer)) == ["PKS pilar batas"]
    # Pontianak is a party to none of them: the header alone.
    read = read_register(_xlsx(client, world.sec_pontianak), name="r.xlsx")
    assert read.data_rows() == []
    # Bengkayang reads world.local as a party: Singkawang is its partner there, and the
    # number of the PKS is Bengkayang's own (it has none).
    rows = read_register(_xlsx(client, world.sec_bengkayang), name="r.xlsx").data_rows()
    assert [(r.values["title"], r.values["partners"]) for r in rows] == [
        ("PKS pilar batas", ["Pemerintah Kota Singkawang"])
    ]
    assert "document_number" not in rows[0].values


@pytest.mark.django_db
def test_the_download_has_a_readable_file_name(client, world):
    client.force_login(world.sec_singkawang)
    response = client.get(reverse("register_export:xlsx"))
    today = dt.date.today().isoformat()
    assert (
        f'filename="Register-Kerja-Sama-Kota-Singkawang-{today}.xlsx"'
        in (response["Content-Disposition"])
    )
    response = client.get(reverse("register_export:csv"))
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbfJenis Kerja Sama;No. Registrasi;")


@pytest.mark.django_db
def test_the_registry_list_links_to_both_exports_with_its_filters(client, world):
    client.force_login(world.sec_singkawang)
    page = client.get(reverse("agreements:list") + "?kind=ksdd&cursor=abc").content.decode()
    assert f'href="{reverse("register_export:xlsx")}?kind=ksdd"' in page
    assert f'href="{reverse("register_export:csv")}?kind=ksdd"' in page
    assert "Ekspor:" in page


@pytest.mark.django_db
def test_the_command_writes_the_regions_registry(world, ksdpk, tmp_path):
    out = tmp_path / "singkawang.xlsx"
    stdout = io.StringIO()
    call_command("export_register", "--region", "61.72", str(out), stdout=stdout)

    titles = _titles(out.read_bytes())
    assert sorted(titles) == sorted(
        [world.kb.title, "PKS pilar batas", "PKS penyediaan air bersih"]
    )
    assert "3 row(s)" in stdout.getvalue()
    csv_out = tmp_path / "singkawang.csv"
    call_command("export_register", "--region", "61.72", str(csv_out), stdout=io.StringIO())
    assert sorted(_titles(csv_out.read_bytes(), "r.csv")) == sorted(titles)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--region", "99.99", "x.xlsx"], "No region has the Kemendagri code"),
        (["--region", "61.01", "x.xlsx"], "is not a tenant"),
        (["--region", "61.72", "x.pdf"], "ending in .xlsx or .csv"),
    ],
)
def test_the_command_refuses_clearly(world, tmp_path, args, message):
    folder = tmp_path / "out"
    folder.mkdir()
    args = [*args[:-1], str(folder / args[-1])]
    with pytest.raises(CommandError, match=message):
        call_command("export_register", *args, stdout=io.StringIO())
    assert not any(folder.iterdir())


def test_term_months_by_hand():
    assert export.term_months(dt.date(2023, 7, 17), dt.date(2028, 7, 16)) == 60
    assert export.term_months(dt.date(2023, 7, 17), dt.date(2028, 7, 17)) == 60
    assert export.term_months(dt.date(2024, 1, 31), dt.date(2024, 2, 29)) == 1
    assert export.term_months(dt.date(2023, 7, 17), dt.date(2023, 8, 3)) is None
    assert export.term_months(dt.date(2023, 7, 17), None) is None


def _meta() -> export.ExportMeta:
    return export.ExportMeta("61.72", "Kota Singkawang", "2026-12-07T10:00:00+07:00", {})


def _csv_bytes(rows) -> bytes:
    out = io.BytesIO()
    export.write_csv(rows, out)
    return out.getvalue()


def test_amounts_are_read_as_a_clerk_writes_them():
    """By hand: a dot before three digits groups thousands (Indonesian), a comma is the
    decimal sign; "Rp" and a closing ",-" are not part of the number; words are not guessed."""
    from kerjasama.imports.values import read_amount

    assert read_amount(1_250_000_000.0, "Q2").value == Decimal("1250000000")
    assert read_amount("Rp 1.250.000.000,00", "Q2").value == Decimal("1250000000")
    assert read_amount("Rp. 500.000,-", "Q2").value == Decimal("500000")
    assert read_amount("1250000,50", "Q2").value == Decimal("1250000.5")
    assert read_amount("1,250,000.50", "Q2").value == Decimal("1250000.5")
    unread = read_amount("satu juta", "Q2")
    assert unread.value is None
    assert [issue.code for issue in unread.issues] == ["amount_unreadable"]
    with translation.override("id"):
        assert unread.issues[0].message.startswith("Q2: “satu juta” tidak dapat dibaca")


def test_a_read_with_amounts_survives_its_storage_as_json():
    row = export.ExportRow(
        1, None, {"cooperation_kind": "ksdd", "title": "A", "amount": Decimal("10.50")}
    )
    out = io.BytesIO()
    export.write_xlsx([row], export.ExportMeta("61.72", "Kota Singkawang", "", {}), out)
    from kerjasama.imports.reader import RegisterRead

    read = read_register(out.getvalue(), name="r.xlsx")
    again = RegisterRead.from_dict(json.loads(json.dumps(read.as_dict())))
    assert again.data_rows()[0].values["amount"] == Decimal("10.50")


@pytest.mark.django_db
def test_the_export_has_every_page_of_the_list(client, world, ksdpk, settings):
    settings.KERJASAMA = {**settings.KERJASAMA, "PAGE_SIZE": 1}
    client.force_login(world.sec_singkawang)
    listed = client.get(reverse("agreements:list")).context["page"].object_list
    assert len(listed) == 1  # one case a page

    titles = _titles(_xlsx(client, world.sec_singkawang))

    assert sorted(titles) == sorted(
        [world.kb.title, "PKS pilar batas", "PKS penyediaan air bersih"]
    )


@pytest.mark.django_db
def test_a_number_of_digits_only_stays_text_with_its_leading_zeros(client, world):
    """A document number typed as digits only ("000123") is a text cell, never the number 123,
    in the XLSX; the CSV carries it as typed; the importer reads "000123" from both."""
    world.document.party_entries.update(number="000123")

    xlsx = _xlsx(client, world.sec_singkawang)
    sheet = load_workbook(io.BytesIO(xlsx))[t.DATA_SHEET]
    cell = next(row[2] for row in sheet.iter_rows(min_row=2) if row[4].value == "PKS pilar batas")
    assert (cell.value, cell.data_type) == ("000123", "s")
    csv_bytes = _download(client, world.sec_singkawang, "register_export:csv")
    for data, name in ((xlsx, "r.xlsx"), (csv_bytes, "r.csv")):
        rows = read_register(data, name=name).data_rows()
        row = next(r for r in rows if r.values["title"] == "PKS pilar batas")
        assert row.values["document_number"] == "000123", name
        assert row.issues == [], name
