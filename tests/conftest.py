# ============================================================================================
# Test infrastructure (environment, settings overrides, Playwright, output folders).
# Application fixtures go at the end of the file, under "Application fixtures".
#
# SECRET_KEY: pytest-django imports the Django settings in its `pytest_load_initial_conftests`
# hook, *before* this file is imported, so `os.environ.setdefault("SECRET_KEY", ...)` here would
# come too late (verified: the settings raise ImproperlyConfigured first). `make test` puts a
# test key into the environment of the pytest process instead.
# ============================================================================================
from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest

from kerjasama.accounts.models import Role
from kerjasama.reference.services import reference_load_all

# Playwright's sync API runs an asyncio loop in the test thread; without this, ORM calls in a
# browser test body raise SynchronousOnlyOperation. Django reads it at call time, so setting it
# here (after settings load) is early enough.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Debian's package; `playwright install` cannot reach its CDN from here (STACK_NOTES).
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# Screenshots and other artefacts a test wants a human to look at (gitignored).
TEST_OUTPUT_DIR = Path(__file__).resolve().parent.parent / "test-output"


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """xdist's load scheduling, except that the tests of `tests/demo_world/` go to one worker
    as one unit: they share one load of the demo (its package-scoped `demo_world`), which
    would otherwise be loaded again on every worker they were spread over. (`--dist loadgroup`
    with `xdist_group` marks would say the same, but does not group under pytest 9.2.)"""
    from xdist.scheduler import LoadGroupScheduling

    class DemoWorldScheduling(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            if nodeid.startswith("tests/demo_world/"):
                return "tests/demo_world/"
            return nodeid

    return DemoWorldScheduling(config, log)


# Full-page screenshots are for a person to look at, and they are dear: Chromium takes about
# 1.5 s for a 1280 x 12,000 px page on the 2-core box, and a `make test-browser` run takes ~335
# of them (1,160 megapixels, about 2 minutes). `KERJASAMA_TEST_SCREENSHOTS=viewport` (set by
# .ci/run, whose throwaway clone nobody looks into) takes each of them as the visible part of
# the page only; element screenshots and `clip`s are unchanged. Locally they stay whole.
SCREENSHOTS = os.environ.get("KERJASAMA_TEST_SCREENSHOTS", "full")


def _screenshots_of_the_viewport() -> None:
    from playwright.sync_api import Page

    whole_page = Page.screenshot

    def screenshot(self: Page, *args: Any, **kwargs: Any) -> bytes:
        kwargs.pop("full_page", None)
        return whole_page(self, *args, **kwargs)

    Page.screenshot = screenshot  # type: ignore[method-assign]


def pytest_configure(config: pytest.Config) -> None:
    """Session-wide settings overrides, applied once per process (each xdist worker too)."""
    if config.option.help or config.option.version:
        return
    if SCREENSHOTS == "viewport":
        _screenshots_of_the_viewport()
    from django.test.utils import override_settings

    # An empty STATIC_ROOT, so WhiteNoise does not warn "No directory at: var/static/".
    static_root = tempfile.mkdtemp(prefix="kerjasama-test-static-")
    config.add_cleanup(lambda: shutil.rmtree(static_root, ignore_errors=True))

    override_settings(
        # Without DEBUG, SECURE_SSL_REDIRECT would answer every test client and live server
        # request with a 301 to https://. Tests that check the redirect can turn it back on.
        SECURE_SSL_REDIRECT=False,
        STATIC_ROOT=static_root,
        # With DEBUG off the settings use whitenoise's manifest storage, whose {% static %}
        # raises for files missing from a manifest that only `collectstatic` writes. Tests
        # (and the live server of browser tests, which serves from the finders) use plain names.
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        # PBKDF2 at Django 5.2's 1,000,000 iterations costs ~0.3 s per password; MD5 makes
        # creating and logging in test users free. Never use it outside tests.
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    ).enable()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """In a run of browser tests only: the modules with a test marked `long` first, that test
    at their head; the rest after them, in their order. xdist hands tests out in collection
    order, and a minute-long journey handed out last keeps one worker busy while the other has
    nothing left to do. A module stays in one piece (its module-scoped fixtures are set up
    once). The unit suite keeps its order: thousands of short tests end together anyway, and
    sorted they took longer (stop 21: 131 s against 121 s for a sixth of the suite)."""
    if config.getoption("markexpr", "") != "browser":  # `make test-browser`: `-m browser`
        return

    def unit(item: pytest.Item) -> str:
        return (
            "tests/demo_world/"
            if item.nodeid.startswith("tests/demo_world/")
            else item.nodeid.split("::")[0]
        )

    first_seen: dict[str, int] = {}
    for index, item in enumerate(items):
        first_seen.setdefault(unit(item), index)
    long_units = {unit(item) for item in items if item.get_closest_marker("long")}
    position = {id(item): index for index, item in enumerate(items)}
    items.sort(
        key=lambda item: (
            unit(item) not in long_units,
            first_seen[unit(item)],
            item.get_closest_marker("long") is None,
            position[id(item)],
        )
    )


@pytest.fixture(autouse=True)
def _final_minutes_unlocked_before_flush(request):
    """A transactional test (a browser test, or one loading the demo) ends by deleting every
    row (`flush` on SQLite), which the database refuses for the rows of final minutes
    (migration `0005_notulen_final_guard`). Before that, final meetings are set back to held,
    as reopening would. Requesting the database here makes this teardown run before the
    flush."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(
        {"live_server", "transactional_db"} & set(request.fixturenames)
        or (marker is not None and marker.kwargs.get("transaction"))
    )
    if not transactional:
        yield
        return
    request.getfixturevalue("transactional_db")
    yield
    from kerjasama.meetings.models import Meeting

    Meeting.objects.filter(state="final").update(state="held")


@pytest.fixture(scope="session")
def demo_media_root(tmp_path_factory):
    """Where the module-scoped demo (`demo_world`, tests/demo_world) keeps its files: the
    letters of its TKKSD meeting, the petikan filed on a case."""
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture(autouse=True)
def _media_root_in_tmp(request, settings, tmp_path):
    """Uploads of every test go to its own temporary folder, never into the source tree; a
    test reading the demo reads the demo's files."""
    if {"demo_world", "demo"} & set(request.fixturenames):
        settings.MEDIA_ROOT = request.getfixturevalue("demo_media_root")
    elif "shared_world" in request.fixturenames:
        settings.MEDIA_ROOT = request.getfixturevalue("shared_world_media_root")
    else:
        settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language (Indonesian): a test that activates English
    (or a request that did) must not leak it into the next test of the same worker."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def screenshot_dir(request) -> Path:
    """An empty folder `test-output/<module>.<test name>/` for this test's screenshots."""
    module = Path(request.node.path).stem
    name = re.sub(r"[^\w.-]+", "_", f"{module}.{request.node.name}").strip("_")
    path = TEST_OUTPUT_DIR / name
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's Chromium. Browser tests never skip: without Chromium they fail."""
    if not Path(CHROMIUM).is_file():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}. Install it with `apt-get install chromium` "
            "or point the CHROMIUM environment variable at a Chromium binary.",
            pytrace=False,
        )
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
        "headless": True,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """An Indonesian browser: LocaleMiddleware would otherwise serve English (en-US)."""
    return {**browser_context_args, "locale": "id-ID", "timezone_id": "Asia/Jakarta"}


# ============================================================================================
# Application fixtures
# ============================================================================================


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Reference data (552 regions, 32 urusan, public services) in every test database, once."""
    with django_db_blocker.unblock():
        reference_load_all()


@pytest.fixture
def reference(db):
    """Reference data, reloaded if a transactional test flushed it."""
    from kerjasama.reference.models import Region

    if not Region.objects.exists():
        reference_load_all()


class World:
    """Four tenant regions of Kalimantan Barat, their people, and two cooperations:

    - `kb`: the Kalbar–Singkawang KB (KSDD), registered by Singkawang;
    - `local`: Singkawang–Bengkayang (Kalbar is not a party), executed by Singkawang's PUPR,
      with a document, a file and a financing line.
    """


@pytest.fixture
def world(reference):
    return build_world()


@pytest.fixture(scope="session")
def shared_world_media_root(tmp_path_factory):
    """Where the module-scoped worlds (`shared_world`) keep their files."""
    return tmp_path_factory.mktemp("world-media")


@pytest.fixture(scope="module")
def _module_world(django_db_setup, django_db_blocker, shared_world_media_root):
    """`build_world()` once per module, inside a transaction rolled back at the module's end
    (as `demo_world` loads the demo)."""
    from django.db import transaction
    from django.test.utils import override_settings

    from kerjasama.reference.models import Region

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(MEDIA_ROOT=shared_world_media_root):
                if not Region.objects.exists():
                    reference_load_all()
                built = build_world()
            yield built
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def shared_world(_module_world, db):
    """The same records as `world`, built once per module: for the long parametrised matrices
    whose every test only reads the world, or writes inside its own savepoint (rolled back after
    it). Each test gets its own copy of the Python objects, so that what one test sets on them
    (`world.report = …`, a refreshed case) never reaches the next."""
    import copy

    return copy.deepcopy(_module_world)


def build_world() -> World:
    """The records of `World`. Their derived rows (access, tags, search documents) are
    refreshed once per case at the end (`core.derived.batch`), as an import writes them: the
    factories and the service below would refresh them nine times, and a build took 163 ms and
    218 queries, with the batch 118 ms and 159 (stop 22, the 2-core box). About 1,400 tests
    build it."""
    from kerjasama.core import derived

    with derived.batch():
        return _build_world()


def _build_world() -> World:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kerjasama.agreements import services
    from kerjasama.agreements.access import access_refresh
    from kerjasama.core import audit
    from tests.factories import (
        CooperationFactory,
        DocumentFactory,
        DocumentPartyFactory,
        FinancingLineFactory,
        OpdFactory,
        TenantFactory,
        ThirdPartyFactory,
        UserFactory,
        make_pdf,
        region,
    )

    w = World()
    w.kalbar = TenantFactory(region=region("61"))
    w.singkawang = TenantFactory(region=region("61.72"))
    w.bengkayang = TenantFactory(region=region("61.07"))
    w.pontianak = TenantFactory(region=region("61.71"))
    w.pupr = OpdFactory(tenant=w.singkawang, name="Dinas Pekerjaan Umum dan Penataan Ruang")
    w.tourism = OpdFactory(tenant=w.singkawang, name="Dinas Pariwisata")
    w.sec_singkawang = UserFactory(
        username="sec.singkawang", tenant=w.singkawang, roles=[Role.SECRETARIAT]
    )
    w.sec_kalbar = UserFactory(
        username="sec.kalbar", tenant=w.kalbar, roles=[Role.SECRETARIAT, Role.PROVINCE_OVERSIGHT]
    )
    w.sec_bengkayang = UserFactory(
        username="sec.bengkayang", tenant=w.bengkayang, roles=[Role.SECRETARIAT]
    )
    w.sec_pontianak = UserFactory(
        username="sec.pontianak", tenant=w.pontianak, roles=[Role.SECRETARIAT]
    )
    w.pupr_officer = UserFactory(
        username="pupr.singkawang", tenant=w.singkawang, opd=w.pupr, roles=[Role.OPD_OFFICER]
    )
    w.tourism_officer = UserFactory(
        username="pariwisata.singkawang",
        tenant=w.singkawang,
        opd=w.tourism,
        roles=[Role.OPD_OFFICER],
    )
    w.sekda = UserFactory(
        username="sekda.singkawang", tenant=w.singkawang, roles=[Role.LEADERSHIP, Role.TKKSD_MEMBER]
    )
    w.kb = CooperationFactory(
        title="Kesepakatan Bersama Provinsi Kalimantan Barat dan Kota Singkawang",
        party_codes=("61", "61.72"),
        created_by_tenant=w.singkawang,
    )
    w.local = CooperationFactory(
        title="Pembangunan pilar batas Singkawang–Bengkayang",
        party_codes=("61.72", "61.07"),
        created_by_tenant=w.singkawang,
    )
    w.local_party = w.local.parties.get(partner__region__code="61.72")
    w.local_party.executing_opd = w.pupr
    w.local_party.save()
    access_refresh(w.local)  # written past the services: the visibility table (issue 8)
    w.document = DocumentFactory(cooperation=w.local, kind="pks", title="PKS pilar batas")
    DocumentPartyFactory(document=w.document, party=w.local_party, number="180/21/PEM")
    with audit.interface("cli"):
        w.file = services.document_file_add(
            actor=w.sec_singkawang,
            document=w.document,
            upload=SimpleUploadedFile("pks.pdf", make_pdf(), content_type="application/pdf"),
        )
    w.line = FinancingLineFactory(cooperation=w.local)
    w.third_party = ThirdPartyFactory(
        name="Perumda Air Minum Gunung Poteng", created_by=w.sec_singkawang
    )
    return w


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker, demo_media_root):
    """The Kalimantan Barat demo (`load_demo`), loaded once per module inside a transaction that
    is rolled back at the module's end; each test still runs in its own savepoint. Tests using
    it need `pytest.mark.django_db` and should only read (or write inside their savepoint).
    The modules of `tests/demo_world/` share one load (its conftest)."""
    from tests.demo_support import demo_loaded

    with demo_loaded(django_db_blocker, demo_media_root):
        yield


@pytest.fixture
def cast(world):
    """The world plus the partners of the five types, for the journeys."""
    from tests.journeys_support import build_cast

    return build_cast(world)
