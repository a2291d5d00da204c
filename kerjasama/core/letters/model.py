"""What an official letter holds, as plain data (the renderers take nothing else).

The layout is the Indonesian official letter of a regional government (tata naskah dinas): the
kop surat (the region's name in capitals, the unit, the address line, the logo at the left, a
double rule under it), place and date, Nomor / Sifat / Lampiran / Hal, the "Yth." addressee
block, the body (paragraphs and tables), the signature block (jabatan, space for the signature,
nama, pangkat/golongan, NIP) and the numbered Tembusan. The letter is an Indonesian document
whatever the reader's interface language: its labels and month names are Indonesian.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# Month names of an Indonesian official letter, whatever language the interface speaks.
MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def indonesian_date(day: dt.date) -> str:
    """`7 Januari 2021`: the date as an Indonesian letter writes it."""
    return f"{day.day} {MONTHS_ID[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class Logo:
    """The region's logo as stored: its bytes and content type (PNG, JPEG or SVG)."""

    data: bytes
    content_type: str  # "image/png", "image/jpeg", "image/svg+xml"

    @property
    def is_svg(self) -> bool:
        return self.content_type == "image/svg+xml"


@dataclass(frozen=True)
class Letterhead:
    """The kop surat. `lines` are the region's name line(s) ("PEMERINTAH KOTA SINGKAWANG"),
    `unit` the unit line ("SEKRETARIAT DAERAH"); both are printed in capitals."""

    lines: tuple[str, ...]
    unit: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    logo: Logo | None = None

    @property
    def name_lines(self) -> list[str]:
        return [line.strip().upper() for line in self.lines if line.strip()]

    @property
    def unit_line(self) -> str:
        return self.unit.strip().upper()

    @property
    def contact_lines(self) -> list[str]:
        """The address with the telephone, then the e-mail and website: "Jalan Firdaus Nomor 1,
        Singkawang 79123, Telepon (0562) 631049" / "Pos-el setda@…, Laman singkawangkota.go.id"."""
        lines = [line.strip() for line in self.address.splitlines() if line.strip()]
        if self.phone:
            phone = f"Telepon {self.phone}"
            if lines:
                lines[-1] = f"{lines[-1]}, {phone}"
            else:
                lines.append(phone)
        online = [
            f"Pos-el {self.email}" if self.email else "",
            f"Laman {self.website}" if self.website else "",
        ]
        if any(online):
            lines.append(", ".join(part for part in online if part))
        return lines


@dataclass(frozen=True)
class Signer:
    """The signature block: jabatan, nama, pangkat/golongan and NIP."""

    position: str
    name: str
    rank: str = ""
    nip: str = ""
    # A line above the jabatan naming the signer's part in the paper: "Pimpinan Rapat",
    # "Notulis" (a notulen is signed by both).
    caption: str = ""


@dataclass(frozen=True)
class Table:
    """A table of the body: a header row (repeated on every page) and rows of cells."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    # Relative column widths (e.g. (1, 6, 3)); equal when empty.
    widths: tuple[int, ...] = ()
    # The column whose cells alternate left and right by row (the numbered signature cells of
    # an Indonesian attendance list: "1. ……" at the left, "2. ……" at the right); -1: none.
    zigzag: int = -1
    # A least height of the body rows, in millimetres (room for a signature); 0: as the text.
    row_height_mm: int = 0

    def column_shares(self) -> list[float]:
        widths = self.widths if len(self.widths) == len(self.header) else (1,) * len(self.header)
        total = sum(widths) or 1
        return [w / total for w in widths]


@dataclass(frozen=True)
class Heading:
    """A bold line of the body, not indented: a part of a notulen ("1. Pembukaan")."""

    text: str


@dataclass(frozen=True)
class Fields:
    """Label–value lines aligned on their colon, without borders ("Hari/tanggal : Kamis, 14
    Januari 2021"): the facts of a meeting in an undangan or a notulen."""

    rows: tuple[tuple[str, str], ...]


Block = str | Table | Heading | Fields

# Numbers as an Indonesian letter writes a count in words: "1 (satu) berkas".
NUMBER_WORDS_ID = (
    "nol",
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
    "sepuluh",
)
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def count_in_words(count: int, unit: str) -> str:
    """`1 (satu) berkas`, `2 (dua) berkas`: the count with its word in brackets (tata naskah
    dinas); a count beyond ten is written in figures only."""
    if 0 <= count < len(NUMBER_WORDS_ID):
        return f"{count} ({NUMBER_WORDS_ID[count]}) {unit}"
    return f"{count} {unit}"


@dataclass(frozen=True)
class Appendix:
    """An attachment (lampiran) of the letter: printed after the signature block and the
    tembusan, on a page of its own, under the reference to the letter it belongs to
    ("LAMPIRAN / Surat Sekretaris Daerah … / Nomor … / Tanggal … / Hal …"), then its title and
    its body (paragraphs and tables)."""

    title: str
    body: tuple[Block, ...] = ()


# The unit of the "Lampiran" field: one berkas per appendix, whatever its number of pages (a
# list of many invitees may take several sheets; "lembar" would have to count them).
ATTACHMENT_UNIT = "berkas"


@dataclass(frozen=True)
class Letter:
    """One official letter (or another naskah dinas: with a `title` and no addressee it is a
    daftar hadir, a notulen …). `body` is a sequence of paragraphs (str) and tables."""

    letterhead: Letterhead
    place: str
    date: dt.date
    signer: Signer
    number: str = ""
    nature: str = "Biasa"  # sifat
    attachment: str = "-"  # lampiran
    subject: str = ""  # hal
    addressee: tuple[str, ...] = ()  # "Yth." lines
    addressee_place: str = "di Tempat"
    title: str = ""  # a heading above the body (naskah dinas other than a letter)
    body: tuple[Block, ...] = ()
    copies: tuple[str, ...] = field(default_factory=tuple)  # tembusan
    # A second signature block, at the left of the first (a notulen: the notulis beside the
    # chair); None for a letter with one signer.
    second_signer: Signer | None = None
    # A word printed across every page and above the title ("DRAFT" while the minutes are not
    # final); empty for none.
    watermark: str = ""
    # Attachments, printed after the signature and the tembusan, each on a new page.
    appendices: tuple[Appendix, ...] = ()

    @property
    def attachment_text(self) -> str:
        """The "Lampiran" field: the count of the appendices ("1 (satu) berkas") when the letter
        has any, else what the caller set (an attachment not generated here), else "-"."""
        if self.appendices:
            return count_in_words(len(self.appendices), ATTACHMENT_UNIT)
        return self.attachment.strip() or "-"

    def appendix_label(self, index: int) -> str:
        """`LAMPIRAN`, or `LAMPIRAN I`, `LAMPIRAN II` … when there are several."""
        if len(self.appendices) == 1:
            return "LAMPIRAN"
        roman = ROMAN[index] if index < len(ROMAN) else str(index + 1)
        return f"LAMPIRAN {roman}"

    @property
    def appendix_reference(self) -> tuple[tuple[str, str], ...]:
        """The reference an appendix carries to its letter: (label, value) rows under the
        line naming the paper and its signer ("Surat Sekretaris Daerah Kota Singkawang")."""
        rows = [("Nomor", self.number or "-"), ("Tanggal", indonesian_date(self.date))]
        if self.subject:
            rows.append(("Hal", self.subject))
        return tuple(rows)

    @property
    def appendix_of(self) -> str:
        """`Surat Sekretaris Daerah Kota Singkawang`; a titled naskah names its title."""
        paper = "Surat" if self.is_letter else (self.title or "Naskah Dinas")
        position = self.signer.position.strip()
        return f"{paper} {position}" if position else paper

    @property
    def place_and_date(self) -> str:
        return (
            f"{self.place}, {indonesian_date(self.date)}"
            if self.place
            else (indonesian_date(self.date))
        )

    @property
    def is_letter(self) -> bool:
        """A letter has Nomor/Sifat/Lampiran/Hal and an addressee; a titled naskah may not."""
        return bool(self.addressee or self.subject)
