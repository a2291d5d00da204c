"""Bad files get a clear Indonesian message, and the big ones are refused before anything is
parsed, with bounded memory (issue 11, item 1)."""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook

from kerjasama.imports.files import CSV, XLSX, check_file, decode_text, sniff_delimiter
from kerjasama.imports.issues import FileRefused
from kerjasama.imports.reader import read_register

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def xlsx(rows) -> bytes:
    book = Workbook()
    for cells in rows:
        book.active.append(list(cells))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def refused(data: bytes, name: str = "register.xlsx") -> FileRefused:
    with pytest.raises(FileRefused) as caught:
        check_file(data, name=name)
    return caught.value


def test_a_real_workbook_is_accepted_with_its_sheets():
    checked = check_file(xlsx([["Nomor Naskah", "Judul"], ["1/2023", "Air bersih"]]), name="r.xlsx")

    assert checked.kind == XLSX
    assert [(s.name, s.declared_rows, s.visible) for s in checked.sheets] == [("Sheet", 2, True)]
    assert len(checked.sha256) == 64


def test_a_word_document_renamed_xlsx_is_refused_naming_what_it_is():
    error = refused(docx())

    assert error.refusal == "wrong_kind"
    assert str(error) == (
        "Berkas ini adalah dokumen Word (.docx), bukan buku kerja Excel (.xlsx) atau berkas "
        "CSV, apa pun namanya. Buka berkas itu lalu simpan sebagai buku kerja Excel (.xlsx)."
    )


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"%PDF-1.7\n1 0 obj\n", "dokumen PDF"),
        (
            OLE + b"\x00" * 100 + "Workbook".encode("utf-16-le"),
            "buku kerja Excel 97-2003 lama (.xls)",
        ),
        (b"Daftar kerja sama tahun 2023\nDisusun oleh Bagian Kerja Sama\n", "berkas teks"),
        (b"<html><body><table><tr><td>1</td></tr></table></body></html>", "halaman web (HTML)"),
        (b"\x00\x01\x02\x03binary", "berkas yang jenisnya tidak dikenal"),
    ],
)
def test_other_kinds_of_file_renamed_xlsx_are_refused_naming_what_they_are(data, what):
    error = refused(data)

    assert error.refusal == "wrong_kind"
    assert str(error).startswith(f"Berkas ini adalah {what}, bukan buku kerja Excel")


def test_a_csv_file_saved_under_an_xlsx_name_is_read_as_csv():
    """The content decides, not the name (the walk found a CSV named .xlsx refused with a
    message that called it a CSV file and refused it for not being one)."""
    checked = check_file(b"No;Nomor Naskah;Judul\n1;1/2023;Air bersih\n", name="register.xlsx")

    assert checked.kind == CSV
    assert checked.delimiter == ";"


def test_an_encrypted_workbook_is_recognised_by_its_ole_signature():
    # Excel writes a workbook saved with a password as an OLE compound file whose streams
    # are EncryptionInfo and EncryptedPackage (names in UTF-16).
    data = OLE + b"\x00" * 504 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 64

    error = refused(data)

    assert error.refusal == "encrypted"
    assert "dilindungi kata sandi" in str(error)
    assert "simpan tanpa kata sandi" in str(error)
    # The OLE header alone is enough.
    assert refused(OLE + b"\x00" * 504).refusal == "encrypted"


def test_a_zip_bomb_is_refused_from_its_directory_before_anything_is_inflated():
    # A member of 400 MB of zeros packs to about 400 KB; nothing of it is ever inflated.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"\x00" * (4 * 1024 * 1024)
            for _ in range(100):
                member.write(chunk)
    data = buffer.getvalue()
    assert len(data) < 1024 * 1024

    tracemalloc.start()
    started = time.perf_counter()
    error = refused(data)
    elapsed = time.perf_counter() - started
    _size, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert error.refusal == "zip_bomb"
    assert "bom zip" in str(error)
    assert peak < 10 * 1024 * 1024
    assert elapsed < 5  # milliseconds when idle; room for a loaded CI machine


def test_a_bomb_within_the_total_but_packed_too_well_is_refused(settings):
    settings.KERJASAMA_IMPORT = {**settings.KERJASAMA_IMPORT, "MAX_RATIO": 100}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (20 * 1024 * 1024))

    assert refused(buffer.getvalue()).refusal == "zip_bomb"


def _sheet_xml(
    rows: int, *, dimension: bool = True, garbage_after_dimension: bool = False
) -> bytes:
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + (f'<dimension ref="A1:C{rows}"/>' if dimension else "")
    )
    if garbage_after_dimension:
        return (head + "<sheetData><row <<< not xml").encode()
    body = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>{"Nomor Naskah" if n == 1 else n}</t></is></c>'
        f'<c r="B{n}" t="inlineStr"><is><t>{"Judul" if n == 1 else "Air bersih"}</t></is></c>'
        f'<c r="C{n}" t="inlineStr"><is><t>{"Mitra Kerja Sama" if n == 1 else "Kota X"}</t></is></c></row>'
        for n in range(1, rows + 1)
    )
    return (head + f"<sheetData>{body}</sheetData></worksheet>").encode()


def _workbook_with_sheet(sheet_xml: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        archive.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="Register" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>",
        )
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return buffer.getvalue()


def test_a_sheet_of_100000_rows_is_refused_from_its_declared_size_before_parsing():
    data = _workbook_with_sheet(_sheet_xml(100_001))

    tracemalloc.start()
    started = time.perf_counter()
    error = refused(data)
    elapsed = time.perf_counter() - started
    _size, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert error.refusal == "too_many_rows"
    assert str(error) == (
        "Lembar ini memiliki 100.001 baris; paling banyak 20.000 baris dapat diimpor sekaligus. "
        "Pecah buku register menjadi beberapa berkas (mis. satu per tahun)."
    )
    assert elapsed < 5  # milliseconds when idle; room for a loaded CI machine
    assert peak < 3 * len(data) + 2 * 1024 * 1024


def test_the_declared_size_alone_refuses_the_sheet_so_its_cells_are_never_parsed():
    # After <dimension> the part is not even XML: a parse would fail as "damaged".
    data = _workbook_with_sheet(_sheet_xml(100_001, garbage_after_dimension=True))

    assert refused(data).refusal == "too_many_rows"


def test_a_sheet_without_a_declared_size_is_refused_while_its_rows_stream(settings):
    settings.KERJASAMA_IMPORT = {**settings.KERJASAMA_IMPORT, "MAX_ROWS": 50}
    data = _workbook_with_sheet(_sheet_xml(60, dimension=False))

    with pytest.raises(FileRefused) as caught:
        read_register(data, name="register.xlsx")

    assert caught.value.refusal == "too_many_rows"
    assert str(caught.value) == (
        "Lembar ini memiliki lebih dari 50 baris data, jumlah terbanyak yang dapat diimpor "
        "sekaligus. Pecah buku register menjadi beberapa berkas (mis. satu per tahun)."
    )


def test_a_csv_of_100000_rows_is_refused_before_a_row_is_parsed():
    data = b"Nomor Naskah;Judul;Mitra\n" + b"1/2023;Air bersih;Kota X\n" * 100_000

    error = refused(data, "register.csv")

    assert error.refusal == "too_many_rows"
    assert "100.002 baris" in str(error)


def test_a_sheet_without_a_header_gets_a_message_naming_the_sheets():
    data = xlsx([["Catatan rapat"], ["Senin", "hadir"], [1, 2, 3]])

    with pytest.raises(FileRefused) as caught:
        read_register(data, name="register.xlsx")

    assert caught.value.refusal == "no_header"
    assert str(caught.value).startswith(
        "Baris judul kolom register tidak ditemukan dalam 30 baris pertama lembar mana pun (Sheet)."
    )


def test_a_workbook_with_nothing_in_it_is_called_empty():
    """The walk of issue 11: an empty workbook was told it had no header row."""
    with pytest.raises(FileRefused) as caught:
        read_register(xlsx([]), name="kosong.xlsx")

    assert caught.value.refusal == "empty"
    assert str(caught.value).startswith(
        "Buku kerja ini kosong: tidak ada lembar (Sheet) yang berisi apa pun dalam 30 baris "
        "pertamanya."
    )


def test_a_file_over_the_size_limit_and_an_empty_file(settings):
    settings.KERJASAMA_IMPORT = {**settings.KERJASAMA_IMPORT, "MAX_BYTES": 1000}

    assert refused(b"x" * 1001).refusal == "too_large"
    assert refused(b"").refusal == "empty"


def test_a_damaged_workbook():
    data = xlsx([["Nomor Naskah"]])

    assert refused(data[: len(data) // 2]).refusal == "damaged"


def test_csv_encodings_and_separators():
    assert decode_text("Café".encode("cp1252")) == ("Café", "cp1252")
    assert decode_text(b"\xef\xbb\xbfCaf\xc3\xa9") == ("Café", "utf-8-sig")
    assert decode_text("Café".encode()) == ("Café", "utf-8")
    assert sniff_delimiter("a;b;c\n1;2,5;3\n") == ";"
    assert sniff_delimiter('a,b,c\n1,"2;5",3\n') == ","
    checked = check_file(b"Nomor Naskah;Judul\n1/2023;Air\n", name="r.csv")
    assert (checked.kind, checked.encoding, checked.delimiter) == (CSV, "utf-8", ";")
    # Excel's "Unicode Text": UTF-16 with its byte-order mark, tab-separated.
    unicode_text = "Nomor Naskah\tJudul\tMitra\n1/2023\tCafé\tKota X\n".encode("utf-16")
    checked = check_file(unicode_text, name="r.csv")
    assert (checked.encoding, checked.delimiter) == ("utf-16", "\t")
    assert read_register(checked).row(2).values == {
        "document_number": "1/2023",
        "title": "Café",
        "partners": ["Kota X"],
    }


def test_an_upload_object_and_a_path_are_read_too(tmp_path):
    data = xlsx([["Nomor Naskah", "Judul", "Mitra"], ["1/2023", "Air bersih", "Kota X"]])
    path = tmp_path / "register.xlsx"
    path.write_bytes(data)

    assert check_file(path).name == "register.xlsx"
    upload = io.BytesIO(data)
    upload.name = "upload.xlsx"
    assert check_file(upload).name == "upload.xlsx"
    assert read_register(path).row(2).values["title"] == "Air bersih"


def test_a_sheet_that_is_not_xml_is_refused_as_damaged_not_a_crash():
    data = _workbook_with_sheet(_sheet_xml(10, garbage_after_dimension=True))

    with pytest.raises(FileRefused) as caught:
        read_register(data, name="register.xlsx")

    assert caught.value.refusal == "damaged"
    assert str(caught.value) == (
        "Buku kerja ini rusak dan tidak dapat dibaca. Buka di Excel lalu simpan ulang."
    )


def test_entity_expansion_in_a_sheet_is_refused_with_bounded_memory():
    # "Billion laughs": ten levels of ten references would expand to 10^10 "lol"s.
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )
    sheet = (
        f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<dimension ref="A1:C2"/><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Nomor Naskah</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Judul</t></is></c>'
        '<c r="C1" t="inlineStr"><is><t>Mitra</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        "</sheetData></worksheet>"
    ).encode()
    data = _workbook_with_sheet(sheet)

    tracemalloc.start()
    with pytest.raises(FileRefused) as caught:
        read_register(data, name="register.xlsx")
    _size, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    # Refused by the file check, before a parser sees the declaration.
    assert caught.value.refusal == "xml_dtd"
    assert str(caught.value).startswith("Buku kerja ini rusak")
    assert peak < 5 * 1024 * 1024


def test_a_strict_open_xml_workbook_is_told_to_be_saved_as_a_plain_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "xl/workbook.xml", '<workbook xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main"/>'
        )

    error = refused(buffer.getvalue())

    assert error.refusal == "strict_ooxml"
    assert "Strict Open XML" in str(error)
