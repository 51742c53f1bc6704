"""A list section <-> items: bullets (with their sub-bullets) and markdown blocks, in page order.

Nesting follows CommonMark: a bullet indented at least to the text of the bullet above is its child.
Lines right under a bullet continue its text; after a blank line, what is indented under a bullet
belongs to it (a sub-bullet, or a markdown block such as a second paragraph). Anything else (a
paragraph, a `---` rule, a sub-heading, an escaped `\\-` line, a table) is a markdown item where it
stood: nothing is dropped, and nothing is refused.
"""

from __future__ import annotations

import re
from typing import Hashable

from archgen.worklog._text import (FENCE, THEMATIC_BREAK, bullet_of, dedent, fenced_spans, heading_of,
                                   indent_width, starts_block, typed_text)
from archgen.worklog.errors import WorklogWarning
from archgen.worklog.layout import Emitter, Line, Recorder, raw_text
from archgen.worklog.model import Bullet, Item, Markdown, item_children, item_text

_ESCAPED_BULLET = re.compile(r"^\s*\\[-*+]")


class ListParser:
    """Reads one section's lines into items, recording each bullet and block as a layout piece."""

    def __init__(self, lines: list[Line], scope: Hashable, record: Recorder,
                 warnings: list[WorklogWarning] | None, where: str) -> None:
        self.lines = lines
        self.fenced = fenced_spans(lines)
        self.scope = scope
        self.record = record
        self.warnings = warnings  # None: markdown here is expected (an extra section), not worth a word
        self.where = where
        self.index = 0

    def items(self, base: int = 0, depth: int = 0, parent: str | None = None) -> list[Item]:
        found: list[Item] = []
        while self.index < len(self.lines):
            line = self.lines[self.index]
            if line.blank():
                self.record.gap(line.raw)
                self.index += 1
                continue
            if depth and indent_width(line.text) < base:
                break  # back to the bullet above this list
            match = None if self.fenced[self.index] else bullet_of(line)
            found.append(self._bullet(match, depth, parent) if match else self._markdown(base, depth))
        return found

    def _bullet(self, match: re.Match[str], depth: int, parent: str | None) -> Item:
        first = self.lines[self.index]
        indent = indent_width(first.text)
        gap = len((match["gap"] or "").expandtabs(4))
        content = indent + 1 + (gap if 0 < gap <= 4 and match["text"] else 1)
        own = [first]
        self.index += 1
        while self.index < len(self.lines) and not self.lines[self.index].blank() \
                and not starts_block(self.lines[self.index]):
            own.append(self.lines[self.index])  # a continuation line of this bullet's text
            self.index += 1
        text = typed_text([(match["text"] or "") + match["tail"], *(line.text.lstrip() for line in own[1:])])
        self.record.piece(("li", self.scope, depth, parent, text), raw_text(own))
        prefix = first.text[: len(first.text) - len((match["text"] or "") + match["tail"])]
        for scope in (self.scope, "*"):
            self.record.style(("li-prefix", scope, depth), prefix)
            self.record.style(("li-tail", scope, depth), match["tail"] if match["text"] else "")
            if len(own) > 1:
                self.record.style(("li-cont", scope, depth), own[1].text[: indent_width(own[1].text)])
        children = self.items(content, depth + 1, text)
        return Bullet(text=text, children=children) if children else text

    def _markdown(self, base: int, depth: int) -> Markdown:
        start = self.index
        block = self._block_lines()
        text = typed_text([dedent(line.text, base) for line in block])
        self.record.piece(("md", self.scope, depth, text), raw_text(block))
        self.record.style(("md-indent", depth), block[0].text[: len(block[0].text) - len(block[0].text.lstrip())])
        if self.warnings is not None:
            what = _describe(block)
            # a line of text may have been meant as an item; a code block, rule or table was not
            advice = "" if what in _NEVER_ITEMS else " (make it a '* ' bullet to count it)"
            self.warnings.append(WorklogWarning(self.lines[start].number, (
                f"{what} among the bullets of {self.where}: kept as written, and shown on the "
                f"site where it stands{advice}")))
        return Markdown(markdown=text)

    def _block_lines(self) -> list[Line]:
        """One markdown block: a fenced block whole, a heading or rule alone, else up to a blank or a bullet."""
        first = self.lines[self.index]
        block = [first]
        self.index += 1
        if self.fenced[self.index - 1] and FENCE.match(first.text):
            while self.index < len(self.lines) and self.fenced[self.index]:
                block.append(self.lines[self.index])
                self.index += 1
                if FENCE.match(block[-1].text):
                    break
            return block
        if heading_of(first) or THEMATIC_BREAK.match(first.text):
            return block
        while self.index < len(self.lines):
            line = self.lines[self.index]
            if line.blank() or bullet_of(line) or FENCE.match(line.text) or heading_of(line) \
                    or THEMATIC_BREAK.match(line.text):
                break
            block.append(line)
            self.index += 1
        return block


_NEVER_ITEMS = ("a code block", "a heading", "a '---' rule", "a table", "a quote")


def _describe(block: list[Line]) -> str:
    text = block[0].text
    if FENCE.match(text):
        return "a code block"
    if heading_of(block[0]):
        return "a heading"
    if THEMATIC_BREAK.match(text):
        return "a '---' rule"
    if _ESCAPED_BULLET.match(text):
        return "an escaped '\\-' line (not a bullet)"
    if text.lstrip().startswith("|"):
        return "a table"
    if text.lstrip().startswith(">"):
        return "a quote"
    if re.match(r"^\s*\d{1,9}[.)]\s", text):
        return "a numbered list"
    return "a paragraph"


def render_items(items: list[Item], scope: Hashable, emit: Emitter, marker: str,
                 depth: int = 0, parent: str | None = None, first_gap: str = "\n") -> None:
    """Each item from the page when unchanged, else in the page's style for that depth."""
    for index, item in enumerate(items):
        gap = first_gap if index == 0 else ""
        if isinstance(item, Markdown):
            emit.piece(("md", scope, depth, item.markdown),
                       lambda item=item: _render_markdown(item.markdown, depth, emit),
                       default_gap="\n" if depth == 0 or index else "")
            continue
        text = item_text(item)
        emit.piece(("li", scope, depth, parent, text),
                   lambda text=text: _render_bullet(text, scope, depth, marker, emit), default_gap=gap)
        render_items(item_children(item), scope, emit, marker, depth + 1, text, first_gap="")


def _render_bullet(text: str, scope: Hashable, depth: int, marker: str, emit: Emitter) -> str:
    layout = emit.layout
    prefix = layout.style(("li-prefix", scope, depth), ("li-prefix", "*", depth),
                          default="  " * depth + marker + " ")
    tail = layout.style(("li-tail", scope, depth), default="")
    cont = layout.style(("li-cont", scope, depth), ("li-cont", "*", depth), default=" " * len(prefix))
    spaces = len(tail) >= 2 and not tail.strip()  # this page breaks lines with two spaces, not a backslash
    lines = []
    for index, line in enumerate(text.split("\n")):
        broken = line.endswith("\\") and not line.endswith("\\\\")
        if broken and spaces:
            line = line[:-1] + tail
        elif index == 0 and line and not broken:
            line += tail
        lines.append((prefix if index == 0 else cont if line else "") + line)
    return "".join(line + emit.newline for line in lines)


def _render_markdown(text: str, depth: int, emit: Emitter) -> str:
    indent = emit.layout.style(("md-indent", depth), default="  " * depth)
    return "".join(((indent + line) if line else "") + emit.newline for line in text.split("\n"))
