"""The load test of issue 8 (bench/load.py): it refuses what it must not do, logs in through the
real form, stays within its bounds and writes the result the README describes."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def _load_module():
    spec = importlib.util.spec_from_file_location("bench_load", ROOT / "bench" / "load.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


load = _load_module()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--url", "http://10.1.2.3:8000"], "not a loopback address"),
        (["--url", "http://192.0.2.1"], "not a loopback address"),
        (["--users", "0"], "--users must be between 1 and 200"),
        (["--users", "10,500"], "--users must be between 1 and 200"),
        (["--users", "ten"], "--users must be whole numbers"),
        (["--duration", "0"], "--duration must be more than 0 and at most 600"),
        (["--duration", "3600"], "--duration must be more than 0 and at most 600"),
        (["--max-requests", "0"], "--max-requests must be between 1"),
        (["--url", "ftp://127.0.0.1/"], "--url must be an http(s) address"),
        (["--users", "10,50", "--out", "x.json"], "--out names one file"),
    ],
)
def test_load_refuses_unbounded_or_remote_runs(argv, message, capsys):
    with pytest.raises(SystemExit) as stop:
        load.parse_args(argv)

    assert stop.value.code == 2
    assert message in capsys.readouterr().err


def test_load_accepts_loopback_and_an_explicitly_allowed_remote_host():
    assert load.parse_args(["--url", "http://localhost:8000"]).users == [10]
    assert load.parse_args(["--url", "http://[::1]:8000", "--users", "10,50"]).users == [10, 50]
    assert load.parse_args(["--url", "http://10.1.2.3:8000", "--allow-remote"]).url.endswith(
        ":8000"
    )


def test_percentiles_are_nearest_rank():
    values = [float(v) for v in range(1, 101)]  # 1 … 100 ms

    assert load.percentile(values, 50) == 50.0
    assert load.percentile(values, 95) == 95.0
    assert load.percentile(values, 99) == 99.0
    assert load.percentile([7.0], 99) == 7.0
    assert load.percentile([], 50) is None


@pytest.mark.django_db(transaction=True)
def test_load_logs_in_mixes_pages_and_writes_its_result(live_server, world, tmp_path, capsys):
    out = tmp_path / "load.json"
    # The SQLite test database is in memory with a shared cache, which locks whole tables across
    # the live server's threads ("database table is locked"): one user there, two on PostgreSQL.
    users = 2 if connection.vendor == "postgresql" else 1
    argv = ["--url", live_server.url, "--users", str(users), "--warmup", "0", "--duration", "20"]
    argv += ["--max-requests", "30", "--logins", "sec.singkawang,sec.kalbar"]
    argv += ["--password", "secret-password", "--vendor", connection.vendor, "--out", str(out)]

    code = load.main(argv)

    printed = capsys.readouterr().out
    result = json.loads(out.read_text())
    assert code == 0, printed
    # One session per virtual user, opened through the login form.
    assert Session.objects.count() == users
    # Bounded by the number of requests long before the 20 seconds.
    assert result["requests"] == 30
    assert result["elapsed_s"] < 20
    assert result["errors"] == 0, result["error_samples"]
    assert result["users"] == users
    assert result["vendor"] == connection.vendor
    assert set(result["pages"]) <= set(load.MIX)
    assert sum(p["requests"] for p in result["pages"].values()) == 30
    assert 0 < result["p50_ms"] <= result["p95_ms"] <= result["p99_ms"] <= result["max_ms"]
    assert result["req_per_s"] > 0
    assert result["goal"] == {"req_per_s": 150, "p99_ms": 300, "errors": 0}
    assert "p99 ms" in printed
    assert f"written: {out}" in printed


@pytest.mark.django_db(transaction=True)
def test_load_refuses_a_wrong_password_and_stops_at_its_duration(live_server, world, tmp_path):
    """A wrong password stops the run before it starts; a run ends at its duration."""
    out = tmp_path / "load.json"
    base = ["--url", live_server.url, "--users", "1", "--warmup", "0", "--out", str(out)]

    refused = load.main([*base, "--logins", "sec.singkawang", "--password", "wrong"])
    timed = load.main(
        [*base, "--duration", "1", "--logins", "sec.kalbar", "--password", "secret-password"]
    )

    assert refused == 2
    assert timed == 0
    result = json.loads(out.read_text())
    assert 1 <= result["elapsed_s"] < 5
    assert result["requests"] >= 1
    assert result["errors"] == 0


@pytest.mark.django_db(transaction=True)
def test_a_lost_session_counts_as_errors_and_fails_the_run(live_server, world, tmp_path):
    """A page that sends the user back to the login page is an error, not a fast answer."""
    import threading
    import time

    out = tmp_path / "load.json"
    argv = ["--url", live_server.url, "--users", "1", "--warmup", "0", "--duration", "8"]
    argv += ["--logins", "sec.kalbar", "--password", "secret-password", "--out", str(out)]
    codes: list[int] = []
    run = threading.Thread(target=lambda: codes.append(load.main(argv)))

    run.start()
    deadline = time.monotonic() + 20
    while not Session.objects.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(3)  # after the login and the first registry page, well inside the run
    Session.objects.all().delete()  # every server forgets the user: signed out
    run.join(30)

    assert codes == [1]
    result = json.loads(out.read_text())
    assert result["errors"] >= 1
    assert result["goal_met"] is False
    assert any(
        e["status"] == 302 and "/akun/masuk/" in e["error"] for e in result["error_samples"]
    ), result["error_samples"]
