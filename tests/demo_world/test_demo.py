"""The demo: `kerjasama load_demo` and `kerjasama demo` (kerjasama/demo)."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import os

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.utils import timezone

from kerjasama.accounts.models import Opd, Role, User
from kerjasama.agreements.enums import (
    STAGES_BY_KIND,
    CooperationKind,
    DocumentKind,
    DocumentStatus,
    Stage,
)
from kerjasama.agreements.models import (
    Cooperation,
    DeadlineKind,
    Document,
    DprdApproval,
    Transition,
    WarningOverride,
)
from kerjasama.agreements.validation import _add_months
from kerjasama.core.models import AuditEvent
from kerjasama.deadlines.models import Deadline, DeadlineStatus
from kerjasama.demo import data as demo_data
from kerjasama.notifications.models import Notification, ReminderSent
from kerjasama.partners.models import Partner
from kerjasama.reference.workdays import add_working_days_db
from tests.demo_support import LOAD_OUTPUT, row_counts

pytestmark = pytest.mark.django_db

KALBAR_KB_TITLE = (
    "Kesepakatan Bersama antara Pemerintah Provinsi Kalimantan Barat dan Pemerintah Kota "
    "Singkawang tentang Kerja Sama Penyelenggaraan Urusan Pemerintahan, Pembangunan dan "
    "Kemasyarakatan"
)
DEMO_USERS = {
    "sekretariat.singkawang": ("61.72", {Role.SECRETARIAT}),
    "sekda.singkawang": ("61.72", {Role.LEADERSHIP, Role.TKKSD_MEMBER}),
    "pupr.singkawang": ("61.72", {Role.OPD_OFFICER}),
    "pariwisata.singkawang": ("61.72", {Role.OPD_OFFICER}),
    "sekretariat.kalbar": ("61", {Role.SECRETARIAT, Role.PROVINCE_OVERSIGHT}),
    "pemerintahan.kalbar": ("61", {Role.TAKEOVER_AUTHORITY}),
    "sekretariat.bengkayang": ("61.07", {Role.SECRETARIAT}),
    "sekretariat.pontianak": ("61.71", {Role.SECRETARIAT}),
}


def _load() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(demo_world):
    """The demo, loaded once for the package (`tests/demo_world/conftest.py`)."""


def _party_codes(cooperation: Cooperation) -> set[str]:
    return {
        p.partner.region.code
        for p in cooperation.parties.select_related("partner__region")
        if p.partner.region_id
    }


def test_load_demo_twice_changes_nothing(demo, settings):
    settings.DEMO_MODE = True
    first = LOAD_OUTPUT[0]  # the package's load, into the empty database
    assert "cooperations: 42 created" in first
    before = row_counts()
    assert before["agreements.Cooperation"] >= 33
    assert before["core.AuditEvent"] > 0
    assert before["agreements.Transition"] > before["agreements.Cooperation"]
    assert before["notifications.ReminderSent"] > 0
    assert before["notifications.Notification"] > 0
    second = _load()
    # No new Transition, ReminderSent, Notification, AuditEvent … rows.
    assert row_counts() == before
    assert "cooperations: 0 created" in second
    assert "users: 0 created, 8 already present" in second
    assert "reminders sent: 0 created" in second
    # Every write went through the services, each leaving an audit event: the CLI's, or the
    # daily job's for the end of terms and the reminders.
    events = AuditEvent.objects.all()
    assert set(events.values_list("interface", flat=True)) == {"cli", "job"}
    assert set(events.filter(interface="job").values_list("action", flat=True)) == {
        "cooperation.transition",
        "pks.transition",  # a PKS of the Kalbar KB ended by its own term (issue 7)
        "reminder.sent",
    }
    assert events.filter(action="cooperation.create").count() == Cooperation.objects.count()
    assert events.filter(action="document.create").count() == Document.objects.count()
    assert events.filter(action="opd.create").count() == Opd.objects.count()


def test_the_six_demo_users_sign_in_with_their_roles(demo):
    assert set(User.objects.values_list("username", flat=True)) == set(DEMO_USERS)
    for username, (region, roles) in DEMO_USERS.items():
        user = authenticate(username=username, password=demo_data.PASSWORD)
        assert user is not None, username
        assert user.tenant.region.code == region
        assert set(user.roles) == roles
        assert user.first_name
        assert user.position
    sekda = User.objects.get(username="sekda.singkawang")
    assert sekda.first_name == "Sumastro"
    assert sekda.position == "Sekretaris Daerah Kota Singkawang"
    pupr = User.objects.get(username="pupr.singkawang")
    assert pupr.opd.name == "Dinas Pekerjaan Umum dan Penataan Ruang"
    assert pupr.opd.short_name == "Dinas PUPR"
    assert pupr.opd.tenant.region.code == "61.72"
    assert authenticate(username="sekda.singkawang", password="wrong") is None

    # Each tenant has its OPDs.
    names = {
        code: set(Opd.objects.filter(tenant__region__code=code).values_list("name", flat=True))
        for code in ("61", "61.72", "61.07", "61.71")
    }
    assert {
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        "Dinas Perumahan Rakyat dan Kawasan Permukiman",
        "Dinas Perhubungan",
        "Dinas Pariwisata Pemuda dan Olahraga",
        "Bagian Kerja Sama Sekretariat Daerah",
        "Bagian Pemerintahan Sekretariat Daerah",
        "Badan Penanggulangan Bencana Daerah",
        "Dinas Lingkungan Hidup",
        "Badan Perencanaan Pembangunan Daerah",
    } <= names["61.72"]
    assert {
        "Biro Pemerintahan dan Otonomi Daerah",
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        "Dinas Perhubungan",
        "Dinas Pariwisata dan Kebudayaan",
        "Badan Penanggulangan Bencana Daerah",
    } <= names["61"]
    assert {
        "Bagian Pemerintahan Sekretariat Daerah",
        "Dinas Pekerjaan Umum dan Penataan Ruang",
    } <= names["61.07"]
    assert "Bagian Kerja Sama Sekretariat Daerah" in names["61.71"]


def test_kalbar_singkawang_kb_is_one_record_with_each_partys_number(demo):
    cooperation = Cooperation.objects.get(title=KALBAR_KB_TITLE)
    assert cooperation.kind == CooperationKind.KSDD
    assert cooperation.stage == Stage.IN_FORCE
    assert cooperation.created_by_tenant.region.code == "61.72"
    parties = list(cooperation.parties.select_related("partner__region").order_by("order"))
    assert [p.partner.region.code for p in parties] == ["61", "61.72"]
    assert [p.partner.name for p in parties] == [
        "Pemerintah Provinsi Kalimantan Barat",
        "Pemerintah Kota Singkawang",
    ]
    kalbar, singkawang = parties
    # Each party's own data, set by its own secretariat.
    assert kalbar.register_number
    assert singkawang.register_number
    assert kalbar.initiating_opd.tenant.region.code == "61"
    assert singkawang.executing_opd.tenant.region.code == "61.72"

    kb = cooperation.documents.get(kind=DocumentKind.KB)
    assert kb.status == DocumentStatus.SIGNED
    assert kb.signed_on <= dt.date(2021, 1, 14)  # reviewed by the TKKSD on that Thursday
    assert kb.end_date == _add_months(kb.start_date, 60) - dt.timedelta(days=1)
    entries = {e.party_id: e for e in kb.party_entries.all()}
    assert entries[kalbar.pk].number.startswith("119/")
    assert entries[singkawang.pk].number.endswith(f"/KS-Pem/{kb.signed_on.year}")
    assert entries[kalbar.pk].number != entries[singkawang.pk].number
    assert entries[kalbar.pk].signatory_name == "Sutarmidji"
    assert entries[singkawang.pk].signatory_name == "Tjhai Chui Mie"
    # The meeting of 14 January 2021 filed the extract of its minutes as the TKKSD's
    # recommendation (issue 9): numbered as the meeting, with the petikan's PDF.
    minutes = cooperation.documents.get(
        kind=DocumentKind.TKKSD_MINUTES, signed_on=dt.date(2021, 1, 14)
    )
    assert minutes.number == "001/TKKSD/2021"
    assert minutes.files.get().content_type == "application/pdf"
    # The history: the TKKSD meeting of Thursday 14 January 2021, chaired by the Sekda,
    # found the DPRD's approval not needed; then the PKS was signed and the work started.
    # The case's own road (the later PKS walk theirs: issue 7, tested below).
    transitions = list(cooperation.transitions.filter(document=None).order_by("on", "id"))
    assert [t.action for t in transitions] == [
        "prepare",
        "offer",
        "accept_offer",
        "sign_kb",
        "skip_dprd",
        "sign_pks",
        "start",
    ]
    tkksd = next(t for t in transitions if t.on == dt.date(2021, 1, 14))
    assert tkksd.action == "skip_dprd"
    assert tkksd.by.username == "sekda.singkawang"
    assert tkksd.data["source"]["label"] == (
        "Rapat TKKSD No. 001/TKKSD/2021 tanggal 14 Januari 2021"
    )
    assert "Sumastro" in tkksd.reason
    assert "2021" in tkksd.reason
    assert "2020" in tkksd.reason
    for topic in ("air bersih", "banjir", "wisatawan"):
        assert topic in tkksd.reason
    sign_kb = next(t for t in transitions if t.action == "sign_kb")
    assert sign_kb.on == kb.signed_on == dt.date(2020, 11, 26)
    assert cooperation.budgeted_in_apbd is True
    assert cooperation.burdens_community is False
    assert "2021" in cooperation.apbd_reference

    assert set(cooperation.affairs.values_list("code", flat=True)) == {
        *("1.01", "1.02", "1.03", "1.04", "1.05", "1.06"),
        *("2.07", "2.08", "2.09", "2.11", "2.12", "2.13"),
        *("3.25", "3.26", "3.27", "3.28", "3.29", "3.30", "3.31", "3.32"),
    }
    assert set(cooperation.public_services.values_list("slug", flat=True)) == {
        "air-bersih",
        "transportasi",
        "tata-ruang",
        "infrastruktur",
        "daerah-aliran-sungai",
        "pariwisata",
        "penanganan-banjir",
    }

    pks = list(cooperation.documents.filter(kind=DocumentKind.PKS, status="signed"))
    assert len(pks) == 5
    for document in pks:
        assert document.parent_id == kb.pk
        assert document.executing_opd.tenant.region.code == "61.72"
        assert document.signed_on
        assert document.start_date
        assert document.end_date
        numbers = [e.number for e in document.party_entries.all()]
        assert len(numbers) == 2
        assert all(numbers)
        assert numbers[0] != numbers[1]
    today = timezone.localdate()
    assert any(today <= d.end_date <= today + dt.timedelta(days=90) for d in pks)
    assert cooperation.documents.filter(
        kind=DocumentKind.ADDENDUM, parent__kind=DocumentKind.PKS
    ).exists()
    # The KB was extended before it lapsed, so the case is still in force today.
    assert cooperation.ends_on > today

    # Each region funds its part from its own APBD, in realistic amounts.
    lines = list(cooperation.financing.select_related("party__partner__region"))
    assert {line.party.partner.region.code for line in lines} == {"61", "61.72"}
    assert all(line.amount >= 1_000_000 for line in lines)
    sources = set(Cooperation.objects.values_list("financing__source", flat=True))
    assert {"apbd", "apbn", "third_party", "grant"} <= sources


def test_other_singkawang_cases_and_pontianak(demo):
    pillars = Cooperation.objects.get(title__contains="Pilar Batas")
    assert _party_codes(pillars) == {"61.72", "61.07"}
    assert pillars.ksdd_category == "wajib"
    assert pillars.adjacency_confirmed
    pks = pillars.documents.get(kind=DocumentKind.PKS)
    assert pks.signed_on == dt.date(2021, 1, 21)
    positions = {e.signatory_position for e in pks.party_entries.all()}
    assert positions == {
        "Sekretaris Daerah Kota Singkawang",
        "Sekretaris Daerah Kabupaten Bengkayang",
    }
    assert "batas-daerah" in pillars.public_services.values_list("slug", flat=True)
    assert pillars.stage == Stage.ENDED
    assert pillars.ends_on == dt.date(2021, 12, 31)
    # Ended by the daily job when its term ran out.
    last = pillars.transitions.order_by("-on", "-id").first()
    assert (last.action, last.on, last.by) == ("expire", dt.date(2022, 1, 1), None)
    assert pillars.termination_reason == "term_expired"

    three = Cooperation.objects.get(title__contains="Kabupaten Sambas, Pemerintah Kabupaten")
    assert _party_codes(three) == {"61.01", "61.07", "61.72"}
    kb = three.documents.get(kind=DocumentKind.KB)
    assert (kb.signed_on.year, kb.signed_on.month) == (2019, 9)
    assert kb.party_entries.count() == 3

    # Pontianak is never a party next to Singkawang.
    with_singkawang = Cooperation.objects.filter(parties__partner__region__code="61.72")
    assert with_singkawang.exists()
    assert not with_singkawang.filter(
        pk__in=Cooperation.objects.filter(parties__partner__region__code="61.71")
    ).exists()
    # Pontianak's secretariat still has cases, among them some with the province.
    pontianak_cases = Cooperation.objects.filter(parties__partner__region__code="61.71")
    with_kalbar = [c for c in pontianak_cases if "61" in _party_codes(c)]
    assert len(with_kalbar) >= 2


def test_every_kind_and_stage_with_consistent_dates(demo):
    kinds = set(Cooperation.objects.values_list("kind", flat=True))
    assert kinds == set(CooperationKind.values)
    stages = set(Cooperation.objects.values_list("stage", flat=True))
    assert set(Stage.values) - stages <= {Stage.TAKEN_OVER}
    for cooperation in Cooperation.objects.all():
        assert cooperation.stage in STAGES_BY_KIND[cooperation.kind], cooperation
    # One foreign case and one domestic case wait for the DPRD.
    awaiting = set(
        Cooperation.objects.filter(stage=Stage.AWAITING_DPRD).values_list("kind", flat=True)
    )
    assert awaiting & {"ksdpl", "ksdll"}
    assert awaiting & {"ksdd", "ksdpk"}
    # KSDPK of all four kinds, with third parties of several Pasal 14 types.
    ksdpk = Cooperation.objects.filter(kind=CooperationKind.KSDPK)
    assert set(ksdpk.values_list("ksdpk_kind", flat=True)) == {
        "public_service",
        "asset_management",
        "investment",
        "other",
    }
    types = set(
        Partner.objects.exclude(third_party_type="").values_list("third_party_type", flat=True)
    )
    assert {"bumd", "private_company", "cooperative", "organisation_legal"} <= types
    # KSDD both mandatory and voluntary.
    categories = set(
        Cooperation.objects.filter(kind="ksdd").values_list("ksdd_category", flat=True)
    )
    assert categories == {"wajib", "sukarela"}
    # Tenants other than Singkawang registered cases too (province oversight has content).
    registrars = set(Cooperation.objects.values_list("created_by_tenant__region__code", flat=True))
    assert {"61.72", "61", "61.71"} <= registrars

    # A PKS of a cooperation in force expires within 90 days (the KB above it goes on).
    today = timezone.localdate()
    soon = Document.objects.filter(
        kind=DocumentKind.PKS,
        status=DocumentStatus.SIGNED,
        end_date__gte=today,
        end_date__lte=today + dt.timedelta(days=90),
    )
    assert soon.exists()
    assert {d.cooperation.stage for d in soon} == {Stage.IN_FORCE}

    # Dates are consistent; a term over the 60-month cap has its recorded reason.
    for document in Document.objects.all():
        if document.signed_on:
            assert document.signed_on <= today, document
        if document.start_date and document.end_date:
            assert document.end_date >= document.start_date, document
            if document.end_date > _add_months(document.start_date, 60):
                assert WarningOverride.objects.filter(
                    document=document, code="term_over_cap"
                ).exists(), document
        if document.status == DocumentStatus.SIGNED:
            assert document.signed_on, document
    # Stage and documents agree: a proposal has at most a KAK; a case in force has a signed
    # agreement whose term has started.
    for cooperation in Cooperation.objects.filter(stage=Stage.PROPOSAL):
        assert set(cooperation.documents.values_list("kind", flat=True)) <= {DocumentKind.KAK}
    for cooperation in Cooperation.objects.filter(stage=Stage.IN_FORCE):
        assert cooperation.signed_on
        assert cooperation.signed_on <= today
        assert cooperation.ends_on >= today
    for cooperation in Cooperation.objects.filter(stage=Stage.ENDED):
        assert cooperation.ends_on < today


def test_demo_command_migrates_loads_prints_logins_and_serves(demo, settings, monkeypatch):
    settings.DEMO_MODE = True
    # The command sets the site URL for the process it serves; the fixtures restore both.
    settings.KERJASAMA = {**settings.KERJASAMA, "SITE_URL": "http://127.0.0.1:8000"}
    monkeypatch.setenv("KERJASAMA_SITE_URL", "")
    from kerjasama.demo.management.commands import demo as demo_command

    calls = []

    def fake_call_command(name, *args, **kwargs):
        calls.append((name, args, kwargs))
        if name == "load_demo":
            call_command(name, *args, **kwargs)

    class Worker:  # the child process the command starts (a process: not run here)
        def __init__(self, args):
            calls.append(("worker", tuple(args), {}))
            self.stopped = False

        def terminate(self):
            calls.append(("worker stopped", (), {}))

        def wait(self, timeout=None):
            return 0

    monkeypatch.setattr(demo_command, "call_command", fake_call_command)
    monkeypatch.setattr(demo_command.subprocess, "Popen", Worker)
    out = io.StringIO()
    call_command("demo", addrport="127.0.0.1:8123", stdout=out)
    # The task worker runs beside the server (imports wait for it) and stops with it.
    assert [c[0] for c in calls] == [
        "migrate",
        "load_demo",
        "worker",
        "runserver",
        "worker stopped",
    ]
    # One process: without the worker's own autoreloader (a second process, left running).
    assert calls[2][1][1:] == ("-m", "kerjasama", "db_worker", "--no-reload")
    calls[:] = [c for c in calls if not c[0].startswith("worker")]
    assert calls[-1][1] == ("127.0.0.1:8123",)
    assert calls[-1][2]["use_reloader"] is False
    text = out.getvalue()
    for username in DEMO_USERS:
        assert username in text
    assert demo_data.PASSWORD in text
    assert "http://127.0.0.1:8123/" in text
    # E-mails and the calendar feed link to the port served (issue 6, item 11).
    from django.conf import settings as live

    assert live.KERJASAMA["SITE_URL"] == "http://127.0.0.1:8123"
    assert os.environ["KERJASAMA_SITE_URL"] == "http://127.0.0.1:8123"
    assert "Kota Singkawang" in text
    assert Cooperation.objects.filter(title=KALBAR_KB_TITLE).exists()


def test_every_record_has_a_history_consistent_with_its_stage_and_dates(demo):
    today = timezone.localdate()
    for cooperation in Cooperation.objects.all():
        # The case's own road; each PKS's own steps name it (issue 7).
        transitions = list(cooperation.transitions.filter(document=None).order_by("id"))
        first = STAGES_BY_KIND[cooperation.kind][0]
        if cooperation.registered_stage != first:
            # Issue 7: an old case registered at its stage, shown incomplete.
            assert (cooperation.registered_stage, transitions) == (cooperation.stage, []), (
                cooperation
            )
            assert cooperation.evidence_missing > 0, cooperation
            continue
        if not transitions:
            assert cooperation.stage == first, cooperation
            continue
        # Registered at the first stage of its type, then step by step to its stage.
        assert transitions[0].from_stage == first, cooperation
        for before, after in itertools.pairwise(transitions):
            assert after.from_stage == before.to_stage, cooperation
            assert after.on >= before.on, cooperation
        assert transitions[-1].to_stage == cooperation.stage, cooperation
        assert all(t.on <= today for t in transitions), cooperation
        # A signing step is dated on the signing of its agreement.
        for t in transitions:
            if t.action == "sign_kb":
                kb = cooperation.documents.filter(kind=DocumentKind.KB, status="signed")
                assert t.on in set(kb.values_list("signed_on", flat=True)), cooperation
    assert Transition.objects.filter(action="terminate").exists()
    assert Transition.objects.filter(action="reject").exclude(reason="").exists()
    assert Transition.objects.filter(action="cancel").exclude(reason="").exists()
    ended = Cooperation.objects.filter(stage=Stage.ENDED)
    assert ended.count() >= 2
    assert all(c.termination_reason and c.terminated_on for c in ended)


def test_a_foreign_case_waits_on_the_dprd_with_its_45_working_day_deadline(demo):
    today = timezone.localdate()
    meizhou = Cooperation.objects.get(title="Kota Kembar Singkawang–Meizhou")
    assert meizhou.kind == CooperationKind.KSDPL
    assert meizhou.stage == Stage.AWAITING_DPRD
    approval = DprdApproval.objects.get(cooperation=meizhou)
    assert approval.requested_on <= approval.received_on < today
    assert today - approval.received_on < dt.timedelta(days=60)
    assert approval.due_on == add_working_days_db(approval.received_on, 45)
    assert approval.due_on > today
    deadline = Deadline.objects.get(cooperation=meizhou, kind=DeadlineKind.DPRD_DECISION)
    assert deadline.due_on == approval.due_on
    assert deadline.status == DeadlineStatus.OPEN
    # The domestic case waiting on the DPRD has no statutory period by default.
    domestic = Cooperation.objects.get(stage=Stage.AWAITING_DPRD, kind=CooperationKind.KSDPK)
    assert DprdApproval.objects.get(cooperation=domestic).due_on is None


def test_the_expiring_pks_has_its_reminders_sent(demo):
    today = timezone.localdate()
    kb = Cooperation.objects.get(title=KALBAR_KB_TITLE)
    pks = kb.documents.get(
        kind=DocumentKind.PKS,
        end_date__gte=today,
        end_date__lte=today + dt.timedelta(days=90),
    )
    assert pks.executing_opd.short_name == "Dinas PUPR"
    deadline = Deadline.objects.get(document=pks, kind=DeadlineKind.EXPIRY)
    assert deadline.status == DeadlineStatus.OPEN
    for username in ("sekretariat.singkawang", "pupr.singkawang"):
        sent = ReminderSent.objects.filter(deadline=deadline, user__username=username)
        assert sent.exists(), username
        assert all(r.tier in (90, 60, 30) for r in sent), username
        assert Notification.objects.filter(deadline=deadline, user__username=username).exists()


def test_a_supervision_finding_with_its_follow_up_deadline(demo):
    deadline = Deadline.objects.get(kind=DeadlineKind.FINDING_FOLLOW_UP)
    finding = deadline.cooperation.findings.get()
    assert deadline.cooperation.stage == Stage.IN_FORCE
    assert deadline.due_on == add_working_days_db(finding.received_on, 60)
    assert deadline.status == DeadlineStatus.OPEN


def test_demo_has_a_case_registered_in_force_shown_incomplete_with_what_is_missing(demo, client):
    """Issue 7: a KSDPK registered from the archive as in force with only its signed contract:
    the KB, the feasibility study, the offer … are missing, and the record says so."""
    from kerjasama.agreements.completeness import missing_evidence

    record = Cooperation.objects.get(title="Pengelolaan Pujasera Pasar Hongkong Singkawang")
    missing = [m.add_kind or m.code for m in missing_evidence(record)]

    assert record.stage == Stage.IN_FORCE
    assert missing == [
        "kak",
        "mapping_result",
        "feasibility_study",
        "tkksd_minutes",
        "offer_letter",
        "reply_letter",
        "kb",
        "dprd_assessed",
    ]
    assert record.evidence_missing == len(missing)
    assert record.overrides.get(code="registered_incomplete").reason
    client.force_login(User.objects.get(username="sekretariat.singkawang"))
    page = client.get(record.get_absolute_url()).content.decode()
    assert 'id="incomplete"' in page


def test_the_foreign_case_in_force_owes_its_report_to_the_minister(demo):
    """§12; PP 28/2018 Pasal 43(1): Kalbar reports on the Sarawak sister province to the
    Minister; the report of the last period is on file and addressed to the Minister, the
    current period's is due at its end. The internal report is a deadline of its own."""
    today = timezone.localdate()
    sarawak = Cooperation.objects.get(title="Provinsi Kembar Kalimantan Barat–Sarawak")
    sent = sarawak.documents.get(title="Laporan Pelaksanaan kepada Menteri Dalam Negeri")
    assert (sent.addressee, sent.sent_on is not None) == ("mendagri", True)
    minister = Deadline.objects.filter(
        cooperation=sarawak, kind=DeadlineKind.REPORT, key__startswith="report:minister:"
    )
    assert minister.filter(status=DeadlineStatus.MET, met_by=sent).exists()
    due = minister.get(status=DeadlineStatus.OPEN, due_on__gte=today)
    assert due.due_on == dt.date(today.year, 12, 31)
    assert Deadline.objects.filter(
        cooperation=sarawak, key=f"report:internal:{today.year}-01-01"
    ).exists()


def test_singkawang_cases_in_force_owe_internal_reports_only(demo):
    """§12: a domestic case reports internally (to the regional head through the TKKSD), never
    to the Minister; the flood-control case's last report is on file and meets its period."""
    flood = Cooperation.objects.get(title__startswith="Penanganan Banjir dan Normalisasi Sungai")
    report = flood.documents.get(kind="implementation_report")
    assert report.addressee == "kepala_daerah"
    met = Deadline.objects.get(cooperation=flood, kind=DeadlineKind.REPORT, met_by=report)
    assert met.key.startswith("report:internal:")
    for record in Cooperation.objects.filter(
        stage=Stage.IN_FORCE, parties__partner__region__code="61.72"
    ).exclude(kind__in=[CooperationKind.KSDPL, CooperationKind.KSDLL]):
        keys = set(record.deadlines.filter(kind=DeadlineKind.REPORT).values_list("key", flat=True))
        assert keys, record.title
        assert all(k.startswith("report:internal:") for k in keys), record.title


def test_the_kalbar_kb_has_each_pks_in_its_own_stage(demo):
    """Issue 7: under the Kalbar–Singkawang KB each PKS walks its own road: one extended by an
    addendum and in force, one ended by its term, one ending within 90 days, one in drafting
    awaiting its DPRD decision — and the case is in force while any of them is."""
    cooperation = Cooperation.objects.get(title=KALBAR_KB_TITLE)
    today = timezone.localdate()

    def pks(words: str):
        return cooperation.documents.get(kind=DocumentKind.PKS, title__contains=words)

    extended = pks("Air Bersih")
    assert extended.stage == "in_force"
    assert extended.children.filter(kind="addendum", end_date__gt=extended.end_date).exists()
    ended = pks("Transportasi")
    assert (ended.stage, ended.termination_reason) == ("ended", "term_expired")
    ending = pks("Jalan Lingkungan")
    assert ending.stage == "in_force"
    assert today <= ending.end_date <= today + dt.timedelta(days=90)
    waiting = pks("Sampah")
    assert (waiting.status, waiting.stage) == ("draft", "awaiting_dprd")
    assert waiting.dprd_approvals.get().decision == "pending"
    assert cooperation.stage == "in_force"


def _pdf_text(field) -> str:
    from pypdf import PdfReader

    with field.open("rb") as handle:
        text = "\n".join(page.extract_text() for page in PdfReader(handle).pages)
    # A name wraps in a narrow table cell ("Dr. Riyanto\nWidodo, …"), where the widths of the
    # other rows put the break: compared with single spaces.
    return " ".join(text.split())


def test_the_tkksd_meeting_of_14_january_2021_is_the_story(demo):
    """Issue 9 item 7: Thursday 14 January 2021, 09.00 WIB at the Kantor Wali Kota
    Singkawang, chaired by Sekda Sumastro, on the KB with the Province of Kalimantan Barat; the
    review of 2020, 2021 to improve, clean water, floods and tourists as minutes; a decision
    that moved the KB (the DPRD's approval not needed, so the PKS is drafted) with the meeting as
    its source; action items for PUPR and the tourism office; its letters generated."""
    from kerjasama.meetings.models import ActionItem, Meeting, MeetingLetter

    meeting = Meeting.objects.get(number="001/TKKSD/2021")
    local = timezone.localtime(meeting.starts_at, dt.timezone(dt.timedelta(hours=7)))  # WIB
    assert (local.date(), local.time(), local.strftime("%A")) == (
        dt.date(2021, 1, 14),
        dt.time(9, 0),
        "Thursday",
    )
    assert meeting.place == "Kantor Wali Kota Singkawang"
    assert meeting.chair.name == "Sumastro"
    assert meeting.state == "final"
    minutes_text = " ".join(
        [meeting.minutes_opening, *meeting.items.values_list("minutes", flat=True)]
    )
    for words in ("2020", "2021", "ditingkatkan", "air bersih", "banjir", "wisatawan"):
        assert words in minutes_text, words

    kb = Cooperation.objects.get(title=KALBAR_KB_TITLE)
    taken = kb.transitions.get(action="skip_dprd")
    assert taken.data["source"]["id"] == meeting.pk
    assert kb.stage == "in_force"  # it moved on: PKS drafted and signed, work started

    owners = {(a.owner_opd.name, a.title) for a in ActionItem.objects.filter(meeting=meeting)}
    assert owners == {
        (
            "Dinas Pekerjaan Umum dan Penataan Ruang",
            "Rencana aksi penyediaan air bersih tahun 2021",
        ),
        ("Dinas Pekerjaan Umum dan Penataan Ruang", "Rencana aksi penanganan banjir tahun 2021"),
        (
            "Dinas Pariwisata Pemuda dan Olahraga",
            "Data dan proyeksi jumlah kunjungan wisatawan tahun 2021",
        ),
    }
    assert set(ActionItem.objects.values_list("status", flat=True)) == {"done"}

    kinds = set(MeetingLetter.objects.filter(meeting=meeting).values_list("kind", flat=True))
    assert kinds == {"undangan", "daftar_hadir", "notulen", "petikan"}
    # The daftar hadir lists the team of that day, after the amendment of 5 January 2021: the
    # new heads of Bappeda and of the tourism office, not those of the 2020 decree.
    attendance = _pdf_text(MeetingLetter.objects.get(meeting=meeting, kind="daftar_hadir").pdf)
    for name in (
        "Sumastro",
        "Marhadi",
        "Yuliana Sari",
        "Riyanto Widodo",
        "Budi Santoso Lim",
        "Hermanto Tjhai",
        "Siti Maryam",
        "Abdul Rahman Saleh",
    ):
        assert name in attendance, name
    assert "Agus Salim Hutapea" not in attendance
    assert "Fransiska Ayu Lestari" not in attendance


def test_the_region_has_its_next_meeting_planned_for_the_sekda(demo, client):
    from kerjasama.meetings.models import Meeting

    upcoming = Meeting.objects.get(state="planned")
    assert upcoming.starts_at.date() > timezone.localdate()
    client.force_login(User.objects.get(username="sekda.singkawang"))
    page = client.get("/").content.decode()
    assert upcoming.title in page
