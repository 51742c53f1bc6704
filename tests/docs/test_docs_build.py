"""`mkdocs build --strict` passes with no warning, and every link, anchor and image of the built site resolves."""

from __future__ import annotations

import json
import posixpath
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from archgen.docs import site
from tests.docs.conftest import MKDOCS, QUIET, BuiltSite, build_site

_REFERENCES = {"a": "href", "img": "src", "script": "src", "link": "href", "source": "src"}


class _Page(HTMLParser):
    """The ids of a page and the URLs it refers to, by tag."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.references: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        url = values.get(_REFERENCES.get(tag, ""))
        if url:
            self.references.append((tag, url))


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text("utf-8"))
    return page


def html_pages(site_dir: Path) -> dict[str, _Page]:
    return {path.relative_to(site_dir).as_posix(): parse(path) for path in sorted(site_dir.rglob("*.html"))}


def target_file(site_dir: Path, page: str, url_path: str) -> str:
    base = "" if url_path.startswith("/") else posixpath.dirname(page)  # 404.html links from the root
    joined = posixpath.normpath(posixpath.join(base, unquote(url_path).lstrip("/")))
    if (site_dir / joined).is_dir():
        joined = posixpath.join(joined, "index.html")
    return joined


def test_strict_build_passes_with_no_warning(built_site: BuiltSite) -> None:
    assert "WARNING" not in built_site.output and "ERROR" not in built_site.output, built_site.output
    print(f"mkdocs build --strict: {built_site.seconds:.2f} s")


def test_every_link_anchor_and_image_resolves(built_site: BuiltSite) -> None:
    pages = html_pages(built_site.site)
    assert "index.html" in pages and "worklog/week-09/index.html" in pages
    broken: list[str] = []
    for name, page in pages.items():
        for tag, url in page.references:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc:
                canonical = tag == "link" and url.startswith("https://items.example.com/")  # site_url's
                assert tag == "a" or canonical, f"{name}: <{tag}> loads {url} from outside the site"
                continue
            target = name if not parts.path else target_file(built_site.site, name, parts.path)
            if not (built_site.site / target).is_file():
                broken.append(f"{name}: <{tag}> {url} (no {target})")
            elif parts.fragment and target in pages and unquote(parts.fragment) not in pages[target].ids:
                broken.append(f"{name}: {url}: no id '{parts.fragment}' in {target}")
    assert broken == []


def test_each_view_diagram_is_on_the_site(built_site: BuiltSite) -> None:
    images = {path.name for path in (built_site.site / site.IMAGE_DIR).glob("*.png")}
    views = {path.stem for path in (built_site.project / "diagrams").glob("*.png")}
    assert views and images == {f"{view}.png" for view in views}
    for view in views:
        built = (built_site.site / site.IMAGE_DIR / f"{view}.png").read_bytes()
        assert built == (built_site.project / "diagrams" / f"{view}.png").read_bytes()


def test_a_hand_written_page_is_kept_and_built(generated_project: Path) -> None:
    notes = generated_project / "docs" / "notes.md"
    notes.write_text("# Notes\n\nWritten by hand: [the overview](index.md).\n", encoding="utf-8")
    system = generated_project / "model" / "system.yaml"
    system.write_text(system.read_text("utf-8").replace("title: Items —", "title: Renamed items —"), "utf-8")
    built = build_site(generated_project)  # the hook regenerates: the pages change, the notes stay
    assert notes.read_text("utf-8").startswith("# Notes")
    assert (built.site / "notes" / "index.html").is_file()
    assert "Renamed items" in (built.site / "index.html").read_text("utf-8")


def test_a_build_of_an_invalid_model_fails_naming_the_line(generated_project: Path) -> None:
    system = generated_project / "model" / "system.yaml"
    lines = system.read_text("utf-8").splitlines()
    line = next(number for number, text in enumerate(lines, 1) if "kind: s3.bucket" in text)
    lines[line - 1] = lines[line - 1].replace("s3.bucket", "s3.buckit")
    system.write_text("\n".join(lines) + "\n", "utf-8")
    before = (generated_project / "docs" / "index.md").read_bytes()
    done = subprocess.run([*MKDOCS, "build", "-f", str(generated_project / "mkdocs.yml")],
                          capture_output=True, text=True, env=QUIET, timeout=120)
    assert done.returncode != 0
    assert f"system.yaml:{line}:" in done.stderr and "the model is invalid" in done.stderr
    assert (generated_project / "docs" / "index.md").read_bytes() == before


def test_the_outputs_of_the_last_deploy_show_on_the_built_site_only(generated_project: Path) -> None:
    manifest = json.loads((generated_project / "deploy" / "manifest.json").read_text("utf-8"))
    stack = manifest["stacks"][0]["name"]
    saved = {"stacks": {stack: {"SiteUrl": "https://d111.example.net"}, "retired": {"OldId": "abc123"}}}
    (generated_project / "deploy" / "last-deploy.json").write_text(json.dumps(saved), "utf-8")
    built = build_site(generated_project)
    page = (built.site / "deployment" / "index.html").read_text("utf-8")
    assert f'<td><code>{stack}</code></td>\n<td><code>SiteUrl</code></td>' in page
    assert '<a href="https://d111.example.net">https://d111.example.net</a>' in page  # a URL is a link
    assert "<code>retired</code>" in page and " UTC" in page  # with the deploy's date
    home = (built.site / "index.html").read_text("utf-8")
    assert '<a href="https://d111.example.net">' in home and "Deployed on " in home
    generated = (generated_project / "docs" / "deployment.md").read_text("utf-8")
    assert "d111.example.net" not in generated  # the generated page stays the model's alone
