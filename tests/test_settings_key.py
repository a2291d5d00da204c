"""Without SECRET_KEY (and without DEBUG) commands that serve nothing still run, serving
refuses to start, and the deploy check fails."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "TMPDIR"}}
    env.update(
        DJANGO_SETTINGS_MODULE="kerjasama.settings",
        DEBUG="0",
        DATA_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    return env


def _run(args, env):
    return subprocess.run(
        [str(a) for a in args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def test_commands_run_without_a_secret_key(tmp_path):
    result = _run([BIN / "kerjasama", "makemigrations", "--check", "--dry-run"], _env(tmp_path))

    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_serving_refuses_to_start_without_a_secret_key(tmp_path):
    result = _run([sys.executable, "-c", "import kerjasama.wsgi"], _env(tmp_path))

    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_deploy_check_fails_without_a_secret_key(tmp_path):
    env = _env(tmp_path) | {"ALLOWED_HOSTS": "kerjasama.example.go.id"}

    result = _run([BIN / "kerjasama", "check", "--deploy"], env)

    assert result.returncode != 0
    assert "kerjasama.E001" in result.stderr
