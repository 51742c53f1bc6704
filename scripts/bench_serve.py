"""`make bench`'s figure for `mkdocs serve`: how long after a save an invalid model's errors are in the served page.

Issue 16 promises the errors in the page within 5 s of the save. The suite checks that they get there (the
browser test of tests/docs/test_docs_serve.py); how fast is measured here, on an idle machine, because the
suite's two busy workers make any wall-clock bound there a coin toss (5.2 s and 8.8 s seen, 3.4 s alone).
The time is the server's: from the write of the broken model until a fetch of the page holds the banner.
A browser watching the page reloads on the same build, one page load later.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from archgen.docs.mkdocs_plugin import BANNER_ID

BANNER = f'id="{BANNER_ID}"'  # as the page holds it
PAGE = "architecture/"
GOOD_TEXT = "Items"  # in the default model's architecture page
TARGET_SECONDS = 5.0
_TICKS = os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode("utf-8"))
    except (OSError, urllib.error.URLError):
        return ""  # not up yet, or between two builds


def _wait(condition: Callable[[], object], what: str, timeout: float = 60, every: float = 0.05) -> float:
    """Seconds until `condition()` holds, polled every `every` s."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if condition():
            return time.monotonic() - start
        time.sleep(every)
    raise SystemExit(f"mkdocs serve: timed out waiting for {what}")


def _cpu_seconds(pid: int) -> float:
    """The process's user + system time so far (Linux's /proc; the server runs no children)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICKS


def error_latency(project: Path, mkdocs: str, runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds per run from a broken save to the banner in the served page (the project
    generated, its mkdocs.yml there); the model is mended after each run and the site waited for."""
    system = project / "model" / "system.yaml"
    good = system.read_text("utf-8")
    broken = good.replace("kind: lambda.function", "kind: lambda.functoin", 1)
    assert broken != good, "the default model has no lambda.function to break"
    port = _free_port()
    url = f"http://127.0.0.1:{port}/{PAGE}"
    server = subprocess.Popen([mkdocs, "serve", "-f", str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"],
                              cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, start_new_session=True)
    walls, cpus = [], []
    try:
        _wait(lambda: GOOD_TEXT in _page(url), "the site to be served", timeout=120)
        for _ in range(runs):
            before = _cpu_seconds(server.pid)
            system.write_text(broken, "utf-8")
            walls.append(_wait(lambda: BANNER in _page(url), "the error banner"))
            cpus.append(_cpu_seconds(server.pid) - before)
            system.write_text(good, "utf-8")
            _wait(lambda: (page := _page(url)) and BANNER not in page, "the mended site")
            time.sleep(1)  # the mended build's last writes settle before the next save
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=15)
        system.write_text(good, "utf-8")
    return walls, cpus
