"""Screens of the TKKSD at /tkksd/ (issue 9, item 1): the team on a chosen date, the decrees
in order with what each changed, and the forms of the secretariat; and its meetings at /rapat/
(items 2, 3, 6): the list, planning, the agenda, holding, attendance and quorum, the projected
and printed views."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kerjasama.accounts.http import AuthedRequest
from kerjasama.accounts.models import Tenant
from kerjasama.core.exceptions import NotFound
from kerjasama.core.forms import apply_domain_error, flash_domain_error, form_status
from kerjasama.meetings import minutes, selectors, services
from kerjasama.meetings.enums import (
    ATTENDING,
    HoldingCapacity,
    InviteeKind,
    MeetingKind,
    MeetingState,
)
from kerjasama.meetings.forms import (
    AgendaItemForm,
    AttendanceForm,
    DecreeForm,
    HoldingEndForm,
    HoldingForm,
    InviteeForm,
    ItemAbsenceForm,
    MeetingCancelForm,
    MeetingFilterForm,
    MeetingForm,
    QuorumForm,
    ScanForm,
    SeatForm,
    TeamDateForm,
)
from kerjasama.meetings.models import ActionItem, AgendaItem, Holding, Invitee, Meeting, Outcome
from kerjasama.meetings.permissions import (
    can_chair,
    can_keep_team,
    can_plan_meetings,
    can_read_closed_items,
    can_read_meetings,
    can_read_team,
)
from kerjasama.partners.models import Partner


def _tenant_read(request: AuthedRequest) -> Tenant:
    tenant = request.user.tenant
    if tenant is None or not can_read_team(request.user, tenant):
        raise NotFound(_("This page was not found."))
    return tenant


def _refuse_unless_keeper(request: AuthedRequest, tenant: Tenant) -> None:
    if not can_keep_team(request.user, tenant):
        raise PermissionDenied(_("Only the TKKSD secretariat of the region records its team."))


@login_required
def team(request: AuthedRequest) -> HttpResponse:
    tenant = _tenant_read(request)
    today = timezone.localdate()
    form = TeamDateForm(request.GET if "tanggal" in request.GET else None)
    day = form.cleaned_data["tanggal"] if form.is_bound and form.is_valid() else today
    if not form.is_bound:
        form = TeamDateForm(initial={"tanggal": today})
    return render(
        request,
        "meetings/team.html",
        {
            "form": form,
            "composition": selectors.team_on(tenant, day),
            "history": selectors.decree_history(tenant),
            "can_keep": can_keep_team(request.user, tenant),
            "is_today": day == today,
        },
    )


@login_required
def decree_create(request: AuthedRequest) -> HttpResponse:
    tenant = _tenant_read(request)
    _refuse_unless_keeper(request, tenant)
    initial = {}
    if request.GET.get("ubah", "").isdigit():
        initial = {"kind": "amendment", "amends": int(request.GET["ubah"])}
    form = DecreeForm(request.POST or None, tenant=tenant, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            decree = services.decree_create(
                actor=request.user, tenant=tenant, data=form.cleaned_data
            )
        except ValidationError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The decree was recorded."))
            return redirect("meetings:decree_detail", pk=decree.pk)
    return render(
        request, "meetings/decree_form.html", {"form": form}, status=form_status(request, form)
    )


@login_required
def decree_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    decree = selectors.decree_for_reader(request.user, pk)
    holdings = (
        Holding.objects.filter(seat__decree=decree)
        .select_related("seat", "decree")
        .order_by("seat__order", "seat_id", "capacity", "starts_on")
    )
    return render(
        request,
        "meetings/decree_detail.html",
        {
            "decree": decree,
            "seats": selectors.seats_open_for_holders(decree),
            "own_seats": list(decree.seats.select_related("opd")),
            "holdings": holdings,
            "appointed": decree.holdings.select_related("seat", "decree").exclude(
                seat__decree=decree
            ),
            "ended": decree.ended_holdings.select_related("seat"),
            "can_keep": can_keep_team(request.user, decree.tenant),
        },
    )


@login_required
def decree_scan(request: AuthedRequest, pk: int) -> FileResponse:
    """The decree's scan, streamed after the reading check; media is never served directly."""
    decree = selectors.decree_for_reader(request.user, pk)
    if not decree.scan:
        raise Http404
    try:
        handle = decree.scan.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=decree.scan_name,
        content_type=decree.scan_content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def decree_scan_upload(request: AuthedRequest, pk: int) -> HttpResponse:
    decree = selectors.decree_for_reader(request.user, pk)
    _refuse_unless_keeper(request, decree.tenant)
    form = ScanForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decree_scan_add(
                actor=request.user, decree=decree, upload=form.cleaned_data["upload"]
            )
        except ValidationError as error:
            apply_domain_error(form, error, field_map={None: "upload"})
        else:
            messages.success(request, _("The scan was stored."))
            return redirect("meetings:decree_detail", pk=decree.pk)
    return render(
        request,
        "meetings/scan_form.html",
        {"form": form, "decree": decree},
        status=form_status(request, form),
    )


@login_required
def seat_create(request: AuthedRequest, pk: int) -> HttpResponse:
    decree = selectors.decree_for_reader(request.user, pk)
    _refuse_unless_keeper(request, decree.tenant)
    form = SeatForm(request.POST or None, tenant=decree.tenant)
    if request.method == "POST" and form.is_valid():
        try:
            services.seat_add(actor=request.user, decree=decree, data=form.cleaned_data)
        except ValidationError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The seat was added."))
            return redirect("meetings:decree_detail", pk=decree.pk)
    return render(
        request,
        "meetings/seat_form.html",
        {"form": form, "decree": decree},
        status=form_status(request, form),
    )


@login_required
def holding_create(request: AuthedRequest, pk: int) -> HttpResponse:
    """A definitive holder resting on this decree (an amendment: of a seat it finds)."""
    decree = selectors.decree_for_reader(request.user, pk)
    _refuse_unless_keeper(request, decree.tenant)
    seats = selectors.seats_open_for_holders(decree)
    initial: dict[str, object] = {"starts_on": decree.valid_from}
    if request.GET.get("kursi", "").isdigit():
        initial["seat"] = int(request.GET["kursi"])
    form = HoldingForm(request.POST or None, tenant=decree.tenant, seats=seats, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "decree": decree, "capacity": HoldingCapacity.DEFINITIVE}
        try:
            services.holding_add(
                actor=request.user,
                seat=data.pop("seat"),
                data=data,
                replace_current=data.pop("replace_current", False),
            )
        except ValidationError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The holder was recorded."))
            return redirect("meetings:decree_detail", pk=decree.pk)
    return render(
        request,
        "meetings/holding_form.html",
        {"form": form, "decree": decree},
        status=form_status(request, form),
    )


@login_required
def acting_create(request: AuthedRequest, pk: int) -> HttpResponse:
    """A Plt or Plh of a seat, on a letter, beside the definitive holder."""
    seat = selectors.seat_for_reader(request.user, pk)
    _refuse_unless_keeper(request, seat.decree.tenant)
    form = HoldingForm(request.POST or None, tenant=seat.decree.tenant, acting=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.holding_add(actor=request.user, seat=seat, data=form.cleaned_data)
        except ValidationError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The acting holder was recorded."))
            return redirect("meetings:decree_detail", pk=seat.decree_id)
    return render(
        request,
        "meetings/holding_form.html",
        {"form": form, "decree": seat.decree, "seat": seat},
        status=form_status(request, form),
    )


@login_required
def holding_end(request: AuthedRequest, pk: int) -> HttpResponse:
    holding = selectors.holding_for_reader(request.user, pk)
    tenant = holding.seat.decree.tenant
    _refuse_unless_keeper(request, tenant)
    form = HoldingEndForm(request.POST or None, tenant=tenant)
    if request.method == "POST" and form.is_valid():
        try:
            services.holding_end(
                actor=request.user,
                holding=holding,
                ends_on=form.cleaned_data["ends_on"],
                decree=form.cleaned_data["decree"],
            )
        except ValidationError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The holding was ended."))
            return redirect("meetings:decree_detail", pk=holding.seat.decree_id)
    return render(
        request,
        "meetings/holding_end.html",
        {"form": form, "holding": holding},
        status=form_status(request, form),
    )


@login_required
def quorum(request: AuthedRequest) -> HttpResponse:
    tenant = _tenant_read(request)
    _refuse_unless_keeper(request, tenant)
    form = QuorumForm(
        request.POST or None, initial={"tkksd_quorum_percent": tenant.tkksd_quorum_percent}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.team_quorum_set(
                actor=request.user,
                tenant=tenant,
                percent=form.cleaned_data["tkksd_quorum_percent"],
            )
        except ValidationError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The quorum setting was saved."))
            return redirect("meetings:team")
    return render(
        request, "meetings/quorum_form.html", {"form": form}, status=form_status(request, form)
    )


# --- Meetings at /rapat/ (issue 9 items 2, 3, 6) -------------------------------------------------


def _meetings_tenant(request: AuthedRequest) -> Tenant:
    tenant = request.user.tenant
    if tenant is None or not can_read_meetings(request.user, tenant):
        raise NotFound(_("This page was not found."))
    return tenant


def _refuse_unless_planner(request: AuthedRequest, tenant: Tenant) -> None:
    if not can_plan_meetings(request.user, tenant):
        raise PermissionDenied(
            _("Only the TKKSD secretariat of the region plans and holds its meetings.")
        )


def _planner_meeting(request: AuthedRequest, pk: int) -> Meeting:
    meeting = selectors.meeting_for_reader(request.user, pk)
    _refuse_unless_planner(request, meeting.tenant)
    return meeting


@login_required
def meeting_list(request: AuthedRequest) -> HttpResponse:
    tenant = _meetings_tenant(request)
    everything = selectors.meeting_list(request.user)
    form = MeetingFilterForm(request.GET or None, years=everything.years)
    year, kind = None, ""
    if form.is_bound and form.is_valid():
        year, kind = form.cleaned_data["tahun"], form.cleaned_data["jenis"]
    listing = selectors.meeting_list(request.user, year=year, kind=kind)
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "form": form,
            "listing": listing,
            "can_plan": can_plan_meetings(request.user, tenant),
        },
    )


def _meeting_form_page(
    request: AuthedRequest, tenant: Tenant, meeting: Meeting | None
) -> HttpResponse:
    zone = selectors.region_zone(tenant).abbreviation
    if meeting is not None:
        start, end, _zone = selectors.meeting_local(meeting)
        initial: dict[str, object] = {
            "kind": meeting.kind,
            "title": meeting.title,
            "date": start.date(),
            "start_time": start.time(),
            "end_time": end.time() if end else None,
            "place": meeting.place,
            "online_link": meeting.online_link,
            "chair": meeting.chair_id,
            "version": meeting.version,
        }
        day = start.date()
    else:
        day = timezone.localdate()
        initial = {"kind": MeetingKind.PLENARY, "date": day, "start_time": dt.time(9, 0)}
    # The chairs offered are the team of the date typed (posted, or asked for by htmx when the
    # date changes: the field's `hx-get` swaps in the chair's choices of that date).
    typed = (request.POST if request.method == "POST" else request.GET).get("date", "")
    with contextlib.suppress(ValueError):  # a bad date: the form says so; the chairs stay
        day = dt.date.fromisoformat(typed) if typed else day
    if request.method != "POST" and typed:
        initial["date"] = day
    form = MeetingForm(
        request.POST or None,
        initial=initial,
        tenant=tenant,
        zone=zone,
        chairs=selectors.chair_options(tenant, day),
    )
    form.fields["date"].widget.attrs.update(
        {
            "hx-get": request.path,
            "hx-trigger": "change",
            "hx-target": "#chair-choice",
            "hx-select": "#chair-choice",
            "hx-swap": "outerHTML",
        }
    )
    if request.method == "POST" and form.is_valid():
        try:
            if meeting is None:
                meeting = services.meeting_create(
                    actor=request.user, tenant=tenant, data=form.cleaned_data
                )
                messages.success(
                    request,
                    _(
                        "The meeting was planned; the team on its date is invited. Build its agenda."
                    ),
                )
                return redirect("rapat:agenda", pk=meeting.pk)
            services.meeting_update(
                actor=request.user,
                meeting=meeting,
                data=form.cleaned_data,
                expected_version=form.cleaned_data.get("version"),
            )
        except ValidationError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect("rapat:detail", pk=meeting.pk)
    return render(
        request,
        "meetings/meeting_form.html",
        {"form": form, "meeting": meeting, "zone": zone, "day": day},
        status=form_status(request, form),
    )


@login_required
def meeting_create(request: AuthedRequest) -> HttpResponse:
    tenant = _meetings_tenant(request)
    _refuse_unless_planner(request, tenant)
    return _meeting_form_page(request, tenant, None)


@login_required
def meeting_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    meeting = _planner_meeting(request, pk)
    return _meeting_form_page(request, meeting.tenant, meeting)


@dataclass
class ItemRow:
    """An agenda item as the reader sees it: its content only when the reader may read a
    closed item (`show`), else its public title; and the item's quorum."""

    item: AgendaItem
    show: bool
    quorum: selectors.QuorumState | None

    @property
    def title(self) -> str:
        return self.item.title if self.show else self.item.public_title


def _meeting_context(request: AuthedRequest, meeting: Meeting) -> dict[str, object]:
    invitees = selectors.meeting_invitees(meeting)
    composition = selectors.team_on(meeting.tenant, selectors.meeting_day(meeting))
    see_closed = can_read_closed_items(request.user, meeting)
    held = meeting.state != MeetingState.PLANNED and meeting.state != MeetingState.CANCELLED
    items = [
        ItemRow(
            item=item,
            show=see_closed or not item.closed,
            quorum=selectors.meeting_quorum(
                meeting, item=item, invitees=invitees, composition=composition
            )
            if held
            else None,
        )
        for item in selectors.meeting_items(meeting)
    ]
    return {
        "meeting": meeting,
        "invitees": invitees,
        "items": items,
        "quorum": selectors.meeting_quorum(meeting, invitees=invitees, composition=composition),
        "attendance_recorded": any(i.presence for i in invitees),
        "can_plan": can_plan_meetings(request.user, meeting.tenant),
        "is_planned": meeting.state == MeetingState.PLANNED,
        "is_held": meeting.state == MeetingState.HELD,
        "has_happened": held,
        "can_chair": can_chair(request.user, meeting),
        **_opening_day(meeting),
    }


def _opening_day(meeting: Meeting) -> dict[str, object]:
    """Whether the meeting may be opened today: on its day in the region's zone, or after it
    (a meeting recorded afterwards), never before (`services.meeting_hold` refuses that); the
    day for the note that replaces the button until then."""
    day = selectors.meeting_day(meeting)
    today = timezone.localtime(timezone.now(), selectors.region_zone(meeting.tenant).zone).date()
    return {"opens_on": day, "can_open_today": day <= today}


@login_required
def meeting_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for_reader(request.user, pk)
    return render(request, "meetings/meeting_detail.html", _meeting_context(request, meeting))


@login_required
def meeting_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    meeting = _planner_meeting(request, pk)
    form = MeetingCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_cancel(
                actor=request.user, meeting=meeting, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The meeting was cancelled."))
            return redirect("rapat:detail", pk=meeting.pk)
    return render(
        request,
        "meetings/meeting_cancel.html",
        {"form": form, "meeting": meeting},
        status=form_status(request, form),
    )


@login_required
def meeting_hold(request: AuthedRequest, pk: int) -> HttpResponse:
    """Open the meeting (POST): it gets its number and its agenda is frozen."""
    meeting = _planner_meeting(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        meeting = services.meeting_hold(actor=request.user, meeting=meeting)
    except ValidationError as error:
        flash_domain_error(request, error)
        return redirect("rapat:detail", pk=meeting.pk)
    messages.success(
        request,
        _("The meeting is held with number %(number)s. Record the attendance.")
        % {"number": meeting.number},
    )
    return redirect("rapat:attendance", pk=meeting.pk)


def _locked_redirect(request: AuthedRequest, meeting: Meeting) -> HttpResponse:
    """A form of a meeting that can no longer take it (final minutes, cancelled, or for the
    absences not yet held): back to the meeting page, which says why, instead of a form
    refused on submit (run 11 item 2)."""
    if meeting.state == MeetingState.FINAL:
        messages.info(request, _("The minutes are final and locked: the chair may reopen them."))
    elif meeting.state == MeetingState.CANCELLED:
        messages.info(request, _("The meeting was cancelled: it can no longer be changed."))
    else:
        messages.info(request, _("This is recorded once the meeting is held."))
    return redirect("rapat:detail", pk=meeting.pk)


@login_required
def invitee_add(request: AuthedRequest, pk: int) -> HttpResponse:
    meeting = _planner_meeting(request, pk)
    if meeting.state not in (MeetingState.PLANNED, MeetingState.HELD):
        return _locked_redirect(request, meeting)
    form = InviteeForm(
        request.POST or None,
        initial={"kind": request.GET.get("jenis") or InviteeKind.OPD_OFFICER},
        officers=selectors.opd_officers(meeting.tenant),
        # The partners of the region's cases, never the meeting's own region (its people are
        # invited as the team or as OPD officers).
        partners=Partner.objects.filter(
            parties__cooperation__in=selectors.meeting_cooperations(meeting.tenant)
        )
        .exclude(region_id=meeting.tenant.region_id)
        .distinct()
        .order_by("name"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.invitee_add(actor=request.user, meeting=meeting, data=form.cleaned_data)
        except ValidationError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The invitation was added."))
            return redirect("rapat:detail", pk=meeting.pk)
    return render(
        request,
        "meetings/meeting_invitee_form.html",
        {"form": form, "meeting": meeting},
        status=form_status(request, form),
    )


@login_required
def invitee_remove(request: AuthedRequest, pk: int, invitee_pk: int) -> HttpResponse:
    meeting = _planner_meeting(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    invitee = get_object_or_404(Invitee, pk=invitee_pk, meeting=meeting)
    try:
        services.invitee_remove(actor=request.user, invitee=invitee)
    except ValidationError as error:
        flash_domain_error(request, error)
    else:
        messages.success(request, _("The invitation was withdrawn."))
    return redirect("rapat:detail", pk=meeting.pk)


# --- the agenda ------------------------------------------------------------------------------


@login_required
def agenda(request: AuthedRequest, pk: int) -> HttpResponse:
    """The agenda builder: the items (reorder, edit, remove while planned), the system's
    proposals (each with why) and the form to add one by hand."""
    meeting = _planner_meeting(request, pk)
    planned = meeting.state == MeetingState.PLANNED
    form = AgendaItemForm(cooperations=selectors.meeting_cooperations(meeting.tenant))
    return render(
        request,
        "meetings/meeting_agenda.html",
        {
            "meeting": meeting,
            "items": selectors.meeting_items(meeting),
            "proposals": selectors.agenda_proposals(meeting) if planned else [],
            "form": form,
            "is_planned": planned,
        },
    )


@login_required
def item_add(request: AuthedRequest, pk: int) -> HttpResponse:
    meeting = _planner_meeting(request, pk)
    return _item_form_page(request, meeting, None)


@login_required
def item_edit(request: AuthedRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = _planner_meeting(request, pk)
    item = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)
    return _item_form_page(request, meeting, item)


def _item_form_page(
    request: AuthedRequest, meeting: Meeting, item: AgendaItem | None
) -> HttpResponse:
    initial = {}
    if item is not None:
        initial = {
            "title": item.title,
            "cooperation": item.cooperation_id,
            "document": item.document_id,
            "closed": item.closed,
            "public_title": item.public_title,
        }
    form = AgendaItemForm(
        request.POST or None,
        initial=initial,
        cooperations=selectors.meeting_cooperations(meeting.tenant),
    )
    if request.method == "POST" and form.is_valid():
        try:
            if item is None:
                services.agenda_item_add(
                    actor=request.user, meeting=meeting, data=form.cleaned_data
                )
            else:
                services.agenda_item_update(actor=request.user, item=item, data=form.cleaned_data)
        except ValidationError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The agenda was saved."))
            return redirect("rapat:agenda", pk=meeting.pk)
    return render(
        request,
        "meetings/meeting_item_form.html",
        {"form": form, "meeting": meeting, "item": item},
        status=form_status(request, form),
    )


def _agenda_button(
    request: AuthedRequest, pk: int, act: Callable[[Meeting], object]
) -> HttpResponse:
    meeting = _planner_meeting(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        act(meeting)
    except ValidationError as error:
        flash_domain_error(request, error)
    return redirect(f"{reverse('rapat:agenda', kwargs={'pk': meeting.pk})}#agenda-items")


@login_required
def item_remove(request: AuthedRequest, pk: int, item_pk: int) -> HttpResponse:
    def act(meeting: Meeting) -> object:
        item = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)
        services.agenda_item_remove(actor=request.user, item=item)
        messages.success(request, _("The item was removed from the agenda."))
        return None

    return _agenda_button(request, pk, act)


@login_required
def item_move(request: AuthedRequest, pk: int, item_pk: int, direction: str) -> HttpResponse:
    def act(meeting: Meeting) -> object:
        item = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)
        return services.agenda_item_move(actor=request.user, item=item, up=direction == "naik")

    return _agenda_button(request, pk, act)


@login_required
def proposal_take(request: AuthedRequest, pk: int) -> HttpResponse:
    def act(meeting: Meeting) -> object:
        item = services.agenda_proposal_take(
            actor=request.user, meeting=meeting, key=request.POST.get("usulan", "")
        )
        messages.success(request, _("“%(title)s” is on the agenda.") % {"title": item.title})
        return item

    return _agenda_button(request, pk, act)


# --- holding it: attendance and quorum ---------------------------------------------------------


@login_required
def attendance(request: AuthedRequest, pk: int) -> HttpResponse:
    """The attendance at the opening, with the quorum above it. With htmx the form and the
    quorum are swapped in place after saving; without JavaScript the page comes back."""
    meeting = _planner_meeting(request, pk)
    invitees = selectors.meeting_invitees(meeting)
    form = AttendanceForm(request.POST or None, invitees=invitees)
    saved = False
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(actor=request.user, meeting=meeting, rows=form.attendance())
        except ValidationError as error:
            apply_domain_error(form, error)
        else:
            saved = True
            if not request.htmx:
                messages.success(request, _("The attendance was saved."))
                return redirect("rapat:attendance", pk=meeting.pk)
            invitees = selectors.meeting_invitees(meeting)
            form = AttendanceForm(None, invitees=invitees)
    context = {
        "meeting": meeting,
        "form": form,
        "quorum": selectors.meeting_quorum(meeting, invitees=invitees),
        "is_held": meeting.state == MeetingState.HELD,
        "saved": saved,
    }
    status = 200 if saved else form_status(request, form)
    if request.htmx and request.htmx.target == "attendance":
        # htmx swaps only 2xx answers: a refused row comes back as the form with its messages.
        return render(request, "meetings/meeting_attendance.html#attendance", context)
    return render(request, "meetings/meeting_attendance.html", context, status=status)


@login_required
def item_absences(request: AuthedRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = _planner_meeting(request, pk)
    if meeting.state != MeetingState.HELD:
        return _locked_redirect(request, meeting)
    item = get_object_or_404(
        AgendaItem.objects.prefetch_related("absences"), pk=item_pk, meeting=meeting
    )
    invitees = selectors.meeting_invitees(meeting)
    attending = [i for i in invitees if i.presence in ATTENDING]
    form = ItemAbsenceForm(
        request.POST or None,
        initial={"absent": [a.invitee_id for a in item.absences.all()]},
        attending=attending,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.item_absences_set(
                actor=request.user, item=item, invitee_ids=form.cleaned_data["absent"]
            )
        except ValidationError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("Who was out of the room for the item was saved."))
            return redirect(f"{reverse('rapat:detail', kwargs={'pk': meeting.pk})}#butir-{item.pk}")
    return render(
        request,
        "meetings/meeting_absences.html",
        {
            "form": form,
            "meeting": meeting,
            "item": item,
            "quorum": selectors.meeting_quorum(meeting, item=item, invitees=invitees),
        },
        status=form_status(request, form),
    )


# --- projected and printed -------------------------------------------------------------------


@login_required
def meeting_projected(request: AuthedRequest, pk: int) -> HttpResponse:
    """The meeting for the room's screen: one item at a time (`?butir=n`, 1-based), large type,
    previous/next links; no JavaScript."""
    meeting = selectors.meeting_for_reader(request.user, pk)
    context = _meeting_context(request, meeting)
    items: list[ItemRow] = context["items"]  # type: ignore[assignment]
    # A projected screen is read by everyone in the room, partners' representatives included:
    # a closed item shows its public title and none of its content here, whoever projects it
    # (the meeting page keeps both for those who may read them; run 11 fixscr item 1).
    for row in items:
        if row.item.closed:
            row.show = False
    raw = request.GET.get("butir", "")
    position = int(raw) if raw.isdigit() else 0
    position = max(0, min(position, len(items)))
    context.update(
        position=position,
        current=items[position - 1] if position else None,
        previous=position - 1 if position > 0 else None,
        next=position + 1 if position < len(items) else None,
        count=len(items),
    )
    return render(request, "meetings/meeting_projected.html", context)


@dataclass
class PrintedOutcome:
    """An outcome as the printed meeting files it: its decided steps with their state (taken
    when the minutes were made final, or previewed while they are a draft) and its action
    items."""

    outcome: Outcome
    steps: list[minutes.StepPreview]
    tasks: list[ActionItem]


@login_required
def meeting_print(request: AuthedRequest, pk: int) -> HttpResponse:
    """What a secretariat files (run 11 item 3): the header, the attendance with the quorum,
    each item with its minutes and typed outcomes (a closed item's content only for those who
    may read it), and the signature lines."""
    meeting = selectors.meeting_for_reader(request.user, pk)
    context = _meeting_context(request, meeting)
    rows: list[ItemRow] = context["items"]  # type: ignore[assignment]
    printed = {
        row.item.pk: [
            PrintedOutcome(
                outcome=o,
                steps=[minutes.step_preview(s) for s in o.steps.all()],
                tasks=list(o.action_items.all()),
            )
            for o in row.item.outcomes.all()
        ]
        for row in rows
        if row.show
    }
    for row in rows:
        row.outcomes = printed.get(row.item.pk, [])  # type: ignore[attr-defined]
    context["final"] = meeting.state == MeetingState.FINAL
    return render(request, "meetings/meeting_print.html", context)
