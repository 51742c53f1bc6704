"""`mkdocs serve` is live: a model edit shows in the browser, an invalid edit keeps the last good site, no loop."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable, Iterator

import pytest

from archgen import escape
from tests.docs.chromium import Chromium, ProtocolError, Tab
from tests.docs.conftest import MKDOCS, QUIET

BACKEND_PAGE = "architecture/components/items-fn/"
OLD, NEW = "Lists, gets and creates items.", "Lists, gets, creates and archives items."


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return str(response.read().decode("utf-8"))


def wait_until(condition: Callable[[], bool], what: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except (OSError, urllib.error.URLError, ProtocolError):
            pass  # not up yet, or the page is reloading
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


class Server:
    def __init__(self, project: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log_file = project / "serve.log"
        with self.log_file.open("w") as log:
            self.process = subprocess.Popen(
                [*MKDOCS, "serve", "-f", str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{self.port}"],
                stdout=log, stderr=subprocess.STDOUT, env=QUIET, start_new_session=True)

    def log(self) -> str:
        return self.log_file.read_text("utf-8", errors="replace")

    def builds(self) -> int:
        return self.log().count("Building documentation")

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)  # its own session: the server and nothing else
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


@pytest.fixture
def server(generated_project: Path) -> Iterator[Server]:
    running = Server(generated_project)
    try:
        wait_until(lambda: "Items" in fetch(running.url), "mkdocs serve to answer")
        yield running
    finally:
        running.stop()


def page_text(browser: Chromium, tab: Tab) -> str:
    return str(browser.evaluate(tab.session, "document.body.innerText"))


BANNER = "document.getElementById('archgen-model-errors')"


def test_a_model_edit_reloads_the_page_once_and_an_invalid_one_shows_its_errors_in_the_page(
        server: Server, generated_project: Path, tmp_path: Path) -> None:
    system = generated_project / "model" / "system.yaml"
    text = system.read_text("utf-8")
    assert OLD in text
    with Chromium(tmp_path / "profile") as browser:
        tab = browser.open(server.url + BACKEND_PAGE)
        assert OLD in page_text(browser, tab)
        browser.evaluate(tab.session, "window.loadedBeforeTheEdit = true")
        settled = server.builds()

        system.write_text(text.replace(OLD, NEW), "utf-8")
        wait_until(lambda: browser.evaluate(tab.session, "window.loadedBeforeTheEdit === undefined")
                   and NEW in page_text(browser, tab), "the browser to reload with the change")
        time.sleep(3)
        assert server.builds() == settled + 1, server.log()[-3000:]  # one save, one build

        broken = text.replace(OLD, NEW).replace("kind: lambda.function", "kind: lambda.functoin")
        line = next(number for number, row in enumerate(broken.splitlines(), 1) if "lambda.functoin" in row)
        saved = time.monotonic()
        system.write_text(broken, "utf-8")
        wait_until(lambda: browser.evaluate(tab.session, f"{BANNER} !== null"), "the error banner", timeout=15)
        # How soon is `make bench`'s figure (issue 16's promise: within 5 s; 3.4 s on an idle 2-core machine).
        # A bound on it here failed under the suite's own load (5.2 s and 8.8 s with both workers busy).
        print(f"model error shown in the page {time.monotonic() - saved:.1f} s after the save")
        banner = browser.evaluate(tab.session, f"{BANNER}.innerText")
        assert f"system.yaml:{line}:" in banner and "lambda.functoin" in banner
        assert NEW in page_text(browser, tab)  # the last good page, under the banner
        assert (generated_project / "docs" / "architecture" / "components" / "items-fn.md").read_text(
            "utf-8").count(escape.markdown(NEW))

        system.write_text(text, "utf-8")  # fixed again: the banner goes, the site follows
        wait_until(lambda: browser.evaluate(tab.session, f"{BANNER} === null") and OLD in page_text(browser, tab),
                   "the fixed model to be served without the banner", timeout=15)
    assert_no_rebuild_loop(server)


def assert_no_rebuild_loop(server: Server) -> None:
    """Once the last edit is built, the server stays idle: writing docs/ causes at most one quiet rebuild."""
    time.sleep(3)
    settled = server.builds()
    time.sleep(4)
    assert server.builds() == settled, server.log()[-2000:]
