"""The TKKSD from its decrees (issue 9, item 1): decrees, seats and holders through the
services and the screens; the composition and quorum on a date; overlapping terms refused;
a replacement ends the earlier decree's seats; permissions; the audit trail names the decree.

The demo's composition on either side of the 2021 amendment: tests/demo_world/test_team_demo.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from kerjasama.core.exceptions import DomainError, NotPermitted
from kerjasama.core.models import AuditEvent
from kerjasama.meetings import services
from kerjasama.meetings.models import Decree, Holding, Seat
from kerjasama.meetings.selectors import quorum_needed, team_on
from tests.factories import make_pdf, tkksd_formation

pytestmark = pytest.mark.django_db

D = dt.date


def _team(world):
    """Singkawang's team, recorded through the services by its secretariat: a 2020 formation
    with a chair (Sekda) and two members (Bappeda, PUPR)."""
    sec = world.sec_singkawang
    formation = services.decree_create(
        actor=sec,
        tenant=world.singkawang,
        data={
            "kind": "formation",
            "number": "100/45/HK-2020",
            "signed_on": D(2020, 2, 10),
            "title": "Pembentukan TKKSD Kota Singkawang",
            "valid_from": D(2020, 2, 10),
        },
    )
    seats = {}
    for order, (role, position, holder) in enumerate(
        [
            ("ketua", "Sekretaris Daerah", "Sumastro"),
            ("anggota", "Kepala Bappeda", "Agus Salim"),
            ("anggota", "Kepala Dinas PUPR", "Budi Santoso"),
            ("sekretariat", "Analis Kerja Sama", "Rina Wulandari"),
        ],
        start=1,
    ):
        seat = services.seat_add(
            actor=sec,
            decree=formation,
            data={"role": role, "position": position, "order": order},
        )
        services.holding_add(
            actor=sec,
            seat=seat,
            data={"name": holder, "decree": formation, "starts_on": D(2020, 2, 10)},
        )
        seats[position] = seat
    return formation, seats


def _names(composition, role):
    return [h.name for h in composition.holders(role)]


# --- the composition on a date ---------------------------------------------------------------


def test_an_amendment_changes_a_member_from_its_date(world):
    formation, seats = _team(world)
    amendment = services.decree_create(
        actor=world.sec_singkawang,
        tenant=world.singkawang,
        data={
            "kind": "amendment",
            "number": "100/2/HK-2021",
            "signed_on": D(2021, 1, 5),
            "title": "Perubahan TKKSD",
            "valid_from": D(2021, 1, 5),
            "amends": formation,
        },
    )

    services.holding_add(
        actor=world.sec_singkawang,
        seat=seats["Kepala Bappeda"],
        data={"name": "Riyanto Widodo", "decree": amendment, "starts_on": D(2021, 1, 5)},
        replace_current=True,
    )

    before, after = (
        team_on(world.singkawang, D(2021, 1, 4)),
        team_on(world.singkawang, D(2021, 1, 5)),
    )
    assert _names(before, "ketua") == _names(after, "ketua") == ["Sumastro"]
    assert _names(before, "anggota") == ["Agus Salim", "Budi Santoso"]
    assert _names(after, "anggota") == ["Riyanto Widodo", "Budi Santoso"]
    # Three seats of the team (the secretariat does not count): more than half is 2.
    assert (before.quorum.needed, before.quorum.seats) == (2, 3)
    assert [d.number for d in after.decrees] == ["100/45/HK-2020", "100/2/HK-2021"]
    ended = Holding.objects.get(name="Agus Salim")
    assert (ended.ends_on, ended.ended_by) == (D(2021, 1, 4), amendment)


def test_before_the_first_decree_there_is_no_team(world):
    _team(world)

    composition = team_on(world.singkawang, D(2020, 2, 9))

    assert (composition.seats, composition.decrees, composition.quorum.needed) == ([], [], 0)


def test_an_acting_holder_stands_beside_the_definitive_one(world):
    _formation, seats = _team(world)

    services.holding_add(
        actor=world.sec_singkawang,
        seat=seats["Kepala Dinas PUPR"],
        data={
            "capacity": "plh",
            "name": "Yohanes Bong",
            "letter_number": "800/37/PUPR-2021",
            "starts_on": D(2021, 2, 1),
            "ends_on": D(2021, 2, 5),
        },
    )

    row = next(
        r
        for r in team_on(world.singkawang, D(2021, 2, 3)).seats
        if r.seat.position == "Kepala Dinas PUPR"
    )
    assert (row.definitive.name, [(a.name, a.capacity) for a in row.acting]) == (
        "Budi Santoso",
        [("Yohanes Bong", "plh")],
    )
    later = next(
        r
        for r in team_on(world.singkawang, D(2021, 2, 6)).seats
        if r.seat.position == "Kepala Dinas PUPR"
    )
    assert later.acting == []


def test_quorum_default_is_more_than_half_and_the_setting_a_percentage():
    # ❓ §2.1: a configurable default. More than half of 8 is 5, of 7 is 4; 75 % of 8 is 6,
    # of 7 is 5.25 → 6 (rounded up).
    assert [quorum_needed(seats=n, percent=None) for n in (0, 1, 2, 7, 8)] == [0, 1, 2, 4, 5]
    assert [quorum_needed(seats=n, percent=75) for n in (7, 8)] == [6, 6]


def test_the_quorum_setting_applies_to_the_composition(world):
    _team(world)

    services.team_quorum_set(actor=world.sec_singkawang, tenant=world.singkawang, percent=100)

    world.singkawang.refresh_from_db()
    quorum = team_on(world.singkawang, D(2020, 6, 1)).quorum
    assert (quorum.needed, quorum.seats, quorum.percent) == (3, 3, 100)


# --- overlapping terms -----------------------------------------------------------------------


def test_an_overlapping_term_is_refused_with_a_message_and_nothing_saved(world):
    formation, seats = _team(world)
    events = AuditEvent.objects.count()

    with pytest.raises(DomainError) as refused:
        services.holding_add(
            actor=world.sec_singkawang,
            seat=seats["Kepala Bappeda"],
            data={"name": "Riyanto Widodo", "decree": formation, "starts_on": D(2021, 1, 5)},
        )

    assert "tumpang tindih" in " ".join(refused.value.message_dict["starts_on"])
    assert "Agus Salim" in " ".join(refused.value.message_dict["starts_on"])
    assert list(seats["Kepala Bappeda"].holdings.values_list("name", flat=True)) == ["Agus Salim"]
    assert AuditEvent.objects.count() == events


def test_the_database_refuses_an_overlapping_term_too(world):
    decree, seat, _holding = tkksd_formation(world.singkawang)

    with pytest.raises(IntegrityError), transaction.atomic():
        Holding.objects.create(seat=seat, name="Orang Lain", decree=decree, starts_on=D(2024, 1, 1))

    assert list(seat.holdings.values_list("name", flat=True)) == ["Sumastro"]


def test_the_database_allows_terms_that_follow_each_other(world):
    decree, seat, holding = tkksd_formation(world.singkawang)
    Holding.objects.filter(pk=holding.pk).update(ends_on=D(2023, 12, 31))

    Holding.objects.create(seat=seat, name="Penerus", decree=decree, starts_on=D(2024, 1, 1))
    Holding.objects.create(
        seat=seat, name="Plt", capacity="plt", letter_number="1/2024", starts_on=D(2023, 6, 1)
    )

    assert seat.holdings.count() == 3


def test_the_form_refuses_an_overlapping_term_with_a_message(client, world):
    formation, seats = _team(world)
    client.force_login(world.sec_singkawang)

    response = client.post(
        reverse("meetings:holding_create", kwargs={"pk": formation.pk}),
        {
            "seat": seats["Kepala Bappeda"].pk,
            "name": "Riyanto Widodo",
            "starts_on": "2021-01-05",
        },
    )

    text = response.content.decode()
    assert response.status_code == 422
    assert "tidak boleh tumpang tindih" in text
    assert "Agus Salim" in text
    assert seats["Kepala Bappeda"].holdings.count() == 1


def test_a_nip_is_kept_as_its_digits_and_a_short_one_refused(world):
    formation, _seats = _team(world)
    seat = services.seat_add(
        actor=world.sec_singkawang,
        decree=formation,
        data={"role": "anggota", "position": "Kepala Bagian Hukum"},
    )

    holding = services.holding_add(
        actor=world.sec_singkawang,
        seat=seat,
        data={
            "name": "Abdul Rahman",
            "nip": "19780130 200312 1 002",
            "decree": formation,
            "starts_on": D(2020, 2, 10),
        },
    )
    with pytest.raises(DomainError) as refused:
        services.holding_add(
            actor=world.sec_singkawang,
            seat=seat,
            data={"name": "X", "nip": "1978", "decree": formation, "starts_on": D(2030, 1, 1)},
        )

    assert holding.nip == "197801302003121002"
    assert refused.value.message_dict["nip"] == ["NIP terdiri atas 18 angka."]


# --- a replacement ---------------------------------------------------------------------------


def test_a_replacement_ends_the_earlier_decrees_seats_the_day_before(world):
    formation, _seats = _team(world)
    amendment = services.decree_create(
        actor=world.sec_singkawang,
        tenant=world.singkawang,
        data={
            "kind": "amendment",
            "number": "100/2/HK-2021",
            "signed_on": D(2021, 1, 5),
            "title": "Perubahan TKKSD",
            "valid_from": D(2021, 1, 5),
            "amends": formation,
        },
    )
    added = services.seat_add(
        actor=world.sec_singkawang,
        decree=amendment,
        data={"role": "anggota", "position": "Kepala Dinas Pariwisata"},
    )

    replacement = services.decree_create(
        actor=world.sec_singkawang,
        tenant=world.singkawang,
        data={
            "kind": "replacement",
            "number": "100/9/HK-2023",
            "signed_on": D(2022, 12, 20),
            "title": "Pembentukan kembali TKKSD",
            "valid_from": D(2023, 1, 1),
            "amends": formation,
        },
    )

    for decree in (formation, amendment):
        decree.refresh_from_db()
        assert decree.valid_until == D(2022, 12, 31)
    assert set(
        Seat.objects.filter(decree__in=[formation, amendment]).values_list("valid_until", flat=True)
    ) == {D(2022, 12, 31)}
    assert set(
        Holding.objects.filter(seat__decree=formation).values_list("ends_on", "ended_by")
    ) == {(D(2022, 12, 31), replacement.pk)}
    assert len(team_on(world.singkawang, D(2022, 12, 31)).seats) == 5
    assert team_on(world.singkawang, D(2023, 1, 1)).seats == []
    assert added.pk in Seat.objects.filter(valid_until=D(2022, 12, 31)).values_list("pk", flat=True)


def test_an_amendment_must_come_into_force_after_the_decree_it_changes(world):
    formation, _seats = _team(world)

    with pytest.raises(DomainError) as refused:
        services.decree_create(
            actor=world.sec_singkawang,
            tenant=world.singkawang,
            data={
                "kind": "amendment",
                "number": "100/1/HK-2020",
                "signed_on": D(2020, 1, 1),
                "title": "Perubahan",
                "valid_from": D(2020, 2, 10),
                "amends": formation,
            },
        )

    assert "valid_from" in refused.value.message_dict
    assert Decree.objects.count() == 1


def test_a_decree_number_is_unique_in_the_region(world):
    _team(world)

    with pytest.raises(DomainError) as refused:
        services.decree_create(
            actor=world.sec_singkawang,
            tenant=world.singkawang,
            data={
                "kind": "formation",
                "number": "100/45/hk-2020",
                "signed_on": D(2020, 1, 1),
                "title": "Lagi",
                "valid_from": D(2020, 1, 1),
            },
        )

    assert refused.value.message_dict["number"] == [
        "Daerah Anda sudah mempunyai keputusan dengan nomor ini."
    ]


# --- permissions and the audit trail ---------------------------------------------------------


@pytest.mark.parametrize("persona", ["sekda", "pupr_officer", "sec_bengkayang", "sec_kalbar"])
def test_only_the_regions_secretariat_records_its_team(world, persona):
    with pytest.raises(NotPermitted):
        services.decree_create(
            actor=getattr(world, persona),
            tenant=world.singkawang,
            data={
                "kind": "formation",
                "number": "1",
                "signed_on": D(2020, 1, 1),
                "title": "T",
                "valid_from": D(2020, 1, 1),
            },
        )

    assert Decree.objects.count() == 0


def test_the_audit_trail_names_the_decree(world):
    formation, seats = _team(world)
    amendment = services.decree_create(
        actor=world.sec_singkawang,
        tenant=world.singkawang,
        data={
            "kind": "amendment",
            "number": "100/2/HK-2021",
            "signed_on": D(2021, 1, 5),
            "title": "Perubahan TKKSD",
            "valid_from": D(2021, 1, 5),
            "amends": formation,
        },
    )
    services.holding_add(
        actor=world.sec_singkawang,
        seat=seats["Kepala Bappeda"],
        data={"name": "Riyanto Widodo", "decree": amendment, "starts_on": D(2021, 1, 5)},
        replace_current=True,
    )

    of_amendment = AuditEvent.objects.concerning(amendment).order_by("id")
    assert [(e.action, e.object_repr) for e in of_amendment] == [
        ("tkksd.decree.create", "Keputusan Nomor 100/2/HK-2021"),
        ("tkksd.holding.end", "Agus Salim"),
        ("tkksd.holding.add", "Riyanto Widodo"),
    ]
    assert of_amendment[1].changes == {"ends_on": [None, "2021-01-04"]}
    assert of_amendment[2].actor == world.sec_singkawang
    of_formation = AuditEvent.objects.concerning(formation).values_list("action", flat=True)
    assert sorted(set(of_formation)) == [
        "tkksd.decree.create",
        "tkksd.holding.add",
        "tkksd.holding.end",
        "tkksd.seat.add",
    ]


# --- screens ---------------------------------------------------------------------------------


def test_the_team_page_shows_the_team_on_the_chosen_date(client, world):
    _formation, _seats = _team(world)
    client.force_login(world.pupr_officer)

    page = client.get(reverse("meetings:team"), {"tanggal": "2020-06-01"}).content.decode()
    before = client.get(reverse("meetings:team"), {"tanggal": "2020-01-01"}).content.decode()

    assert "Tim pada 1 Juni 2020" in page
    assert "Sumastro" in page
    assert "Agus Salim" in page
    assert "Kuorum" in page
    assert "2 dari 3 kursi" in page
    assert "Sumastro" not in before.split('id="decrees"')[0]


def test_a_bad_date_is_a_message_not_an_error(client, world):
    _team(world)
    client.force_login(world.sekda)

    response = client.get(reverse("meetings:team"), {"tanggal": "31-31-2020"})

    assert response.status_code == 200
    assert "Masukkan tanggal yang valid" in response.content.decode()


def test_the_navigation_links_the_team_for_its_readers_only(client, world):
    client.force_login(world.pupr_officer)
    officer = client.get(reverse("agreements:agenda")).content.decode()
    takeover = type(world.sekda).objects.create(username="gub", tenant=world.kalbar)
    client.force_login(takeover)
    other = client.get(reverse("accounts:password_change")).content.decode()

    assert 'href="/tkksd/"' in officer
    assert 'href="/tkksd/"' not in other


def test_recording_a_decree_through_the_form(client, world):
    client.force_login(world.sec_singkawang)

    response = client.post(
        reverse("meetings:decree_create"),
        {
            "kind": "formation",
            "number": "100/45/HK-2020",
            "signed_on": "2020-02-10",
            "title": "Pembentukan TKKSD",
            "valid_from": "2020-02-10",
        },
    )

    decree = Decree.objects.get()
    assert response["Location"] == reverse("meetings:decree_detail", kwargs={"pk": decree.pk})
    assert (decree.tenant, decree.created_by, decree.valid_until) == (
        world.singkawang,
        world.sec_singkawang,
        None,
    )


def test_an_amendment_without_the_decree_it_amends_is_a_message(client, world):
    client.force_login(world.sec_singkawang)

    response = client.post(
        reverse("meetings:decree_create"),
        {
            "kind": "amendment",
            "number": "100/2/HK-2021",
            "signed_on": "2021-01-05",
            "title": "Perubahan",
            "valid_from": "2021-01-05",
        },
    )

    assert response.status_code == 422
    assert "Pilih keputusan yang diubah atau diganti" in response.content.decode()
    assert Decree.objects.count() == 0


def test_an_acting_holder_through_the_form_needs_the_letter(client, world):
    _formation, seats = _team(world)
    client.force_login(world.sec_singkawang)
    url = reverse("meetings:acting_create", kwargs={"pk": seats["Sekretaris Daerah"].pk})
    data = {"capacity": "plt", "name": "Marhadi", "starts_on": "2021-03-01"}

    refused = client.post(url, data)
    done = client.post(url, data | {"letter_number": "800/5/BKPSDM-2021"})

    assert refused.status_code == 422
    assert done.status_code == 302
    acting = Holding.objects.get(capacity="plt")
    assert (acting.name, acting.letter_number, acting.decree) == (
        "Marhadi",
        "800/5/BKPSDM-2021",
        None,
    )
    row = team_on(world.singkawang, D(2021, 3, 1)).seats[0]
    assert (row.definitive.name, [a.name for a in row.acting]) == ("Sumastro", ["Marhadi"])


def test_ending_a_holding_through_the_form(client, world):
    _formation, seats = _team(world)
    holding = seats["Kepala Dinas PUPR"].holdings.get()
    client.force_login(world.sec_singkawang)
    url = reverse("meetings:holding_end", kwargs={"pk": holding.pk})

    too_early = client.post(url, {"ends_on": "2019-12-31"})
    done = client.post(url, {"ends_on": "2022-06-30"})

    assert too_early.status_code == 422
    assert "tidak boleh berakhir sebelum dimulai" in too_early.content.decode()
    assert done.status_code == 302
    holding.refresh_from_db()
    assert holding.ends_on == D(2022, 6, 30)
    pupr = [
        r
        for r in team_on(world.singkawang, D(2022, 7, 1)).seats
        if r.seat.position == "Kepala Dinas PUPR"
    ]
    assert pupr[0].definitive is None


def test_setting_the_quorum_through_the_form(client, world):
    _team(world)
    client.force_login(world.sec_singkawang)

    bad = client.post(reverse("meetings:quorum"), {"tkksd_quorum_percent": "150"})
    client.post(reverse("meetings:quorum"), {"tkksd_quorum_percent": "100"})
    page = client.get(reverse("meetings:team"), {"tanggal": "2020-06-01"}).content.decode()

    assert bad.status_code == 422
    world.singkawang.refresh_from_db()
    assert world.singkawang.tkksd_quorum_percent == 100
    assert "3 dari 3 kursi" in page
    assert "100% dari jumlah kursi" in page


def test_another_regions_decree_is_not_found(client, world):
    formation, _seats = _team(world)
    client.force_login(world.sec_bengkayang)

    response = client.get(reverse("meetings:decree_detail", kwargs={"pk": formation.pk}))
    own = client.get(reverse("meetings:team")).content.decode()

    assert response.status_code == 404
    assert "100/45/HK-2020" not in response.content.decode()
    assert "Sumastro" not in own


def test_the_scan_is_stored_checked_and_streamed_to_readers_only(client, world):
    formation, _seats = _team(world)
    client.force_login(world.sec_singkawang)
    upload_url = reverse("meetings:decree_scan_upload", kwargs={"pk": formation.pk})

    refused = client.post(
        upload_url, {"upload": SimpleUploadedFile("sk.pdf", b"not a pdf", "application/pdf")}
    )
    done = client.post(
        upload_url,
        {"upload": SimpleUploadedFile("SK TKKSD 2020.pdf", make_pdf(), "application/pdf")},
    )
    client.force_login(world.pupr_officer)
    streamed = client.get(reverse("meetings:decree_scan", kwargs={"pk": formation.pk}))
    client.force_login(world.sec_pontianak)
    other = client.get(reverse("meetings:decree_scan", kwargs={"pk": formation.pk}))

    assert refused.status_code == 422
    assert done.status_code == 302
    formation.refresh_from_db()
    assert (formation.scan_name, formation.scan_content_type) == (
        "SK TKKSD 2020.pdf",
        "application/pdf",
    )
    assert b"".join(streamed.streaming_content).startswith(b"%PDF")
    assert other.status_code == 404
    event = AuditEvent.objects.concerning(formation).get(action="tkksd.decree.scan")
    assert event.changes == {"scan_name": ["", "SK TKKSD 2020.pdf"]}


def test_a_replacement_naming_an_amendment_ends_the_whole_team(world):
    formation, _seats = _team(world)
    amendment = services.decree_create(
        actor=world.sec_singkawang,
        tenant=world.singkawang,
        data={
            "kind": "amendment",
            "number": "100/2/HK-2021",
            "signed_on": D(2021, 1, 5),
            "title": "Perubahan TKKSD",
            "valid_from": D(2021, 1, 5),
            "amends": formation,
        },
    )

    services.decree_create(
        actor=world.sec_singkawang,
        tenant=world.singkawang,
        data={
            "kind": "replacement",
            "number": "100/9/HK-2023",
            "signed_on": D(2022, 12, 20),
            "title": "Pembentukan kembali TKKSD",
            "valid_from": D(2023, 1, 1),
            "amends": amendment,
        },
    )

    formation.refresh_from_db()
    amendment.refresh_from_db()
    assert (formation.valid_until, amendment.valid_until) == (D(2022, 12, 31), D(2022, 12, 31))
    assert team_on(world.singkawang, D(2023, 1, 1)).seats == []


def test_the_team_page_costs_the_same_queries_for_a_larger_team(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    formation, _seats = _team(world)
    client.force_login(world.sekda)
    url = reverse("meetings:team")
    client.get(url, {"tanggal": "2020-06-01"})  # warm the session and the user's roles
    with CaptureQueriesContext(connection) as small:
        client.get(url, {"tanggal": "2020-06-01"})
    for n in range(5):
        seat = services.seat_add(
            actor=world.sec_singkawang,
            decree=formation,
            data={"role": "anggota", "position": f"Kepala Dinas {n}", "order": 10 + n},
        )
        services.holding_add(
            actor=world.sec_singkawang,
            seat=seat,
            data={"name": f"Pejabat {n}", "decree": formation, "starts_on": D(2020, 2, 10)},
        )

    with CaptureQueriesContext(connection) as large:
        page = client.get(url, {"tanggal": "2020-06-01"}).content.decode()

    assert "Pejabat 4" in page
    assert len(large) == len(small)
