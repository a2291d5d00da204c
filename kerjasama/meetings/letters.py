"""The letters of a TKKSD meeting, built from its data (issue 9, item 5): the undangan, the
daftar hadir, the notulen and a petikan (extract) per decided case, each a `core.letters.Letter`
in the region's official-letter layout (kop surat, numbering, signer: `accounts.letters`).

Every letter is an Indonesian document whatever the reader's interface language (tata naskah
dinas), so its wording is Indonesian here, as in `accounts.letters.sample_letter`, and the labels
of steps and stages are read in Indonesian (`translation.override("id")`).

- Dates and times are the region's (`Region.time_zone`: WIB, WITA, WIT): "Kamis, 14 Januari
  2021", "09.00 WIB s.d. selesai".
- The composition is the one on the meeting's day (`selectors.team_on`, §2.1, §8.4 `TKKSD`),
  never "the current members"; the signer is the holder of the chair's seat on the letter's
  date (an acting Plt/Plh signs as such), else the region's default signer (the Sekda).
- A closed item (tertutup) shows its public title in the undangan, which goes to every
  invitee, partners' representatives included. The daftar hadir names no item (only the
  meeting's title), so a partner who signs it reads none. The notulen and a petikan are the
  meeting's filed, internal papers and show the item's own title and content, marked
  "(tertutup)": a meeting with a closed item has them downloaded only by the secretariat, the
  leadership and the invitees (`letter_services.can_download`), and they are not handed to a
  partner. (The projected view shows the public title to everyone in the room: `views`.)
- The quorum is stated with "tercapai"/"tidak tercapai": for the meeting in the notulen, and
  for an item of the notulen or a petikan whose quorum was not reached (members out of the
  room for it).
- The notulen and a petikan carry "DRAFT" (a watermark on every page and a line above the title)
  while the minutes are not final.

`letter_services` numbers, renders and stores them; this module only builds the `Letter`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import replace

from django.utils import timezone, translation

from kerjasama.accounts.letters import tenant_letterhead, tenant_signer
from kerjasama.accounts.models import Tenant
from kerjasama.agreements.enums import Stage
from kerjasama.agreements.models import Cooperation
from kerjasama.agreements.pathways import step_label
from kerjasama.core.letters import (
    Appendix,
    Fields,
    Heading,
    Letter,
    Signer,
    Table,
    indonesian_date,
)
from kerjasama.core.letters.model import Block
from kerjasama.meetings.enums import (
    ATTENDING,
    QUORUM_ROLES,
    InviteeKind,
    LetterKind,
    MeetingKind,
    MeetingState,
    OutcomeKind,
    Presence,
    TeamRole,
)
from kerjasama.meetings.models import (
    ActionItem,
    AgendaItem,
    DecisionStep,
    Holding,
    Invitee,
    Meeting,
    Outcome,
)
from kerjasama.meetings.selectors import Composition, SeatOnDate, meeting_quorum, team_on

DAYS_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
TEAM_NAME = "Tim Koordinasi Kerja Sama Daerah"
# Above this many invitees the undangan is addressed to an attached list.
ADDRESSEES_INLINE = 4
ROLE_ID = {
    TeamRole.CHAIR: "Ketua",
    TeamRole.VICE_CHAIR: "Wakil Ketua",
    TeamRole.SECRETARY: "Sekretaris",
    TeamRole.MEMBER: "Anggota",
    TeamRole.SECRETARIAT: "Sekretariat",
}
PRESENCE_ID = {
    Presence.PRESENT: "Hadir",
    Presence.ABSENT: "Tidak hadir",
    Presence.EXCUSED: "Izin",
    Presence.REPRESENTED: "Diwakili",
}
KIND_ID = {
    MeetingKind.PLENARY: "Rapat pleno",
    MeetingKind.TECHNICAL: "Rapat teknis",
    MeetingKind.PARTNER: "Rapat dengan mitra kerja sama",
    MeetingKind.EVALUATION: "Rapat evaluasi",
}
OUTCOME_ID = {
    OutcomeKind.INFORMATION: "Informasi",
    OutcomeKind.DECISION: "Keputusan",
    OutcomeKind.ACTION: "Tindak lanjut",
    OutcomeKind.ADJOURNED: "Ditunda",
}
TITLES = {
    LetterKind.INVITATION: "Undangan Rapat Tim Koordinasi Kerja Sama Daerah",
    LetterKind.ATTENDANCE_LIST: "Daftar Hadir Rapat Tim Koordinasi Kerja Sama Daerah",
    LetterKind.MINUTES: "Notulen Rapat Tim Koordinasi Kerja Sama Daerah",
    LetterKind.EXTRACT: "Petikan Notulen Rapat Tim Koordinasi Kerja Sama Daerah",
}
# Kode klasifikasi arsip of the letters' numbers ({kode} of the region's pattern): a region
# setting per kind (`Tenant.letter_code_*`, edited with the region's letter settings); its
# defaults are ❓ configurable (`core.letters.numbering.DEFAULT_CODE_*`).
CODE_FIELDS = {
    LetterKind.INVITATION: "letter_code_invitation",
    LetterKind.ATTENDANCE_LIST: "letter_code_attendance",
    LetterKind.MINUTES: "letter_code_minutes",
    LetterKind.EXTRACT: "letter_code_extract",
}


def classification_code(tenant: Tenant, kind: str) -> str:
    """The region's classification code for letters of `kind` ("" for none)."""
    return str(getattr(tenant, CODE_FIELDS[LetterKind(kind)], "") or "").strip()


DRAFT = "DRAFT"

# The chair's reason for deciding without a quorum while the minutes are being made final: the
# petikan filed then is rendered before the version that keeps the reason exists
# (`minutes.meeting_finalise` sets it; `_quorum_override` reads it first).
PENDING_QUORUM_REASON: ContextVar[str] = ContextVar("pending_quorum_reason", default="")


# --- Facts of the meeting, as a letter writes them --------------------------------------------


def local_start(meeting: Meeting) -> dt.datetime:
    return meeting.starts_at.astimezone(meeting.tenant.region.time_zone.zone)


def meeting_day(meeting: Meeting) -> dt.date:
    """The meeting's date in its region's time zone (the composition of that day counts)."""
    return local_start(meeting).date()


def region_today(tenant: Tenant) -> dt.date:
    return timezone.now().astimezone(tenant.region.time_zone.zone).date()


def day_and_date(day: dt.date) -> str:
    """`Kamis, 14 Januari 2021`."""
    return f"{DAYS_ID[day.weekday()]}, {indonesian_date(day)}"


def time_text(meeting: Meeting) -> str:
    """`09.00 WIB s.d. selesai`, or `09.00–12.00 WIB` when the end is known."""
    zone = meeting.tenant.region.time_zone
    start = local_start(meeting)
    if meeting.ends_at is None:
        return f"{start:%H.%M} {zone.abbreviation} s.d. selesai"
    end = meeting.ends_at.astimezone(zone.zone)
    return f"{start:%H.%M}–{end:%H.%M} {zone.abbreviation}"


def place_text(meeting: Meeting) -> str:
    if meeting.place and meeting.online_link:
        return f"{meeting.place} (juga daring: {meeting.online_link})"
    if meeting.online_link:
        return f"Daring: {meeting.online_link}"
    return meeting.place or "-"


def regional_head(tenant: Tenant) -> str:
    """`Wali Kota Singkawang`, `Bupati Bengkayang`, `Gubernur Kalimantan Barat`."""
    region = tenant.region
    name = region.name
    for prefix, title in (("Kota ", "Wali Kota"), ("Kabupaten ", "Bupati")):
        if name.startswith(prefix):
            return f"{title} {name.removeprefix(prefix)}"
    if region.level == "provinsi":
        return f"Gubernur {name}"
    return f"Kepala Daerah {name}"


def item_title(item: AgendaItem, *, internal: bool) -> str:
    """The item's title: its public title outside the meeting, its own (marked) inside."""
    if not item.closed:
        return item.title
    return f"{item.title} (tertutup)" if internal else item.public_title


def _holder_on(row: SeatOnDate) -> tuple[Holding | None, str]:
    """Who signs for a seat on the day: an acting holder (Plt/Plh) in place, else the
    definitive one; with the prefix of an acting signer."""
    if row.acting:
        acting = row.acting[0]
        return acting, ("Plt. " if acting.capacity == "plt" else "Plh. ")
    return row.definitive, ""


def _signer_of(row: SeatOnDate, caption: str) -> Signer | None:
    holder, prefix = _holder_on(row)
    if holder is None:
        return None
    return Signer(
        caption=caption,
        position=f"{prefix}{holder.position or row.seat.position}",
        name=holder.name,
        rank=holder.rank,
        nip=holder.nip_display,
    )


def chair_signer(meeting: Meeting, day: dt.date, *, caption: str = "") -> Signer:
    """The signature block of the chair on `day`: the holder then of the seat of the meeting's
    chair (else of the ketua's seat) in the composition in force on `day`; without a
    composition, the region's default signer (its Sekda, the letter settings).

    One source wins: the team. Name, pangkat/golongan and NIP all come from the holding (as the
    decree records it), never mixed with the letter settings' signer, which only stands in when
    the team has no chair on that day (the letter settings page says so)."""
    composition = team_on(meeting.tenant, day)
    seat_id = meeting.chair.seat_id if meeting.chair_id and meeting.chair else None
    rows = [r for r in composition.seats if r.seat.pk == seat_id] + [
        r for r in composition.seats if r.seat.role == TeamRole.CHAIR
    ]
    for row in rows:
        signer = _signer_of(row, caption)
        if signer is not None:
            return signer
    return replace(tenant_signer(meeting.tenant), caption=caption)


def notulis_signer(composition: Composition) -> Signer:
    """The notulis: the team's secretary on the meeting's day, else its secretariat."""
    for role in (TeamRole.SECRETARY, TeamRole.SECRETARIAT):
        for row in composition.seats:
            if row.seat.role == role:
                signer = _signer_of(row, "Notulis")
                if signer is not None:
                    return signer
    return Signer(caption="Notulis", position="Notulis", name="")


# --- Reading the meeting -------------------------------------------------------------------------


def _meeting(meeting: Meeting) -> Meeting:
    """The meeting with what every letter reads (region, chair)."""
    return Meeting.objects.select_related("tenant__region", "chair__seat").get(pk=meeting.pk)


def _invitees(meeting: Meeting) -> list[Invitee]:
    return list(
        meeting.invitees.select_related("seat", "holding", "opd", "partner").order_by("order", "id")
    )


def _items(meeting: Meeting) -> list[AgendaItem]:
    return list(
        meeting.items.select_related("cooperation", "document")
        .prefetch_related(
            "absences__invitee",
            "outcomes__steps__cooperation",
            "outcomes__steps__document",
            "outcomes__action_items__owner_user",
            "outcomes__action_items__owner_opd",
        )
        .order_by("order", "id")
    )


def invitee_label(invitee: Invitee) -> str:
    """How an undangan addresses an invitee: a seat by its position, others by name and
    institution."""
    if invitee.kind == InviteeKind.SEAT and invitee.position:
        return invitee.position
    return ", ".join(part for part in (invitee.name, invitee.position, invitee.institution) if part)


def presence_text(invitee: Invitee | None) -> str:
    if invitee is None or not invitee.presence:
        return ""
    text = PRESENCE_ID.get(Presence(invitee.presence), invitee.presence)
    if invitee.presence == Presence.REPRESENTED:
        delegate = ", ".join(p for p in (invitee.delegate_name, invitee.delegate_position) if p)
        return f"Diwakili oleh {delegate} (surat nomor {invitee.delegation_letter})"
    return text


def _seat_invitee(row: SeatOnDate, invitees: Iterable[Invitee]) -> Invitee | None:
    same_seat = [i for i in invitees if i.seat_id == row.seat.pk]
    holder, _prefix = _holder_on(row)
    for invitee in same_seat:
        if holder is not None and invitee.holding_id == holder.pk:
            return invitee
    return same_seat[0] if same_seat else None


def attendance_rows(
    meeting: Meeting, composition: Composition, invitees: list[Invitee]
) -> list[tuple[str, str, str, Invitee | None]]:
    """(name, jabatan/instansi, seat role, invitee) per row of the attendance: every seat of the
    composition on the meeting's day with the person holding it then (an acting holder as
    Plt./Plh.), then every other invitee."""
    rows: list[tuple[str, str, str, Invitee | None]] = []
    used: set[int] = set()
    for row in composition.seats:
        invitee = _seat_invitee(row, invitees)
        if invitee is not None:
            used.add(invitee.pk)
        holder, prefix = _holder_on(row)
        name = f"{prefix}{holder.name}" if holder is not None else "(lowong)"
        role = ROLE_ID.get(TeamRole(row.seat.role), row.seat.role)
        rows.append((name, f"{row.seat.position} ({role} TKKSD)", row.seat.role, invitee))
    for invitee in invitees:
        if invitee.pk in used:
            continue
        where = ", ".join(p for p in (invitee.position, invitee.institution) if p)
        rows.append((invitee.name, where or "-", "", invitee))
    return rows


def quorum_sentence(composition: Composition, invitees: list[Invitee]) -> str:
    attending_seats = {
        i.seat_id for i in invitees if i.seat_id is not None and i.presence in ATTENDING
    }
    counted = [row for row in composition.seats if row.seat.role in QUORUM_ROLES]
    present = sum(1 for row in counted if row.seat.pk in attending_seats)
    needed = composition.quorum.needed
    reached = "tercapai" if present >= needed and needed > 0 else "tidak tercapai"
    return (
        f"Anggota tim yang hadir (termasuk yang diwakili): {present} dari {len(counted)} kursi; "
        f"kuorum {needed} kursi {reached}."
    )


def item_quorum_sentence(
    meeting: Meeting, item: AgendaItem, *, invitees: list[Invitee], composition: Composition
) -> str:
    """The quorum of one item when it was not reached (members out of the room for it), else
    "" (the meeting's own quorum is stated once, under "Kehadiran")."""
    state = meeting_quorum(meeting, item=item, invitees=invitees, composition=composition)
    if state.reached:
        return ""
    return (
        f"Kuorum pada pembahasan butir ini tidak tercapai: {state.attending} dari "
        f"{state.seats} kursi hadir, kuorum {state.needed} kursi."
    )


def _with_item_quorum(
    blocks: list[Block],
    meeting: Meeting,
    item: AgendaItem,
    *,
    invitees: list[Invitee],
    composition: Composition,
    confirmed: str = "",
) -> list[Block]:
    """An item's blocks with its unreached quorum stated under its heading, and the chair's
    confirmation of its decisions without a quorum (`confirmed`: the reason) after them."""
    sentence = item_quorum_sentence(meeting, item, invitees=invitees, composition=composition)
    if not sentence:
        return blocks
    shown = [blocks[0], sentence, *blocks[1:]]
    if confirmed:  # ❓ §2.1: the chair confirmed the decisions without a quorum (QA walk 2)
        shown.append(
            f"Diputuskan tanpa kuorum; dikonfirmasi ketua rapat dengan alasan: {confirmed}"
        )
    return shown


def _facts(meeting: Meeting, *, with_number: bool) -> list[tuple[str, str]]:
    facts = []
    if with_number and meeting.number:
        facts.append(("Nomor rapat", meeting.number))
    facts += [
        ("Hari/tanggal", day_and_date(meeting_day(meeting))),
        ("Waktu", time_text(meeting)),
        ("Tempat", place_text(meeting)),
    ]
    return facts


def _chair_line(meeting: Meeting) -> str:
    chair = meeting.chair
    if chair is None:
        return "-"
    return f"{chair.name}, {chair.position or chair.seat.position}"


def _step_text(step: DecisionStep, *, applied: bool = False) -> str:
    cooperation = step.cooperation
    action = step_label(cooperation.kind, step.action)
    document = step.document
    subject = cooperation.title + (f" — {document.title}" if document is not None else "")
    try:
        stage = str(Stage(step.expected_stage).label)
    except ValueError:
        stage = step.expected_stage
    # `applied`: the petikan rendered for the finalisation reads as the steps will be once
    # taken in its transaction, as the final notulen does (run 11 item 3).
    done = "telah diterapkan" if step.transition_id or applied else "diterapkan saat notulen final"
    return f"Langkah: {action} pada {subject} (dari tahap {stage}; {done})."


def owner_text(action: ActionItem) -> str:
    if action.owner_opd_id and action.owner_opd:
        return action.owner_opd.name
    user = action.owner_user
    if user is None:
        return "-"
    return user.get_full_name() or user.get_username()


def _action_text(action: ActionItem) -> str:
    return (
        f"Tindak lanjut: {action.title} — penanggung jawab {owner_text(action)}, "
        f"batas waktu {indonesian_date(action.due_on)}."
    )


def _outcome_blocks(outcome: Outcome, *, applied: bool = False) -> list[Block]:
    label = OUTCOME_ID.get(OutcomeKind(outcome.kind), outcome.kind)
    blocks: list[Block] = [f"{label}: {outcome.text}"]
    blocks += [_step_text(step, applied=applied) for step in outcome.steps.all()]
    blocks += [_action_text(action) for action in outcome.action_items.all()]
    return blocks


def _in_room(invitee: Invitee) -> str:
    """A member represented is out of the room as the delegate (run 11 item 7)."""
    if invitee.presence == Presence.REPRESENTED and invitee.delegate_name:
        return f"{invitee.delegate_name} (mewakili {invitee.name})"
    return invitee.name


def _item_blocks(index: int, item: AgendaItem, *, applied: bool = False) -> list[Block]:
    blocks: list[Block] = [Heading(f"{index}. {item_title(item, internal=True)}")]
    if item.cooperation_id and item.cooperation:
        blocks.append(f"Kerja sama: {item.cooperation.title}.")
    if item.minutes.strip():
        blocks += [part.strip() for part in item.minutes.split("\n\n") if part.strip()]
    away = [_in_room(absence.invitee) for absence in item.absences.all()]
    if away:
        names = ", ".join(away)
        blocks.append(f"Tidak berada di ruangan saat pembahasan: {names.rstrip('.')}.")
    for outcome in item.outcomes.all():
        blocks += _outcome_blocks(outcome, applied=applied)
    return blocks


def _quorum_override(meeting: Meeting) -> str:
    """The reason the chair gave for decisions without a quorum, in the latest version made
    final (`minutes.meeting_finalise`), or the one being made final now; "" when none."""
    pending = PENDING_QUORUM_REASON.get()
    if pending:
        return pending
    latest = meeting.minutes_versions.order_by("-number").first()
    override = (latest.snapshot or {}).get("quorum_override") if latest is not None else None
    return str(override.get("reason", "")) if isinstance(override, dict) else ""


def _is_final(meeting: Meeting, final: bool | None) -> bool:
    return meeting.state == MeetingState.FINAL if final is None else final


# --- The four kinds ---------------------------------------------------------------------------------


def _base(meeting: Meeting, *, day: dt.date, number: str) -> Letter:
    tenant = meeting.tenant
    return Letter(
        letterhead=tenant_letterhead(tenant),
        place=tenant.letter_place or tenant.region.name.removeprefix("Kota "),
        date=day,
        number=number,
        signer=chair_signer(meeting, day),
    )


def invitation(meeting: Meeting, *, number: str, day: dt.date) -> Letter:
    """The undangan: to the invitees (listed, or an attached list when many), the day, time
    with its zone, place or link, the agenda by public titles, the request to attend."""
    meeting = _meeting(meeting)
    invitees = _invitees(meeting)
    labels = [invitee_label(i) for i in invitees]
    attached = len(labels) > ADDRESSEES_INLINE
    if attached:
        addressee: tuple[str, ...] = ("Bapak/Ibu/Saudara sebagaimana tercantum dalam lampiran",)
    elif len(labels) > 1:
        addressee = tuple(f"{n}. {label}" for n, label in enumerate(labels, start=1))
    else:
        addressee = tuple(labels) or (f"Anggota {TEAM_NAME}",)
    items = _items(meeting)
    agenda = [item_title(item, internal=False) for item in items] or [meeting.title]
    facts = _facts(meeting, with_number=False)
    facts.append(("Acara", f"1. {agenda[0]}" if len(agenda) > 1 else agenda[0]))
    facts += [("", f"{n}. {title}") for n, title in enumerate(agenda[1:], start=2)]
    body: list[Block] = [
        f"Dengan hormat, dalam rangka {meeting.title}, kami mengundang Bapak/Ibu/Saudara untuk "
        f"menghadiri rapat {TEAM_NAME} {meeting.tenant.region.display_name} yang akan "
        "dilaksanakan pada:",
        Fields(tuple(facts)),
        "Mengingat pentingnya acara tersebut, dimohon kehadiran Bapak/Ibu/Saudara tepat "
        "waktu. Apabila berhalangan, mohon menugaskan pejabat yang mewakili dengan surat "
        "tugas.",
        "Demikian disampaikan, atas perhatian dan kehadirannya diucapkan terima kasih.",
    ]
    # The list of invitees is an attachment: after the signature and the tembusan, on a page of
    # its own under "LAMPIRAN" and the letter's reference (tata naskah dinas); the "Lampiran"
    # field counts it (`Letter.attachment_text`).
    appendices: tuple[Appendix, ...] = ()
    if attached:
        appendices = (
            Appendix(
                title="Daftar Undangan",
                body=(
                    Table(
                        header=("No.", "Undangan"),
                        rows=tuple((f"{n}.", label) for n, label in enumerate(labels, start=1)),
                        widths=(1, 12),
                    ),
                ),
            ),
        )
    return replace(
        _base(meeting, day=day, number=number),
        nature="Penting",
        subject=f"Undangan Rapat {TEAM_NAME}",
        addressee=addressee,
        body=tuple(body),
        copies=(f"{regional_head(meeting.tenant)} (sebagai laporan)", "Arsip"),
        appendices=appendices,
    )


def attendance_list(meeting: Meeting, *, number: str, day: dt.date) -> Letter:
    """The daftar hadir: every seat of the composition on the meeting's day with its holder
    then, the other invitees, the attendance recorded, and numbered signature cells
    alternating left and right."""
    meeting = _meeting(meeting)
    composition = team_on(meeting.tenant, meeting_day(meeting))
    invitees = _invitees(meeting)
    rows = attendance_rows(meeting, composition, invitees)
    table = Table(
        header=("No.", "Nama", "Jabatan/Instansi", "Keterangan", "Tanda tangan"),
        rows=tuple(
            (f"{n}.", name, where, presence_text(invitee), f"{n}. ……………")
            for n, (name, where, _role, invitee) in enumerate(rows, start=1)
        ),
        widths=(2, 8, 10, 5, 7),
        zigzag=4,
        row_height_mm=12,
    )
    facts = _facts(meeting, with_number=True)
    facts.append(("Acara", meeting.title))
    return replace(
        _base(meeting, day=day, number=number),
        signer=chair_signer(meeting, day, caption="Pimpinan Rapat"),
        title=TITLES[LetterKind.ATTENDANCE_LIST],
        body=(Fields(tuple(facts)), table),
    )


def minutes(meeting: Meeting, *, number: str, day: dt.date, final: bool | None = None) -> Letter:
    """The notulen: the meeting's facts, the attendance with the quorum, per item its minutes
    and outcomes (decisions with their lifecycle steps, action items with owner and due date),
    a table of the decisions and action items, the closing; signed by the notulis and the
    chair; "DRAFT" until the minutes are final."""
    meeting = _meeting(meeting)
    composition = team_on(meeting.tenant, meeting_day(meeting))
    invitees = _invitees(meeting)
    items = _items(meeting)
    notulis = notulis_signer(composition)
    facts = _facts(meeting, with_number=True)
    facts += [
        ("Jenis rapat", KIND_ID.get(MeetingKind(meeting.kind), meeting.kind)),
        ("Pimpinan rapat", _chair_line(meeting)),
        ("Notulis", notulis.name or "-"),
        ("Acara", meeting.title),
    ]
    body: list[Block] = [Fields(tuple(facts)), Heading("I. Kehadiran")]
    body.append(quorum_sentence(composition, invitees))
    override = _quorum_override(meeting)
    if override:  # the chair's confirmation at finalisation (❓ §2.1, run 11 item 1)
        body.append(f"Diputuskan tanpa kuorum; alasan: {override}")
    body.append(
        Table(
            header=("No.", "Nama", "Jabatan/Instansi", "Kehadiran"),
            rows=tuple(
                (f"{n}.", name, where, presence_text(invitee) or "Tidak tercatat")
                for n, (name, where, _role, invitee) in enumerate(
                    attendance_rows(meeting, composition, invitees), start=1
                )
            ),
            widths=(2, 9, 12, 7),
        )
    )
    body.append(Heading("II. Pembukaan"))
    body.append(meeting.minutes_opening.strip() or "Rapat dibuka oleh pimpinan rapat.")
    body.append(Heading("III. Pembahasan"))
    for index, item in enumerate(items, start=1):
        body += _with_item_quorum(
            _item_blocks(index, item), meeting, item, invitees=invitees, composition=composition
        )
    summary: list[tuple[str, ...]] = []
    for item in items:
        for outcome in item.outcomes.all():
            if outcome.kind == OutcomeKind.DECISION:
                summary.append(
                    (
                        f"{len(summary) + 1}.",
                        item_title(item, internal=True),  # numbered once, by "No." (QA walk 2)
                        f"Keputusan: {outcome.text}",
                        "-",
                        "-",
                    )
                )
            for action in outcome.action_items.all():
                summary.append(
                    (
                        f"{len(summary) + 1}.",
                        item_title(item, internal=True),  # numbered once, by "No." (QA walk 2)
                        f"Tindak lanjut: {action.title}",
                        owner_text(action),
                        indonesian_date(action.due_on),
                    )
                )
    if summary:
        body.append(Heading("IV. Daftar keputusan dan tindak lanjut"))
        body.append(
            Table(
                header=(
                    "No.",
                    "Agenda",
                    "Keputusan/Tindak lanjut",
                    "Penanggung jawab",
                    "Batas waktu",
                ),
                rows=tuple(summary),
                widths=(2, 8, 12, 7, 6),
            )
        )
    body.append(Heading("V. Penutup" if summary else "IV. Penutup"))
    body.append(meeting.minutes_closing.strip() or "Rapat ditutup oleh pimpinan rapat.")
    return replace(
        _base(meeting, day=day, number=number),
        signer=chair_signer(meeting, day, caption="Pimpinan Rapat"),
        second_signer=notulis,
        title=TITLES[LetterKind.MINUTES],
        body=tuple(body),
        watermark="" if _is_final(meeting, final) else DRAFT,
    )


def items_about(meeting: Meeting, cooperation: Cooperation) -> list[AgendaItem]:
    """The items of the meeting about a case: its own, or one whose decision applies a step to
    it."""
    return [
        item
        for item in _items(meeting)
        if item.cooperation_id == cooperation.pk
        or any(
            step.cooperation_id == cooperation.pk
            for outcome in item.outcomes.all()
            for step in outcome.steps.all()
        )
    ]


def decided_cases(meeting: Meeting) -> list[Cooperation]:
    """The cases a decision of the meeting is about (a decision on an item of the case, or a
    decided step on it): each gets a petikan."""
    ids = set(
        DecisionStep.objects.filter(outcome__item__meeting=meeting).values_list(
            "cooperation_id", flat=True
        )
    ) | set(
        Outcome.objects.filter(
            item__meeting=meeting, kind=OutcomeKind.DECISION, item__cooperation__isnull=False
        ).values_list("item__cooperation_id", flat=True)
    )
    return list(Cooperation.objects.filter(pk__in=ids).order_by("title", "pk"))


def extract(
    meeting: Meeting,
    cooperation: Cooperation,
    *,
    number: str,
    day: dt.date,
    final: bool | None = None,
) -> Letter:
    """The petikan for one case: the meeting's facts, the items about the case with their
    minutes and outcomes, "Petikan sesuai dengan aslinya" and the chair's signature. Filed on
    the case as its TKKSD recommendation."""
    meeting = _meeting(meeting)
    facts = _facts(meeting, with_number=True)
    facts += [("Pimpinan rapat", _chair_line(meeting)), ("Perihal", cooperation.title)]
    body: list[Block] = [
        Fields(tuple(facts)),
        f"Petikan dari notulen rapat {TEAM_NAME} {meeting.tenant.region.display_name} "
        f"tentang {meeting.title}, sepanjang mengenai {cooperation.title}:",
    ]
    composition = team_on(meeting.tenant, meeting_day(meeting))
    invitees = _invitees(meeting)
    confirmed = _quorum_override(meeting) if _is_final(meeting, final) else ""
    for index, item in enumerate(items_about(meeting, cooperation), start=1):
        body += _with_item_quorum(
            _item_blocks(index, item, applied=final is True),
            meeting,
            item,
            invitees=invitees,
            composition=composition,
            confirmed=confirmed,
        )
    body.append("Petikan sesuai dengan aslinya.")
    return replace(
        _base(meeting, day=day, number=number),
        signer=chair_signer(meeting, day, caption="Pimpinan Rapat"),
        title=TITLES[LetterKind.EXTRACT],
        body=tuple(body),
        watermark="" if _is_final(meeting, final) else DRAFT,
    )


def letter_day(meeting: Meeting, kind: str) -> dt.date:
    """The date a letter carries: the undangan the day it is made (never after the meeting);
    the daftar hadir and the notulen the meeting's day; a petikan the day the minutes were made
    final (the meeting's day before that)."""
    day = meeting_day(meeting)
    if kind == LetterKind.INVITATION:
        return min(region_today(meeting.tenant), day)
    if kind == LetterKind.EXTRACT and meeting.finalised_at is not None:
        return meeting.finalised_at.astimezone(meeting.tenant.region.time_zone.zone).date()
    return day


def build(
    meeting: Meeting,
    kind: str,
    *,
    number: str,
    day: dt.date,
    cooperation: Cooperation | None = None,
    final: bool | None = None,
) -> Letter:
    """The letter of `kind` (a `LetterKind`), in Indonesian whatever the active language."""
    with translation.override("id"):
        if kind == LetterKind.INVITATION:
            return invitation(meeting, number=number, day=day)
        if kind == LetterKind.ATTENDANCE_LIST:
            return attendance_list(meeting, number=number, day=day)
        if kind == LetterKind.MINUTES:
            return minutes(meeting, number=number, day=day, final=final)
        if cooperation is None:
            raise ValueError("a petikan is about one case")
        return extract(meeting, cooperation, number=number, day=day, final=final)
