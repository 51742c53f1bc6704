"""How a page was written, kept beside its parts: what makes export lossless and its diffs local.

Parsing cuts a page into *pieces* (a front-matter key, a heading, one bullet's own lines, a table row,
a markdown block), each keyed by the part it holds (its kind, place and typed value), and the *gaps*
between them (blank lines, comments). Every byte of the page is in exactly one piece or gap.

Export walks the week and asks for each piece by its key: a piece whose part did not change comes
back as its original bytes; a changed or new one is written in the page's own style (its marker,
indent, spacing, padding, line ending), and the gap before it is the one the page had between the
same neighbours, else between pieces of the same kinds, else the default. So an unedited week gives
the page back byte for byte, and an edit changes the lines of what was edited and nothing else.
"""

from __future__ import annotations

from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from typing import Any, Callable, Hashable

Key = tuple[Hashable, ...]


@dataclass
class Line:
    number: int  # 1-based line number in the page
    text: str    # without its line ending
    eol: str     # "\n", "\r\n", "\r" or "" (the last line of a page without a final newline)

    @property
    def raw(self) -> str:
        return self.text + self.eol

    def blank(self) -> bool:
        return not self.text.strip()


def split_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    for number, raw in enumerate(text.splitlines(keepends=True), start=1):
        body = raw.rstrip("\r\n")
        lines.append(Line(number, body, raw[len(body):]))
    return lines


def raw_text(lines: list[Line]) -> str:
    return "".join(line.raw for line in lines)


@dataclass
class Layout:
    """The pieces and gaps of one page, looked up by key (first come, first served for equal keys)."""

    newline: str = "\n"
    pieces: dict[Key, deque[str]] = field(default_factory=lambda: defaultdict(deque))
    gaps: dict[tuple[Key, Key], deque[list[Any]]] = field(default_factory=lambda: defaultdict(deque))
    after: dict[Key, deque[list[Any]]] = field(default_factory=lambda: defaultdict(deque))  # gap after a piece
    kind_gaps: dict[tuple[Hashable, Hashable], Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    order: list[Key] = field(default_factory=list)
    styles: dict[Hashable, Counter[Any]] = field(default_factory=lambda: defaultdict(Counter))

    def style(self, *names: Hashable, default: Any = None) -> Any:
        """The most common style recorded under the first of `names` that has any."""
        for name in names:
            seen = self.styles.get(name)
            if seen:
                return seen.most_common(1)[0][0]
        return default

    def position(self, key: Key) -> int | None:
        try:
            return self.order.index(key)
        except ValueError:
            return None


class Recorder:
    """Used by the parser: pieces in page order, with whatever lies between them as the gap."""

    def __init__(self, newline: str) -> None:
        self.layout = Layout(newline=newline)
        self._previous: Key | None = None
        self._gap: list[str] = []
        self.trailing = ""

    def gap(self, raw: str) -> None:
        self._gap.append(raw)

    def piece(self, key: Key, raw: str) -> None:
        gap = "".join(self._gap)
        self._gap = []
        entry = [gap, False]  # [text, used]: one gap, found by its two neighbours or by the piece before it
        if self._previous is not None:
            self.layout.gaps[(self._previous, key)].append(entry)
            self.layout.after[self._previous].append(entry)
            self.layout.kind_gaps[(self._previous[0], key[0])][gap] += 1
        elif gap:
            self.layout.gaps[((), key)].append(entry)
        self.layout.pieces[key].append(raw)
        self.layout.order.append(key)
        self._previous = key

    def style(self, name: Hashable, value: Any) -> None:
        self.layout.styles[name][value] += 1

    def finish(self) -> Layout:
        self.layout.gaps[(self._previous or (), ("end",))].append(["".join(self._gap), False])
        return self.layout


class Emitter:
    """Used by export: each piece from the page when its part is unchanged, else rendered anew."""

    def __init__(self, layout: Layout | None) -> None:
        self.layout = layout or Layout()
        self.newline = self.layout.newline
        self._out: list[str] = []
        self._previous: Key | None = None
        self._last_rendered = False

    def piece(self, key: Key, render: Callable[[], str], default_gap: str = "") -> None:
        raws = self.layout.pieces.get(key)
        found = bool(raws)
        text = raws.popleft() if raws else render()
        self._last_rendered = not found
        self._out.append(self._gap_before(key, default_gap))
        self._out.append(text)
        self._previous = key

    def _gap_before(self, key: Key, default: str) -> str:
        previous = self._previous if self._previous is not None else ()
        exact = _take(self.layout.gaps.get((previous, key)))
        if exact is not None:
            return exact
        if previous == ():
            return ""
        following = _take(self.layout.after.get(previous))  # what came after this piece (a comment...)
        if following is not None and following.strip():
            return self._ensure_break(following)
        habits = self.layout.kind_gaps.get((previous[0], key[0]))
        gap = habits.most_common(1)[0][0] if habits else default.replace("\n", self.newline)
        return self._ensure_break(gap)

    def _ensure_break(self, gap: str) -> str:
        # a page may end without a newline: a piece rendered after its last line starts a new line
        last = self._out[-1] if self._out else ""
        return gap if not last or last.endswith(("\n", "\r")) else self.newline + gap

    def text(self) -> str:
        out = "".join(self._out) + (_take(self.layout.gaps.get((self._previous or (), ("end",)))) or "")
        if self._last_rendered and not out.endswith(("\n", "\r")):
            out += self.newline  # a piece written anew ends its line, even at the end of the page
        return out


def _take(entries: deque[list[Any]] | None) -> str | None:
    """The first gap of these not used yet, marked used (a gap is found by two keys: used once)."""
    while entries:
        entry = entries.popleft()
        if not entry[1]:
            entry[1] = True
            return str(entry[0])
    return None
