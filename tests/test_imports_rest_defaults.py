"""The facts a register never holds (issue 11; §8.1 `prakarsa`, §3.1 KSDD category, PP 28/2018
Pasal 15 KSDPK kind), chosen for every row on the mapping step, shown in the preview's header,
applied to the cases the import registers, and remembered per region with the mapping."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from kerjasama.agreements.models import Cooperation
from kerjasama.imports import services
from kerjasama.imports.models import ImportRun, RunState
from tests.test_imports_corpus import HEADER, row, workbook
from tests.test_imports_screens import upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _indonesian():
    with translation.override("id"):
        yield


def _register() -> bytes:
    return workbook(
        [
            HEADER,
            row(
                B="R/1",
                E="Pengelolaan pasar",
                F="Perumda Air Minum Gunung Poteng",
                I="2.17",
                O="Usulan",
            ),
            row(B="R/2", E="Batas wilayah", F="Kabupaten Bengkayang", I="1.03", O="Usulan"),
        ]
    )


def _form(run: ImportRun, **defaults: str) -> dict[str, object]:
    form: dict[str, object] = {f"col_{letter}": field for letter, field in run.mapping.items()}
    form |= {"sheet": run.sheet, "header_row": run.header_row}
    for index, status in enumerate(run.read["statuses"]):
        form[f"status_{index}"] = run.status_mapping.get(status["key"]) or ""
    form |= {f"default_{name}": value for name, value in defaults.items()}
    return form


def test_the_defaults_are_chosen_shown_applied_and_remembered(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.sec_singkawang)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, _register())
    run = ImportRun.objects.get()
    page = client.get(reverse("imports:run", args=[run.pk])).content.decode()
    # The mapping step offers them (Indonesian labels, the case form's choices) …
    assert "Prakarsa (untuk setiap baris)" in page
    assert "Kategori KSDD (untuk setiap baris)" in page
    assert "Jenis KSDPK (untuk setiap baris)" in page
    assert 'name="default_ksdpk_kind"' in page
    assert 'value="investment"' in page
    # … and the preview's header says what every row gets (today's defaults).
    assert "Untuk setiap baris" in page
    assert "Kerja sama sukarela" in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("imports:mapping", args=[run.pk]),
            _form(run, initiative="partner", ksdd_category="wajib", ksdpk_kind="investment"),
        )
    run.refresh_from_db()
    assert run.state == RunState.PREVIEWED
    assert run.defaults == {
        "initiative": "partner",
        "ksdd_category": "wajib",
        "ksdpk_kind": "investment",
        "ksdpk_clauses": "no",  # never assumed (PP 28/2018 Pasal 19(2))
        "in_plan": "yes",
    }
    page = client.get(reverse("imports:run", args=[run.pk])).content.decode()
    assert "Investasi" in page  # in the header now

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:commit", args=[run.pk]))
    run.refresh_from_db()
    assert run.state == RunState.COMMITTED, run.error
    ksdpk = Cooperation.objects.get(title="Pengelolaan pasar")
    assert (ksdpk.kind, ksdpk.ksdpk_kind, ksdpk.initiative) == ("ksdpk", "investment", "partner")
    # A mandatory KSDD (§3.1) needs its form and the adjacency confirmed, which a register does
    # not say: with that default, the KSDD row is refused by the registry's rule, with its reason.
    ksdd_row = run.rows.get(number=3)
    assert ksdd_row.outcome == "invalid"
    assert "berbatasan" in services.reason_text(ksdd_row.reasons[0])
    assert not Cooperation.objects.filter(title="Batas wilayah").exists()

    # Remembered for the region's next file.
    following = services.run_create(
        actor=world.sec_singkawang, tenant=world.singkawang, data=_register(), name="lagi.xlsx"
    )
    assert following.defaults == run.defaults


def test_a_value_not_offered_is_refused_with_a_message_and_nothing_changes(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.sec_singkawang)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, _register())
    run = ImportRun.objects.get()
    before = dict(run.defaults)
    response = client.post(
        reverse("imports:mapping", args=[run.pk]), _form(run, ksdpk_kind="bukan-jenis"), follow=True
    )
    run.refresh_from_db()
    assert run.defaults == before
    assert "Jenis KSDPK (untuk setiap baris)" in response.content.decode()
    assert "Periksa pemetaan" in response.content.decode()
