"""Screens of the TKKSD at /tkksd/ (issue 9, item 1): the team on a chosen date, the decrees
in order with what each changed, and the forms of the secretariat."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kerjasama.accounts.http import AuthedRequest
from kerjasama.accounts.models import Tenant
from kerjasama.core.exceptions import NotFound
from kerjasama.core.forms import apply_domain_error, form_status
from kerjasama.meetings import selectors, services
from kerjasama.meetings.enums import HoldingCapacity
from kerjasama.meetings.forms import (
    DecreeForm,
    HoldingEndForm,
    HoldingForm,
    QuorumForm,
    ScanForm,
    SeatForm,
    TeamDateForm,
)
from kerjasama.meetings.models import Holding
from kerjasama.meetings.permissions import can_keep_team, can_read_team


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
