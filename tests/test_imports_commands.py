"""The command line of issue 11 (item 9): `tenant_add` and `import_register`."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from kerjasama.accounts.models import Tenant
from kerjasama.agreements.models import Cooperation
from kerjasama.imports.models import ImportRun, RunState
from tests.test_imports_commit import TITLE_KB, TITLE_PKS, register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _indonesian():
    with translation.override("id"):
        yield


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_tenant_add_makes_a_region_a_tenant_once(world):
    assert not Tenant.objects.filter(region__code="61.01").exists()

    first = run("tenant_add", "61.01")
    second = run("tenant_add", "61.01")

    assert Tenant.objects.filter(region__code="61.01").count() == 1
    assert first.strip() == "Kabupaten Sambas kini menjadi tenant."
    assert second.strip() == "Kabupaten Sambas sudah menjadi tenant."


def test_tenant_add_refuses_an_unknown_code_clearly(world):
    with pytest.raises(CommandError) as refused:
        run("tenant_add", "99.99")

    assert "99.99" in str(refused.value)
    assert "Traceback" not in str(refused.value)


def test_import_register_prints_the_preview_and_writes_nothing(world, tmp_path):
    path = tmp_path / "register.xlsx"
    path.write_bytes(register())
    cases = Cooperation.objects.count()

    out = run("import_register", str(path), "--region", "61.72")

    lines = out.splitlines()
    assert (
        lines[0]
        == "5\tBaru\tH5: OPD “Dinas Lingkungan Hidup” belum ada di daftar; akan ditambahkan"
    )
    assert lines[1] == "6\tBaru"
    assert lines[2].startswith("7\tTidak valid\tF7: mitra “Kabupaten Antah Berantah”")
    assert lines[3].startswith("8\tTidak valid\tO8: status “dalam proses”")
    assert "Baru: 2" in lines[4]
    assert "Tidak valid: 2" in lines[4]
    assert lines[5] == "Tidak ada yang ditulis (hanya pratinjau; tambahkan --commit)."
    assert Cooperation.objects.count() == cases
    assert not ImportRun.objects.exists()


def test_import_register_with_commit_imports_as_the_first_secretariat_user(world, tmp_path):
    path = tmp_path / "register.xlsx"
    path.write_bytes(register())

    out = run("import_register", str(path), "--region", "61.72", "--commit")

    imported = ImportRun.objects.get()
    assert imported.state == RunState.COMMITTED
    assert imported.created_by == world.sec_singkawang
    assert out.splitlines()[-1] == f"Diimpor: impor {imported.pk}, 2 baris ditulis."
    assert Cooperation.objects.filter(title__in=[TITLE_KB, TITLE_PKS]).count() == 2


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--region", "99.99"), "99.99"),
        (("--region", "61.01"), "bukan tenant"),
    ],
)
def test_import_register_refuses_an_unknown_region_or_one_not_a_tenant(
    world, tmp_path, args, expected
):
    path = tmp_path / "register.xlsx"
    path.write_bytes(register())

    with pytest.raises(CommandError) as refused:
        run("import_register", str(path), *args)

    assert expected in str(refused.value)


def test_import_register_refuses_a_file_that_is_not_a_workbook(world, tmp_path):
    path = tmp_path / "register.xlsx"
    path.write_bytes(b"%PDF-1.4 not a workbook")

    with pytest.raises(CommandError) as refused:
        run("import_register", str(path), "--region", "61.72")

    assert "Traceback" not in str(refused.value)
    assert str(refused.value)
    assert not ImportRun.objects.exists()
