"""Beyond one machine (issue 8, item 7; docs/DEPLOYMENT.md): the load balancer's health check,
uploaded files on a shared S3-compatible store when a bucket is configured, the settings a proxy
needs, and the production server's configuration."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

ROOT = Path(__file__).resolve().parent.parent


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A production-like environment with nothing inherited but what a process needs."""
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "TMPDIR"}}
    env.update(
        DJANGO_SETTINGS_MODULE="kerjasama.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="kerjasama.example.go.id",
        DATA_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'kerjasama.sqlite3'}",
    )
    env.update(extra)
    return env


def _python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
        check=False,
    )


# --- Health check ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_healthz_answers_ok_after_one_select_and_sets_no_cookie(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"].startswith("text/plain")
    assert [q["sql"] for q in queries.captured_queries] == ["SELECT 1"]
    assert not response.cookies, "a probe every few seconds must not create sessions"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_a_probe_by_address_over_plain_http(client, settings):
    """A load balancer probes each app server by its IP over HTTP: neither the host check
    (ALLOWED_HOSTS) nor the HTTPS redirect may turn the probe into a 400 or a 301."""
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["kerjasama.example.go.id"]

    response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")

    assert response.status_code == 200
    assert response.content == b"ok\n"
    # The same settings still guard every other page.
    assert client.get("/akun/masuk/", HTTP_HOST="10.0.0.7:8000").status_code == 400


@pytest.mark.django_db
def test_healthz_refuses_writes(client):
    response = client.post("/healthz")

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_healthz_answers_503_when_the_database_is_unreachable(tmp_path):
    """Nothing listens on port 1: the check fails, the load balancer takes this server out."""
    env = _env(tmp_path, DATABASE_URL="postgres://kerjasama:x@127.0.0.1:1/kerjasama_absent")
    code = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "r = Client().get('/healthz', HTTP_HOST='kerjasama.example.go.id', secure=True)\n"
        "print(r.status_code, r.content.decode().strip())\n"
    )

    result = _python(code, env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "503 database unavailable"


# --- Uploaded files on S3 ----------------------------------------------------------------------

STORAGE_REPORT = """
import django, json; django.setup()
from django.conf import settings
from django.core.files.storage import storages
s = storages["default"]
report = {"backend": settings.STORAGES["default"]["BACKEND"], "class": type(s).__name__}
if report["class"] == "S3Storage":
    report.update(
        bucket=s.bucket_name, endpoint=s.endpoint_url, region=s.region_name,
        location=s.location, acl=s.default_acl, overwrite=s.file_overwrite,
        addressing=s.addressing_style,
        # Signed locally by botocore: no network.
        url=s.url("dokumen/kb.pdf"),
    )
print(json.dumps(report))
"""


def test_uploads_stay_on_the_local_disk_without_a_bucket(tmp_path):
    result = _python(STORAGE_REPORT, _env(tmp_path))

    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["class"] == "FileSystemStorage"


def test_a_bucket_in_the_environment_puts_uploads_on_s3_privately(tmp_path):
    env = _env(
        tmp_path,
        AWS_STORAGE_BUCKET_NAME="kerjasama-dokumen",
        AWS_ACCESS_KEY_ID="AKIAEXAMPLEKEY",
        AWS_SECRET_ACCESS_KEY="example-secret-not-real",
        AWS_S3_ENDPOINT_URL="https://s3.example.go.id",
        AWS_S3_REGION_NAME="ap-southeast-3",
        AWS_S3_ADDRESSING_STYLE="path",
    )

    result = _python(STORAGE_REPORT, env)

    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["backend"] == "storages.backends.s3.S3Storage"
    assert report["class"] == "S3Storage"
    assert report["bucket"] == "kerjasama-dokumen"
    assert report["endpoint"] == "https://s3.example.go.id"
    assert report["region"] == "ap-southeast-3"
    assert report["location"] == "media"
    assert report["acl"] is None, "objects inherit the bucket's private policy"
    assert report["overwrite"] is False, "two uploads of the same name must not overwrite"
    # A document's address is a signed, expiring link into the bucket's prefix, never public.
    assert report["url"].startswith("https://s3.example.go.id/kerjasama-dokumen/media/dokumen/")
    assert "X-Amz-Signature=" in report["url"]
    assert "X-Amz-Expires=" in report["url"]


def test_the_deploy_check_stays_clean_with_s3_and_a_proxy(tmp_path):
    env = _env(
        tmp_path,
        AWS_STORAGE_BUCKET_NAME="kerjasama-dokumen",
        SECURE_PROXY_SSL_HEADER="1",
        USE_X_FORWARDED_HOST="1",
        CSRF_TRUSTED_ORIGINS="https://kerjasama.example.go.id",
    )
    code = (
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        "print(settings.SECURE_PROXY_SSL_HEADER, settings.USE_X_FORWARDED_HOST)\n"
        "from django.core.management import call_command\n"
        "call_command('check', deploy=True, fail_level='WARNING')\n"
    )

    result = _python(code, env)

    assert result.returncode == 0, result.stderr
    assert "('HTTP_X_FORWARDED_PROTO', 'https') True" in result.stdout
    assert "no issues" in result.stdout


def test_pgbouncer_transaction_pooling_turns_server_side_cursors_off(tmp_path):
    code = (
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        "print(settings.DATABASES['default']['DISABLE_SERVER_SIDE_CURSORS'])\n"
    )
    url = "postgres://kerjasama:x@127.0.0.1:6432/kerjasama"

    default = _python(code, _env(tmp_path, DATABASE_URL=url))
    pooled = _python(
        code, _env(tmp_path, DATABASE_URL=url, DATABASE_DISABLE_SERVER_SIDE_CURSORS="1")
    )

    assert default.stdout.strip() == "False", default.stderr
    assert pooled.stdout.strip() == "True", pooled.stderr


# --- The production server ---------------------------------------------------------------------


def test_gunicorn_configuration_preloads_with_the_documented_workers(tmp_path):
    """The configuration file gunicorn reads (make serve): preload, 2 × cores + 1 workers unless
    GUNICORN_WORKERS says otherwise, request time in the access log."""
    code = (
        "import json\n"
        "from gunicorn.config import Config\n"
        "c = Config(); ns = {}\n"
        "exec(open('gunicorn.conf.py').read(), ns)\n"
        "for k, v in ns.items():\n"
        "    if k in c.settings: c.set(k, v)\n"
        "print(json.dumps({'workers': c.workers, 'preload': c.preload_app, "
        "'bind': c.bind, 'format': c.access_log_format, 'timeout': c.timeout, "
        "'worker_class': c.worker_class_str}))\n"
    )
    default = _python(code, _env(tmp_path))
    chosen = _python(code, _env(tmp_path, GUNICORN_WORKERS="3", GUNICORN_THREADS="4"))

    assert default.returncode == 0, default.stderr
    config = json.loads(default.stdout.strip().splitlines()[-1])
    assert config["workers"] == 2 * (os.cpu_count() or 1) + 1
    assert config["preload"] is True
    assert config["bind"] == ["127.0.0.1:8000"]
    assert "%(M)s" in config["format"]
    assert config["timeout"] == 60
    assert config["worker_class"] == "sync"
    assert chosen.returncode == 0, chosen.stderr
    config = json.loads(chosen.stdout.strip().splitlines()[-1])
    assert config["workers"] == 3
    assert config["worker_class"] == "gthread"


# --- Counters shared by every worker and server ------------------------------------------------


@pytest.mark.django_db
def test_wrong_old_password_counts_are_kept_where_every_worker_counts_them(client, world):
    """gunicorn runs several worker processes, and several app servers run behind a load
    balancer: a counter in one process's memory would give an attacker the limit once per
    process. The wrong old passwords (and the password-reset requests) are counted in the
    database that all of them share."""
    client.force_login(world.sec_singkawang)
    new = {
        "new_password1": "Sandi-Baru-Yang-Panjang-42",
        "new_password2": "Sandi-Baru-Yang-Panjang-42",
    }

    for _ in range(2):
        client.post("/akun/sandi/ubah/", {"old_password": "tebakan", **new})

    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, value FROM kerjasama_cache")
        rows = cursor.fetchall()
    keys = [key for key, _value in rows]
    assert any(key.endswith(f"pwchange-fail:{world.sec_singkawang.pk}") for key in keys), keys
    # What another process reads from there: two wrong attempts.
    from django.core.cache import caches

    assert caches["default"].get(f"pwchange-fail:{world.sec_singkawang.pk}") == 2


# --- The database queue on several machines ----------------------------------------------------


def _database_url() -> str:
    from urllib.parse import quote

    db = connection.settings_dict
    return (
        # A host that is a socket's folder (/var/run/postgresql, as CI connects) is written
        # percent-encoded, as dj-database-url reads it.
        f"postgres://{quote(db['USER'])}:{quote(str(db['PASSWORD']))}"
        f"@{quote(db['HOST'] or '127.0.0.1', safe='')}"
        f":{db['PORT'] or 5432}/{quote(db['NAME'])}"
    )


@pytest.mark.django_db(transaction=True)
def test_two_queue_workers_never_run_the_same_task(settings, tmp_path):
    """`kerjasama db_worker` on two machines share one queue: django-tasks-db claims a task with
    SELECT … FOR UPDATE SKIP LOCKED and marks it running in the same transaction, so each task
    runs once. Two worker processes here stand for two machines (the same PostgreSQL)."""
    if connection.vendor != "postgresql":
        pytest.skip("several workers share a queue on PostgreSQL (SQLite: one machine)")
    from django_tasks_db.models import DBTaskResult

    from tests.tasks_probe import record_run

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    runs = tmp_path / "runs"
    runs.mkdir()
    for number in range(60):
        record_run.enqueue(str(runs), number)
    env = _env(tmp_path, DATABASE_URL=_database_url(), PYTHONPATH=str(ROOT))
    worker = [str(Path(sys.executable).parent / "kerjasama"), "db_worker", "--batch"]
    worker += ["--no-startup-delay", "--interval", "0"]

    processes = [
        subprocess.Popen(
            [*worker, "--worker-id", name],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for name in ("machine-a", "machine-b")
    ]
    outputs = [p.communicate(timeout=120)[0] for p in processes]

    assert [p.returncode for p in processes] == [0, 0], outputs
    ran = sorted(int(path.name.split("-")[0]) for path in runs.iterdir())
    assert ran == list(range(60)), "every task ran exactly once"
    results = list(DBTaskResult.objects.all())
    assert {r.status for r in results} == {"SUCCESSFUL"}
    assert all(len(r.worker_ids) == 1 for r in results)
    # Both took part (60 tasks of 50 ms: the second starts long before the first is done).
    assert {w for r in results for w in r.worker_ids} == {"machine-a", "machine-b"}


@pytest.mark.django_db
def test_a_document_goes_into_the_bucket_and_back_only_through_the_access_check(
    client, world, settings, monkeypatch, tmp_path
):
    """The real upload service and the real download view on django-storages' S3 backend,
    configured as the settings do it, against moto's in-process S3 (no network)."""
    import boto3
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse
    from moto import mock_aws

    from kerjasama.agreements import services
    from kerjasama.settings import s3_storage
    from tests.factories import make_pdf

    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_S3_REGION_NAME": "ap-southeast-3",
    }.items():
        monkeypatch.setenv(name, value)
    pdf = make_pdf(pages=2)
    with mock_aws():
        s3 = boto3.client("s3", region_name="ap-southeast-3")
        s3.create_bucket(
            Bucket="kerjasama-dokumen",
            CreateBucketConfiguration={"LocationConstraint": "ap-southeast-3"},
        )
        settings.STORAGES = {**settings.STORAGES, "default": s3_storage("kerjasama-dokumen")}
        settings.MEDIA_ROOT = tmp_path / "must-stay-empty"

        stored = services.document_file_add(
            actor=world.sec_singkawang,
            document=world.document,
            upload=SimpleUploadedFile("pks-baru.pdf", pdf, content_type="application/pdf"),
        )
        keys = [o["Key"] for o in s3.list_objects_v2(Bucket="kerjasama-dokumen")["Contents"]]
        url = reverse("agreements:document_file", args=[world.local.pk, stored.pk])
        client.force_login(world.sec_singkawang)
        own = client.get(url)
        own_body = b"".join(own.streaming_content)
        client.force_login(world.sec_pontianak)  # not a party to the case
        other = client.get(url)

    assert keys == [f"media/{stored.file.name}"]
    assert stored.file.name.startswith(f"documents/{world.local.pk}/{world.document.pk}/")
    assert not (tmp_path / "must-stay-empty").exists(), "nothing written to the local disk"
    assert own.status_code == 200
    assert own_body == pdf
    assert 'filename="pks-baru.pdf"' in own["Content-Disposition"]
    assert other.status_code == 404
