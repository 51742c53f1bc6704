"""`generate.py import-worklog` and `export-worklog`, end to end: a whole bilingual Hugo worklog in one
command, the site built strict in both languages with its images, and the worklog back byte for byte."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from archgen.validate import load_model
from tests.conftest import REPO, SAMPLES
from tests.docs.conftest import build_site
from tests.worklog.hugo_site import write_site

GENERATE = [sys.executable, str(REPO / "generate.py")]


def generate(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*GENERATE, "--model", str(project / "model"), *args],
                          capture_output=True, text=True, timeout=300)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A project whose worklog is the 12-week bilingual Hugo worklog, imported in one command, generated."""
    root = tmp_path_factory.mktemp("bilingual")
    worklog = write_site(root / "hugo")
    project = root / "project"
    shutil.copytree(REPO / "model", project / "model", ignore=shutil.ignore_patterns("__pycache__", "worklog"))
    done = generate(project, "import-worklog", str(worklog))
    assert done.returncode == 0, done.stderr
    assert "1.5-Week5/_index.md:24: this row has 4 cells" in done.stderr  # warnings name the line
    assert generate(project, "-q").returncode == 0
    return project, worklog


def test_the_bilingual_worklog_exports_back_byte_for_byte(bilingual: tuple[Path, Path], tmp_path: Path) -> None:
    project, worklog = bilingual
    done = generate(project, "export-worklog", "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert snapshot(tmp_path / "out") == snapshot(worklog)
    assert generate(project, "export-worklog", "--out", str(tmp_path / "out"), "--check").returncode == 0


def test_the_bilingual_site_builds_strict_with_both_languages_and_its_images(bilingual: tuple[Path, Path]) -> None:
    project, _ = bilingual
    site = build_site(project).site
    for language in ("", "vi/"):
        for number in range(1, 13):
            assert (site / f"{language}worklog/week-{number:02d}/index.html").is_file()
    vi = (site / "vi/worklog/week-01/index.html").read_text("utf-8")
    assert "Mục tiêu tuần 1" in vi and 'hreflang="en"' in vi and 'hreflang="vi"' in vi  # the language switch
    assert "Tiếng Việt" in vi and re.search(r">\s*Tuần 2\s*<", vi)  # the navigation in Vietnamese
    assert (site / "worklog/images/pages/1.2-Week2/console.png").is_file()
    assert (site / "worklog/images/static/images/1-Worklog/Week8/architecture.png").is_file()
    assert "Layers share code between functions." in (site / "worklog/week-06/index.html").read_text("utf-8")
    week8 = (site / "worklog/week-08/index.html").read_text("utf-8")
    assert "pwned = 1" not in week8 and "onerror" not in week8 and 'href="javascript' not in week8


def test_import_check_writes_nothing_and_a_second_import_changes_nothing(bilingual: tuple[Path, Path]) -> None:
    project, worklog = bilingual
    before = snapshot(project / "model")
    done = generate(project, "import-worklog", "--check", str(worklog))
    assert (done.returncode, done.stdout.strip().splitlines()[-1]) == (0, "nothing would change")
    page = worklog / "1.3-Week3" / "_index.vi.md"
    edited = worklog.parent / "edited" / "1.3-Week3" / "_index.vi.md"
    edited.parent.mkdir(parents=True)
    edited.write_text(page.read_text("utf-8").replace("Tìm hiểu EC2.", "Tìm hiểu EC2 kỹ hơn."), "utf-8")
    checked = generate(project, "import-worklog", "--check", "--replace", str(edited))
    assert checked.returncode == 1 and "would write" in checked.stdout
    refused = generate(project, "import-worklog", str(edited))
    assert refused.returncode == 2 and "--replace" in refused.stderr and "+- Tìm hiểu EC2 kỹ hơn." in refused.stderr
    assert snapshot(project / "model") == before


def test_the_default_week_9_keeps_its_deliverables_links_when_the_seed_is_imported_again(project: Path) -> None:
    seed = SAMPLES / "week-09-seed.md"
    if not seed.is_file():
        pytest.skip("the shared sample pages are absent")
    refused = generate(project, "import-worklog", str(seed))
    assert refused.returncode == 2 and "week 9 (en) is already in" in refused.stderr
    assert "week-09.yaml" in refused.stderr and "-  * Full system architecture diagram" in refused.stderr
    assert generate(project, "import-worklog", "--replace", str(seed)).returncode == 0
    (week,) = load_model(project / "model").weeks
    assert [d.views for d in week.deliverables] == [["architecture"], ["request-flow"], ["security"], ["cicd"],
                                                    ["auth-flow"]]


def test_export_of_an_invalid_model_names_the_error_and_writes_nothing(project: Path, tmp_path: Path) -> None:
    system = project / "model" / "system.yaml"
    system.write_text(system.read_text("utf-8").replace("kind: s3.bucket", "kind: s3.buckit"), "utf-8")
    done = generate(project, "export-worklog", "--out", str(tmp_path / "hugo"))
    assert done.returncode == 2
    assert "system.yaml:" in done.stderr and "s3.buckit" in done.stderr
    assert not (tmp_path / "hugo").exists()


# ---- the bilingual site in headless Chromium ---------------------------------------------------

def _serve(site: Path) -> tuple[str, object]:
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


def _real_errors(errors: list[str]) -> list[str]:
    # material prefetches sitemap.xml beside every `link rel=alternate`; with per-page alternates (the
    # language switch keeps you on the same week) that file is not there: a 404 nothing depends on
    return [error for error in errors if not re.search(r"/sitemap\.xml\)$", error)]


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed (make test installs it)")
def test_both_languages_in_the_browser_with_images_a_switch_and_no_injected_script(
        bilingual: tuple[Path, Path], tmp_path: Path) -> None:
    import os

    from tests.docs.chromium import Chromium

    project, _ = bilingual
    site = project / "site"
    if not (site / "vi").is_dir():
        build_site(project)
    origin, server = _serve(site)
    shots = Path(os.environ.get("DOCS_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    images = "[...document.querySelectorAll('article img')].map(i => [i.getAttribute('src'), i.complete, i.naturalWidth])"
    try:
        for width in (1400, 390):
            with Chromium(tmp_path / f"profile-{width}", width=width, height=1000) as browser:
                for path in ("worklog/", "vi/worklog/", "worklog/week-02/", "vi/worklog/week-02/",
                             "worklog/week-08/", "vi/worklog/week-08/"):
                    tab = browser.open(origin + path)
                    assert _real_errors(tab.log.errors) == [], (path, tab.log.errors)
                    assert browser.evaluate(tab.session, "window.pwned === undefined"), path
                    shown = browser.evaluate(tab.session, images)
                    assert all(complete and natural > 0 for _, complete, natural in shown), (path, shown)
                    if path.endswith(("week-02/", "week-08/")):
                        assert shown, f"{path}: the week's images are not on its page"
                    switch = browser.evaluate(tab.session, "[...document.querySelectorAll('a.md-select__link')]"
                                                           ".map(a => [a.hreflang, a.href])")
                    assert {language for language, _ in switch} == {"en", "vi"}, path
                    other = next(href for language, href in switch if not path.startswith(language + "/")
                                 and (language == "vi") != path.startswith("vi/"))
                    assert other.endswith(path.removeprefix("vi/")), (path, other)  # the same week, other language
                    browser.screenshot(tab.session, shots / f"{path.strip('/').replace('/', '-')}-{width}.png",
                                       full_page=width == 390)
                    browser.close_tab(tab)
    finally:
        server.shutdown()  # type: ignore[attr-defined]
