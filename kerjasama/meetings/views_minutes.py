"""Screens of the minutes, outcomes, decisions and action items under /rapat/ (issue 9 items
3–5). Thin: each fetches what the user may read (404 otherwise), validates a form, calls a
service of `meetings.minutes` / `meetings.actions` and redirects; a refusal is shown on the
form or as a message. The meeting page (`rapat`) shows the same parts through the tags of
`minutes_tags`; `/rapat/<id>/notulen/` is the minutes' own page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kerjasama.accounts.http import AuthedRequest
from kerjasama.agreements import pathways
from kerjasama.agreements.models import Cooperation, Document, Transition
from kerjasama.core.exceptions import NotFound, NotPermitted
from kerjasama.core.forms import apply_domain_error, flash_domain_error, form_status
from kerjasama.meetings import actions, minutes, selectors
from kerjasama.meetings.enums import ActionStatus, MeetingState, OutcomeKind
from kerjasama.meetings.forms_minutes import (
    ActionCloseForm,
    ActionItemForm,
    CooperationChoiceForm,
    DecisionStepForm,
    FinaliseForm,
    ItemMinutesForm,
    NotesForm,
    OutcomeForm,
    ReasonForm,
)
from kerjasama.meetings.labels import meeting_name
from kerjasama.meetings.models import (
    ActionItem,
    AgendaItem,
    DecisionStep,
    Meeting,
    MinutesVersion,
    Outcome,
)


def _back(meeting: Meeting, anchor: str = "", request: AuthedRequest | None = None) -> HttpResponse:
    """Back to the page the form was posted from (its `next`, a local URL only: the meeting
    page or the minutes page, run 11 item 6), the minutes page otherwise; at `anchor`."""
    url = reverse("rapat:minutes", args=[meeting.pk])
    if request is not None:
        posted = str(request.POST.get("next", ""))
        if posted and url_has_allowed_host_and_scheme(
            posted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            url = posted.split("#", 1)[0]
            # The item's outcomes block has the same id on both pages (the meeting page's
            # item is "butir-N", the minutes page's "item-N").
            anchor = anchor.replace("item-", "outcomes-", 1)
    return redirect(f"{url}#{anchor}" if anchor else url)


def _not_drafting(request: AuthedRequest, meeting: Meeting) -> HttpResponse | None:
    """A form of the minutes asked by its URL while they cannot take it (final, cancelled, or
    not yet held): back to the meeting page with why, instead of a form refused on submit
    (run 11 item 4, as the meeting's own forms do)."""
    if meeting.state == MeetingState.HELD:
        return None
    if meeting.state == MeetingState.FINAL:
        messages.info(request, _("The minutes are final and locked: the chair may reopen them."))
    elif meeting.state == MeetingState.CANCELLED:
        messages.info(request, _("The meeting was cancelled: it can no longer be changed."))
    else:
        messages.info(request, _("This is recorded once the meeting is held."))
    return redirect("rapat:detail", pk=meeting.pk)


def _item(request: AuthedRequest, pk: int) -> AgendaItem:
    """The item, for a write: 404 to who may not read the meeting, 403 to who may not keep it."""
    item = AgendaItem.objects.select_related("meeting", "cooperation").filter(pk=pk).first()
    if item is None:
        raise NotFound(_("No such meeting."))
    _keeper(request, minutes.meeting_for_reader(request.user, item.meeting_id))
    return item


def _keeper(request: AuthedRequest, meeting: Meeting) -> None:
    if not minutes.can_keep_minutes(request.user, meeting):
        raise NotPermitted(_("Only the TKKSD secretariat of the region records the minutes."))


def _outcome(request: AuthedRequest, pk: int) -> Outcome:
    outcome = Outcome.objects.select_related("item__meeting").filter(pk=pk).first()
    if outcome is None:
        raise NotFound(_("No such meeting."))
    minutes.meeting_for_reader(request.user, outcome.item.meeting_id)
    return outcome


@login_required
def minutes_page(request: AuthedRequest, pk: int) -> HttpResponse:
    """The minutes of a meeting: notes, each item's minutes and outcomes, the panel."""
    meeting = minutes.meeting_for_reader(request.user, pk)
    return _render_minutes_page(request, meeting)


def _render_minutes_page(
    request: AuthedRequest, meeting: Meeting, finalise_form: FinaliseForm | None = None
) -> HttpResponse:
    """The minutes page; with a refused finalise form, that form bound with its errors (what
    the chair ticked and typed kept, QA walk 2 item 2)."""
    items = selectors.meeting_items(meeting)
    for item in items:  # a closed item's title only for those who may read its content
        item.readable = minutes.can_read_closed_item(request.user, item)  # type: ignore[attr-defined]
    return render(
        request,
        "meetings/minutes_page.html",
        {
            "meeting": meeting,
            "items": items,
            "label": meeting_name(meeting.number, minutes.meeting_day(meeting)),
            "can_keep": minutes.can_keep_minutes(request.user, meeting),
            "notes_form": NotesForm(
                initial={"opening": meeting.minutes_opening, "closing": meeting.minutes_closing}
            ),
            "finalise_form": finalise_form,
        },
        status=form_status(request, finalise_form) if finalise_form is not None else 200,
    )


@login_required
@require_POST
def notes_save(request: AuthedRequest, pk: int) -> HttpResponse:
    meeting = minutes.meeting_for_reader(request.user, pk)
    _keeper(request, meeting)
    form = NotesForm(request.POST)
    if form.is_valid():
        try:
            minutes.minutes_notes_update(
                actor=request.user,
                meeting=meeting,
                opening=form.cleaned_data["opening"],
                closing=form.cleaned_data["closing"],
            )
        except ValidationError as error:
            flash_domain_error(request, error)
        else:
            messages.success(request, _("The minutes were saved."))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return _back(meeting, "notes")


@login_required
@require_POST
def item_minutes_save(request: AuthedRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    form = ItemMinutesForm(request.POST, prefix=f"i{item.pk}")  # as `item_outcomes` renders it
    if form.is_valid():
        try:
            minutes.item_minutes_update(
                actor=request.user, item=item, minutes=form.cleaned_data["minutes"]
            )
        except ValidationError as error:
            flash_domain_error(request, error)
        else:
            messages.success(request, _("The minutes of the item were saved."))
    return _back(item.meeting, f"item-{item.pk}", request)


@login_required
@require_POST
def outcome_create(request: AuthedRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    form = OutcomeForm(request.POST, prefix=f"o{item.pk}")  # as `item_outcomes` renders it
    if form.is_valid():
        try:
            minutes.outcome_add(
                actor=request.user,
                item=item,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            flash_domain_error(request, error)
        else:
            messages.success(request, _("The outcome was recorded."))
    else:
        messages.error(request, _("Choose the kind of outcome and write it."))
    return _back(item.meeting, f"item-{item.pk}", request)


@login_required
@require_POST
def outcome_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    outcome = _outcome(request, pk)
    try:
        minutes.outcome_remove(actor=request.user, outcome=outcome)
    except ValidationError as error:
        flash_domain_error(request, error)
    else:
        messages.success(request, _("The outcome was removed."))
    return _back(outcome.item.meeting, f"item-{outcome.item_id}", request)


def _step_choices(case: Cooperation) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    steps = [(s.action, str(s.label)) for s in minutes.steps_choosable(case)]
    pks = case.documents.filter(kind="pks").order_by("signed_on", "id")
    for document in pks:
        for s in minutes.steps_choosable(case, document):
            if s.action not in {a for a, _label in steps}:
                steps.append((s.action, f"{s.label} (PKS)"))
    return steps, [(str(d.pk), str(d)) for d in pks]


@login_required
def step_create(request: AuthedRequest, pk: int) -> HttpResponse:
    """Choose the case, then the step (from its current stage) with its facts."""
    outcome = _outcome(request, pk)
    meeting = outcome.item.meeting
    if not minutes.can_keep_minutes(request.user, meeting):
        raise NotPermitted(_("Only the TKKSD secretariat of the region records the minutes."))
    if (locked := _not_drafting(request, meeting)) is not None:
        return locked
    cooperations = minutes.region_cooperations(request.user)
    initial = {"kerja_sama": outcome.item.cooperation_id} if outcome.item.cooperation_id else {}
    choose = CooperationChoiceForm(
        request.GET if "kerja_sama" in request.GET else None,
        initial=initial,
        cooperations=cooperations,
    )
    case: Cooperation | None = None
    if choose.is_bound and choose.is_valid():
        case = choose.cleaned_data["kerja_sama"]
    elif not choose.is_bound and outcome.item.cooperation_id:
        case = cooperations.filter(pk=outcome.item.cooperation_id).first()
    form = None
    if case is not None:
        steps, pks = _step_choices(case)
        form = DecisionStepForm(request.POST or None, steps=steps, pks=pks)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            document = (
                Document.objects.filter(pk=data["document"], cooperation=case).first()
                if data["document"]
                else None
            )
            try:
                minutes.decision_step_add(
                    actor=request.user,
                    outcome=outcome,
                    cooperation=case,
                    action=data["action"],
                    document=document,
                    facts={
                        "reason": data["reason"],
                        "termination_reason": data["termination_reason"],
                        "decision_reference": data["decision_reference"],
                    },
                    override_reason=data["override_reason"],
                )
            except ValidationError as error:
                apply_domain_error(form, error, field_map={"facts": "reason"})
            else:
                messages.success(request, _("The step was added to the decision."))
                return _back(meeting, f"item-{outcome.item_id}")
    return render(
        request,
        "meetings/minutes_step_form.html",
        {"outcome": outcome, "meeting": meeting, "choose": choose, "case": case, "form": form},
        status=form_status(request, form) if form is not None else 200,
    )


@login_required
@require_POST
def step_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    step = DecisionStep.objects.select_related("outcome__item__meeting").filter(pk=pk).first()
    if step is None:
        raise NotFound(_("No such meeting."))
    meeting = minutes.meeting_for_reader(request.user, step.outcome.item.meeting_id)
    try:
        minutes.decision_step_remove(actor=request.user, step=step)
    except ValidationError as error:
        flash_domain_error(request, error)
    else:
        messages.success(request, _("The step was removed from the decision."))
    return _back(meeting, f"item-{step.outcome.item_id}", request)


@login_required
def action_create(request: AuthedRequest, pk: int) -> HttpResponse:
    outcome = _outcome(request, pk)
    meeting = outcome.item.meeting
    if outcome.kind != OutcomeKind.ACTION:
        raise NotFound(_("No such meeting."))
    if not minutes.can_keep_minutes(request.user, meeting):
        raise NotPermitted(_("Only the TKKSD secretariat of the region records the minutes."))
    if (locked := _not_drafting(request, meeting)) is not None:
        return locked
    form = ActionItemForm(
        request.POST or None,
        initial={"cooperation": outcome.item.cooperation_id},
        opds=minutes.region_opds(meeting),
        users=minutes.region_users(meeting),
        cooperations=minutes.region_cooperations(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.action_item_add(
                actor=request.user,
                outcome=outcome,
                title=data["title"],
                due_on=data["due_on"],
                owner_user=data["owner_user"],
                owner_opd=data["owner_opd"],
                cooperation=data["cooperation"],
            )
        except ValidationError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The action item was recorded."))
            return _back(meeting, f"item-{outcome.item_id}")
    return render(
        request,
        "meetings/action_form.html",
        {"outcome": outcome, "meeting": meeting, "form": form},
        status=form_status(request, form),
    )


@login_required
@require_POST
def action_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    action = ActionItem.objects.select_related("meeting").filter(pk=pk).first()
    if action is None:
        raise NotFound(_("No such action item."))
    meeting = minutes.meeting_for_reader(request.user, action.meeting_id)
    try:
        actions.action_item_remove(actor=request.user, action=action)
    except ValidationError as error:
        flash_domain_error(request, error)
    else:
        messages.success(request, _("The action item was removed."))
    return _back(meeting, f"item-{action.outcome.item_id}", request)


@login_required
@require_POST
def finalise(request: AuthedRequest, pk: int) -> HttpResponse:
    meeting = minutes.meeting_for_reader(request.user, pk)
    form = FinaliseForm(request.POST)
    if not form.is_valid():
        return _render_minutes_page(request, meeting, form)
    try:
        version = minutes.meeting_finalise(
            actor=request.user, meeting=meeting, quorum_reason=form.reason
        )
    except ValidationError as error:
        if form.data.get("quorum_reason") or form.data.get("confirm_quorum"):
            # Re-rendered bound, so that what was typed or ticked is not lost.
            apply_domain_error(form, error)
            return _render_minutes_page(request, meeting, form)
        flash_domain_error(request, error)
        return _back(meeting, "minutes-panel", request)
    messages.success(
        request,
        _("The minutes are final (version %(n)s); their decisions took effect.")
        % {"n": version.number},
    )
    return _back(meeting, "minutes-panel", request)


@login_required
def reopen(request: AuthedRequest, pk: int) -> HttpResponse:
    meeting = minutes.meeting_for_reader(request.user, pk)
    if not minutes.can_chair(request.user, meeting):
        raise NotPermitted(_("Only the chair of the meeting reopens its minutes."))
    if meeting.state != MeetingState.FINAL:
        messages.info(request, _("Only final minutes can be reopened."))
        return redirect("rapat:detail", pk=meeting.pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            minutes.meeting_reopen(
                actor=request.user, meeting=meeting, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The minutes were reopened."))
            return _back(meeting, "minutes-panel")
    return render(
        request,
        "meetings/minutes_reopen.html",
        {"meeting": meeting, "form": form},
        status=form_status(request, form),
    )


@login_required
def version_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    found = MinutesVersion.objects.filter(pk=pk).values_list("meeting_id", flat=True).first()
    if found is None:
        raise Http404
    meeting = minutes.meeting_for_reader(request.user, found)
    version = minutes.minutes_versions(meeting).get(pk=pk)
    snapshot: dict[str, Any] = version.snapshot
    readable = [
        item
        for item in snapshot.get("items", [])
        if not item.get("closed") or minutes.can_read_closed_item(request.user, _closed(meeting))
    ]
    for item in readable:  # a taken step's label in the reader's language (run 11 item 7)
        for outcome in item.get("outcomes", []):
            for step in outcome.get("steps", []):
                step["shown_label"] = _snapshot_step_label(step)
    return render(
        request,
        "meetings/minutes_version.html",
        {"meeting": meeting, "version": version, "snap": snapshot, "items": readable},
    )


def _snapshot_step_label(step: dict[str, Any]) -> str:
    """A step of a minutes version as the active language names it: from its action and the
    kind of its case (through the step's transition, once taken); the stored label (the
    language of the moment it was made final) otherwise."""
    stored = str(step.get("label", ""))
    action = step.get("action")
    if not action:
        return stored
    if step.get("pks"):
        found = next((s for s in pathways.PKS_STEPS if s.action == action), None)
        return str(found.label) if found is not None else stored
    kind = (
        Transition.objects.filter(pk=step["transition_id"])
        .values_list("cooperation__kind", flat=True)
        .first()
        if step.get("transition_id")
        else None
    )
    return str(pathways.step_label(kind, action)) if kind else stored


def _closed(meeting: Meeting) -> AgendaItem:
    """A closed item of the meeting, to ask whether the reader sees closed content."""
    return AgendaItem(meeting=meeting, closed=True, public_title="-")


@login_required
def decisions(request: AuthedRequest, pk: int) -> HttpResponse:
    """The meeting's decisions and action items, drafts marked as such until final."""
    meeting = minutes.meeting_for_reader(request.user, pk)
    reads_closed = minutes.can_read_closed_item(request.user, _closed(meeting))
    decided = [o for o in minutes.meeting_decisions(meeting) if not o.item.closed or reads_closed]
    for outcome in decided:
        for step in outcome.steps.all():  # the prefetched rows the template lists
            step.label = minutes.step_label(step)  # type: ignore[attr-defined]
    tasks = [
        a
        for a in minutes.meeting_action_items(meeting)
        if not a.outcome.item.closed or reads_closed
    ]
    return render(
        request,
        "meetings/minutes_decisions.html",
        {"meeting": meeting, "decisions": decided, "tasks": tasks, "final": meeting.locked},
    )


# --- Action items -------------------------------------------------------------------------


@login_required
def action_list(request: AuthedRequest) -> HttpResponse:
    everything = request.GET.get("semua") == "1"
    items = actions.action_items_for(request.user, everything=everything)
    return render(
        request,
        "meetings/action_list.html",
        {
            "items": items,
            "closed": actions.closed_action_items_for(request.user, everything=everything)[:30],
            "everything": everything,
            "sees_all": request.user.has_role("secretariat", "leadership"),
        },
    )


@login_required
def action_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    action = actions.action_item_for_reader(request.user, pk)
    is_owner = actions.is_owner(request.user, action)
    can_cancel = minutes.can_keep_minutes(request.user, action.meeting)
    close_form = ActionCloseForm()
    cancel_form = ReasonForm()
    if request.method == "POST":
        if request.POST.get("do") == "cancel":
            cancel_form = ReasonForm(request.POST)
            if cancel_form.is_valid():
                try:
                    actions.action_item_cancel(
                        actor=request.user, action=action, reason=cancel_form.cleaned_data["reason"]
                    )
                except ValidationError as error:
                    apply_domain_error(cancel_form, error)
                else:
                    messages.success(request, _("The action item was cancelled."))
                    return redirect("rapat:action_detail", pk=action.pk)
        else:
            close_form = ActionCloseForm(request.POST, request.FILES)
            if close_form.is_valid():
                try:
                    actions.action_item_close(
                        actor=request.user,
                        action=action,
                        note=close_form.cleaned_data["note"],
                        evidence=close_form.cleaned_data["evidence"],
                    )
                except ValidationError as error:
                    apply_domain_error(close_form, error, field_map={"note": "note"})
                else:
                    messages.success(request, _("The action item is done."))
                    return redirect("rapat:action_detail", pk=action.pk)
    posted = cancel_form if request.POST.get("do") == "cancel" else close_form
    status = form_status(request, posted)
    return render(
        request,
        "meetings/action_detail.html",
        {
            "action": action,
            "is_open": action.status == ActionStatus.OPEN,
            "is_owner": is_owner,
            "can_cancel": can_cancel,
            "close_form": close_form,
            "cancel_form": cancel_form,
            "label": meeting_name(action.meeting.number, minutes.meeting_day(action.meeting)),
            "reads_meeting": minutes.can_read_minutes(request.user, action.meeting),
        },
        status=status,
    )


@login_required
def action_evidence(request: AuthedRequest, pk: int) -> FileResponse:
    action = actions.action_item_for_reader(request.user, pk)
    if not action.evidence:
        raise Http404
    return FileResponse(
        action.evidence.open("rb"),
        as_attachment=True,
        filename=action.evidence_name or "bukti",
        content_type=action.evidence_content_type or "application/octet-stream",
    )
