"""Generating, storing and reading the letters of a TKKSD meeting (issue 9, item 5).

`letter_generate` builds a letter from the meeting's data (`meetings.letters`), renders it to
DOCX (the region's template for the kind, else the shipped one) and PDF, and stores a
`MeetingLetter`: the next version of that letter (meeting, kind and, for a petikan, the case),
with both files and their SHA-256, in one transaction with an audit event on the meeting.
Earlier versions are kept. The letter's number is taken from the region's numbering
(`accounts.services.letter_number_take`) the first time that letter is generated; every later
version keeps it.

The slow part (WeasyPrint takes a second or more) runs before the transaction, so that on
SQLite the database's write lock is held only for the rows: the letter is rendered with the
number it will most likely get (its earlier number, or the region's next one), and rendered
again inside the transaction only when another letter took that number meanwhile.

Who may: the region's secretariat generates and keeps the templates; the meeting's readers
download, except that the notulen and the petikan of a meeting with a closed item are for the
secretariat, the leadership and the invitees only (`can_download`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from kerjasama.accounts.models import Role, Tenant, User
from kerjasama.accounts.services import letter_number_preview, letter_number_take
from kerjasama.agreements.models import Cooperation
from kerjasama.core import audit
from kerjasama.core.exceptions import DomainError, NotFound, NotPermitted
from kerjasama.core.letters import (
    Fields,
    Heading,
    Letter,
    Letterhead,
    Signer,
    Table,
    render_docx,
    render_pdf,
)
from kerjasama.core.uploads import check_docx, stored_upload
from kerjasama.meetings import letters, permissions
from kerjasama.meetings.enums import LetterKind, MeetingState
from kerjasama.meetings.models import (
    DecisionStep,
    Meeting,
    MeetingLetter,
    MeetingLetterTemplate,
    MinutesVersion,
)
from kerjasama.meetings.permissions import can_keep_team

logger = logging.getLogger(__name__)

# Letters only the meeting's inner circle reads when the meeting has a closed item.
INNER_KINDS = frozenset({LetterKind.MINUTES, LetterKind.EXTRACT})


# --- Who may --------------------------------------------------------------------------------------


# One rule for who reads a meeting and who is invited to it (`meetings.permissions`).
is_invited = permissions.is_invited
can_read_meeting = permissions.can_read_meeting


def can_generate(user: User | None, meeting: Meeting) -> bool:
    """The region's secretariat generates the letters of its meetings."""
    return can_keep_team(user, meeting.tenant)


def can_download(user: User | None, letter: MeetingLetter) -> bool:
    meeting = letter.meeting
    if not can_read_meeting(user, meeting):
        return False
    if letter.kind in INNER_KINDS and meeting.items.filter(closed=True).exists():
        assert user is not None
        return user.has_role(Role.SECRETARIAT, Role.LEADERSHIP) or is_invited(user, meeting)
    return True


def meeting_for_reader(user: User, pk: int) -> Meeting:
    """A meeting `user` may read; any other is not found (404)."""
    meeting = Meeting.objects.select_related("tenant__region").filter(pk=pk).first()
    if meeting is None or not can_read_meeting(user, meeting):
        raise NotFound(_("This meeting was not found."))
    return meeting


def letter_for_reader(user: User, pk: int) -> MeetingLetter:
    """A stored letter `user` may download: another region's or an unreadable meeting's is not
    found (404); an inner letter of a meeting with closed items is refused (403)."""
    letter = (
        MeetingLetter.objects.select_related("meeting__tenant__region", "cooperation")
        .filter(pk=pk)
        .first()
    )
    if letter is None or not can_read_meeting(user, letter.meeting):
        raise NotFound(_("This letter was not found."))
    if not can_download(user, letter):
        raise NotPermitted(
            _(
                "The minutes and extracts of a meeting with closed items are for the "
                "secretariat, the leadership and the invitees."
            )
        )
    return letter


# --- Templates ----------------------------------------------------------------------------------

# The variables a template may use, shown on the upload page (docs/ARCHITECTURE.md too).
TEMPLATE_VARIABLES = (
    ("kop_logo", "kop_lines", "kop_unit", "kop_contact"),
    ("tempat_tanggal", "surat", "nomor", "sifat", "lampiran", "hal", "yth", "tujuan_tempat"),
    ("judul", "tanda_air", "isi"),
    ("keterangan_ttd", "jabatan", "nama", "pangkat", "nip"),
    ("ttd2", "ttd2_keterangan", "ttd2_jabatan", "ttd2_nama", "ttd2_pangkat", "ttd2_nip"),
    ("tembusan", "lampiran_isi"),
)


def _storage() -> Storage:
    return MeetingLetter.pdf.field.storage


# The shipped template of each kind, with only the parts that kind uses (built with the general
# one by scripts/build_letter_template.py).
SHIPPED_TEMPLATES = Path(__file__).with_name("letter_templates")


def shipped_template(kind: str) -> Path:
    return SHIPPED_TEMPLATES / f"{LetterKind(kind).value}.docx"


def template_for(tenant: Tenant, kind: str) -> bytes:
    """The region's own template of `kind`, else the shipped one of that kind."""
    own = MeetingLetterTemplate.objects.filter(tenant=tenant, kind=kind).first()
    if own is None:
        return shipped_template(kind).read_bytes()
    with own.file.open("rb") as stored:
        return bytes(stored.read())


def sample_for_template(tenant: Tenant) -> Letter:
    """A letter with every part a meeting letter may have (a table, facts, a heading, two
    signers, the DRAFT mark), to test an uploaded template with before it is kept."""
    return Letter(
        letterhead=Letterhead(lines=(f"PEMERINTAH {tenant.region.name}",), unit="Sekretariat"),
        place="Tempat",
        date=dt.date(2021, 1, 14),
        number="000/1/2021",
        subject="Contoh",
        addressee=("Contoh penerima",),
        title="Contoh",
        body=(
            Heading("Contoh bagian"),
            Fields((("Hari/tanggal", "Kamis, 14 Januari 2021"),)),
            "Contoh paragraf.",
            Table(header=("No.", "Nama"), rows=(("1.", "Contoh"),)),
        ),
        signer=Signer(caption="Pimpinan Rapat", position="Jabatan", name="Nama", nip="1"),
        second_signer=Signer(caption="Notulis", position="Jabatan", name="Nama"),
        copies=("Arsip",),
        watermark="DRAFT",
    )


def template_set(
    *, actor: User | None, tenant: Tenant, kind: str, upload: UploadedFile[Any]
) -> MeetingLetterTemplate:
    """Keep the region's own DOCX template of `kind` (replacing an earlier one): only its
    secretariat; a file that is not a DOCX, or a template that cannot be filled, is refused
    with a message and nothing is kept. Audited."""
    if not can_keep_team(actor, tenant):
        raise NotPermitted(_("Only the TKKSD secretariat keeps its region's letter templates."))
    if kind not in LetterKind.values:
        raise DomainError({"kind": [_("Choose one of the kinds of letters.")]})
    with stored_upload(
        upload, storage=_storage(), folder=f"tkksd/templat/{tenant.pk}", check=check_docx
    ) as pending:
        upload.seek(0)
        try:
            render_docx(sample_for_template(tenant), upload.read())
        except DomainError as error:
            raise DomainError({"upload": error.messages}) from None
        return _template_row(actor=actor, tenant=tenant, kind=kind, pending=pending)


@transaction.atomic
def _template_row(
    *, actor: User | None, tenant: Tenant, kind: str, pending: Any
) -> MeetingLetterTemplate:
    Tenant.objects.select_for_update().get(pk=tenant.pk)
    existing = MeetingLetterTemplate.objects.filter(tenant=tenant, kind=kind).first()
    before = existing.file_name if existing else ""
    old_name = existing.file.name if existing else ""
    row = existing or MeetingLetterTemplate(tenant=tenant, kind=kind)
    row.file = pending.name
    row.file_name = pending.original_name
    row.sha256 = pending.checked.sha256
    row.uploaded_by = actor if actor is not None and actor.is_authenticated else None
    row.save()
    audit.record(
        actor=actor,
        action="tkksd.letter_template.set",
        obj=row,
        changes={"file_name": [before, row.file_name]},
        data={"kind": kind, "sha256": row.sha256},
    )
    if old_name and old_name != pending.name:
        transaction.on_commit(lambda: _storage().delete(old_name))
    return row


@transaction.atomic
def template_remove(*, actor: User | None, tenant: Tenant, kind: str) -> None:
    """Go back to the shipped template of `kind`. Only the secretariat; audited."""
    if not can_keep_team(actor, tenant):
        raise NotPermitted(_("Only the TKKSD secretariat keeps its region's letter templates."))
    row = MeetingLetterTemplate.objects.select_for_update().filter(tenant=tenant, kind=kind).first()
    if row is None:
        return
    name = row.file.name or ""
    audit.record(
        actor=actor,
        action="tkksd.letter_template.remove",
        obj=row,
        changes={"file_name": [row.file_name, ""]},
        data={"kind": kind},
    )
    row.delete()
    if name:
        transaction.on_commit(lambda: _storage().delete(name))


# --- Generating -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rendered:
    number: str
    docx: bytes
    pdf: bytes


def _refuse_unfit(meeting: Meeting, kind: str, cooperation: Cooperation | None) -> None:
    """What a letter cannot be made of: anything of a cancelled meeting, minutes or extracts
    before the meeting is held, an extract of a case the meeting decided nothing on."""
    if kind not in LetterKind.values:
        raise NotFound(_("This kind of letter does not exist."))
    if meeting.state == MeetingState.CANCELLED:
        raise DomainError(_("The meeting was cancelled: it gets no more letters."))
    if kind in INNER_KINDS and meeting.state == MeetingState.PLANNED:
        raise DomainError(
            _("The minutes and their extracts can be made once the meeting has been held.")
        )
    if kind == LetterKind.EXTRACT:
        if cooperation is None or cooperation.pk not in {
            c.pk for c in letters.decided_cases(meeting)
        }:
            raise DomainError(
                _("An extract is made for a case on which the meeting took a decision.")
            )
    elif cooperation is not None:
        raise DomainError(_("Only an extract is made for one case."))


def _same_letter(meeting: Meeting, kind: str, cooperation: Cooperation | None) -> Any:
    return MeetingLetter.objects.filter(meeting=meeting, kind=kind, cooperation=cooperation)


def _earlier_number(meeting: Meeting, kind: str, cooperation: Cooperation | None) -> str | None:
    """The number of the letter's earlier versions, or None the first time."""
    first = _same_letter(meeting, kind, cooperation).order_by("version").first()
    return first.number if first is not None else None


def _render(
    meeting: Meeting,
    kind: str,
    *,
    number: str,
    day: dt.date,
    cooperation: Cooperation | None,
    final: bool | None,
    template: bytes,
) -> Rendered:
    letter = letters.build(
        meeting, kind, number=number, day=day, cooperation=cooperation, final=final
    )
    docx = render_docx(letter, template)
    pdf = render_pdf(letter)
    return Rendered(number, docx, pdf)


def _file_name(meeting: Meeting, kind: str, cooperation: Cooperation | None, version: int) -> str:
    case = f"-kerjasama-{cooperation.pk}" if cooperation is not None else ""
    return f"tkksd/surat/{meeting.tenant_id}/{meeting.pk}/{kind}{case}-v{version}"


@dataclass(frozen=True)
class Prepared:
    """A letter rendered outside any transaction, ready to be numbered and stored
    (`letter_store`)."""

    meeting: Meeting
    kind: str
    cooperation: Cooperation | None
    final: bool | None
    day: dt.date
    code: str
    template: bytes
    rendered: Rendered


def letter_prepare(
    *,
    meeting: Meeting,
    kind: str,
    cooperation: Cooperation | None = None,
    final: bool | None = None,
    ahead: int = 0,
) -> Prepared:
    """The slow part of generating a letter (building it and rendering DOCX and PDF with the
    number it will most likely get), to be run before any transaction opens. `ahead`: how many
    new numbers the same transaction takes before this letter's (`extract_prepare`)."""
    meeting = Meeting.objects.select_related("tenant__region", "chair__seat").get(pk=meeting.pk)
    _refuse_unfit(meeting, kind, cooperation)
    tenant = meeting.tenant
    day = letters.letter_day(meeting, kind)
    code = letters.classification_code(tenant, kind)
    template = template_for(tenant, kind)
    earlier = _earlier_number(meeting, kind, cooperation)
    expected = earlier or letter_number_preview(tenant=tenant, day=day, code=code, ahead=ahead)
    rendered = _render(
        meeting,
        kind,
        number=expected,
        day=day,
        cooperation=cooperation,
        final=final,
        template=template,
    )
    return Prepared(meeting, kind, cooperation, final, day, code, template, rendered)


def letter_store(
    *, actor: User | None, prepared: Prepared, stored: list[tuple[Storage, str]] | None = None
) -> MeetingLetter:
    """Number and store a prepared letter as its next version (one transaction). The names of
    the files it stores are appended to `stored`: a caller whose own transaction is rolled
    back afterwards deletes them again (the finalisation of the minutes)."""
    return _store(
        actor=actor,
        meeting=prepared.meeting,
        kind=prepared.kind,
        cooperation=prepared.cooperation,
        final=prepared.final,
        day=prepared.day,
        code=prepared.code,
        template=prepared.template,
        rendered=prepared.rendered,
        stored=stored,
    )


def letter_generate(
    *,
    actor: User | None,
    meeting: Meeting,
    kind: str,
    cooperation: Cooperation | None = None,
    final: bool | None = None,
    check_permission: bool = True,
) -> MeetingLetter:
    """Generate the next version of a letter of the meeting and store it (see the module's
    docstring). `final` forces whether a notulen or petikan is marked DRAFT (None: final when
    the meeting's minutes are). Only the region's secretariat, unless a service that checked
    its own permission calls it (`check_permission=False`, the finalisation's extracts)."""
    meeting = Meeting.objects.select_related("tenant__region", "chair__seat").get(pk=meeting.pk)
    if check_permission and not can_generate(actor, meeting):
        raise NotPermitted(_("Only the TKKSD secretariat generates the letters of its meetings."))
    prepared = letter_prepare(meeting=meeting, kind=kind, cooperation=cooperation, final=final)
    return letter_store(actor=actor, prepared=prepared)


@transaction.atomic
def _store(
    *,
    actor: User | None,
    meeting: Meeting,
    kind: str,
    cooperation: Cooperation | None,
    final: bool | None,
    day: dt.date,
    code: str,
    template: bytes,
    rendered: Rendered,
    stored: list[tuple[Storage, str]] | None = None,
) -> MeetingLetter:
    # The meeting's row lock orders two generations of its letters: the second sees the
    # first's version (and number) once the first committed.
    Meeting.objects.select_for_update().get(pk=meeting.pk)
    earlier = _earlier_number(meeting, kind, cooperation)
    number = (
        earlier
        if earlier is not None
        else letter_number_take(actor=actor, tenant=meeting.tenant, day=day, code=code)
    )
    if number != rendered.number:  # another letter took the number meanwhile
        rendered = _render(
            meeting,
            kind,
            number=number,
            day=day,
            cooperation=cooperation,
            final=final,
            template=template,
        )
    version = (
        _same_letter(meeting, kind, cooperation).aggregate(last=Max("version"))["last"] or 0
    ) + 1
    storage = _storage()
    base = _file_name(meeting, kind, cooperation, version)
    names: list[str] = []
    try:
        names.append(storage.save(f"{base}.docx", ContentFile(rendered.docx)))
        names.append(storage.save(f"{base}.pdf", ContentFile(rendered.pdf)))
        letter = MeetingLetter.objects.create(
            meeting=meeting,
            kind=kind,
            cooperation=cooperation,
            version=version,
            number=number,
            docx=names[0],
            docx_sha256=hashlib.sha256(rendered.docx).hexdigest(),
            pdf=names[1],
            pdf_sha256=hashlib.sha256(rendered.pdf).hexdigest(),
            created_by=actor if actor is not None and actor.is_authenticated else None,
        )
        audit.record(
            actor=actor,
            action="tkksd.letter.generate",
            obj=meeting,
            concerns=[meeting, *([cooperation] if cooperation is not None else [])],
            data={
                "kind": kind,
                "version": version,
                "number": number,
                "cooperation": cooperation.pk if cooperation is not None else None,
                "docx_sha256": letter.docx_sha256,
                "pdf_sha256": letter.pdf_sha256,
            },
        )
    except BaseException:
        for name in names:
            storage.delete(name)
        raise
    if stored is not None:
        stored.extend((storage, name) for name in names)
    return letter


def extract_prepare(meeting: Meeting, cooperation: Cooperation, *, ahead: int = 0) -> Prepared:
    """The final petikan of `cooperation`, rendered before the finalisation's transaction;
    `ahead`: how many new numbers that transaction takes before this petikan's."""
    return letter_prepare(
        meeting=meeting, kind=LetterKind.EXTRACT, cooperation=cooperation, final=True, ahead=ahead
    )


def has_number(meeting: Meeting, kind: str, cooperation: Cooperation | None) -> bool:
    """Whether the letter has a number already (an earlier version): a new version takes none."""
    return _earlier_number(meeting, kind, cooperation) is not None


def extract_store(
    prepared: Prepared, *, actor: User | None, stored: list[tuple[Storage, str]]
) -> tuple[bytes, bytes]:
    """Store a prepared petikan as the next version of that extract and return its (DOCX,
    PDF); the stored names go to `stored` (see `letter_store`)."""
    letter = letter_store(actor=actor, prepared=prepared, stored=stored)
    with letter.docx.open("rb") as docx, letter.pdf.open("rb") as pdf:
        return bytes(docx.read()), bytes(pdf.read())


def extract_files(
    meeting: Meeting, cooperation: Cooperation, *, actor: User | None = None
) -> tuple[bytes, bytes]:
    """The petikan of `cooperation` as (DOCX, PDF), final (no DRAFT mark), stored as the next
    version of that extract: what the finalisation of the minutes files on the case as its
    TKKSD recommendation. The caller (the chair's finalisation) has checked its permission."""
    letter = letter_generate(
        actor=actor,
        meeting=meeting,
        kind=LetterKind.EXTRACT,
        cooperation=cooperation,
        final=True,
        check_permission=False,
    )
    with letter.docx.open("rb") as docx, letter.pdf.open("rb") as pdf:
        return bytes(docx.read()), bytes(pdf.read())


# --- Reading -------------------------------------------------------------------------------------


@dataclass
class LetterRow:
    """One letter of the panel (a kind, or a petikan's case) with its versions, newest first."""

    kind: str
    label: str
    cooperation: Cooperation | None
    versions: list[MeetingLetter]
    can_make: bool
    readable: bool
    # A petikan whose case's step was taken: the copy filed on the case stays as filed.
    filed: bool = False
    # Its newest version was made from minutes older than the latest final version.
    stale: bool = False


def mark_built_from(meeting: Meeting, stored: list[MeetingLetter]) -> None:
    """Mark each notulen and petikan version with the minutes version it was made from
    (`built_from`: the version made final, or being made final, when it was generated) and
    whether the minutes were made final again since (`stale`, QA walk 2 item 4): a version
    is older than the latest final minutes when a version reopened after it was generated is
    not the latest. The undangan and daftar hadir do not come from the minutes."""
    versions = list(
        MinutesVersion.objects.filter(meeting=meeting)
        .order_by("number")
        .values_list("number", "reopened_at")
    )
    latest = versions[-1][0] if versions else None
    for letter in stored:
        built = next(
            (
                n
                for n, reopened in versions
                if reopened is not None and letter.created_at < reopened
            ),
            None,
        )
        letter.built_from = built if letter.kind in INNER_KINDS else None  # type: ignore[attr-defined]
        letter.stale = (  # type: ignore[attr-defined]
            letter.kind in INNER_KINDS
            and built is not None
            and latest is not None
            and built < latest
        )


def letters_panel_rows(user: User | None, meeting: Meeting) -> list[LetterRow]:
    """The rows of the letters' panel: each kind (a petikan per decided case) with its stored
    versions, whether it can be made now and whether `user` may download it."""
    stored = list(
        MeetingLetter.objects.filter(meeting=meeting)
        .select_related("created_by", "cooperation")
        .order_by("kind", "cooperation_id", "-version")
    )
    mark_built_from(meeting, stored)
    may_make = can_generate(user, meeting) and meeting.state != MeetingState.CANCELLED
    held = meeting.state in (MeetingState.HELD, MeetingState.FINAL)
    rows: list[LetterRow] = []
    for kind in (LetterKind.INVITATION, LetterKind.ATTENDANCE_LIST, LetterKind.MINUTES):
        versions = [v for v in stored if v.kind == kind]
        rows.append(
            LetterRow(
                kind=kind,
                label=str(kind.label),
                cooperation=None,
                versions=versions,
                can_make=may_make and (kind != LetterKind.MINUTES or held),
                readable=True,
            )
        )
    cases = {c.pk: c for c in letters.decided_cases(meeting)} if held else {}
    cases.update({v.cooperation.pk: v.cooperation for v in stored if v.cooperation is not None})
    for case in sorted(cases.values(), key=lambda c: (c.title, c.pk)):
        rows.append(
            LetterRow(
                kind=LetterKind.EXTRACT,
                label=f"{LetterKind.EXTRACT.label}: {case.title}",
                cooperation=case,
                versions=[v for v in stored if v.cooperation_id == case.pk],
                can_make=may_make and held,
                readable=True,
            )
        )
    taken = set(
        DecisionStep.objects.filter(
            outcome__item__meeting=meeting, transition__isnull=False
        ).values_list("cooperation_id", flat=True)
    )
    for row in rows:
        row.filed = row.cooperation is not None and row.cooperation.pk in taken
        row.stale = bool(row.versions) and bool(getattr(row.versions[0], "stale", False))
        row.readable = (
            all(can_download(user, v) for v in row.versions[:1]) if row.versions else True
        )
    return rows


# The kinds as a download's file name says them (the letters are Indonesian documents).
FILE_KINDS = {
    LetterKind.INVITATION: "Undangan",
    LetterKind.ATTENDANCE_LIST: "Daftar-Hadir",
    LetterKind.MINUTES: "Notulen",
    LetterKind.EXTRACT: "Petikan-Notulen",
}


def _file_part(text: str, limit: int = 60) -> str:
    """A part of a file name: letters and digits (any script) joined by "-", no slash, quote
    or control character; at most `limit` characters."""
    return re.sub(r"[\W_]+", "-", text).strip("-")[:limit].strip("-")


def download_name(letter: MeetingLetter, which: str) -> str:
    """The name a downloaded letter is saved under, readable and safe:
    `Daftar-Hadir-Rapat-TKKSD-001-2021-v1.pdf` (the kind, the meeting's number without its
    slashes, else its day; a petikan's case; the version). Non-ASCII letters (a partner's name)
    stay: the response's Content-Disposition carries them as `filename*` (RFC 6266)."""
    meeting = letter.meeting
    parts = [p for p in (meeting.number or "").split("/") if p.strip().upper() != "TKKSD"]
    number = _file_part("-".join(parts)) or letters.meeting_day(meeting).isoformat()
    name = f"{FILE_KINDS.get(LetterKind(letter.kind), 'Surat')}-Rapat-TKKSD-{number}"
    if letter.cooperation is not None:
        name += f"-{_file_part(letter.cooperation.title, 40) or letter.cooperation.pk}"
    return f"{name}-v{letter.version}.{which}"


def stored_size(letter: MeetingLetter, which: str) -> int | None:
    field = letter.pdf if which == "pdf" else letter.docx
    try:
        return int(field.size)
    except (FileNotFoundError, OSError):
        return None


__all__ = [
    "TEMPLATE_VARIABLES",
    "can_download",
    "can_generate",
    "can_read_meeting",
    "download_name",
    "extract_files",
    "extract_prepare",
    "extract_store",
    "letter_for_reader",
    "letter_generate",
    "letter_prepare",
    "letter_store",
    "letters_panel_rows",
    "meeting_for_reader",
    "template_remove",
    "template_set",
]
