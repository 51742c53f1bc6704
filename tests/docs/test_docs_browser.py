"""The built site in headless Chromium: every page loads its diagrams, logs no error, fetches nothing outside.

The site is served over HTTP on 127.0.0.1 (the search worker cannot start from file://).
Set DOCS_SCREENSHOTS=folder to keep the screenshots of the overview and a worklog page.
"""

from __future__ import annotations

import functools
import json
import os
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Iterator

import pytest

from archgen.graph import SystemGraph
from tests.docs.chromium import Chromium
from tests.docs.conftest import BuiltSite

SEARCH = """(() => { const box = document.querySelector('input.md-search__input');
  box.focus(); box.value = %s; box.dispatchEvent(new Event('input', {bubbles: true})); })()"""
IMAGES = "[...document.querySelectorAll('article img')].map(i => [i.getAttribute('src'), i.complete, i.naturalWidth])"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def origin(built_site: BuiltSite) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(built_site.site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chromium]:
    with Chromium(tmp_path_factory.mktemp("chromium-profile")) as chromium:
        yield chromium


def wait_for(condition: Callable[[], object], timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def page_urls(built_site: BuiltSite, origin: str) -> list[str]:
    pages = sorted(p.relative_to(built_site.site).as_posix() for p in built_site.site.rglob("index.html"))
    return [origin + page.removesuffix("index.html") for page in pages]


def test_every_page_loads_its_diagrams_without_errors(built_site: BuiltSite, origin: str, browser: Chromium) -> None:
    urls = page_urls(built_site, origin)
    assert len(urls) > 10
    problems: list[str] = []
    diagrams_seen = 0
    for url in urls:
        tab = browser.open(url)
        images = browser.evaluate(tab.session, IMAGES)
        diagrams_seen += sum(1 for src, _, _ in images if "diagrams/" in src)
        problems += [f"{url}: image {src} did not load" for src, complete, width in images
                     if not complete or width <= 0]
        problems += [f"{url}: console: {error}" for error in tab.log.errors]
        problems += [f"{url}: fetched {request} from outside the site" for request in tab.log.requests
                     if not request.startswith((origin, "data:", "blob:", "about:"))]
        browser.close_tab(tab)
    assert problems == []
    assert diagrams_seen >= 1


def test_diagrams_zoom_the_palette_toggles_and_search_finds(built_site: BuiltSite, origin: str,
                                                             browser: Chromium, graph: SystemGraph) -> None:
    tab = browser.open(origin + "worklog/week-09/")
    zoomable = browser.evaluate(tab.session, "document.querySelectorAll('article a.glightbox img').length")
    assert zoomable >= 1  # the worklog's PNGs zoom; the architecture pages' SVGs scroll and link
    before = browser.evaluate(tab.session, "document.body.getAttribute('data-md-color-scheme')")
    toggle = "document.querySelector('label.md-header__button[for^=__palette]:not([hidden])').click()"
    browser.evaluate(tab.session, toggle)
    after = browser.evaluate(tab.session, "document.body.getAttribute('data-md-color-scheme')")
    assert {before, after} == {"default", "slate"}
    browser.evaluate(tab.session, toggle)  # and back: the choice is remembered by the later pages
    assert browser.evaluate(tab.session, "document.body.getAttribute('data-md-color-scheme')") == before
    label = list(graph.components.values())[-1].label
    browser.evaluate(tab.session, SEARCH % json.dumps(label))
    wait_for(lambda: browser.evaluate(tab.session, "document.querySelectorAll('.md-search-result__item').length"))
    tabs = browser.evaluate(tab.session, "[...document.querySelectorAll('.md-tabs__link')].map(a => a.textContent.trim())")
    assert tabs[:2] == ["Overview", "Architecture"] and "Worklog" in tabs
    browser.close_tab(tab)


def test_screenshots_of_the_overview_and_a_worklog_page(built_site: BuiltSite, origin: str, browser: Chromium,
                                                       tmp_path: Path) -> None:
    folder = Path(os.environ.get("DOCS_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    for name, path in (("overview", ""), ("worklog-week-09", "worklog/week-09/")):
        tab = browser.open(origin + path)
        shot = folder / f"{name}.png"
        browser.screenshot(tab.session, shot)
        browser.close_tab(tab)
        data = shot.read_bytes()
        assert data.startswith(b"\x89PNG") and int.from_bytes(data[16:20], "big") == browser.size[0]


TABLES_WIDER = """[...document.querySelectorAll('article table')].filter(t => t.offsetParent !== null)
  .map(t => [t.getBoundingClientRect().right, t.getBoundingClientRect().width])
  .filter(([right, width]) => right > window.innerWidth + 0.5 || width > window.innerWidth)"""
# Each drawing's texts, as rendered: font size in the drawing's units times its scale on the screen.
LABEL_SIZES = """[...document.querySelectorAll('object.archgen-drawing')].filter(o => o.offsetParent !== null)
  .flatMap(o => [...o.contentDocument.querySelectorAll('text')].map(t =>
     parseFloat(t.getAttribute('font-size')) * t.getScreenCTM().a))"""
LAYOUT_PAGES = ("", "architecture/", "architecture/components/api/", "architecture/flows/request/",
                "architecture/layers/backend/", "architecture/security/", "deployment/", "worklog/week-09/",
                "reference/kinds/")


def _drawings_loaded(browser: Chromium, session: str) -> bool:
    return bool(browser.evaluate(session, """[...document.querySelectorAll('object.archgen-drawing')]
      .filter(o => o.offsetParent !== null).every(o => o.contentDocument &&
        o.contentDocument.querySelectorAll('text').length > 0)"""))


@pytest.mark.parametrize("width", [390, 1400])
def test_tables_fit_the_screen_and_drawing_labels_are_at_least_12_px(
        built_site: BuiltSite, origin: str, tmp_path: Path, width: int) -> None:
    smallest: dict[str, float] = {}
    with Chromium(tmp_path / "profile", width, 900) as browser:
        for page in LAYOUT_PAGES:
            tab = browser.open(origin + page)
            wait_for(lambda: _drawings_loaded(browser, tab.session))
            assert browser.evaluate(tab.session, TABLES_WIDER) == [], (width, page)
            assert browser.evaluate(tab.session, "document.documentElement.scrollWidth") <= width, (width, page)
            sizes = browser.evaluate(tab.session, LABEL_SIZES)
            if sizes:
                smallest[page] = min(sizes)
            browser.close_tab(tab)
    print(f"smallest drawing text at {width} px:", {p or "/": round(v, 2) for p, v in smallest.items()})
    assert smallest and min(smallest.values()) >= 11.99, smallest


def test_clicking_a_component_in_a_drawing_opens_its_page(built_site: BuiltSite, origin: str,
                                                          browser: Chromium) -> None:
    tab = browser.open(origin + "architecture/")
    wait_for(lambda: _drawings_loaded(browser, tab.session))
    box = browser.evaluate(tab.session, """(() => { const o = document.querySelector('object.archgen-light');
      const link = [...o.contentDocument.querySelectorAll('a')].find(a =>
        (a.getAttribute('xlink:href') || a.getAttribute('href') || '').endsWith('/components/items-fn/'));
      o.scrollIntoView({block: 'center'});
      const outer = o.getBoundingClientRect(), inner = link.getBoundingClientRect();
      return [outer.left + inner.left + inner.width / 2, outer.top + inner.top + inner.height / 2]; })()""")
    for kind in ("mousePressed", "mouseReleased"):
        browser.send("Input.dispatchMouseEvent", {"type": kind, "x": box[0], "y": box[1], "button": "left",
                                                  "clickCount": 1}, tab.session)
    wait_for(lambda: browser.evaluate(tab.session, "location.pathname").endswith("/architecture/components/items-fn/"))
    # The address changes before the new page's body is parsed: wait for its heading rather than read it at once.
    heading = "(document.querySelector('h1') || {}).textContent || ''"
    wait_for(lambda: "Items function" in browser.evaluate(tab.session, heading))
    browser.close_tab(tab)


def test_screenshots_of_the_changed_pages(built_site: BuiltSite, origin: str, tmp_path: Path) -> None:
    """Light and dark, at 1400 and 390 px (DOCS_SCREENSHOTS=folder keeps them to look at)."""
    folder = Path(os.environ.get("DOCS_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    for width in (1400, 390):
        with Chromium(tmp_path / f"profile-{width}", width, 900) as browser:
            for page in LAYOUT_PAGES[:5]:
                for scheme in ("default", "slate"):
                    tab = browser.open(origin + page)
                    browser.evaluate(tab.session, f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
                    wait_for(lambda: _drawings_loaded(browser, tab.session))
                    shot = folder / f"{(page.strip('/').replace('/', '-') or 'home')}-{width}-{scheme}.png"
                    browser.screenshot(tab.session, shot)
                    browser.close_tab(tab)
                    assert shot.read_bytes().startswith(b"\x89PNG")
