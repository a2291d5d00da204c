"""Dates and stages in the law's order (issue 7, gap 3), stated by hand from
KERJASAMA_DAERAH.md: each test names its § and the article, and what the services must do."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from kerjasama.agreements import services
from kerjasama.agreements.models import Cooperation, Document, Party
from kerjasama.partners.enums import PartnerKind
from tests.factories import CooperationFactory, DocumentFactory, ThirdPartyFactory

pytestmark = pytest.mark.django_db
KB_DAY = dt.date(2024, 6, 3)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _foreign(stage: str) -> Cooperation:
    record = CooperationFactory(
        kind="ksdpl",
        ksdd_category="",
        ksdpl_form="sister_city",
        stage=stage,
        party_codes=("61.72",),
    )
    Party.objects.create(
        cooperation=record,
        partner=ThirdPartyFactory(
            kind=PartnerKind.FOREIGN_GOVERNMENT,
            name="Dewan Bandaraya Kuching Utara",
            third_party_type="",
            country="MY",
        ),
        order=2,
    )
    return record


def _add(world, record: Cooperation, kind: str, on: dt.date, **data) -> Document:
    return services.document_create(
        actor=world.sec_singkawang,
        cooperation=record,
        data={"kind": kind, "title": f"{kind} {on}", "status": "final", "signed_on": on, **data},
    )


def _signed(**term) -> dict:
    return {"status": "signed", **term}


@pytest.mark.rule("5.1-pks-dated-after-its-kb")
def test_law_pks_cannot_be_signed_before_its_kb(world):
    """§5.1, §5.3 (PP 28/2018 Pasal 6(1) c–g, 6(3)): the KB is signed, then the PKS under it.
    A PKS dated five months before its KB is refused; one dated after it is recorded."""
    record = CooperationFactory(stage="pks_drafting", party_codes=("61.72", "61.07"))
    kb = DocumentFactory(
        cooperation=record, kind="kb", signed_on=KB_DAY, end_date=None, start_date=None
    )
    early = _signed(parent=kb, signed_on=dt.date(2024, 1, 3))

    with pytest.raises(services.RuleViolation) as refused:
        _add(world, record, "pks", dt.date(2024, 1, 3), **early)
    assert "signed_on" in refused.value.message_dict
    pks = _add(world, record, "pks", dt.date(2024, 7, 1), **_signed(parent=kb))

    assert list(record.documents.filter(kind="pks")) == [pks]


@pytest.mark.rule("5.1-pks-dated-after-its-kb")
def test_law_kb_cannot_be_redated_after_its_pks(world):
    """§5.1 (PP 28/2018 Pasal 6(1) c–g): moving the KB's date past its PKS breaks the order."""
    record = CooperationFactory(stage="in_force", party_codes=("61.72", "61.07"))
    kb = DocumentFactory(cooperation=record, kind="kb", signed_on=KB_DAY)
    DocumentFactory(cooperation=record, kind="pks", parent=kb, signed_on=dt.date(2024, 7, 1))

    with pytest.raises(services.RuleViolation) as refused:
        services.document_update(
            actor=world.sec_singkawang,
            document=kb,
            data={"signed_on": dt.date(2024, 9, 1)},
            change_reason="Tanggal salah ketik",
        )

    assert "signed_on" in refused.value.message_dict
    kb.refresh_from_db()
    assert kb.signed_on == KB_DAY


@pytest.mark.rule("6.1-documents-in-the-order-of-the-stages")
def test_law_foreign_text_cannot_be_signed_before_the_confirmation_letter(world):
    """§6.1 states 12–13, §9 item 8 (PP 28/2018 Pasal 33(4)): the surat konfirmasi is the basis
    for signing; a text dated before it is refused, one dated on or after it is recorded."""
    record = _foreign("confirmation_received")
    _add(world, record, "confirmation_letter", dt.date(2024, 5, 2))
    term = {"start_date": dt.date(2024, 6, 1), "end_date": dt.date(2027, 5, 31)}

    with pytest.raises(services.RuleViolation) as refused:
        _add(world, record, "foreign_text", dt.date(2024, 4, 1), **_signed(**term))
    assert "signed_on" in refused.value.message_dict
    text = _add(world, record, "foreign_text", dt.date(2024, 5, 2), **_signed(**term))

    assert list(record.documents.filter(kind="foreign_text")) == [text]


@pytest.mark.rule("6.1-documents-in-the-order-of-the-stages")
def test_law_addendum_cannot_be_dated_before_its_parent(world):
    """§6.3 (🟡, but a logical impossibility): an addendum amends an agreement that exists."""
    record = CooperationFactory(stage="in_force", party_codes=("61.72", "61.07"))
    kb = DocumentFactory(cooperation=record, kind="kb", signed_on=KB_DAY)

    with pytest.raises(services.RuleViolation) as refused:
        _add(world, record, "addendum", dt.date(2024, 2, 1), **_signed(parent=kb))

    assert "signed_on" in refused.value.message_dict
    assert not record.documents.filter(kind="addendum").exists()


@pytest.mark.rule("6.1-documents-in-the-order-of-the-stages")
def test_law_signed_foreign_text_is_refused_while_the_case_is_at_initiative(world):
    """§6.1 states 1 and 12–13 (PP 28/2018 Pasal 28, 33(4)): a text is signed only after the
    confirmation letter, so not while the case is still at "initiative"; the message names
    the stage."""
    record = _foreign("initiative")
    term = {"start_date": dt.date(2024, 6, 1), "end_date": dt.date(2027, 5, 31)}

    with pytest.raises(services.RuleViolation) as refused:
        _add(world, record, "foreign_text", dt.date(2024, 5, 2), **_signed(**term))

    message = " ".join(refused.value.message_dict["status"])
    assert "Initiative" in message
    assert "Confirmation letter received" in message
    assert not record.documents.exists()


@pytest.mark.rule("6.1-documents-in-the-order-of-the-stages")
def test_law_signed_kb_is_refused_before_kb_drafting(world):
    """§5.1 (PP 28/2018 Pasal 6(1) b–d): the offer and its acceptance come before the KB."""
    record = CooperationFactory(stage="offer", party_codes=("61.72", "61.07"))

    with pytest.raises(services.RuleViolation) as refused:
        _add(world, record, "kb", KB_DAY, **_signed())

    assert "Offer" in " ".join(refused.value.message_dict["status"])
    # A draft KB may be prepared meanwhile.
    _add(world, record, "kb", KB_DAY, status="draft")
    assert record.documents.filter(kind="kb", status="draft").count() == 1


@pytest.mark.rule("6.1-documents-in-the-order-of-the-stages")
def test_law_old_signed_text_may_be_added_to_a_case_registered_in_force(world):
    """Issue 7: a mid-way registration may receive its old documents; the stage check applies
    to the case's current stage ("in force" is past the signing)."""
    record = _foreign("in_force")
    term = {"start_date": dt.date(2019, 6, 1), "end_date": dt.date(2024, 5, 31)}

    text = _add(world, record, "foreign_text", dt.date(2019, 5, 2), **_signed(**term))

    assert text.pk
    assert text.status == "signed"


@pytest.mark.rule("6.1-documents-in-the-order-of-the-stages")
def test_law_dprd_request_cannot_predate_the_signed_kb(world):
    """§5.1, §5.3 (PP 28/2018 Pasal 6(1) d–e): the DPRD is asked after the KB is signed."""
    record = CooperationFactory(stage="kb_signed", party_codes=("61.72", "61.07"))
    DocumentFactory(cooperation=record, kind="kb", signed_on=KB_DAY)

    with pytest.raises(services.RuleViolation) as refused:
        _add(world, record, "dprd_request", dt.date(2024, 5, 1))
    assert "signed_on" in refused.value.message_dict
    _add(world, record, "dprd_request", dt.date(2024, 6, 10))

    assert record.documents.filter(kind="dprd_request").count() == 1


@pytest.mark.rule("6.1-documents-in-the-order-of-the-stages")
def test_law_minister_consideration_cannot_predate_the_dprd_approval(world):
    """§6.1 state 7 (PP 28/2018 Pasal 31(1)–(2)): the DPRD-approved plan goes to the Minister."""
    record = _foreign("awaiting_minister")
    _add(world, record, "dprd_approval", dt.date(2024, 3, 4))

    with pytest.raises(services.RuleViolation) as refused:
        _add(world, record, "minister_consideration", dt.date(2024, 2, 1))
    assert "signed_on" in refused.value.message_dict
    _add(world, record, "minister_consideration", dt.date(2024, 4, 1))

    assert record.documents.filter(kind="minister_consideration").count() == 1
