"""Markdown building blocks: tables, admonitions, bullet lists, links between pages.

Python-Markdown needs four spaces per nesting level and one line per table row; these
helpers are where that is known, so the page modules only say what goes on a page.
They take Markdown, not text: model text reaches them through `archgen.escape.markdown`
(or `code`, which escapes itself), never as it is.
"""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from typing import Iterable, Sequence

from archgen import escape

INDENT = "    "
_PIPE = re.compile(r"(?<!\\)\|")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).*?(?<!`)\1(?!`)")


def cell(text: str) -> str:
    """Text that stays inside one table cell: line breaks as <br>, pipes escaped except in code
    spans (a table leaves those alone, and an escape there would show)."""
    text, done = text.strip(), 0
    if "|" not in text:  # nothing to escape (most cells)
        return text.replace("\n", "<br>")
    pieces: list[str] = []
    for span in _CODE_SPAN.finditer(text):
        pieces += [_PIPE.sub(r"\\|", text[done:span.start()]), span.group()]
        done = span.end()
    pieces.append(_PIPE.sub(r"\\|", text[done:]))
    return "".join(pieces).replace("\n", "<br>")


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(cell(h) for h in headers) + " |",
             "|" + "|".join(" --- " for _ in headers) + "|"]
    lines += ["| " + " | ".join(cell(value) or " " for value in row) + " |" for row in rows]
    return [*lines, ""]


def code(text: object) -> str:
    """Text (model text too) as inline code that no backtick in it can close."""
    return escape.markdown_code(text)


def heading(level: int, text: str, anchor: str | None = None) -> list[str]:
    suffix = f" {{ #{anchor} }}" if anchor else ""
    return [f"{'#' * level} {text}{suffix}", ""]


def admonition(kind: str, title: str, body: str) -> list[str]:
    """`!!! warning "title"` with the body indented under it."""
    quoted = title.replace('"', "'")
    return [f'!!! {kind} "{quoted}"', "", *indented(body.strip().split("\n")), ""]


def indented(lines: Iterable[str], depth: int = 1) -> list[str]:
    return [(INDENT * depth + line) if line.strip() else "" for line in lines]


def bullet(text: str, depth: int, marker: str = "-") -> list[str]:
    """One list item; continuation lines of multi-line text stay inside the item."""
    first, *rest = text.strip().split("\n") or [""]
    return [f"{INDENT * depth}{marker} {first}", *indented(rest, depth + 1)]


def link(from_page: str, to_page: str, anchor: str = "") -> str:
    """The relative URL from one docs page to another page or file (mkdocs resolves `.md` links)."""
    target = _relative(to_page, posixpath.dirname(from_page) or ".")
    return f"{target}#{anchor}" if anchor else target


@lru_cache(maxsize=65536)
def _relative(path: str, start: str) -> str:
    # pages link to the same few hundred pages over and over; relpath makes both paths absolute each time
    return posixpath.relpath(path, start)


def image(from_page: str, path: str, alt: str) -> str:
    """An image; `alt` is Markdown (escaped model text)."""
    return f"![{alt}]({link(from_page, path)})"


def join_lines(blocks: Iterable[Iterable[str]]) -> str:
    """The page text: blocks in order, no runs of blank lines, one newline at the end."""
    lines: list[str] = []
    for block in blocks:
        for line in block:
            if line == "" and (not lines or lines[-1] == ""):
                continue
            lines.append(line.rstrip())
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"


def slug(text: str) -> str:
    """An anchor id made of lower-case words joined by dashes ('apigateway.rest_api' -> 'apigateway-rest-api')."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
