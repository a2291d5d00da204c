"""Several agreements of one case, each on a row of its own (issue 11, item 8: the export writes
one row per agreement, and registers are kept so): a Kesepakatan Bersama and two PKS under it
with one register number import as ONE case with three documents, each PKS under the KB (§3.4:
a PKS implements a KB, PP 28/2018 Pasal 6(1)); importing the same file again changes nothing,
and undoing the import removes the one case."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kerjasama.accounts.models import Opd
from kerjasama.agreements.enums import CooperationKind, DocumentKind, DocumentStatus, Stage
from kerjasama.agreements.models import Cooperation, Document, Party
from kerjasama.core.models import AuditEvent
from kerjasama.imports import services
from kerjasama.imports.models import Outcome, RunState
from kerjasama.partners.models import Partner
from tests.test_imports_corpus import HEADER, row, workbook

pytestmark = pytest.mark.django_db

REGISTER = "REG/KS/2023/07"
KB_TITLE = "Kesepakatan Bersama Pengelolaan Sampah Regional Singkawang–Bengkayang"
PKS1_TITLE = "PKS Pengangkutan Sampah ke TPA Regional"
PKS2_TITLE = "PKS Pengolahan Sampah di TPA Regional"


def _register() -> bytes:
    common = {
        "B": REGISTER,
        "F": "Pemerintah Kabupaten Bengkayang",
        "I": "1.03",
        "O": "Berlaku",
    }
    return workbook(
        [
            HEADER,
            row(
                A=1,
                C="180/01/KB/2023",
                D="Kesepakatan Bersama",
                E=KB_TITLE,
                H="Dinas Pekerjaan Umum dan Penataan Ruang",
                K=dt.date(2023, 3, 10),
                L=dt.date(2023, 3, 10),
                M=dt.date(2028, 3, 9),
                **common,
            ),
            row(
                A=2,
                C="180/02/PKS/2023",
                D="Perjanjian Kerja Sama",
                E=PKS1_TITLE,
                H="Dinas Pariwisata",
                K=dt.date(2023, 6, 1),
                L=dt.date(2023, 6, 1),
                M=dt.date(2026, 5, 31),
                **common,
            ),
            row(
                A=3,
                C="180/03/PKS/2024",
                D="PKS",
                E=PKS2_TITLE,
                H="Dinas Pekerjaan Umum dan Penataan Ruang",
                K=dt.date(2024, 2, 15),
                L=dt.date(2024, 2, 15),
                M=dt.date(2027, 2, 14),
                **common,
            ),
        ]
    )


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Cooperation, Document, Party, Partner, Opd, AuditEvent)
    }


def _import(world: Any, data: bytes) -> Any:
    run = services.run_read(
        services.run_create(
            actor=world.sec_singkawang, tenant=world.singkawang, data=data, name="register.xlsx"
        )
    )
    assert run.state == RunState.PREVIEWED, run.error
    return run


def _outcomes(run: Any) -> list[tuple[int, str, list[str]]]:
    return [
        (r.number, r.outcome, [services.reason_text(reason) for reason in r.reasons])
        for r in run.rows.exclude(outcome=Outcome.NON_DATA).order_by("number")
    ]


def _documents(cooperation: Cooperation) -> list[dict[str, Any]]:
    own = cooperation.parties.get(partner__region__code="61.72")
    return [
        {
            "kind": d.kind,
            "number": d.party_entries.get(party=own).number,
            "title": d.title,
            "status": d.status,
            "signed_on": d.signed_on,
            "start_date": d.start_date,
            "end_date": d.end_date,
            "executing_opd": d.executing_opd.name if d.executing_opd else None,
            "parent": d.parent.kind if d.parent else None,
        }
        for d in cooperation.documents.order_by("signed_on", "pk")
    ]


def test_a_kb_and_two_pks_on_rows_of_their_own_are_one_case_with_three_agreements(world):
    before = _counts()
    data = _register()

    run = _import(world, data)

    # Each row is new: the KB makes the case, each PKS is added to it (no second case).
    assert _outcomes(run) == [(2, Outcome.NEW, []), (3, Outcome.NEW, []), (4, Outcome.NEW, [])]
    assert _counts() == {**before, "AuditEvent": before["AuditEvent"] + 1}  # the upload only
    run = services.run_commit(actor=world.sec_singkawang, run=run)
    assert run.state == RunState.COMMITTED, run.error

    cases = Cooperation.objects.filter(parties__register_number=REGISTER)
    assert cases.count() == 1
    case = cases.get()
    assert case.title == KB_TITLE
    assert case.kind == CooperationKind.KSDD
    assert case.stage == Stage.IN_FORCE
    assert sorted(case.parties.values_list("partner__region__code", flat=True)) == [
        "61.07",
        "61.72",
    ]
    own = case.parties.get(partner__region__code="61.72")
    assert own.register_number == REGISTER
    assert own.executing_opd == world.pupr
    assert sorted(case.affairs.values_list("code", flat=True)) == ["1.03"]
    assert _documents(case) == [
        {
            "kind": DocumentKind.KB,
            "number": "180/01/KB/2023",
            "title": KB_TITLE,
            "status": DocumentStatus.SIGNED,
            "signed_on": dt.date(2023, 3, 10),
            "start_date": dt.date(2023, 3, 10),
            "end_date": dt.date(2028, 3, 9),
            "executing_opd": "Dinas Pekerjaan Umum dan Penataan Ruang",
            "parent": None,
        },
        {
            "kind": DocumentKind.PKS,
            "number": "180/02/PKS/2023",
            "title": PKS1_TITLE,
            "status": DocumentStatus.SIGNED,
            "signed_on": dt.date(2023, 6, 1),
            "start_date": dt.date(2023, 6, 1),
            "end_date": dt.date(2026, 5, 31),
            "executing_opd": "Dinas Pariwisata",
            "parent": DocumentKind.KB,
        },
        {
            "kind": DocumentKind.PKS,
            "number": "180/03/PKS/2024",
            "title": PKS2_TITLE,
            "status": DocumentStatus.SIGNED,
            "signed_on": dt.date(2024, 2, 15),
            "start_date": dt.date(2024, 2, 15),
            "end_date": dt.date(2027, 2, 14),
            "executing_opd": "Dinas Pekerjaan Umum dan Penataan Ruang",
            "parent": DocumentKind.KB,
        },
    ]
    assert {row.cooperation_id for row in run.rows.exclude(outcome=Outcome.NON_DATA)} == {case.pk}

    # The same file again: every row unchanged, nothing written but the run's own events.
    committed = _counts()
    again = _import(world, data)
    assert _outcomes(again) == [
        (2, Outcome.UNCHANGED, []),
        (3, Outcome.UNCHANGED, []),
        (4, Outcome.UNCHANGED, []),
    ]
    again = services.run_commit(actor=world.sec_singkawang, run=again)
    assert again.state == RunState.COMMITTED, again.error
    assert _counts() == {**committed, "AuditEvent": committed["AuditEvent"] + 2}

    # Undoing the first import removes the one case and its three agreements.
    services.run_undo(actor=world.sec_singkawang, run=run)
    assert not Cooperation.objects.filter(pk=case.pk).exists()
    assert {k: v for k, v in _counts().items() if k != "AuditEvent"} == {
        k: v for k, v in before.items() if k != "AuditEvent"
    }


def test_a_pks_row_of_a_case_already_registered_adds_the_pks_under_its_kb(world):
    """A register corrected with a PKS signed since: the case (found by its register number)
    gets the PKS under its KB, shown as an update naming the agreement added."""
    data = _register()
    first = services.run_commit(actor=world.sec_singkawang, run=_import(world, data))
    assert first.state == RunState.COMMITTED, first.error
    case = Cooperation.objects.get(parties__register_number=REGISTER)
    longer = workbook(
        [
            *_rows_of(data),
            row(
                A=4,
                B=REGISTER,
                C="180/04/PKS/2025",
                D="Perjanjian Kerja Sama",
                E="PKS Daur Ulang Sampah Plastik",
                F="Pemerintah Kabupaten Bengkayang",
                H="Dinas Pekerjaan Umum dan Penataan Ruang",
                I="1.03",
                K=dt.date(2025, 1, 20),
                L=dt.date(2025, 1, 20),
                M=dt.date(2028, 1, 19),
                O="Berlaku",
            ),
        ]
    )

    run = _import(world, longer)

    assert _outcomes(run) == [
        (2, Outcome.UNCHANGED, []),
        (3, Outcome.UNCHANGED, []),
        (4, Outcome.UNCHANGED, []),
        (5, Outcome.UPDATE, []),
    ]
    assert run.rows.get(number=5).diff == {
        "document": [None, "Perjanjian Kerja Sama 180/04/PKS/2025"]
    }
    run = services.run_commit(actor=world.sec_singkawang, run=run)
    assert run.state == RunState.COMMITTED, run.error
    added = case.documents.get(title="PKS Daur Ulang Sampah Plastik")
    assert added.parent is not None
    assert added.parent.kind == DocumentKind.KB
    assert added.signed_on == dt.date(2025, 1, 20)
    assert Cooperation.objects.filter(parties__register_number=REGISTER).count() == 1
    # Undone: the PKS it added is gone, the case stays with its three agreements.
    services.run_undo(actor=world.sec_singkawang, run=run)
    assert case.documents.count() == 3
    assert not Document.objects.filter(title="PKS Daur Ulang Sampah Plastik").exists()


def _rows_of(data: bytes) -> list[list[Any]]:
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    return [list(cells) for cells in sheet.iter_rows(values_only=True)]


def test_a_registered_partner_whose_name_holds_a_comma_is_that_partner_not_two_new_ones(world):
    """The reader splits "Balai Wilayah Sungai Kalimantan I, Kementerian Pekerjaan Umum" at the
    comma (both pieces start like a partner's name); the partner registry holds it as one
    central-government partner (§3.5 Sinergi: a region and a central body), so the row is a
    Sinergi with that partner — no partner is proposed or added."""
    from kerjasama.partners.enums import PartnerKind

    bws = Partner.objects.create(
        kind=PartnerKind.CENTRAL_GOVERNMENT,
        name="Balai Wilayah Sungai Kalimantan I, Kementerian Pekerjaan Umum",
    )
    partners = Partner.objects.count()
    data = workbook(
        [
            [*HEADER, "Jenis Kerja Sama"],
            [
                *row(
                    E="Sinergi Pengendalian Banjir Sungai Singkawang",
                    F="Balai Wilayah Sungai Kalimantan I, Kementerian Pekerjaan Umum",
                    H="Dinas Pekerjaan Umum dan Penataan Ruang",
                    I="1.03",
                    O="Usulan",
                ),
                "Sinergi",
            ],
        ]
    )

    run = services.run_commit(actor=world.sec_singkawang, run=_import(world, data))

    assert run.state == RunState.COMMITTED, run.error
    assert [(n, o) for n, o, _r in _outcomes(run)] == [(2, Outcome.NEW)]
    assert _outcomes(run)[0][2] == []  # no "new partner" note
    case = Cooperation.objects.get(title="Sinergi Pengendalian Banjir Sungai Singkawang")
    assert case.kind == CooperationKind.SINERGI
    assert sorted(p.partner_id for p in case.parties.all() if p.partner.region is None) == [bws.pk]
    assert Partner.objects.count() == partners


def test_a_case_with_several_agreements_exported_reads_into_an_empty_region_as_the_same_rows(
    world,
):
    """The other tenant's road (as `test_imports_rest_identity.py` walks it for one agreement
    per case): Singkawang's case with its KB and two PKS, exported, imported into Pontianak
    (no case of its own yet), exports there to the same rows."""
    from kerjasama.imports import export

    first = services.run_commit(actor=world.sec_singkawang, run=_import(world, _register()))
    assert first.state == RunState.COMMITTED, first.error

    def cases(tenant: Any) -> Any:
        own = Party.objects.filter(register_number=REGISTER, partner__region=tenant.region)
        return Cooperation.objects.filter(pk__in=own.values("cooperation_id")).order_by("pk")

    def rows(tenant: Any) -> list[dict[str, Any]]:
        return [r.values for r in export.register_rows(cases(tenant), tenant)]

    exported = rows(world.singkawang)
    assert len(exported) == 3
    out, _count = export.export_to_file(cases(world.singkawang), world.singkawang, "xlsx")
    assert not Cooperation.objects.filter(parties__partner__region=world.pontianak.region)

    run = services.run_read(
        services.run_create(
            actor=world.sec_pontianak, tenant=world.pontianak, data=out.read(), name="r.xlsx"
        )
    )
    assert [o for _n, o, _r in _outcomes(run)] == [Outcome.NEW] * 3, _outcomes(run)
    run = services.run_commit(actor=world.sec_pontianak, run=run)

    assert run.state == RunState.COMMITTED, run.error
    assert Cooperation.objects.filter(parties__partner__region=world.pontianak.region).count() == 1
    assert cases(world.pontianak).count() == 1
    assert rows(world.pontianak) == exported


def test_an_agreement_listed_twice_is_one_agreement_and_the_preview_names_no_case_it_undid(world):
    """The same KB on two rows (same number, same facts): one case with one KB; the second row
    is unchanged. The preview's rows name no case its rolled-back writes made (such a row once
    broke the preview's save with a foreign-key error: `bench/import_full.py`)."""
    kb = row(
        B=REGISTER,
        C="180/01/KB/2023",
        D="Kesepakatan Bersama",
        E=KB_TITLE,
        F="Pemerintah Kabupaten Bengkayang",
        H="Dinas Pekerjaan Umum dan Penataan Ruang",
        I="1.03",
        K=dt.date(2023, 3, 10),
        O="Berlaku",
    )
    cases = Cooperation.objects.count()

    run = _import(world, workbook([HEADER, kb, kb]))

    assert [(n, o) for n, o, _r in _outcomes(run)] == [(2, Outcome.NEW), (3, Outcome.UNCHANGED)]
    assert [r.cooperation_id for r in run.rows.order_by("number")] == [None, None, None]
    assert Cooperation.objects.count() == cases
    run = services.run_commit(actor=world.sec_singkawang, run=run)
    assert run.state == RunState.COMMITTED, run.error
    case = Cooperation.objects.get(parties__register_number=REGISTER)
    assert [(d.kind, d.title) for d in case.documents.all()] == [(DocumentKind.KB, KB_TITLE)]


def test_an_addendum_row_is_placed_under_the_pks_signed_before_it(world):
    """An addendum amends an agreement (`enums.PARENT_KINDS`, §3.4): on its own row after the
    KB and the PKS of its case, it is placed under the PKS signed before it (the more specific
    agreement), and the file read again is unchanged."""
    common = {"B": REGISTER, "F": "Pemerintah Kabupaten Bengkayang", "I": "1.03", "O": "Berlaku"}
    data = workbook(
        [
            HEADER,
            row(C="KB-1", D="KB", E=KB_TITLE, K=dt.date(2023, 3, 10), **common),
            row(C="PKS-1", D="PKS", E=PKS1_TITLE, K=dt.date(2023, 6, 1), **common),
            row(
                C="ADD-1",
                D="Adendum",
                E="Adendum Pertama PKS Pengangkutan Sampah",
                K=dt.date(2025, 1, 5),
                **common,
            ),
        ]
    )

    run = services.run_commit(actor=world.sec_singkawang, run=_import(world, data))

    assert run.state == RunState.COMMITTED, run.error
    case = Cooperation.objects.get(parties__register_number=REGISTER)
    parents = {
        d.kind: (d.parent.kind, d.parent.title) if d.parent else None for d in case.documents.all()
    }
    assert parents == {
        DocumentKind.KB: None,
        DocumentKind.PKS: (DocumentKind.KB, KB_TITLE),
        DocumentKind.ADDENDUM: (DocumentKind.PKS, PKS1_TITLE),
    }
    again = _import(world, data)
    assert _outcomes(again) == [(n, Outcome.UNCHANGED, []) for n in (2, 3, 4)]
