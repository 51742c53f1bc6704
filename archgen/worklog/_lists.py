"""Bullet lists of a page section <-> `str | Bullet` items, line by line.

Nesting follows markdown: a bullet indented at least to the text of the bullet above is its
child. A non-bullet line right under a bullet continues that bullet's text; after a blank
line it must be indented under a bullet. Anything else in a list section is refused, so an
import never drops text silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from archgen.worklog._text import FENCE, HEADING, Line, first_column, indent_width
from archgen.worklog.errors import WorklogParseError
from archgen.worklog.model import Bullet, item_children, item_text

_BULLET = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[*+-])(?:(?P<gap>[ \t]+)(?P<text>.*))?$")
_ORDERED = re.compile(r"^[ \t]*\d{1,9}[.)](?:[ \t]|$)")


@dataclass
class _Node:
    content: int  # column where the bullet's text starts: bullets indented this far are children
    lines: list[str]
    children: list[_Node] = field(default_factory=list)


def parse_bullets(lines: list[Line], where: str) -> tuple[list[str | Bullet], str | None]:
    """The bullets of a section and the marker of its first bullet (None when there is none)."""
    roots: list[_Node] = []
    stack: list[_Node] = []
    marker: str | None = None
    after_blank = False
    for number, raw in lines:
        if not raw.strip():
            after_blank = bool(stack)
            continue
        match = _BULLET.match(raw)
        if match:
            marker = marker or match["marker"]
            _add_bullet(match, indent_width(raw), roots, stack)
        else:
            _refuse_block(number, raw, where)
            _continue_text(number, raw, stack, after_blank, where)
        after_blank = False
    return [_to_item(node) for node in roots], marker


def _add_bullet(match: re.Match[str], indent: int, roots: list[_Node], stack: list[_Node]) -> None:
    gap = len((match["gap"] or " ").expandtabs(4))
    node = _Node(indent + 1 + min(gap, 4), [(match["text"] or "").strip()])
    while stack and indent < stack[-1].content:
        stack.pop()
    (stack[-1].children if stack else roots).append(node)
    stack.append(node)


def _refuse_block(number: int, raw: str, where: str) -> None:
    column = first_column(raw)
    if _ORDERED.match(raw):
        raise WorklogParseError(number, column, f"numbered list in {where}: use '*' bullets here, "
                                                "or move the list into its own ### section")
    if raw.lstrip().startswith("|"):
        raise WorklogParseError(number, column, f"table in {where}: only the task section holds a table; "
                                                "move it under its own ### heading")
    if HEADING.match(raw):
        raise WorklogParseError(number, column, f"heading inside {where}: worklog sections start with "
                                                "'### ' headings; make it one")
    if FENCE.match(raw):
        raise WorklogParseError(number, column, f"code block in {where}: move it into its own ### section")


def _continue_text(number: int, raw: str, stack: list[_Node], after_blank: bool, where: str) -> None:
    if stack and not after_blank:
        stack[-1].lines.append(raw.strip())  # a lazy continuation line of the last bullet
        return
    indent = indent_width(raw)
    while stack and indent < stack[-1].content:
        stack.pop()
    if not stack:
        raise WorklogParseError(number, first_column(raw),
                                f"text outside the bullet list of {where}: make it a bullet ('* ...'), "
                                "indent it under one, or move it into its own ### section")
    stack[-1].lines.extend(["", raw.strip()])  # a further paragraph of that bullet


def _to_item(node: _Node) -> str | Bullet:
    text = "\n".join(node.lines)
    if not node.children:
        return text
    return Bullet(text=text, children=[_to_item(child) for child in node.children])


def render_bullets(items: list[str | Bullet], marker: str) -> list[str]:
    """Markdown lines; top-level bullets are spaced apart when any has sub-bullets or paragraphs."""
    loose = any(item_children(item) or "\n\n" in item_text(item) for item in items)
    lines: list[str] = []
    for index, item in enumerate(items):
        if loose and index:
            lines.append("")
        lines.extend(_render_item(item, marker, 0))
    return lines


def _render_item(item: str | Bullet, marker: str, depth: int) -> list[str]:
    pad = "  " * depth
    first, *rest = item_text(item).split("\n")
    lines = [f"{pad}{marker} {first}".rstrip()]
    lines.extend(f"{pad}  {text}" if text.strip() else "" for text in rest)
    for child in item_children(item):
        lines.extend(_render_item(child, marker, depth + 1))
    return lines
