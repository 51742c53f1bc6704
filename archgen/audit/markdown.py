"""The docs on disk, read back: the pages' sections with explicit anchors, table rows, links and images,
and the pages mkdocs.yml lists in its navigation.

Only what the generated Markdown is made of is read (see `archgen/docs/markdown.py`): `## Title
{ #anchor }` headings, one-line table rows with `\\|` escaping a pipe in a cell, and `[text](url)`
links, whose url is resolved against the page into a path under docs/ and an anchor.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

import yaml

_SECTION = re.compile(r"^## (?P<title>.+?) \{ #(?P<anchor>[^ }]+) \}\s*$")
_HEADING = re.compile(r"^(?P<level>#{1,6}) (?P<title>.+?)\s*$")
# A link's text may hold escaped brackets (model text: `\[x\]\(javascript:...\)` is text, not a link).
_LINK = re.compile(r"(?P<image>!?)(?<!\\)\[(?P<text>(?:\\.|[^\]\\])*)\]\((?P<url>[^)\s]*)\)")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
# Text in a code span is never a link (a setting's value may look like one), nor is an HTML attribute's value
# (a drawing's aria-label holds the view's title).
_TAG = re.compile(r"<[^>]*>")


def _plain(text: str) -> str:
    return _TAG.sub("", _without_code_spans(text))


def _without_code_spans(text: str) -> str:
    """The text with its code spans left out, as Markdown reads them: a backslash-escaped backtick (model
    text shows its backticks so) opens none, and a span closes at a run of exactly its own length."""
    if "`" not in text:
        return text  # most lines: nothing to leave out
    kept, index = [], 0
    while index < len(text):
        token = _TOKEN.match(text, index)
        assert token is not None  # the pattern matches any character
        piece, index = token.group(), token.end()
        close = _closing(len(piece)).search(text, index) if piece[0] == "`" else None
        if close is None:
            kept.append(piece)  # text, an escaped character, or a run of backticks that opens no span
        else:
            index = close.end()
    return "".join(kept)


# An escaped character (a trailing backslash alone), a run of backticks, or a stretch of neither.
_TOKEN = re.compile(r"\\.?|`+|[^\\`]+", re.S)


@lru_cache(maxsize=None)
def _closing(run: int) -> re.Pattern[str]:
    """What closes a code span opened by `run` backticks: a run of exactly as many (a backslash escapes none)."""
    return re.compile(f"(?<!`){'`' * run}(?!`)")


_SEPARATOR = re.compile(r"^\|(\s*:?-+:?\s*\|)+\s*$")


@dataclass(frozen=True)
class Link:
    line: int
    page: str    # the linked page or file, relative to docs/
    anchor: str  # "" when the link names a whole page
    image: bool


@dataclass(frozen=True)
class Row:
    line: int
    section: str     # anchor of the `## ... { #anchor }` section it is in ("" before any)
    subheading: str  # the `###` heading it is under ("" if none)
    cells: tuple[str, ...]
    links: tuple[tuple[Link, ...], ...]  # the links in each cell


@dataclass
class Page:
    path: str  # relative to docs/
    sections: dict[str, int] = field(default_factory=dict)  # anchor -> line
    rows: list[Row] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


def read_page(docs: Path, path: str) -> Page:
    page = Page(path, lines=(docs / path).read_text("utf-8").splitlines())
    section = subheading = ""
    for number, line in enumerate(page.lines, start=1):
        links = [_link(path, match, number) for match in _LINK.finditer(_plain(line))]
        page.links += links
        if found := _SECTION.match(line):
            section, subheading = found["anchor"], ""
            page.sections[section] = number
        elif heading := _HEADING.match(line):
            subheading = heading["title"] if len(heading["level"]) >= 3 else ""
            if len(heading["level"]) <= 2:
                section = ""
        elif line.startswith("|") and not _SEPARATOR.match(line) and not _is_header(page.lines, number):
            cells = tuple(cell.strip() for cell in _CELL_SPLIT.split(line.strip()[1:-1]))
            page.rows.append(Row(number, section, subheading, tuple(c.replace("\\|", "|") for c in cells),
                                 tuple(tuple(_link(path, m, number) for m in _LINK.finditer(_plain(c)))
                                       for c in cells)))
    return page


def _is_header(lines: list[str], number: int) -> bool:
    """A table's first row (its column names) is followed by the `| --- |` line."""
    return number < len(lines) and bool(_SEPARATOR.match(lines[number]))


def _link(page: str, match: re.Match[str], line: int) -> Link:
    url = match["url"]
    target, _, anchor = url.partition("#")
    if "://" in target or target.startswith("mailto:"):
        return Link(line, target, anchor, bool(match["image"]))
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), target)) if target else page
    return Link(line, resolved, anchor, bool(match["image"]))


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml whatever tags it holds (`!!python/name:`, `!ENV`): only `nav` matters here."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def navigation(config: Path) -> set[str]:
    """The pages (relative to docs/) that mkdocs.yml's `nav` lists; ValueError when it cannot be read."""
    try:
        data = yaml.load(config.read_text("utf-8"), Loader=_ConfigLoader) or {}
    except (OSError, yaml.YAMLError) as failed:
        raise ValueError(f"cannot be read: {failed}") from None
    return set(_nav_pages(data.get("nav") if isinstance(data, dict) else None))


def _nav_pages(nav: Any) -> Iterator[str]:
    if isinstance(nav, str):
        yield nav
    elif isinstance(nav, list):
        for item in nav:
            yield from _nav_pages(item)
    elif isinstance(nav, dict):
        for item in nav.values():
            yield from _nav_pages(item)
