"""The daftar hadir of a meeting lists exactly the composition of the meeting's date (issue 9,
acceptance "Composition"): two meetings of the demo's Kota Singkawang, one before and one after
the 2021 amendment of its TKKSD (kerjasama/demo/team.py), the names written here by hand.

Its own module: the demo (`demo_world`) stays loaded for the whole module, and the `world`
fixture of the other letter tests would collide with its OPDs."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from docx import Document as WordDocument

from kerjasama.meetings import letter_services
from kerjasama.meetings.models import Meeting
from tests.test_letters import docx_paragraphs, pdf_pages

WIB = ZoneInfo("Asia/Pontianak")

BEFORE_AMENDMENT = [
    "Sumastro",
    "Marhadi, S.Sos., M.Si.",
    "Yuliana Sari, S.H., M.H.",
    "Ir. Agus Salim Hutapea, M.T.",
    "Budi Santoso Lim, S.T., M.T.",
    "Fransiska Ayu Lestari, S.E., M.M.",
    "Siti Maryam, S.E., M.Si.",
    "Abdul Rahman Saleh, S.H., M.H.",
    "Rina Wulandari, S.IP.",
]
# The amendment of 5 January 2021 replaced the heads of Bappeda and of the tourism office.
AFTER_AMENDMENT = [
    "Sumastro",
    "Marhadi, S.Sos., M.Si.",
    "Yuliana Sari, S.H., M.H.",
    "Dr. Riyanto Widodo, S.T., M.Eng.",
    "Budi Santoso Lim, S.T., M.T.",
    "Hermanto Tjhai, S.Sos., M.Si.",
    "Siti Maryam, S.E., M.Si.",
    "Abdul Rahman Saleh, S.H., M.H.",
    "Rina Wulandari, S.IP.",
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "expected"),
    [(dt.date(2020, 12, 10), BEFORE_AMENDMENT), (dt.date(2021, 1, 14), AFTER_AMENDMENT)],
)
def test_each_dates_daftar_hadir_lists_exactly_the_demo_composition_of_that_date(
    demo_world, day, expected
):
    from kerjasama.accounts.models import User

    secretariat = User.objects.get(username="sekretariat.singkawang")
    meeting = Meeting.objects.create(
        tenant=secretariat.tenant,
        kind="pleno",
        title="Rapat TKKSD",
        state="held",
        starts_at=dt.datetime(day.year, day.month, day.day, 9, 0, tzinfo=WIB),
        place="Kantor Wali Kota Singkawang",
    )
    letter = letter_services.letter_generate(
        actor=secretariat, meeting=meeting, kind="daftar_hadir"
    )
    document = WordDocument(io.BytesIO(letter.docx.open("rb").read()))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "No.")
    assert [row.cells[1].text for row in table.rows[1:]] == expected
    pdf = " ".join(pdf_pages(letter.pdf.open("rb").read()))
    for name in expected:
        assert name in pdf
    gone = set(BEFORE_AMENDMENT) ^ set(AFTER_AMENDMENT)
    assert not any(name in pdf for name in gone - set(expected))
    # The letter is signed by the chair of that day: Sumastro.
    text = docx_paragraphs(letter.docx.open("rb").read())
    assert "Sekretaris Daerah Kota Singkawang," in text
    assert "Sumastro" in text[text.index("Sekretaris Daerah Kota Singkawang,") :]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["undangan", "daftar_hadir", "notulen", "petikan"])
def test_the_demo_meetings_letters_sign_with_the_chairs_rank_and_nip(demo_world, kind):
    """The chair's signature block of every letter of the meeting of 14 January 2021 carries
    Sumastro's pangkat/golongan and NIP from his holding in the team (kerjasama/demo/team.py),
    not the letter settings' bare "SUMASTRO" (run 11 fixscr item 2)."""
    from kerjasama.core.letters import render_docx, render_pdf
    from kerjasama.meetings import letters

    meeting = Meeting.objects.get(number="001/TKKSD/2021")
    case = letters.decided_cases(meeting)[0] if kind == "petikan" else None
    letter = letters.build(
        meeting, kind, number="1/2021", day=dt.date(2021, 1, 14), cooperation=case
    )
    pdf = " ".join(pdf_pages(render_pdf(letter)))
    docx = "\n".join(docx_paragraphs(render_docx(letter)))

    for text in (pdf, docx):
        block = text[text.rindex("Sumastro") :]
        assert "Pembina Utama Muda (IV/c)" in block
        assert "NIP 19670315 199203 1 009" in block
