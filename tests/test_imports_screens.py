"""The import screens at /impor/ (issue 11): upload (checked in the request, read by the
task), the preview with its reasons, a changed status mapping, excluding a row, commit, undo."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from kerjasama.agreements.models import Cooperation
from kerjasama.imports.models import ImportRun, RunState
from tests.test_imports_commit import TITLE_KB, TITLE_PKS, register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _indonesian():
    with translation.override("id"):
        yield


def upload(client, data: bytes, name: str = "register.xlsx"):
    return client.post(
        reverse("imports:index"),
        {"upload": SimpleUploadedFile(name, data)},
        headers={"accept-language": "id"},
    )


def test_upload_reads_in_the_task_and_shows_each_rows_outcome_and_reason(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.sec_singkawang)

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, register())

    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:run", args=[run.pk])
    assert run.state == RunState.PREVIEWED
    page = client.get(response["Location"]).content.decode()
    assert "F7: mitra “Kabupaten Antah Berantah” bukan daerah" in page
    assert 'data-row="5" data-outcome="new"' in page
    assert 'data-row="8" data-outcome="invalid"' in page
    assert 'http-equiv="refresh"' not in page  # read: the page no longer refreshes
    invalid_only = client.get(response["Location"], {"hasil": "invalid"}).content.decode()
    assert 'data-row="5"' not in invalid_only
    assert 'data-row="7"' in invalid_only


def test_a_refused_file_is_answered_in_the_request_and_nothing_is_stored(client, world):
    client.force_login(world.sec_singkawang)

    response = upload(client, b"%PDF-1.4 bukan register", name="register.xlsx")

    assert response.status_code == 422
    assert not ImportRun.objects.exists()
    assert 'class="errorlist' in response.content.decode()


def test_map_a_status_exclude_a_row_commit_and_undo(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.sec_singkawang)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, register())
    run = ImportRun.objects.get()
    form = {f"col_{letter}": field for letter, field in run.mapping.items()}
    form |= {"sheet": run.sheet, "header_row": run.header_row}
    statuses = run.read["statuses"]
    for index, status in enumerate(statuses):
        form[f"status_{index}"] = run.status_mapping.get(status["key"]) or ""
        if status["key"] == "dalam proses":
            form[f"status_{index}"] = "preparation"

    with django_capture_on_commit_callbacks(execute=True):  # read again by the task
        client.post(reverse("imports:mapping", args=[run.pk]), form)
    run.refresh_from_db()
    assert dict(run.rows.values_list("number", "outcome"))[8] == "new"
    excluded = client.post(
        reverse("imports:exclude", args=[run.pk]),
        {"row": ["6"], "action": "exclude", "hasil": "new"},
    )
    # Back to the rows shown before (the walk of issue 11: the filter was lost).
    assert excluded["Location"] == f"{reverse('imports:run', args=[run.pk])}?hasil=new"
    page = client.get(excluded["Location"]).content.decode()
    assert "Impor sekarang (" in page
    with django_capture_on_commit_callbacks(execute=True):  # committed by the task
        client.post(reverse("imports:commit", args=[run.pk]))

    run.refresh_from_db()
    assert run.state == RunState.COMMITTED
    assert Cooperation.objects.filter(title=TITLE_KB).exists()
    assert not Cooperation.objects.filter(title=TITLE_PKS).exists()  # excluded
    assert Cooperation.objects.get(title="Kerja sama pendidikan").stage == "preparation"

    # Undo deletes cases: without the box ticked it is refused, and nothing is undone.
    response = client.post(reverse("imports:undo", args=[run.pk]), follow=True)
    assert "Centang kotak" in response.content.decode()
    run.refresh_from_db()
    assert run.state == RunState.COMMITTED

    client.post(reverse("imports:undo", args=[run.pk]), {"confirm": "1"})

    run.refresh_from_db()
    assert run.state == RunState.UNDONE
    assert not Cooperation.objects.filter(title__in=[TITLE_KB, "Kerja sama pendidikan"]).exists()


def test_a_header_the_reader_cannot_find_is_chosen_by_hand(
    client, world, django_capture_on_commit_callbacks
):
    """The header is looked for in the first 30 rows; a register with a long title block says
    so, and choosing the header row reads it."""
    from tests.test_imports_corpus import HEADER, row, workbook

    rows = [[f"Catatan pengantar {n}"] for n in range(1, 36)]
    rows += [HEADER, row(E="Kerja sama pariwisata", F="Kota Pontianak", I="3.26", O="Usulan")]
    client.force_login(world.sec_singkawang)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, workbook(rows))
    run = ImportRun.objects.get()
    assert run.state == RunState.FAILED
    page = client.get(reverse("imports:run", args=[run.pk])).content.decode()
    assert "Tidak ditemukan baris judul kolom" in page or "judul kolom" in page
    assert 'name="header_row"' in page
    # The workbook's sheets are offered to choose from (the walk found an empty text field).
    assert '<option value="Register"' in page
    # No rows were read: no report of them is offered (the walk found its link gave a 500).
    assert reverse("imports:report", args=[run.pk]) not in page
    assert client.get(reverse("imports:report", args=[run.pk])).status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:mapping", args=[run.pk]), {"sheet": "", "header_row": "36"})

    run.refresh_from_db()
    assert run.state == RunState.PREVIEWED
    assert run.header_row == 36
    assert dict(run.rows.values_list("number", "outcome"))[37] == "new", list(
        run.rows.filter(number=37).values_list("reasons", flat=True)
    )
