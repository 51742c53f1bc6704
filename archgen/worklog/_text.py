"""Small line helpers shared by the page parsers: numbered lines, indents, headings, fences."""

from __future__ import annotations

import re

Line = tuple[int, str]  # (1-based line number in the page, the line without its end-of-line)

HEADING = re.compile(r"^ {0,3}(?P<level>#{1,6})(?:[ \t]+(?P<text>.*?))?[ \t]*$")
FENCE = re.compile(r"^ {0,3}(```|~~~)")


def indent_width(raw: str) -> int:
    """Columns of leading whitespace, a tab counting to the next multiple of four (as markdown does)."""
    prefix = raw[: len(raw) - len(raw.lstrip(" \t"))]
    return len(prefix.expandtabs(4))


def first_column(raw: str) -> int:
    """1-based column of the first non-blank character, for error positions."""
    return len(raw) - len(raw.lstrip()) + 1


def trim_blank(lines: list[Line]) -> list[Line]:
    """Drop blank lines at both ends (they separate blocks, they are not content)."""
    start, end = 0, len(lines)
    while start < end and not lines[start][1].strip():
        start += 1
    while end > start and not lines[end - 1][1].strip():
        end -= 1
    return lines[start:end]


def raw_markdown(lines: list[Line]) -> str | None:
    """A block kept as written; trailing spaces go so the YAML stays a readable `|` block."""
    kept = [text.rstrip() for _, text in trim_blank(lines)]
    return "\n".join(kept) if kept else None
