"""Accessibility in a real browser: axe-core over every main page of the demo, as the persona
who uses it, and the long checkbox lists at 360 px and at 200 % zoom (issue 6, item 26).

axe-core is vendored for tests only (`tests/vendor/axe-core/`, see its README). Our pages are
served with a strict CSP (`script-src 'self'`), which refuses the injected script; the contexts
of this module bypass the CSP for that reason, and only here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.demo_support import demo_committed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
AXE_VERSION = "4.14.1"
# WCAG 2.1 level A and AA, nothing else (best practices are advice, not the bar).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PASSWORD = "kerjasama-demo"
KALBAR_KB_TITLE = (
    "Kesepakatan Bersama antara Pemerintah Provinsi Kalimantan Barat dan Pemerintah Kota "
    "Singkawang tentang Kerja Sama Penyelenggaraan Urusan Pemerintahan, Pembangunan dan "
    "Kemasyarakatan"
)


@pytest.fixture
def demo(settings, reference):
    """The Kalimantan Barat demo (its six personas, 41 cooperations), committed for the live
    server; the transactional test flushes it afterwards."""
    settings.DEMO_MODE = True
    demo_committed()


@pytest.fixture
def new_context(browser: Browser, browser_context_args):
    contexts: list[BrowserContext] = []

    def make(**kwargs) -> BrowserContext:
        # bypass_csp: only so that axe can be injected (see the module docstring).
        context = browser.new_context(**{**browser_context_args, "bypass_csp": True, **kwargs})
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def _login(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/akun/masuk/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main h1")).to_be_visible()
    assert "/akun/masuk/" not in page.url, f"{username} could not log in"


def axe_violations(page: Page) -> list[str]:
    """WCAG 2.1 A/AA violations on the page as it is now, one line per rule and element."""
    page.add_script_tag(path=AXE)
    assert page.evaluate("axe.version") == AXE_VERSION
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return [
        f"{v['id']}: {v['help']} -> {json.dumps(node['target'])} {node['html'][:160]}"
        for v in result["violations"]
        for node in v["nodes"]
    ]


def _pages(base: str) -> dict[str, list[tuple[str, str]]]:
    """(name, URL) of every main page, per persona, found in the demo's data."""
    from kerjasama.accounts.models import Opd, User
    from kerjasama.agreements import lifecycle
    from kerjasama.agreements.models import Cooperation
    from kerjasama.demo.team import AMENDMENT_NUMBER
    from kerjasama.meetings.models import Decree
    from kerjasama.partners.models import Partner

    kb = Cooperation.objects.get(title=KALBAR_KB_TITLE)
    secretariat = User.objects.get(username="sekretariat.singkawang")
    step_url = next(
        f"/kerjasama/{c.pk}/langkah/{a.step.action}/"
        for c in Cooperation.objects.filter(parties__partner__region__code="61.72").order_by("pk")
        for a in lifecycle.available_steps(c, secretariat)
        if a.allowed and not a.blockers
    )
    third_party = (
        Partner.objects.filter(region__isnull=True, parties__cooperation__in=[kb.pk])
        .order_by("pk")
        .first()
        or Partner.objects.filter(region__isnull=True, parties__isnull=False).order_by("pk").first()
    )
    opd = Opd.objects.filter(tenant=secretariat.tenant).order_by("pk").first()
    own_party = kb.parties.get(partner__region__code="61.72")
    tkksd_amendment = Decree.objects.get(number=AMENDMENT_NUMBER)
    return {
        "sekretariat.singkawang": [
            ("dashboard", "/"),
            ("registry", "/kerjasama/"),
            ("registry-filtered", "/kerjasama/?q=Kalimantan&kind=ksdd&sort=-signed_on"),
            ("registry-expiring", "/kerjasama/?expiring=1&page=1"),
            ("kb-record", f"/kerjasama/{kb.pk}/"),
            ("kb-edit", f"/kerjasama/{kb.pk}/ubah/"),
            ("kb-party", f"/kerjasama/{kb.pk}/pihak/{own_party.pk}/"),
            ("kb-add-document", f"/kerjasama/{kb.pk}/dokumen/baru/"),
            ("register", "/kerjasama/baru/"),
            ("step-form", step_url),
            ("agenda", "/agenda/"),
            ("notifications", "/notifikasi/"),
            ("calendar", "/notifikasi/kalender/"),
            ("partners", "/mitra/"),
            ("partners-search", "/mitra/?q=a"),
            ("partner", f"/mitra/{third_party.pk}/"),
            ("partner-new", "/mitra/baru/"),
            ("partner-edit", f"/mitra/{third_party.pk}/ubah/"),
            ("opds", "/akun/opd/"),
            ("opd-new", "/akun/opd/baru/"),
            ("opd-edit", f"/akun/opd/{opd.pk}/ubah/"),
            # Issue 9: the TKKSD on the meeting's day, its amendment and the holder form.
            ("tkksd", "/tkksd/?tanggal=2021-01-14"),
            ("tkksd-decree", f"/tkksd/sk/{tkksd_amendment.pk}/"),
            ("tkksd-holder-new", f"/tkksd/sk/{tkksd_amendment.pk}/pejabat/baru/"),
            ("404", "/kerjasama/999999/"),
        ],
        "pupr.singkawang": [
            ("dashboard", "/"),
            ("registry", "/kerjasama/"),
            ("403", "/akun/opd/baru/"),
        ],
        "sekda.singkawang": [
            ("dashboard", "/"),
            ("kb-record", f"/kerjasama/{kb.pk}/"),
            ("tkksd", "/tkksd/?tanggal=2021-02-03"),
            # Issue 10, items 5–6: the region's year with its SVG charts, the headline form.
            ("monev-year", "/monev/2021/"),
            ("monev-headlines", "/monev/indikator-utama/"),
        ],
        "sekretariat.kalbar": [("dashboard", "/"), ("kb-record", f"/kerjasama/{kb.pk}/")],
    }


@pytest.mark.long
def test_every_main_page_has_no_wcag_violations(demo, live_server, new_context, screenshot_dir):
    base = live_server.url
    found: dict[str, list[str]] = {}

    page = new_context().new_page()
    page.goto(f"{base}/akun/masuk/")
    found["anonymous login"] = axe_violations(page)
    page.locator("#id_username").fill("sekretariat.singkawang")
    page.locator("#id_password").fill("wrong")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".alert-error, .errorlist").first).to_be_visible()
    found["anonymous login-error"] = axe_violations(page)

    for persona, pages in _pages(base).items():
        page = new_context().new_page()
        _login(page, base, persona)
        for name, url in pages:
            page.goto(f"{base}{url}")
            page.screenshot(path=screenshot_dir / f"{persona}-{name}.png", full_page=True)
            found[f"{persona} {name} {url}"] = axe_violations(page)

    # The English interface: same pages, other language (lang attribute, labels).
    page = new_context(locale="en-US").new_page()
    _login(page, base, "sekretariat.singkawang")
    for name, url in _pages(base)["sekretariat.singkawang"][:8]:
        page.goto(f"{base}{url}")
        assert page.evaluate("document.documentElement.lang") == "en"
        found[f"en {name} {url}"] = axe_violations(page)

    # Forms sent back with errors show the error summary and the marked fields.
    page = new_context().new_page()
    _login(page, base, "sekretariat.singkawang")
    page.goto(f"{base}/kerjasama/baru/")
    page.locator("form.stack button[type=submit]").first.click()
    expect(page.locator("main .alert-error").first).to_be_visible()
    page.screenshot(path=screenshot_dir / "register-errors.png")
    found["register with errors"] = axe_violations(page)

    # The agenda's filter swaps the page's content with htmx: still one <main>, still clean.
    page.goto(f"{base}/agenda/")
    with page.expect_response(lambda r: "/agenda/" in r.url):
        page.locator("#id_kind").select_option(index=1)
    page.wait_for_load_state("networkidle")
    mains = page.locator("main").count()
    found["agenda after filtering"] = axe_violations(page) + (
        [f"{mains} <main> elements after the htmx swap"] if mains != 1 else []
    )

    failing = {where: lines for where, lines in found.items() if lines}
    assert failing == {}, "\n".join(
        f"{where}:\n  " + "\n  ".join(lines) for where, lines in failing.items()
    )


CHECKBOX_REACHABLE = """
() => [...document.querySelectorAll('.checkbox-list input[type=checkbox]')].map(box => {
  box.scrollIntoView({block: 'center', inline: 'nearest'});
  const r = box.getBoundingClientRect();
  const inViewport = r.width > 0 && r.left >= 0 && r.right <= window.innerWidth
    && r.top >= 0 && r.bottom <= window.innerHeight;
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  const label = box.closest('label');
  const labelRect = label.getBoundingClientRect();
  let clipped = false;
  for (let el = label.parentElement; el && el !== document.body; el = el.parentElement) {
    const style = getComputedStyle(el);
    if (style.overflowX !== 'visible' || style.overflowY !== 'visible') {
      const c = el.getBoundingClientRect();
      if (labelRect.left < c.left - 1 || labelRect.right > c.right + 1) clipped = true;
    }
  }
  return {name: label.textContent.trim(), ok: inViewport && hit === box && !clipped};
})
"""


@pytest.mark.parametrize(
    ("name", "viewport", "scale"),
    [
        ("360px", {"width": 360, "height": 740}, 1),
        # 200 % zoom of a 1280 × 720 window: half the CSS pixels, twice the device pixels.
        ("zoom200", {"width": 640, "height": 360}, 2),
    ],
)
def test_urusan_and_public_service_lists_show_every_option(
    world, live_server, new_context, screenshot_dir, name, viewport, scale
):
    # The new-case form lists the reference data only: a secretariat of the test world will
    # do (no demo to load).
    from kerjasama.reference.models import GovernmentAffair, PublicService

    world.sec_singkawang.set_password(PASSWORD)
    world.sec_singkawang.save()
    page = new_context(viewport=viewport, device_scale_factor=scale).new_page()
    _login(page, live_server.url, world.sec_singkawang.username)
    page.goto(f"{live_server.url}/kerjasama/baru/")
    lists = page.locator(".checkbox-list")
    lists.first.scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / f"urusan-{name}.png")
    lists.last.scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / f"public-services-{name}.png")

    # The objects of foreign cooperation (issue 7) are a checkbox list in a closed <details>.
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    boxes = page.evaluate(CHECKBOX_REACHABLE)

    from kerjasama.agreements.enums import ForeignObject

    expected = GovernmentAffair.objects.count() + PublicService.objects.count() + len(ForeignObject)
    assert expected > 40
    assert len(boxes) == expected
    assert [b["name"] for b in boxes if not b["ok"]] == []
    # No option hides sideways in an overflowing column either.
    overflow = page.evaluate(
        "() => [...document.querySelectorAll('.checkbox-list')]"
        ".map(el => el.scrollWidth - el.clientWidth)"
    )
    assert all(extra <= 1 for extra in overflow), overflow
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


FITS = """
() => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  const width = window.innerWidth;
  const out = [...document.querySelectorAll('main *')].filter(el => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= width + 1) return false;
    // Content inside a box that scrolls sideways is reachable, not cut off.
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p);
      if ((s.overflowX === 'auto' || s.overflowX === 'scroll') && p.getBoundingClientRect().right <= width + 1) return false;
    }
    return true;
  });
  return {
    pageWidth: document.documentElement.scrollWidth,
    cut: out.slice(0, 10).map(el => el.tagName + '.' + el.className),
    historyTables: document.querySelectorAll('.timeline-changes').length,
  };
}
"""


@pytest.mark.long
def test_record_history_and_main_pages_fit_a_small_screen(
    demo, live_server, new_context, screenshot_dir
):
    from kerjasama.agreements.models import Cooperation

    kb = Cooperation.objects.get(title=KALBAR_KB_TITLE)
    page = new_context(viewport={"width": 360, "height": 740}).new_page()
    _login(page, live_server.url, "sekretariat.singkawang")
    page.goto(f"{live_server.url}/kerjasama/{kb.pk}/")

    facts = page.evaluate(FITS)
    page.locator(".timeline-changes").first.scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / "kb-history-360px.png")

    assert facts["historyTables"] > 0
    assert facts["cut"] == []
    assert facts["pageWidth"] <= 360
    # Nothing is cut off on the other main pages either (wide tables scroll in their box).
    others = {}
    for name, url in _pages(live_server.url)["sekretariat.singkawang"]:
        page.goto(f"{live_server.url}{url}")
        others[name] = page.evaluate(FITS)
    assert {n: f["cut"] for n, f in others.items() if f["cut"]} == {}
    assert {n: f["pageWidth"] for n, f in others.items() if f["pageWidth"] > 360} == {}


def test_registry_search_after_the_session_expired_opens_the_login_page(
    live_server, new_context, world, screenshot_dir
):
    page = new_context().new_page()
    page.goto(f"{live_server.url}/akun/masuk/")
    page.locator("#id_username").fill("sec.singkawang")
    page.locator("#id_password").fill("secret-password")
    page.locator("main form button[type=submit]").click()
    page.goto(f"{live_server.url}/kerjasama/")
    expect(page.locator("#registry-results tbody tr").first).to_be_visible()

    page.context.clear_cookies()  # the session expires
    page.get_by_label("Cari").fill("Kalimantan")  # htmx asks for the results

    expect(page).to_have_url(f"{live_server.url}/akun/masuk/?next=%2Fkerjasama%2F")
    page.screenshot(path=screenshot_dir / "login-after-expiry.png")
    assert page.locator("main").count() == 1
    assert page.locator("#registry-results").count() == 0
    assert page.locator("form #id_password").count() == 1


FOCUS_RING = r"""
() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  // Where the ring is drawn: just outside the element (outline-offset + half the width).
  const d = parseFloat(style.outlineOffset || '0') + parseFloat(style.outlineWidth || '0') / 2;
  const points = [[r.left - d, r.top + r.height / 2], [r.right + d, r.top + r.height / 2],
                  [r.left + r.width / 2, r.top - d], [r.left + r.width / 2, r.bottom + d]];
  const behind = [];
  for (const [x, y] of points) {
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
    for (let p of document.elementsFromPoint(x, y)) {
      if (p === el || el.contains(p)) continue;
      // Composite the backgrounds from the first opaque one up (e.g. a translucent hover).
      const layers = [];
      for (; p; p = p.parentElement) {
        const m = getComputedStyle(p).backgroundColor.match(/[\d.]+/g).map(Number);
        const alpha = m.length > 3 ? m[3] : 1;
        if (alpha > 0) layers.push([m[0], m[1], m[2], alpha]);
        if (alpha === 1) break;
      }
      let [cr, cg, cb] = [255, 255, 255];
      for (const [lr, lg, lb, la] of layers.reverse()) {
        [cr, cg, cb] = [lr * la + cr * (1 - la), lg * la + cg * (1 - la), lb * la + cb * (1 - la)];
      }
      behind.push(`rgb(${Math.round(cr)}, ${Math.round(cg)}, ${Math.round(cb)})`);
      break;
    }
  }
  return {tag: el.tagName, text: (el.textContent || el.name || '').trim().slice(0, 40),
          outline: style.outlineColor, width: style.outlineWidth,
          styleName: style.outlineStyle, behind};
}
"""


def _rgb_contrast(a: str, b: str) -> float:
    def lum(css: str) -> float:
        r, g, b = (int(x) / 255 for x in css[css.index("(") + 1 : css.index(")")].split(",")[:3])

        def ch(c: float) -> float:
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b)

    high, low = sorted((lum(a), lum(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_keyboard_focus_ring_contrasts_3_to_1_with_what_surrounds_it(
    live_server, new_context, world
):
    page = new_context().new_page()
    page.goto(f"{live_server.url}/akun/masuk/")
    page.locator("#id_username").fill("sec.singkawang")
    page.locator("#id_password").fill("secret-password")
    page.locator("main form button[type=submit]").click()
    page.goto(f"{live_server.url}/kerjasama/")

    rings = []
    for _ in range(40):  # skip link, header, menu, then the filters and results in <main>
        page.keyboard.press("Tab")
        ring = page.evaluate(FOCUS_RING)
        if ring["tag"] == "BODY":  # past the last control: the browser's own UI has focus
            break
        ring["in_main"] = page.evaluate("!!document.activeElement.closest('main')")
        rings.append(ring)

    assert any(r["in_main"] for r in rings)
    assert any(not r["in_main"] for r in rings)
    weak = [r for r in rings if r["styleName"] == "none" or r["width"] == "0px"]
    low = [r for r in rings if any(_rgb_contrast(r["outline"], bg) < 3 for bg in r["behind"])]
    assert weak == []
    assert low == [], [r["behind"] for r in low]
