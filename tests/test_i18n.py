"""Both catalogues are complete: every string in the code has an Indonesian and an English
translation, and none is fuzzy. A new string without translations fails here."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "kerjasama"
CATALOGUES = {
    lang: PACKAGE / "locale" / lang / "LC_MESSAGES" / "django.po" for lang in ("id", "en")
}


def _msgids(path: Path) -> set[tuple[str, str]]:
    return {(e.msgctxt or "", e.msgid) for e in polib.pofile(str(path)) if not e.obsolete}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_catalogue_is_fully_translated(lang):
    catalogue = polib.pofile(str(CATALOGUES[lang]))

    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]

    assert untranslated == []
    assert fuzzy == []


def test_catalogue_covers_every_string_in_the_code(tmp_path):
    copy = tmp_path / "kerjasama"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "PYTHONPATH": str(PACKAGE.parent),
    }

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "id",
            "--no-obsolete",
            "--ignore=tests/*",
        ],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    in_code = _msgids(copy / "locale" / "id" / "LC_MESSAGES" / "django.po")
    assert in_code - _msgids(CATALOGUES["id"]) == set(), "run `make messages` and translate"
    assert in_code - _msgids(CATALOGUES["en"]) == set(), "run `make messages` and translate"


def test_compiled_catalogues_are_up_to_date():
    for lang, po in CATALOGUES.items():
        mo = po.with_suffix(".mo")
        compiled = {e.msgid: e.msgstr for e in polib.mofile(str(mo))}
        for entry in polib.pofile(str(po)):
            if entry.msgid and not entry.msgid_plural and not entry.obsolete:
                assert compiled.get(entry.msgid) == entry.msgstr, (lang, entry.msgid)


@pytest.mark.django_db
def test_a_change_of_the_parties_is_labelled_in_the_readers_language(world):
    from django.utils import translation

    from kerjasama.core.audit import change_rows
    from kerjasama.core.models import AuditEvent

    event = AuditEvent(
        object_type="agreements.cooperation",
        object_id=str(world.local.pk),
        changes={"parties": [["Kota Singkawang", "Kabupaten Bengkayang"], ["Kota Singkawang"]]},
    )
    with translation.override("id"):
        label_id = change_rows(event)[0][0]
    with translation.override("en"):
        label_en = change_rows(event)[0][0]

    assert label_en == "Parties"
    assert label_id != "Parties"
    assert label_id.lower() == str(_party_plural_id()).lower()


def _party_plural_id():
    from django.utils import translation

    from kerjasama.agreements.models import Party

    with translation.override("id"):
        return str(Party._meta.verbose_name_plural)
