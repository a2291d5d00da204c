"""The TKKSD as its decrees define it (issue 9, item 1; §2.1, §8.4 `TKKSD`).

A `Decree` (keputusan kepala daerah) forms, amends or replaces the team; it defines `Seat`s (a
role in the team held by a position, e.g. "Kepala Bappeda" as anggota) and the people who hold
them (`Holding`, from a date, definitive or acting). The composition on a date is read from
these rows (`selectors.team_on`), never from a list of "current members": the meetings,
invitations, attendance lists and signature blocks of the coming items read it for their date.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kerjasama.core.models import TimeStampedModel
from kerjasama.meetings.enums import (
    ActionStatus,
    DecreeKind,
    HoldingCapacity,
    InviteeKind,
    ItemSource,
    LetterKind,
    MeetingKind,
    MeetingState,
    OutcomeKind,
    Presence,
    TeamRole,
)


class InForceQuerySet(models.QuerySet["Decree"]):
    def in_force_on(self, day: dt.date) -> InForceQuerySet:
        """Rows whose `valid_from`–`valid_until` (inclusive; open-ended when empty) covers
        `day`."""
        return self.filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day), valid_from__lte=day
        )


class Decree(TimeStampedModel):
    """A keputusan kepala daerah about the region's TKKSD (§2.1: formed by a keputusan, e.g.
    Keputusan Wali Kota Yogyakarta No. 55/2020 🟡)."""

    tenant = models.ForeignKey(
        "accounts.Tenant",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="tkksd_decrees",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=DecreeKind.choices)
    number = models.CharField(_("number"), max_length=100)
    signed_on = models.DateField(_("date signed"))
    title = models.CharField(_("title"), max_length=300)
    valid_from = models.DateField(_("in force from"))
    valid_until = models.DateField(_("in force until"), null=True, blank=True)
    amends = models.ForeignKey(
        "self",
        verbose_name=_("amends or replaces"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="later_decrees",
        help_text=_("The earlier decree this one amends or replaces."),
    )
    # The signed decree's scan (optional; PDF or DOCX checked by `core.uploads`), streamed only
    # to the region's readers (`views.decree_scan`). A new upload replaces it; the audit trail
    # keeps each file's name and SHA-256.
    scan = models.FileField(_("scan"), upload_to="tkksd/", max_length=300, blank=True)
    scan_name = models.CharField(_("file name"), max_length=255, blank=True)
    scan_content_type = models.CharField(_("content type"), max_length=100, blank=True)
    scan_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = InForceQuerySet.as_manager()

    class Meta:
        verbose_name = _("TKKSD decree")
        verbose_name_plural = _("TKKSD decrees")
        ordering = ["tenant", "valid_from", "signed_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "number"],
                name="tkksd_decree_unique_number",
                violation_error_message=_("Your region already has a decree with this number."),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="tkksd_decree_until_after_from",
                violation_error_message=_(
                    "A decree cannot stop being in force before it comes into force."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind=DecreeKind.FORMATION, amends__isnull=True)
                | (~Q(kind=DecreeKind.FORMATION) & Q(amends__isnull=False)),
                name="tkksd_decree_amends_earlier",
                violation_error_message=_(
                    "An amendment or a replacement names the earlier decree; a formation "
                    "names none."
                ),
            ),
        ]

    def __str__(self) -> str:
        return str(_("Decree No. %(number)s") % {"number": self.number})


class Seat(TimeStampedModel):
    """A place in the team that a decree defines: a role (§8.4 `jabatan_dalam_tim`) held by
    a position (`jabatan_struktural`), optionally of an OPD. It is in force from its decree's
    date until a later decree ends it (`valid_until`)."""

    decree = models.ForeignKey(
        Decree, verbose_name=_("decree"), on_delete=models.PROTECT, related_name="seats"
    )
    role = models.CharField(_("role in the team"), max_length=16, choices=TeamRole.choices)
    position = models.CharField(
        _("position (jabatan struktural)"),
        max_length=200,
        help_text=_("E.g. Sekretaris Daerah, Kepala Bappeda, Kepala Bagian Hukum."),
    )
    opd = models.ForeignKey(
        "accounts.Opd",
        verbose_name=_("OPD"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tkksd_seats",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    valid_from = models.DateField(_("in force from"))
    valid_until = models.DateField(_("in force until"), null=True, blank=True)

    objects = InForceQuerySet.as_manager()

    class Meta:
        verbose_name = _("TKKSD seat")
        verbose_name_plural = _("TKKSD seats")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="tkksd_seat_until_after_from",
                violation_error_message=_("A seat cannot end before it begins."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.position}"


class Holding(TimeStampedModel):
    """A person holding a seat from a date (and until one): definitively, on a decree, or
    acting (Plt/Plh) beside the definitive holder, on a letter. Terms of one seat in the same
    capacity never overlap: the service checks it under a row lock, and the database refuses
    it too (an exclusion constraint on PostgreSQL, triggers on SQLite; migration 0002)."""

    seat = models.ForeignKey(
        Seat, verbose_name=_("seat"), on_delete=models.PROTECT, related_name="holdings"
    )
    capacity = models.CharField(
        _("capacity"),
        max_length=16,
        choices=HoldingCapacity.choices,
        default=HoldingCapacity.DEFINITIVE,
    )
    name = models.CharField(_("name"), max_length=200)
    nip = models.CharField(
        _("NIP"), max_length=18, blank=True, help_text=_("18 digits; spaces are allowed.")
    )
    rank = models.CharField(_("rank and grade (pangkat/golongan)"), max_length=100, blank=True)
    position = models.CharField(_("position (jabatan)"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tkksd_holdings",
    )
    decree = models.ForeignKey(
        Decree,
        verbose_name=_("decree it rests on"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="holdings",
    )
    letter_number = models.CharField(_("letter number (Plt/Plh)"), max_length=100, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    ended_by = models.ForeignKey(
        Decree,
        verbose_name=_("ended by decree"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ended_holdings",
    )

    class Meta:
        verbose_name = _("TKKSD seat holder")
        verbose_name_plural = _("TKKSD seat holders")
        ordering = ["seat", "capacity", "starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="tkksd_holding_ends_after_start",
                violation_error_message=_("A holding cannot end before it begins."),
            ),
            models.CheckConstraint(
                condition=Q(capacity=HoldingCapacity.DEFINITIVE, decree__isnull=False)
                | (~Q(capacity=HoldingCapacity.DEFINITIVE) & ~Q(letter_number="")),
                name="tkksd_holding_rests_on_a_paper",
                violation_error_message=_(
                    "A definitive holder rests on a decree; a Plt or Plh on the number of "
                    "the letter that appoints them."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def nip_display(self) -> str:
        """The NIP as printed: birth date, appointment month, sex, number
        ("19660312 198803 1 002")."""
        n = self.nip
        return f"{n[:8]} {n[8:14]} {n[14]} {n[15:]}" if len(n) == 18 else n

    @property
    def acting(self) -> bool:
        return self.capacity != HoldingCapacity.DEFINITIVE


# --- Meetings (issue 9 items 2–5) -------------------------------------------------------------


class Meeting(TimeStampedModel):
    """A TKKSD meeting (§2.1 tasks; §8.4 `RapatTKKSD`). Its date decides the composition its
    invitations, attendance list, quorum and signature blocks read (`selectors.team_on`). It is
    where records move: its decisions take effect when the chair makes its minutes final
    (`MeetingState`). The number is given when it is held."""

    tenant = models.ForeignKey(
        "accounts.Tenant",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="tkksd_meetings",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=300)
    state = models.CharField(
        _("state"), max_length=16, choices=MeetingState.choices, default=MeetingState.PLANNED
    )
    # Stored in UTC; shown and typed in the region's time zone (`Region.time_zone`).
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_link = models.URLField(_("online link"), max_length=500, blank=True)
    # The person chairing: a holding of the composition on the meeting's date (normally the
    # ketua's; the wakil ketua's when the Sekda cannot).
    chair = models.ForeignKey(
        Holding,
        verbose_name=_("chair"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="chaired_meetings",
    )
    number = models.CharField(_("number"), max_length=100, blank=True)
    held_at = models.DateTimeField(_("held at"), null=True, blank=True)
    finalised_at = models.DateTimeField(_("minutes made final at"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("minutes made final by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # General notes of the minutes besides the items' own (opening, closing).
    minutes_opening = models.TextField(_("opening of the minutes"), blank=True)
    minutes_closing = models.TextField(_("closing of the minutes"), blank=True)
    # Optimistic lock: a form posts the version it was read at.
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("TKKSD meeting")
        verbose_name_plural = _("TKKSD meetings")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["tenant", "starts_at"], name="meeting_tenant_starts")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("A meeting cannot end before it starts."),
            ),
            models.UniqueConstraint(
                fields=["tenant", "number"],
                condition=~Q(number=""),
                name="meeting_unique_number",
                violation_error_message=_("Your region already has a meeting with this number."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def locked(self) -> bool:
        """Final minutes change through no interface until the chair reopens them."""
        return self.state in (MeetingState.FINAL, MeetingState.CANCELLED)


class Invitee(TimeStampedModel):
    """Someone invited: a seat of the composition on the meeting's date (with the person who
    held it then), an OPD officer, a partner's representative or another guest. Name, position
    and institution are kept as invited, so later changes of the team do not rewrite the
    meeting's papers. Attendance at the opening is recorded on the same row."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="invitees"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=InviteeKind.choices)
    seat = models.ForeignKey(
        Seat,
        verbose_name=_("seat"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    holding = models.ForeignKey(
        Holding,
        verbose_name=_("holder"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tkksd_invitations",
    )
    opd = models.ForeignKey(
        "accounts.Opd",
        verbose_name=_("OPD"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    partner = models.ForeignKey(
        "partners.Partner",
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    institution = models.CharField(_("institution"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Attendance at the opening; empty until recorded.
    presence = models.CharField(
        _("attendance"), max_length=16, choices=Presence.choices, blank=True
    )
    delegate_name = models.CharField(_("represented by"), max_length=200, blank=True)
    delegate_position = models.CharField(_("delegate's position"), max_length=200, blank=True)
    delegation_letter = models.CharField(_("delegation letter number"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("invitee")
        verbose_name_plural = _("invitees")
        ordering = ["meeting", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "seat", "holding"],
                condition=Q(seat__isnull=False),
                name="invitee_one_row_per_seat_holder",
                violation_error_message=_("This person is already invited for this seat."),
            ),
            models.CheckConstraint(
                condition=~Q(presence=Presence.REPRESENTED)
                | (~Q(delegate_name="") & ~Q(delegation_letter="")),
                name="invitee_delegate_has_letter",
                violation_error_message=_(
                    "A member represented at the meeting names the delegate and the number of "
                    "the delegation letter."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def in_room_label(self) -> str:
        """Who is in the room for this invitee: a member represented is there as the delegate,
        "Ir. Andi Pratama (representing Budi Santoso Lim)" (run 11 item 7)."""
        if self.presence == Presence.REPRESENTED and self.delegate_name:
            return str(
                _("%(delegate)s (representing %(member)s)")
                % {"delegate": self.delegate_name, "member": self.name}
            )
        return self.name


class AgendaItem(TimeStampedModel):
    """An item of a meeting's agenda, about a case (and one of its PKS) or about nothing in the
    registry. A closed item (tertutup, e.g. a commercially sensitive KSDPK offer) shows its
    `public_title` to those not invited. Its order is frozen once the meeting is held."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=500)
    closed = models.BooleanField(_("closed (tertutup)"), default=False)
    public_title = models.CharField(_("public title"), max_length=300, blank=True)
    cooperation = models.ForeignKey(
        "agreements.Cooperation",
        verbose_name=_("cooperation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tkksd_items",
    )
    document = models.ForeignKey(
        "agreements.Document",
        verbose_name=_("agreement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tkksd_items",
    )
    source = models.CharField(
        _("source"), max_length=16, choices=ItemSource.choices, default=ItemSource.MANUAL
    )
    # What it was proposed from: a deadline row, an open action item, an adjourned item.
    deadline = models.ForeignKey(
        "deadlines.Deadline",
        verbose_name=_("deadline"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action_item = models.ForeignKey(
        "meetings.ActionItem",
        verbose_name=_("action item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agenda_items",
    )
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("adjourned item it continues"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carried_to",
    )
    minutes = models.TextField(_("minutes of the item"), blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed=False) | ~Q(public_title=""),
                name="agenda_item_closed_has_public_title",
                violation_error_message=_("A closed item needs a title the public may read."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ItemAbsence(models.Model):
    """A member who attended the opening but was not in the room for an item (left before it,
    or came back only after it): the item's quorum counts without them."""

    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.CASCADE,
        related_name="absences",
    )
    invitee = models.ForeignKey(
        Invitee, verbose_name=_("invitee"), on_delete=models.CASCADE, related_name="absences"
    )

    class Meta:
        verbose_name = _("absence from an item")
        verbose_name_plural = _("absences from items")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "invitee"],
                name="item_absence_once",
                violation_error_message=_(
                    "This member is already marked out of the room for this item."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.invitee} ∉ {self.item}"


class Outcome(TimeStampedModel):
    """A typed outcome of an item: information, a decision (which may apply lifecycle steps,
    `DecisionStep`), an action item (`ActionItem`), or adjourned (continued at a later meeting
    by an item whose `carried_from` is this item)."""

    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.CASCADE,
        related_name="outcomes",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=OutcomeKind.choices)
    text = models.TextField(_("text"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["item", "order", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class DecisionStep(TimeStampedModel):
    """A lifecycle step a decision applies to a case (or, with `document`, to one of its PKS)
    through `agreements.lifecycle.cooperation_transition`, with the meeting as the source in the
    audit trail. Drafted with the minutes; taken when they are made final (`transition` then
    names the step taken). `expected_stage` is the stage the step starts from."""

    outcome = models.ForeignKey(
        Outcome, verbose_name=_("decision"), on_delete=models.CASCADE, related_name="steps"
    )
    cooperation = models.ForeignKey(
        "agreements.Cooperation",
        verbose_name=_("cooperation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    document = models.ForeignKey(
        "agreements.Document",
        verbose_name=_("PKS"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("step"), max_length=32)
    expected_stage = models.CharField(_("from stage"), max_length=32)
    facts = models.JSONField(_("facts"), default=dict, blank=True)
    override_reason = models.TextField(_("reason for going on despite a warning"), blank=True)
    transition = models.OneToOneField(
        "agreements.Transition",
        verbose_name=_("step taken"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tkksd_decision",
    )
    # The extract of the minutes filed on the case as its TKKSD recommendation.
    extract = models.ForeignKey(
        "agreements.Document",
        verbose_name=_("extract filed"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("decided lifecycle step")
        verbose_name_plural = _("decided lifecycle steps")
        ordering = ["outcome", "id"]


class ActionItem(TimeStampedModel):
    """A task a meeting gave to a user or an OPD, due on a date: a deadline (agenda, reminders,
    iCal; `meetings.deadlines`) closed by its owner with a note or evidence."""

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.PROTECT,
        related_name="action_items",
    )
    outcome = models.ForeignKey(
        Outcome,
        verbose_name=_("outcome"),
        on_delete=models.CASCADE,
        related_name="action_items",
    )
    cooperation = models.ForeignKey(
        "agreements.Cooperation",
        verbose_name=_("cooperation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tkksd_action_items",
    )
    title = models.CharField(_("what is to be done"), max_length=500)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner (person)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tkksd_action_items",
    )
    owner_opd = models.ForeignKey(
        "accounts.Opd",
        verbose_name=_("owner (OPD)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tkksd_action_items",
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closing_note = models.TextField(_("closing note"), blank=True)
    evidence = models.FileField(
        _("evidence"), upload_to="tkksd/tindak-lanjut/", max_length=300, blank=True
    )
    evidence_name = models.CharField(_("file name"), max_length=255, blank=True)
    evidence_content_type = models.CharField(_("content type"), max_length=100, blank=True)
    evidence_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_user__isnull=False) | Q(owner_opd__isnull=False),
                name="action_item_has_owner",
                violation_error_message=_("An action item has an owner: a person or an OPD."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class MinutesVersion(TimeStampedModel):
    """The minutes as they were made final: a snapshot of the meeting, its attendance, items,
    minutes and outcomes. Reopening keeps it (with who reopened, when and why); making the
    minutes final again adds the next version."""

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.PROTECT,
        related_name="minutes_versions",
    )
    number = models.PositiveSmallIntegerField(_("version"))
    snapshot = models.JSONField(_("content"))
    made_final_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made final by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reopened by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)

    class Meta:
        verbose_name = _("version of the minutes")
        verbose_name_plural = _("versions of the minutes")
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"],
                name="minutes_version_once",
                violation_error_message=_(
                    "This version of the minutes exists already: someone made them final at the "
                    "same time. Open the meeting again."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} v{self.number}"


class MeetingLetter(TimeStampedModel):
    """A letter generated from a meeting's data (undangan, daftar hadir, notulen, petikan per
    decided case), as DOCX and PDF, versioned: generating again adds the next version and keeps
    the earlier ones."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="letters"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=LetterKind.choices)
    cooperation = models.ForeignKey(
        "agreements.Cooperation",
        verbose_name=_("cooperation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    version = models.PositiveSmallIntegerField(_("version"))
    number = models.CharField(_("letter number"), max_length=100, blank=True)
    docx = models.FileField(_("DOCX"), upload_to="tkksd/surat/", max_length=300)
    docx_sha256 = models.CharField(_("SHA-256 of the DOCX"), max_length=64)
    pdf = models.FileField(_("PDF"), upload_to="tkksd/surat/", max_length=300)
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("generated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("meeting letter")
        verbose_name_plural = _("meeting letters")
        ordering = ["meeting", "kind", "cooperation", "-version"]
        constraints = [
            # Two partial constraints rather than one with NULLS NOT DISTINCT, which SQLite
            # cannot hold: a letter of the meeting, and a petikan of one case.
            models.UniqueConstraint(
                fields=["meeting", "kind", "version"],
                condition=Q(cooperation__isnull=True),
                name="meeting_letter_version_once",
                violation_error_message=_(
                    "This version of the letter was just generated by someone else; generate "
                    "it again for the next version."
                ),
            ),
            models.UniqueConstraint(
                fields=["meeting", "kind", "cooperation", "version"],
                condition=Q(cooperation__isnull=False),
                name="meeting_extract_version_once",
                violation_error_message=_(
                    "This version of the letter was just generated by someone else; generate "
                    "it again for the next version."
                ),
            ),
        ]


class MeetingLetterTemplate(TimeStampedModel):
    """A region's own DOCX template (docxtpl) for one kind of meeting letter, replacing the
    shipped one for that kind (`letter_services.template_for`); uploaded by its secretariat,
    checked by filling it with a sample letter before it is kept."""

    tenant = models.ForeignKey(
        "accounts.Tenant",
        verbose_name=_("region"),
        on_delete=models.CASCADE,
        related_name="meeting_letter_templates",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=LetterKind.choices)
    file = models.FileField(_("template (DOCX)"), upload_to="tkksd/templat/", max_length=300)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("meeting letter template")
        verbose_name_plural = _("meeting letter templates")
        ordering = ["tenant", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "kind"],
                name="meeting_letter_template_once_per_kind",
                violation_error_message=_(
                    "Your region already has its own template of this kind of letter."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.file_name})"
