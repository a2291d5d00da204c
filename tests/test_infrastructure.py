"""The project's plumbing: migrations in step with models, a clean deploy check, the console
script, the database CI asked for, and a browser that starts."""

from __future__ import annotations

import io
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

BIN = Path(sys.executable).parent
KERJASAMA = BIN / "kerjasama"


def production_env(tmp_path: Path) -> dict[str, str]:
    """A production-like environment with nothing inherited from the developer's shell
    (DEBUG=1, SECURE_* overrides...) except what a process needs to start."""
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR"}}
    env.update(
        DJANGO_SETTINGS_MODULE="kerjasama.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="kerjasama.example.go.id",
        CSRF_TRUSTED_ORIGINS="https://kerjasama.example.go.id",
        DATA_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'kerjasama.sqlite3'}",
    )
    return env


def run(args: list[str | Path], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
        check=False,
    )


@pytest.mark.django_db
def test_every_model_change_has_a_migration():
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
        missing = False
    except SystemExit:  # --check exits 1 when a migration is missing
        missing = True
    assert not missing, f"Models changed without a migration:\n{out.getvalue()}"
    assert "No changes detected" in out.getvalue()


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    result = run(
        [KERJASAMA, "check", "--deploy", "--fail-level", "WARNING"], production_env(tmp_path)
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "no issues" in output, output


def test_console_script_lists_the_project_commands(tmp_path):
    assert KERJASAMA.is_file(), f"{KERJASAMA} missing: run `pip install -e .` (make install)"
    result = run([KERJASAMA, "--help"], production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "migrate" in result.stdout
    # Django prints this (and lists only its core commands) when the settings fail to load.
    assert "settings are not properly configured" not in result.stdout + result.stderr


def test_python_dash_m_kerjasama_works(tmp_path):
    result = run([sys.executable, "-m", "kerjasama", "help"], production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "migrate" in result.stdout


def test_suite_runs_on_the_database_it_was_given():
    """CI runs the suite twice; make sure the PostgreSQL run really uses PostgreSQL."""
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected


@pytest.mark.browser
def test_browser_starts_and_speaks_indonesian(live_server, page, screenshot_dir):
    """Chromium launches, reaches the live server, and runs as an id-ID, Asia/Jakarta client."""
    response = page.goto(f"{live_server.url}/admin/login/")
    assert response is not None
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.evaluate("navigator.language") == "id-ID"
    assert page.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone") == "Asia/Jakarta"
    page.screenshot(path=screenshot_dir / "admin-login.png", full_page=True)
    assert (screenshot_dir / "admin-login.png").stat().st_size > 0


def test_env_example_documents_every_setting_variable():
    root = Path(__file__).resolve().parent.parent
    settings_source = (root / "kerjasama" / "settings.py").read_text()
    read = set(
        re.findall(
            r"\b(?:env|envbool|envint|envlist|envsecret|os\.environ\.get|os\.getenv)\(\s*\"([A-Z0-9_]+)\"",
            settings_source,
        )
    )
    documented = set(
        re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", (root / ".env.example").read_text(), re.M)
    )
    assert read, "found no environment variables in settings.py: has the helper been renamed?"
    assert not read - documented, f"add to .env.example: {sorted(read - documented)}"
