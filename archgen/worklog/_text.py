"""Line helpers shared by the page parsers: headings, fences, bullets, indents, typed text.

Block rules follow CommonMark (Hugo's goldmark), since that is how the students' pages render.
"""

from __future__ import annotations

import re

from archgen.worklog.layout import Line

HEADING = re.compile(r"^ {0,3}(?P<level>#{1,6})(?:[ \t]+(?P<text>.*?))?(?:[ \t]+#+)?[ \t]*$")
FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})")
THEMATIC_BREAK = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
BULLET = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[*+-])(?:(?P<gap>[ \t]+)(?P<text>.*?)|)(?P<tail>[ \t]*)$")
TABLE_ROW = re.compile(r"^ {0,3}\|")
_HARD_BREAK = re.compile(r"(?: {2,}|\t)$")


def indent_width(text: str) -> int:
    """Columns of leading whitespace, a tab counting to the next multiple of four (as markdown does)."""
    prefix = text[: len(text) - len(text.lstrip(" \t"))]
    return len(prefix.expandtabs(4))


def heading_of(line: Line) -> tuple[int, str] | None:
    match = HEADING.match(line.text)
    if not match:
        return None
    return len(match["level"]), (match["text"] or "").strip()


def bullet_of(line: Line) -> re.Match[str] | None:
    """A bullet line (`* text`, `- text`, `+ text`, or a bare marker), never a thematic break."""
    if THEMATIC_BREAK.match(line.text):
        return None
    return BULLET.match(line.text)


def starts_block(line: Line) -> bool:
    """Whether the line starts a block that interrupts a paragraph (so it is not a continuation)."""
    text = line.text
    return bool(heading_of(line) or FENCE.match(text) or THEMATIC_BREAK.match(text) or bullet_of(line)
                or text.lstrip().startswith(">") or TABLE_ROW.match(text))


def fenced_spans(lines: list[Line]) -> list[bool]:
    """For each line, whether it is inside (or opens/closes) a fenced code block."""
    inside: list[bool] = []
    fence: str | None = None
    for line in lines:
        match = FENCE.match(line.text)
        if fence is None and match:
            fence = match["fence"]
            inside.append(True)
        elif fence is not None:
            inside.append(True)
            if match and match["fence"][0] == fence[0] and len(match["fence"]) >= len(fence) \
                    and not line.text.strip().strip(fence[0]):
                fence = None
        else:
            inside.append(False)
    return inside


def typed_text(texts: list[str]) -> str:
    """The text lines of a block as the model keeps them: trailing blanks go, except that a hard line
    break (two spaces before a line that goes on) stays a hard break, written as a trailing backslash."""
    kept: list[str] = []
    fenced = fenced_spans([Line(0, text, "") for text in texts])
    for index, text in enumerate(texts):
        goes_on = index + 1 < len(texts) and texts[index + 1].strip() \
            and not starts_block(Line(0, texts[index + 1], ""))  # the paragraph goes on
        if fenced[index]:
            kept.append(text.rstrip())
        elif goes_on and _HARD_BREAK.search(text) and text.strip():
            kept.append(text.rstrip() + "\\")
        else:
            kept.append(text.rstrip())
    return "\n".join(kept)


def dedent(text: str, columns: int) -> str:
    """Remove up to `columns` of leading spaces (tabs as four)."""
    expanded = text.expandtabs(4) if text.startswith("\t") else text
    cut = min(columns, len(expanded) - len(expanded.lstrip(" ")))
    return expanded[cut:]


def trim_blank(lines: list[Line]) -> tuple[list[Line], list[Line], list[Line]]:
    """(leading blank lines, the lines between, trailing blank lines)."""
    start, end = 0, len(lines)
    while start < end and lines[start].blank():
        start += 1
    while end > start and lines[end - 1].blank():
        end -= 1
    return lines[:start], lines[start:end], lines[end:]
