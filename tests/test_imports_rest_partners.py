"""Partners not in the registry and OPDs not on the list (issue 11 items 5 and 7): the import
proposes to add them (a row is "new" with a note, not invalid), adds each once per name at
commit through the partners' and the OPDs' own services, records them on the run, and its undo
deletes those nothing else refers to."""

from __future__ import annotations

import pytest
from django.utils import translation

from kerjasama.accounts.models import Opd
from kerjasama.agreements.models import Cooperation
from kerjasama.core.models import AuditEvent
from kerjasama.imports import services
from kerjasama.imports.models import Outcome, RunState
from kerjasama.partners.enums import PartnerKind, ThirdPartyType
from kerjasama.partners.models import Partner
from tests.factories import CooperationFactory, UserFactory
from tests.test_imports_corpus import HEADER, row, workbook

pytestmark = pytest.mark.django_db


def _row(number: int, partner: str, **cells):
    return row(
        **{
            "B": f"REG/{number}/2024",
            "E": f"Kerja sama nomor {number}",
            "F": partner,
            "I": "1.03",
            "O": "Usulan",
            **cells,
        }
    )


def _preview(world, *rows):
    data = workbook([HEADER, *rows])
    run = services.run_create(
        actor=world.sec_singkawang, tenant=world.singkawang, data=data, name="register.xlsx"
    )
    run = services.run_read(run)
    assert run.state == RunState.PREVIEWED, run.error
    return run


def _commit(world, run):
    run = services.run_commit(actor=world.sec_singkawang, run=run)
    assert run.state == RunState.COMMITTED, run.error
    return run


def test_a_partner_not_in_the_registry_is_proposed_and_added_at_commit(world):
    run = _preview(world, _row(2, "PT Air  Bersih   Sejahtera"))
    row2 = run.rows.get(number=2)
    assert row2.outcome == Outcome.NEW
    with translation.override("id"):
        texts = [services.reason_text(r) for r in row2.reasons]
    assert texts == [
        "F2: Mitra baru akan ditambahkan ke daftar mitra: PT Air Bersih Sejahtera "
        "(Badan usaha berbadan hukum: perusahaan swasta)"
    ]
    assert not Partner.objects.filter(name="PT Air Bersih Sejahtera").exists()  # preview

    run = _commit(world, run)
    partner = Partner.objects.get(name="PT Air Bersih Sejahtera")
    assert partner.kind == PartnerKind.THIRD_PARTY
    assert partner.third_party_type == ThirdPartyType.PRIVATE_COMPANY
    case = Cooperation.objects.get(title="Kerja sama nomor 2")
    assert case.kind == "ksdpk"  # a region and a third party (§3)
    assert set(case.parties.values_list("partner__name", flat=True)) == {
        "Pemerintah Kota Singkawang",
        "PT Air Bersih Sejahtera",
    }
    assert run.created == {"partners": [partner.pk]}
    assert AuditEvent.objects.filter(action="partner.create", object_id=str(partner.pk)).exists()


def test_two_spellings_of_one_new_partner_add_one_partner(world):
    run = _preview(world, _row(2, "PT Air  Bersih"), _row(3, "pt air bersih"))
    assert [r.outcome for r in run.rows.order_by("number")][1:] == [Outcome.NEW, Outcome.NEW]
    _commit(world, run)
    partners = Partner.objects.filter(name_key="air bersih")
    assert [p.name for p in partners] == ["PT Air Bersih"]
    for title in ("Kerja sama nomor 2", "Kerja sama nomor 3"):
        case = Cooperation.objects.get(title=title)
        assert case.parties.filter(partner=partners[0]).exists()


def test_a_bumd_is_added_as_a_bumd(world):
    run = _commit(world, _preview(world, _row(2, "Perumda Air Minum Tirta Pasir")))
    partner = Partner.objects.get(pk=run.created["partners"][0])
    assert partner.third_party_type == ThirdPartyType.BUMD


@pytest.mark.parametrize(
    ("text", "code"),
    [("Kabupaten Antah Berantah", "partner_unknown"), ("Bogor", "partner_ambiguous")],
)
def test_a_text_like_a_region_that_is_none_or_two_stays_invalid(world, text, code):
    run = _preview(world, _row(2, text))
    row2 = run.rows.get(number=2)
    assert row2.outcome == Outcome.INVALID
    assert [r["code"] for r in row2.reasons] == [code]
    before = Partner.objects.count()
    _commit(world, run)
    assert Partner.objects.count() == before


def test_undo_deletes_the_partners_and_opds_the_import_added(world):
    run = _commit(world, _preview(world, _row(2, "CV Karya Baru", H="Dinas Perikanan")))
    partner = Partner.objects.get(name="CV Karya Baru")
    opd = Opd.objects.get(tenant=world.singkawang, name="Dinas Perikanan")
    assert run.created == {"partners": [partner.pk], "opds": [opd.pk]}

    services.run_undo(actor=world.sec_singkawang, run=run)
    assert not Partner.objects.filter(pk=partner.pk).exists()
    assert not Opd.objects.filter(pk=opd.pk).exists()
    assert not Cooperation.objects.filter(title="Kerja sama nomor 2").exists()
    actions = set(AuditEvent.objects.filter(object_id=str(run.pk)).values_list("action", flat=True))
    assert {"import.undo_partner", "import.undo_opd", "import.undo"} <= actions


def test_undo_keeps_what_something_else_refers_to(world):
    """The partner became a party of another case, the OPD got a user: both stay; the undo
    says so."""
    run = _commit(world, _preview(world, _row(2, "CV Karya Baru", H="Dinas Perikanan")))
    partner = Partner.objects.get(name="CV Karya Baru")
    opd = Opd.objects.get(tenant=world.singkawang, name="Dinas Perikanan")
    other = CooperationFactory(party_codes=("61.72",), created_by_tenant=world.singkawang)
    other.parties.create(partner=partner, order=9)
    UserFactory(username="perikanan", tenant=world.singkawang, opd=opd)

    run = services.run_undo(actor=world.sec_singkawang, run=run)
    assert run.state == RunState.UNDONE
    assert Partner.objects.filter(pk=partner.pk).exists()
    assert Opd.objects.filter(pk=opd.pk).exists()
    assert not Cooperation.objects.filter(title="Kerja sama nomor 2").exists()
    undo = AuditEvent.objects.get(action="import.undo", object_id=str(run.pk))
    assert undo.data["kept_partners"] == ["CV Karya Baru"]
    assert undo.data["kept_opds"] == ["Dinas Perikanan"]


@pytest.mark.parametrize("column", ["F", "H"])
def test_a_name_too_long_for_the_registry_is_the_rows_reason_not_an_error(world, column):
    """A partner's or an OPD's name longer than the registry keeps (250 characters): the row
    is invalid with the model's own message, the others are imported, nothing of it is kept."""
    long_name = "PT " + "Sangat Panjang " * 20
    cells = {"F": long_name} if column == "F" else {"H": "Dinas " + "Panjang " * 40}
    run = _preview(
        world,
        _row(
            2, cells.get("F", "Kabupaten Bengkayang"), **({"H": cells["H"]} if "H" in cells else {})
        ),
        _row(3, "Kabupaten Bengkayang"),
    )
    outcomes = dict(run.rows.values_list("number", "outcome"))
    assert outcomes[2] == Outcome.INVALID
    assert outcomes[3] == Outcome.NEW
    assert [r["code"] for r in run.rows.get(number=2).reasons][-1] == "refused"
    partners, opds = Partner.objects.count(), Opd.objects.count()
    run = _commit(world, run)
    assert Cooperation.objects.filter(title="Kerja sama nomor 3").exists()
    assert not Cooperation.objects.filter(title="Kerja sama nomor 2").exists()
    assert (Partner.objects.count(), Opd.objects.count()) == (partners, opds)
