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
    assert diagrams_seen >= len(list((built_site.site / "diagrams").glob("*.png")))


def test_diagrams_zoom_the_palette_toggles_and_search_finds(built_site: BuiltSite, origin: str,
                                                             browser: Chromium, graph: SystemGraph) -> None:
    tab = browser.open(origin)
    zoomable = browser.evaluate(tab.session, "document.querySelectorAll('article a.glightbox img').length")
    assert zoomable >= 1
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
