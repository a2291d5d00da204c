"""Who may open which URL: every URL the project defines × every persona.

A URL added without an entry in MATRIX makes `test_every_url_has_a_matrix_entry` fail. The
record under test is `world.local`, a cooperation of Singkawang and Bengkayang executed by
Singkawang's PUPR; Kalbar oversees it as the province (it is not a party), Pontianak has nothing
to do with it, and Singkawang's tourism officer's OPD is not named in it.

Expectations: "ok" (200 and the page shows the URL's marker text), "done" (a POST that did its
work and redirected), "404" (and the record's title is not in the answer: existence is not
leaked), "403", "login" (redirect to the login page), "405".
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kerjasama.accounts.models import ContentChecklistItem
from kerjasama.agreements.models import FinancingLine
from tests.factories import DocumentFactory, report_deadline

PERSONAS = {
    "owner": "sec_singkawang",
    "partner": "sec_bengkayang",
    "involved_opd": "pupr_officer",
    "other_opd": "tourism_officer",
    "leadership": "sekda",
    "unrelated": "sec_pontianak",
    "oversight": "sec_kalbar",
    "anonymous": None,
}

ALL_OK = dict.fromkeys(set(PERSONAS) - {"anonymous"}, "ok") | {"anonymous": "login"}
RECORD_READ = {
    "owner": "ok",
    "partner": "ok",
    "involved_opd": "ok",
    "other_opd": "404",
    "leadership": "ok",
    "unrelated": "404",
    "oversight": "ok",
    "anonymous": "login",
}
RECORD_WRITE = RECORD_READ | {"leadership": "403", "oversight": "403"}
# `world.local` is in force: its shared facts and its signed PKS are the secretariats' now; the
# involved OPD officer goes on reporting progress (documents, findings). Issue 6/14.
SIGNED_FACTS = RECORD_WRITE | {"involved_opd": "403"}
SECRETARIAT_ONLY = {
    "owner": "ok",
    "partner": "ok",
    "involved_opd": "403",
    "other_opd": "403",
    "leadership": "403",
    "unrelated": "ok",
    "oversight": "ok",
    "anonymous": "login",
}

# Issue 9: Singkawang's TKKSD is read by its own people only and kept by its secretariat.
TEAM_READ = dict.fromkeys(PERSONAS, "ok") | {
    "partner": "404",
    "unrelated": "404",
    "oversight": "404",
    "anonymous": "login",
}
TEAM_WRITE = TEAM_READ | dict.fromkeys(["involved_opd", "other_opd", "leadership"], "403")

# Issue 9: a meeting of Singkawang with an item about `world.local`: read by the region's
# secretariat and leadership and by the officer of the OPD involved in the case; planned and held by
# the secretariat alone.
MEETING_READ = TEAM_READ | {"other_opd": "404"}
MEETING_WRITE = MEETING_READ | dict.fromkeys(["involved_opd", "leadership"], "403")
MEETING_DONE = {"owner": "done"}
RAPAT_TITLE = "Rapat pleno TKKSD Singkawang"
IMPORT_RUN = {
    "owner": "ok",
    "partner": "404",
    "unrelated": "404",
    "oversight": "404",
    "involved_opd": "403",
    "other_opd": "403",
    "leadership": "403",
    "anonymous": "login",
}
IMPORT_POST = IMPORT_RUN | {"owner": "done"}
# Issue 10: monitoring of `world.local`'s PKS. Indicators and targets are kept by a party's
# secretariat; the responsible OPD (Singkawang's PUPR) enters the realisation; the secretariat of
# the reporting region verifies, returns and reconciles. Oversight and leadership only read.
MONEV_KEEP = RECORD_WRITE | {"involved_opd": "403"}
MONEV_ENTER = RECORD_WRITE | {"owner": "403", "partner": "403"}
MONEV_VERIFY = MONEV_KEEP | {"partner": "403"}
# Issue 10, item 4: evaluations of `world.local`'s PKS. Each party's secretariat writes its own
# (the partner region too); leadership signs off, comments and reopens; the involved OPD reads;
# province oversight reads the signed-off ones. The evaluation under test is Singkawang's.
EVAL_WRITE = RECORD_WRITE | {"involved_opd": "403"}
EVAL_LEAD = MONEV_KEEP | {"owner": "403", "partner": "404", "oversight": "404"}
EVAL_POST_SECRETARIAT = MONEV_KEEP | {"partner": "404", "oversight": "404"}

# Issue 10, items 5–6: Singkawang's year read through the URL that names the region.
YEAR_OF_SINGKAWANG = ALL_OK | {"partner": "404", "unrelated": "404"}

# name: (kwargs builder, method, expectations, marker text on an "ok" page)
MATRIX = {
    "agreements:dashboard": (lambda w: {}, "get", ALL_OK, "Dasbor"),
    "agreements:list": (lambda w: {}, "get", ALL_OK, "Daftar kerja sama"),
    # Issue 11: who reads the registry exports what it reads (tests/test_imports_export.py:
    # an OPD officer only its cases, another region none of these).
    "register_export:xlsx": (lambda w: {}, "get", ALL_OK, "xl/worksheets/sheet1.xml"),
    "register_export:csv": (lambda w: {}, "get", ALL_OK, "Judul / Perihal"),
    "agreements:create": (
        lambda w: {},
        "get",
        {
            "owner": "ok",
            "partner": "ok",
            "involved_opd": "ok",
            "other_opd": "ok",
            "leadership": "403",
            "unrelated": "ok",
            "oversight": "ok",
            "anonymous": "login",
        },
        "Daftarkan kerja sama",
    ),
    "agreements:detail": (lambda w: {"pk": w.local.pk}, "get", RECORD_READ, "pilar batas"),
    "agreements:edit": (lambda w: {"pk": w.local.pk}, "get", SIGNED_FACTS, "pilar batas"),
    "agreements:party_edit": (
        lambda w: {"pk": w.local.pk, "party_pk": w.local_party.pk},
        "get",
        RECORD_READ
        | {"partner": "403", "involved_opd": "403", "leadership": "403", "oversight": "403"},
        "Kota Singkawang",
    ),
    "agreements:document_create": (
        lambda w: {"pk": w.local.pk},
        "get",
        RECORD_WRITE,
        "Tambah dokumen",
    ),
    "agreements:document_edit": (
        lambda w: {"pk": w.local.pk, "doc_pk": w.document.pk},
        "get",
        SIGNED_FACTS,
        "PKS pilar",
    ),
    "agreements:document_upload": (
        lambda w: {"pk": w.local.pk, "doc_pk": w.document.pk},
        "get",
        SIGNED_FACTS,
        "PKS pilar",
    ),
    "agreements:document_file": (
        lambda w: {"pk": w.local.pk, "file_pk": w.file.pk},
        "get",
        RECORD_READ,
        "%PDF",
    ),
    "agreements:financing_add": (
        lambda w: {"pk": w.local.pk},
        "post",
        SIGNED_FACTS | dict.fromkeys(["owner", "partner"], "done"),
        "",
    ),
    "agreements:financing_remove": (
        lambda w: {"pk": w.local.pk, "line_pk": w.line.pk},
        "post",
        SIGNED_FACTS | dict.fromkeys(["owner", "partner"], "done"),
        "",
    ),
    "agreements:step": (
        lambda w: {"pk": w.local.pk, "action": "terminate"},
        "get",
        RECORD_WRITE | {"involved_opd": "403", "leadership": "ok"},
        'name="expected_stage"',
    ),
    # Issue 7: a step of the PKS's own road (the PKS of `world.local` is in force).
    "agreements:pks_step": (
        lambda w: {"pk": w.local.pk, "doc_pk": w.document.pk, "action": "terminate"},
        "get",
        RECORD_WRITE | {"involved_opd": "403", "leadership": "ok"},
        'name="expected_stage" value="in_force"',
    ),
    "agreements:finding_add": (
        lambda w: {"pk": w.local.pk},
        "post",
        RECORD_WRITE | dict.fromkeys(["owner", "partner", "involved_opd"], "done"),
        "",
    ),
    "agreements:finding_follow_up": (
        lambda w: {"pk": w.local.pk, "finding_pk": _finding(w).pk},
        "post",
        RECORD_WRITE | dict.fromkeys(["owner", "partner", "involved_opd"], "done"),
        "",
    ),
    "agreements:deadline_met": (
        lambda w: {"pk": w.local.pk, "deadline_pk": _deadline(w).pk},
        "post",
        SIGNED_FACTS | dict.fromkeys(["owner", "partner"], "done"),
        "",
    ),
    "agreements:deadline_reopen": (
        lambda w: {"pk": w.local.pk, "deadline_pk": _deadline(w, met=True).pk},
        "post",
        SIGNED_FACTS | dict.fromkeys(["owner", "partner"], "done"),
        "",
    ),
    # Issue 6/15: Singkawang (a party) asks Bengkayang (a party that uses Kerjasama) to leave;
    # only Bengkayang's secretariat answers.
    "agreements:party_change_request": (
        lambda w: {"pk": w.local.pk, "party_pk": _bengkayang_party(w).pk},
        "get",
        RECORD_READ
        | {"partner": "403", "involved_opd": "403", "leadership": "403", "oversight": "403"},
        'name="reason"',
    ),
    "agreements:party_change_decide": (
        lambda w: {"pk": w.local.pk, "req_pk": _party_request(w).pk},
        "post",
        RECORD_WRITE | {"owner": "403", "partner": "done", "involved_opd": "403"},
        "",
    ),
    "agreements:agenda": (lambda w: {}, "get", ALL_OK, "Agenda"),
    "partners:list": (lambda w: {}, "get", ALL_OK, "Mitra"),
    "partners:suggest": (lambda w: {}, "get", ALL_OK, ""),
    "partners:create": (lambda w: {}, "get", SECRETARIAT_ONLY, "Daftarkan mitra"),
    "partners:detail": (lambda w: {"pk": w.third_party.pk}, "get", ALL_OK, "Gunung Poteng"),
    # A partner is kept by the region that registered it (Singkawang) or works with it.
    "partners:edit": (
        lambda w: {"pk": w.third_party.pk},
        "get",
        dict.fromkeys(PERSONAS, "403") | {"owner": "ok", "anonymous": "login"},
        "Gunung Poteng",
    ),
    "accounts:login": (
        lambda w: {},
        "get",
        dict.fromkeys(set(PERSONAS) - {"anonymous"}, "done") | {"anonymous": "ok"},
        "Masuk",
    ),
    "accounts:logout": (lambda w: {}, "post", dict.fromkeys(PERSONAS, "done"), ""),
    # Password pages (item 25): changing needs a login; asking for a reset link does not.
    "accounts:password_change": (lambda w: {}, "get", ALL_OK, 'name="old_password"'),
    "accounts:password_change_done": (lambda w: {}, "get", ALL_OK, "Kata sandi diubah"),
    "accounts:password_reset": (
        lambda w: {},
        "get",
        dict.fromkeys(PERSONAS, "ok"),
        'name="email"',
    ),
    "accounts:password_reset_done": (
        lambda w: {},
        "get",
        dict.fromkeys(PERSONAS, "ok"),
        "Periksa surel Anda",
    ),
    # A made-up link: the page says it does not work, for everyone.
    "accounts:password_reset_confirm": (
        lambda w: {"uidb64": "MQ", "token": "bukan-token"},
        "get",
        dict.fromkeys(PERSONAS, "ok"),
        "Tautan ini tidak berlaku",
    ),
    "accounts:password_reset_complete": (
        lambda w: {},
        "get",
        dict.fromkeys(PERSONAS, "ok"),
        "Kata sandi sudah diatur",
    ),
    "accounts:opd_list": (lambda w: {}, "get", ALL_OK, "Perangkat daerah"),
    "accounts:opd_create": (lambda w: {}, "get", SECRETARIAT_ONLY, "Tambah OPD"),
    "accounts:opd_edit": (
        lambda w: {"pk": w.pupr.pk},
        "get",
        SECRETARIAT_ONLY | {"partner": "404", "unrelated": "404", "oversight": "404"},
        "Dinas Pekerjaan Umum",
    ),
    # Issue 7: the region's content checklist of KB and PKS (§5.5), kept by its secretariat.
    "accounts:checklist_list": (lambda w: {}, "get", ALL_OK, "Daftar periksa muatan naskah"),
    "accounts:checklist_create": (
        lambda w: {},
        "get",
        SECRETARIAT_ONLY,
        "Tambah baris daftar periksa muatan",
    ),
    "accounts:checklist_edit": (
        lambda w: {
            "pk": ContentChecklistItem.objects.get_or_create(
                tenant=w.singkawang, document_kind="kb", label="Maksud dan tujuan"
            )[0].pk
        },
        "get",
        SECRETARIAT_ONLY | {"partner": "404", "unrelated": "404", "oversight": "404"},
        "Maksud dan tujuan",
    ),
    # Issue 9: the region's letter settings and its sample letter, kept by its secretariat.
    "accounts:letter_settings": (lambda w: {}, "get", SECRETARIAT_ONLY, "Pengaturan surat"),
    "accounts:letter_sample": (lambda w: {"fmt": "pdf"}, "get", SECRETARIAT_ONLY, "%PDF"),
    # Issue 11: imports are the region's secretariat's; another region's import is not found.
    "imports:index": (lambda w: {}, "get", SECRETARIAT_ONLY, 'enctype="multipart/form-data"'),
    "imports:run": (lambda w: {"pk": _import(w).pk}, "get", IMPORT_RUN, "register-matriks.xlsx"),
    "imports:report": (lambda w: {"pk": _import(w).pk}, "get", IMPORT_RUN, "[Content_Types]"),
    "imports:mapping": (lambda w: {"pk": _import(w).pk}, "post", IMPORT_POST, ""),
    "imports:exclude": (lambda w: {"pk": _import(w).pk}, "post", IMPORT_POST, ""),
    "imports:decide": (lambda w: {"pk": _import(w).pk}, "post", IMPORT_POST, ""),
    "imports:commit": (lambda w: {"pk": _import(w).pk}, "post", IMPORT_POST, ""),
    "imports:undo": (lambda w: {"pk": _import(w).pk}, "post", IMPORT_POST, ""),
    # Personal pages: everyone signed in sees their own (markers are URLs, not translations).
    "notifications:list": (lambda w: {}, "get", ALL_OK, "/notifikasi/kalender/"),
    "notifications:calendar": (lambda w: {}, "get", ALL_OK, 'name="action"'),
    "notifications:read": (
        lambda w: {"pk": w.sec_singkawang.notifications.create(title="Pengingat", url="/").pk},
        "post",
        dict.fromkeys(set(PERSONAS) - {"anonymous"}, "404")
        | {"owner": "done", "anonymous": "login"},
        "",
    ),
    "notifications:read_all": (
        lambda w: {},
        "post",
        dict.fromkeys(set(PERSONAS) - {"anonymous"}, "done") | {"anonymous": "login"},
        "",
    ),
    # Authenticated by the secret token in the URL, not the session: every persona (and nobody)
    # gets the owner's feed, which must carry the owner's deadline of `world.local`. Unknown
    # and revoked tokens: tests/test_notifications.py.
    "notifications:feed": (
        lambda w: {
            "token": (
                w.local.deadlines.create(
                    subject_type="agreements.cooperation",
                    subject_id=str(w.local.pk),
                    key="report:test",
                    kind="report",
                    due_on="2099-12-31",
                    title="Laporan pelaksanaan",
                    rule="Laporan berkala",
                ),
                w.sec_singkawang.calendar_tokens.create(),
            )[1].token
        },
        "get",
        dict.fromkeys(PERSONAS, "ok"),
        "DTSTART;VALUE=DATE:20991231",
    ),
    # Issue 9: the TKKSD of the reader's own region, read by its people and kept by its
    # secretariat; another region's decrees, seats and holders are not found.
    "meetings:team": (lambda w: {}, "get", ALL_OK, "Tim Koordinasi Kerja Sama Daerah"),
    "meetings:quorum": (lambda w: {}, "get", SECRETARIAT_ONLY, "Pengaturan kuorum TKKSD"),
    "meetings:decree_create": (
        lambda w: {},
        "get",
        SECRETARIAT_ONLY,
        "Catat keputusan tentang TKKSD",
    ),
    "meetings:decree_detail": (
        lambda w: {"pk": _tkksd(w)[0].pk},
        "get",
        TEAM_READ,
        "Keputusan Nomor 100/1/HK-2020",
    ),
    "meetings:decree_scan": (
        lambda w: {"pk": _tkksd(w, scan=True)[0].pk},
        "get",
        TEAM_READ,
        "%PDF",
    ),
    "meetings:decree_scan_upload": (
        lambda w: {"pk": _tkksd(w)[0].pk},
        "get",
        TEAM_WRITE,
        'name="upload"',
    ),
    "meetings:seat_create": (
        lambda w: {"pk": _tkksd(w)[0].pk},
        "get",
        TEAM_WRITE,
        "Keputusan Nomor 100/1/HK-2020",
    ),
    "meetings:holding_create": (
        lambda w: {"pk": _tkksd(w)[0].pk},
        "get",
        TEAM_WRITE,
        "Sekretaris Daerah",
    ),
    "meetings:acting_create": (
        lambda w: {"pk": _tkksd(w)[1].pk},
        "get",
        TEAM_WRITE,
        "Catat Plt atau Plh",
    ),
    "meetings:holding_end": (
        lambda w: {"pk": _tkksd(w)[2].pk},
        "get",
        TEAM_WRITE,
        "Sumastro",
    ),
    # Issue 9: the meetings at /rapat/. The meeting under test is Singkawang's, with an item about
    # `world.local` (PUPR executes it: its officer reads the meeting; the tourism officer, not
    # invited, does not). Planned and held by Singkawang's secretariat; other regions get 404.
    "rapat:list": (lambda w: {}, "get", ALL_OK, "Rapat TKKSD"),
    "rapat:create": (lambda w: {}, "get", SECRETARIAT_ONLY, "Rencanakan rapat TKKSD"),
    "rapat:detail": (lambda w: {"pk": _rapat(w).pk}, "get", MEETING_READ, RAPAT_TITLE),
    "rapat:projected": (lambda w: {"pk": _rapat(w).pk}, "get", MEETING_READ, RAPAT_TITLE),
    "rapat:print": (lambda w: {"pk": _rapat(w).pk}, "get", MEETING_READ, RAPAT_TITLE),
    "rapat:edit": (lambda w: {"pk": _rapat(w).pk}, "get", MEETING_WRITE, "Ubah rapat"),
    "rapat:cancel": (lambda w: {"pk": _rapat(w).pk}, "get", MEETING_WRITE, "Alasan pembatalan"),
    "rapat:hold": (lambda w: {"pk": _rapat(w).pk}, "post", MEETING_WRITE | MEETING_DONE, ""),
    "rapat:invitee_add": (
        lambda w: {"pk": _rapat(w).pk},
        "get",
        MEETING_WRITE,
        "Undang seseorang",
    ),
    "rapat:invitee_remove": (
        lambda w: {
            "pk": _rapat(w).pk,
            "invitee_pk": _rapat(w).invitees.create(kind="other", name="Tamu").pk,
        },
        "post",
        MEETING_WRITE | MEETING_DONE,
        "",
    ),
    "rapat:agenda": (lambda w: {"pk": _rapat(w).pk}, "get", MEETING_WRITE, "Usulan acara"),
    "rapat:item_add": (
        lambda w: {"pk": _rapat(w).pk},
        "get",
        MEETING_WRITE,
        "Tambah acara rapat",
    ),
    "rapat:item_edit": (
        lambda w: {"pk": _rapat(w).pk, "item_pk": _rapat(w).items.first().pk},
        "get",
        MEETING_WRITE,
        "Ubah acara rapat",
    ),
    "rapat:item_remove": (
        lambda w: {"pk": _rapat(w).pk, "item_pk": _rapat(w).items.first().pk},
        "post",
        MEETING_WRITE | MEETING_DONE,
        "",
    ),
    "rapat:item_move": (
        lambda w: {"pk": _rapat(w).pk, "item_pk": _rapat(w).items.first().pk, "direction": "turun"},
        "post",
        MEETING_WRITE | MEETING_DONE,
        "",
    ),
    "rapat:proposal_take": (
        lambda w: {"pk": _rapat(w).pk},
        "post",
        MEETING_WRITE | MEETING_DONE,
        "",
    ),
    "rapat:attendance": (
        lambda w: {"pk": _rapat(w, state="held").pk},
        "get",
        MEETING_WRITE,
        "Kehadiran saat pembukaan",
    ),
    "rapat:item_absences": (
        lambda w: {
            "pk": _rapat(w, state="held").pk,
            "item_pk": _rapat(w, state="held").items.first().pk,
        },
        "get",
        MEETING_WRITE,
        "Di luar ruangan selama satu acara",
    ),
    # Issue 9 item 5: a meeting's letters are read by the meeting's readers (PUPR's officer:
    # an item on a case PUPR executes), generated by its secretariat; the templates per kind
    # are each secretariat's own.
    "rapat:letters": (lambda w: {"pk": _surat(w).pk}, "get", MEETING_READ, "Surat-surat rapat"),
    "rapat:letter_generate": (
        lambda w: {"pk": _surat(w).pk, "kind": "daftar_hadir"},
        "post",
        MEETING_WRITE | MEETING_DONE,
        "",
    ),
    "rapat:letter_generate_extract": (
        lambda w: {"pk": _surat(w).pk, "cooperation": w.local.pk},
        "post",
        MEETING_WRITE | MEETING_DONE,
        "",
    ),
    "rapat:letter_pdf": (
        lambda w: {"pk": _surat(w).letters.get().pk},
        "get",
        MEETING_READ,
        "%PDF",
    ),
    "rapat:letter_docx": (
        lambda w: {"pk": _surat(w).letters.get().pk},
        "get",
        MEETING_READ,
        "PK",
    ),
    "rapat:letter_templates": (lambda w: {}, "get", SECRETARIAT_ONLY, "Templat surat rapat"),
    "rapat:letter_template_file": (lambda w: {"kind": "undangan"}, "get", SECRETARIAT_ONLY, "PK"),
    "rapat:letter_template_remove": (
        lambda w: {"kind": "undangan"},
        "post",
        {k: "done" if v == "ok" else v for k, v in SECRETARIAT_ONLY.items()},
        "",
    ),
    "monitoring:index": (lambda w: {}, "get", ALL_OK, "Monitoring dan evaluasi"),
    "monitoring:pks": (lambda w: {"pk": w.document.pk}, "get", RECORD_READ, "Indikator"),
    "monitoring:indicator_create": (
        lambda w: {"pk": w.document.pk},
        "get",
        MONEV_KEEP,
        "Tambah indikator",
    ),
    "monitoring:targets": (
        lambda w: {"pk": _monev(w).indicator.pk},
        "get",
        MONEV_KEEP,
        "Simpan target",
    ),
    "monitoring:realisation_enter": (
        lambda w: {
            "pk": _monev(w).indicator.pk,
            "party": w.local_party.pk,
            "year": 2022,
            "quarter": 0,
        },
        "get",
        MONEV_ENTER,
        "Laporkan realisasi",
    ),
    "monitoring:reconcile": (
        lambda w: {"pk": _monev(w).indicator.pk, "year": 2021, "quarter": 0},
        "get",
        MONEV_VERIFY,
        "Catat rekonsiliasi",
    ),
    "monitoring:realisation_verify": (
        lambda w: {"pk": _monev(w).pk},
        "post",
        MONEV_VERIFY | {"owner": "done"},
        "",
    ),
    "monitoring:realisation_return": (
        lambda w: {"pk": _monev(w).pk},
        "get",
        MONEV_VERIFY,
        "Kembalikan nilai",
    ),
    "monitoring:evidence": (
        lambda w: {"pk": _monev(w).evidence.get().pk},
        "get",
        RECORD_READ,
        "%PDF",
    ),
    # Issue 10, items 5–6: the region's year. Everyone of a region reads its own year; a
    # regency's or city's year is read by its people and by its province's oversight.
    "monitoring:year": (lambda w: {"year": 2021}, "get", ALL_OK, "Capaian indikator"),
    "monitoring:year_export": (
        lambda w: {"year": 2021, "fmt": "csv"},
        "get",
        ALL_OK,
        "Perjanjian",
    ),
    "monitoring:year_region": (
        lambda w: {"year": 2021, "region": w.singkawang.region_id},
        "get",
        YEAR_OF_SINGKAWANG,
        "Tahun 2021 Kota Singkawang",
    ),
    "monitoring:year_region_export": (
        lambda w: {"year": 2021, "region": w.singkawang.region_id, "fmt": "xlsx"},
        "get",
        YEAR_OF_SINGKAWANG,
        "",
    ),
    "monitoring:headlines": (
        lambda w: {},
        "get",
        dict.fromkeys(PERSONAS, "403") | {"leadership": "ok", "anonymous": "login"},
        "Simpan indikator utama",
    ),
    "monitoring:evaluation_index": (lambda w: {}, "get", ALL_OK, "Evaluasi"),
    "monitoring:pks_evaluation": (
        lambda w: {"pk": _evaluation(w).document_id, "year": 2021},
        "get",
        RECORD_READ,
        "Evaluasi 2021",
    ),
    "monitoring:evaluation_edit": (
        lambda w: {"pk": _evaluation(w, "draft").document_id, "year": 2021},
        "get",
        EVAL_WRITE,
        "Simpan dan ajukan untuk disahkan",
    ),
    "monitoring:evaluation_submit": (
        lambda w: {"pk": _evaluation(w, "draft").pk},
        "post",
        EVAL_POST_SECRETARIAT | {"owner": "done"},
        "",
    ),
    "monitoring:evaluation_withdraw": (
        lambda w: {"pk": _evaluation(w, "submitted").pk},
        "post",
        EVAL_POST_SECRETARIAT | {"owner": "done"},
        "",
    ),
    "monitoring:evaluation_sign_off": (
        lambda w: {"pk": _evaluation(w, "submitted").pk},
        "post",
        EVAL_LEAD | {"leadership": "done"},
        "",
    ),
    "monitoring:evaluation_comment": (
        lambda w: {"pk": _evaluation(w, "submitted").pk},
        "post",
        EVAL_LEAD | {"leadership": "done"},
        "",
    ),
    "monitoring:evaluation_reopen": (
        lambda w: {"pk": _evaluation(w).pk},
        "get",
        EVAL_LEAD | {"partner": "403", "oversight": "403", "leadership": "ok"},
        "Buka kembali evaluasi",
    ),
    "monitoring:kb_evaluations": (
        lambda w: {"pk": _kb(w).pk},
        "get",
        RECORD_READ,
        "lanjutkan",  # the recommendation of its PKS' signed-off evaluation
    ),
    "set_language": (lambda w: {}, "post", dict.fromkeys(PERSONAS, "done"), ""),
    "admin:index": (
        lambda w: {},
        "get",
        dict.fromkeys(PERSONAS, "admin_login"),
        "",
    ),
}


def _tkksd(world, *, scan: bool = False):
    """Singkawang's TKKSD: a formation decree, its chair's seat and the holder (issue 9); with
    `scan`, the decree's scan stored."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kerjasama.meetings.models import Decree
    from kerjasama.meetings.services import decree_scan_add
    from tests.factories import make_pdf, tkksd_formation

    if not hasattr(world, "tkksd"):
        world.tkksd = tkksd_formation(world.singkawang)
    if scan:
        decree_scan_add(
            actor=world.sec_singkawang,
            decree=world.tkksd[0],
            upload=SimpleUploadedFile("sk.pdf", make_pdf(), content_type="application/pdf"),
        )
    assert Decree.objects.filter(pk=world.tkksd[0].pk).exists()
    return world.tkksd


def _rapat(world, *, state: str = "planned"):
    """Singkawang's meeting under test (issue 9): one per test, with two items, the first about
    `world.local`."""
    from tests.factories import rapat_meeting

    if not hasattr(world, "rapat"):
        world.rapat = rapat_meeting(
            world.singkawang, state=state, about=world.local, title=RAPAT_TITLE, items=2
        )
    return world.rapat


def _surat(world):
    """A held meeting of Singkawang with a decision on `world.local` and a stored undangan
    (small stand-in files: the download streams whatever is stored)."""
    from django.core.files.base import ContentFile

    from kerjasama.meetings.models import AgendaItem, Meeting, MeetingLetter, Outcome

    if not hasattr(world, "surat_meeting"):
        meeting = Meeting.objects.create(
            tenant=world.singkawang,
            kind="pleno",
            title="Rapat TKKSD",
            state="held",
            starts_at=dt.datetime(2021, 1, 14, 2, 0, tzinfo=dt.UTC),
        )
        item = AgendaItem.objects.create(meeting=meeting, title="Pilar", cooperation=world.local)
        Outcome.objects.create(item=item, kind="decision", text="Dilanjutkan.")
        letter = MeetingLetter(meeting=meeting, kind="undangan", version=1, number="1/2021")
        letter.docx.save("u.docx", ContentFile(b"PK\x03\x04 docx"), save=False)
        letter.pdf.save("u.pdf", ContentFile(b"%PDF-1.4 pdf"), save=False)
        letter.save()
        world.surat_meeting = meeting
    return world.surat_meeting


def _monev(world):
    """An indicator on the PKS of the record under test (issue 10) and Singkawang's submitted
    realisation of 2021, with one evidence file."""
    from decimal import Decimal

    from django.core.files.uploadedfile import SimpleUploadedFile

    from kerjasama.monitoring.services import realisation_save
    from tests.factories import make_pdf, monev_indicator

    if not hasattr(world, "monev"):
        world.monev = realisation_save(
            actor=world.pupr_officer,
            indicator=monev_indicator(world),
            party=world.local_party,
            year=2021,
            quarter=0,
            data={"state": "value", "value": Decimal("80")},
            submit=True,
            uploads=[SimpleUploadedFile("bukti.pdf", make_pdf(), content_type="application/pdf")],
        )
    return world.monev


def _evaluation(world, state: str = "signed_off"):
    """Singkawang's evaluation of 2021 of the PKS under test (issue 10, item 4), in `state`
    (draft, submitted, or signed off by the Sekda)."""
    from kerjasama.monitoring import evaluation as ev
    from tests.factories import monev_indicator

    monev_indicator(world)
    evaluation = ev.evaluation_save(
        actor=world.sec_singkawang,
        document=world.document,
        year=2021,
        data={"recommendation": "continue", "rating": 4, "rating_reason": "Baik"},
    )
    if state in ("submitted", "signed_off"):
        evaluation = ev.evaluation_submit(actor=world.sec_singkawang, evaluation=evaluation)
    if state == "signed_off":
        evaluation = ev.evaluation_sign_off(actor=world.sekda, evaluation=evaluation)
    world.evaluation = evaluation
    return evaluation


def _kb(world):
    """The PKS under test made part of a KB of the same case, with the signed-off evaluation."""
    kb = DocumentFactory(cooperation=world.local, kind="kb", title="KB pilar batas")
    world.document.parent = kb
    world.document.save(update_fields=["parent"])
    _evaluation(world)
    return kb


def _import(world):
    """A previewed import of Singkawang's register (issue 11)."""
    from kerjasama.imports import services
    from tests.test_imports_commit import register

    if not hasattr(world, "import_run"):
        run = services.run_create(
            actor=world.sec_singkawang,
            tenant=world.singkawang,
            data=register(),
            name="register-matriks.xlsx",
        )
        world.import_run = services.run_read(run)
    return world.import_run


def _bengkayang_party(world):
    from tests.factories import party_asked_to_leave

    return party_asked_to_leave(world.local)


def _party_request(world):
    from kerjasama.agreements.services import party_change_request

    return party_change_request(
        actor=world.sec_singkawang, party=_bengkayang_party(world), reason="Tidak lagi terlibat"
    )


def _finding(world):
    """One open supervision finding on the record under test."""
    return world.local.findings.create(
        received_on=dt.date(2026, 1, 5), source="Inspektorat", summary="Temuan"
    )


def _deadline(world, *, met: bool = False):
    """A report deadline of the record under test: open, or met as recorded by a person."""
    # An implementation report of the case: what may meet a report deadline (issue 6, M1).
    world.report = DocumentFactory(
        cooperation=world.local,
        kind="implementation_report",
        title="Laporan pelaksanaan",
        status="final",
        signed_on=None,
        start_date=None,
        end_date=None,
    )
    return report_deadline(world.local, met_by=world.document if met else None)


def _names(resolvers, namespace: str = "") -> set[str]:
    names = set()
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if entry.namespace == "admin":
                names.add("admin:index")  # Django's own admin: staff only, checked once
                continue
            names |= _names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{namespace}{entry.name}")
    return names


def test_every_url_has_a_matrix_entry():
    """The minutes' URLs (issue 9) run their rows of the matrix in
    `tests/test_meetings_notulen_access.py`, on a meeting whose minutes were made final and
    reopened; they count here as covered."""
    from tests.test_meetings_notulen_access import NOTULEN_MATRIX

    defined = _names(get_resolver().url_patterns)
    covered = set(MATRIX) | set(NOTULEN_MATRIX)

    assert defined - covered == set(), "add these URLs to MATRIX"
    assert covered - defined == set(), "these MATRIX entries name no URL"


CASES = [(name, persona) for name in MATRIX for persona in PERSONAS]


@pytest.fixture
def world(shared_world):
    """The world built once for the whole matrix (`conftest.shared_world`): each test only
    reads it or writes inside its own savepoint."""
    return shared_world


@pytest.mark.parametrize(("name", "persona"), CASES, ids=[f"{n}-{p}" for n, p in CASES])
@pytest.mark.rule("12-governor-oversees-kabkota")
def test_url_access(client, world, name, persona):
    build, method, expectations, marker = MATRIX[name]
    user = getattr(world, PERSONAS[persona]) if PERSONAS[persona] else None
    if user is not None:
        client.force_login(user)
    url = reverse(name, kwargs=build(world))
    lines_before = FinancingLine.objects.count()

    if method == "get":
        response = client.get(url)
    else:
        data = {
            "language": "id",
            "source": "apbn",
            "amount": "1.000.000",
            "received_on": "2026-01-05",
            "summary": "Temuan Inspektorat",
            "followed_up_on": "2026-02-02",
            "follow_up": "Sudah ditindaklanjuti",
            "document": getattr(world, "report", world.document).pk,
            "met_on": "2026-02-02",
            "reason": "Dicatat ganda",  # removing financing of a signed case (issue 6/14)
        }
        response = client.post(url, data)

    expected = expectations[persona]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8", "replace")
    if expected == "ok":
        assert response.status_code == 200, text[:500]
        assert marker in text
    elif expected == "done":
        assert response.status_code == 302
        if name == "agreements:financing_add":
            assert FinancingLine.objects.count() == lines_before + 1
        if name == "agreements:financing_remove":
            assert FinancingLine.objects.count() == lines_before - 1
        if name == "agreements:finding_follow_up":
            finding = world.local.findings.get()
            assert (finding.followed_up_on, finding.follow_up) == (
                dt.date(2026, 2, 2),
                "Sudah ditindaklanjuti",
            )
        if name == "agreements:finding_add":
            assert world.local.findings.get().summary == "Temuan Inspektorat"
        if name == "agreements:deadline_met":
            met = world.local.deadlines.get(key="report:internal:2025-01-01")
            assert (met.status, met.met_by, met.met_on) == (
                "met",
                world.report,
                dt.date(2026, 2, 2),
            )
        if name in ("monitoring:evaluation_submit", "monitoring:evaluation_withdraw"):
            world.evaluation.refresh_from_db()
            expected_state = "submitted" if name.endswith("submit") else "draft"
            assert world.evaluation.status == expected_state
        if name == "monitoring:evaluation_sign_off":
            world.evaluation.refresh_from_db()
            assert (world.evaluation.status, world.evaluation.signed_off_by) == ("signed_off", user)
        if name == "monitoring:evaluation_comment":
            assert world.evaluation.comments.count() == 0  # an empty comment is refused
        if name == "monitoring:realisation_verify":
            world.monev.refresh_from_db()
            assert (world.monev.status, world.monev.verified_by) == ("verified", user)
        if name == "agreements:deadline_reopen":
            assert world.local.deadlines.get(key="report:internal:2025-01-01").met_manually is False
    elif expected == "404":
        assert response.status_code == 404
        assert world.local.title not in text
        assert FinancingLine.objects.count() == lines_before
    elif expected == "403":
        assert response.status_code == 403
        assert FinancingLine.objects.count() == lines_before
        if name.startswith("agreements:deadline_"):
            untouched = world.local.deadlines.get(key="report:internal:2025-01-01")
            assert untouched.met_manually is (name == "agreements:deadline_reopen")
    elif expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
        assert FinancingLine.objects.count() == lines_before
    elif expected == "admin_login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    else:  # pragma: no cover
        raise AssertionError(expected)
