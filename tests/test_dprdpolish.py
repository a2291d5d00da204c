"""The DPRD on a PKS's own road, polished (follow-up of the issue 7 walk), stated by hand from
the domain reference: once the DPRD approved a PKS (§7) it is not asked again and the PKS shows
when; a PKS awaiting the DPRD inside a case already in force is found by the registry's stage
filter; the PKS form does not ask for a report's period, addressee and sending date (§12).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import translation

from kerjasama.agreements import lifecycle
from kerjasama.agreements.models import Document
from kerjasama.agreements.selectors import RegistryFilters, cooperation_list, pks_roads
from tests.test_pks_road import _dated, kb_case, pks_in_force, pks_step, stage
from tests.test_rules_by_hand import TODAY, People, agreement, paper

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(reference):
    return People()


def _road_html(html: str, pks: Document) -> str:
    """The record page's box of one PKS (its road)."""
    match = re.search(
        rf'<li class="pks-road" id="pks-{pks.pk}">(.*?)</li>\s*</ul>\s*</section>', html, re.S
    )
    assert match, "the PKS's road is on the record page"
    return match.group(1)


def _request_url(pks: Document) -> str:
    return reverse("agreements:pks_step", args=[pks.cooperation_id, pks.pk, "request_dprd"])


def _offered(pks: Document, user) -> list[str]:
    pks.refresh_from_db()
    return [a.step.action for a in lifecycle.available_pks_steps(pks, user, today=TODAY)]


@pytest.mark.rule("5.3-each-pks-its-own-road")
def test_law_a_pks_the_dprd_approved_is_not_sent_to_the_dprd_again(people, client):
    """§7 (PP 28/2018 Pasal 6(1)–(2)): the DPRD approves a PKS that burdens the community once.
    After its approval the PKS's road no longer offers "request the DPRD's approval", draws the
    DPRD's stage as done and shows the date and reference of the decision."""
    sec = people.secretariat
    record, kb = kb_case(burdens_community=True, budgeted_in_apbd=True)
    paper(record, "dprd_request")
    paper(record, "dprd_approval")
    pks = agreement(record, "pks", parent=kb, title="PKS persampahan")
    assert "request_dprd" in _offered(pks, sec)  # needed, not yet asked
    pks_step(sec, pks, "request_dprd", requested_on=dt.date(2026, 10, 20), received_on=TODAY)
    pks_step(sec, pks, "dprd_approves", on=TODAY, decision_reference="Keputusan DPRD 4/2026")
    assert stage(pks) == "pks_drafting"

    assert "request_dprd" not in _offered(pks, sec)
    assert "sign_pks" in _offered(pks, sec)
    (road,) = pks_roads(record)
    bar = {s.stage: s.state for s in road.bar}
    assert bar["awaiting_dprd"] == "done"
    assert road.dprd_approval is not None
    assert road.dprd_approval.decided_on == TODAY

    client.force_login(sec)
    with translation.override("en"):
        html = client.get(record.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    box = _road_html(html, pks)
    assert _request_url(pks) not in box
    assert "Request the DPRD&#x27;s approval" not in box
    assert "DPRD approved on 2 November 2026 (Keputusan DPRD 4/2026)" in box  # TODAY
    # The service refuses a second request as well.
    with pytest.raises(lifecycle.TransitionRefused):
        pks_step(sec, pks, "request_dprd", requested_on=TODAY, received_on=TODAY)


@pytest.mark.rule("5.3-each-pks-its-own-road")
def test_law_a_pks_that_does_not_need_the_dprd_shows_no_dprd_request(people, client):
    """§7 (PP 28/2018 Pasal 6(2)): a PKS that neither burdens the community nor is unbudgeted
    needs no DPRD approval: its road does not offer the request at all (not even disabled),
    while a PKS whose §7 facts are not recorded yet still shows it, disabled with the reason."""
    sec = people.secretariat
    record, kb = kb_case(burdens_community=False, budgeted_in_apbd=True)
    pks = agreement(record, "pks", parent=kb, title="PKS pelatihan")
    assert "request_dprd" not in _offered(pks, sec)
    client.force_login(sec)
    html = client.get(record.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    box = _road_html(html, pks)
    assert "DPRD" not in re.sub(r"<ol class=\"pathway-pks\">.*?</ol>", "", box, flags=re.S)

    unassessed, kb2 = kb_case(burdens_community=None, budgeted_in_apbd=None)
    other = agreement(unassessed, "pks", parent=kb2, title="PKS lain")
    (request,) = [
        a
        for a in lifecycle.available_pks_steps(other, sec, today=TODAY)
        if a.step.action == "request_dprd"
    ]
    assert request.blockers
    assert not request.open_now


def test_the_stage_filter_finds_a_pks_awaiting_the_dprd_inside_a_case_in_force(people):
    """Issue 7 (each PKS its own road): a case in force through one PKS, whose second PKS waits
    for the DPRD, is listed under "awaiting the DPRD" (and under "in force"); a case with no PKS
    at that stage is not."""
    sec = people.secretariat
    record, kb = kb_case(burdens_community=True, budgeted_in_apbd=True)
    paper(record, "dprd_request")
    paper(record, "dprd_approval")
    # Signed on the day the DPRD approved it (§5.3: after the approval).
    first = _dated(agreement(record, "pks", parent=kb, title="PKS pertama"), TODAY)
    pks_step(sec, first, "request_dprd", requested_on=dt.date(2026, 10, 20), received_on=TODAY)
    pks_step(sec, first, "dprd_approves", decision_reference="Keputusan DPRD 1/2026")
    pks_step(sec, first, "sign_pks")
    pks_step(sec, first, "start")
    second = agreement(record, "pks", parent=kb, title="PKS kedua")
    pks_step(sec, second, "request_dprd", requested_on=dt.date(2026, 10, 21), received_on=TODAY)
    assert (stage(record), stage(second)) == ("in_force", "awaiting_dprd")
    quiet, quiet_kb = kb_case(title="Tanpa DPRD")
    pks_in_force(sec, quiet, quiet_kb)
    assert stage(quiet) == "in_force"

    def listed(stage_filter: str) -> set[int]:
        return set(
            cooperation_list(user=sec, filters=RegistryFilters(stage=stage_filter)).values_list(
                "pk", flat=True
            )
        )

    assert listed("awaiting_dprd") == {record.pk}
    assert listed("in_force") == {record.pk, quiet.pk}
    assert listed("pks_signed") == set()


def test_the_pks_form_does_not_ask_for_a_reports_period_addressee_and_sending_date(people, client):
    """§12: the period covered, the addressee and the sending date are a report's. The form of
    a new PKS or KB, and the edit form of a PKS, do not show them; a report's form does."""
    sec = people.secretariat
    record, kb = kb_case()
    pks = agreement(record, "pks", parent=kb, title="PKS persampahan")
    client.force_login(sec)
    add = reverse("agreements:document_create", args=[record.pk])
    report_fields = (
        'name="period_start"',
        'name="period_end"',
        'name="addressee"',
        'name="sent_on"',
    )

    for page in (
        client.get(f"{add}?kind=pks&parent={kb.pk}"),
        client.get(f"{add}?kind=kb"),
        client.get(reverse("agreements:document_edit", args=[record.pk, pks.pk])),
    ):
        html = page.content.decode()
        assert 'name="title"' in html
        assert not [f for f in report_fields if f in html]

    report = client.get(f"{add}?kind=implementation_report").content.decode()
    assert all(f in report for f in report_fields)
