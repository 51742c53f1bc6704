"""Block YAML written straight from plain data: the bytes PyYAML's dumper gives, several times faster.

A template is dicts, lists, strings, integers and booleans, in block style, never aliased. PyYAML
spends most of its time building a node per value and analysing every scalar again, though a
template's texts repeat ("Fn::GetAtt", "Arn", a role's name). Here the layout (indentation, `- `,
`{}`) is written directly and each distinct text is rendered once, by PyYAML itself, as a key or as
a value, and remembered. Anything this writer does not know (another type, a key PyYAML would
write in its complex form) returns None, and the caller uses PyYAML for the whole document.
`tests/templates` holds it to PyYAML's bytes on every committed template.
"""

from __future__ import annotations

import re
from typing import Any, Callable

# A text PyYAML writes plain, as it stands, without asking it: it starts with a letter, holds only letters,
# digits, `_./-` and single inner spaces, and is none of YAML 1.1's boolean or null words (a text starting
# with a letter resolves to no other type). Most of a template's texts are such; the rest go to PyYAML.
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_./-]*(?: [A-Za-z0-9_./-]+)*")
_WORDS = frozenset(f"{word}" for base in ("yes", "no", "true", "false", "on", "off", "null")
                   for word in (base, base.capitalize(), base.upper()))

_OTHER_BREAKS = ("\x85", "\u2028", "\u2029")
SIMPLE_KEY_LIMIT = 128  # PyYAML writes a key this long or longer in its complex `? key` form


class _Unsupported(Exception):
    pass


class BlockWriter:
    def __init__(self, dump: Callable[[Any], str]) -> None:
        self._dump = dump  # PyYAML's dumper with the caller's options, for one small document
        self._values: dict[str, str] = {}
        self._keys: dict[str, str] = {}
        self._open_ended = False  # the last text written keeps its trailing breaks (`|+`): PyYAML ends with `...`

    def document(self, data: dict[str, Any]) -> str | None:
        """`data` as PyYAML would write it, or None when it holds what this writer leaves to PyYAML."""
        if type(data) is not dict or not data:
            return None
        out: list[str] = []
        self._open_ended = False
        try:
            self._mapping(data, 0, out, first_prefix="")
        except _Unsupported:
            return None
        return "".join(out) + ("...\n" if self._open_ended else "")

    def _mapping(self, data: dict[str, Any], indent: int, out: list[str], first_prefix: str) -> None:
        pad = " " * indent
        for position, (key, value) in enumerate(data.items()):
            out.append(first_prefix if position == 0 else pad)
            out.append(self._key(key))
            out.append(":")
            self._after_key(value, indent, out)

    def _after_key(self, value: Any, indent: int, out: list[str]) -> None:
        kind = type(value)
        if kind is dict and value:
            out.append("\n")
            self._mapping(value, indent + 2, out, first_prefix=" " * (indent + 2))
        elif kind is list and value:
            out.append("\n")
            self._sequence(value, indent, out, first_prefix=" " * indent)  # PyYAML: not indented under a key
        else:
            out.append(" ")
            out.append(self._scalar(value, indent + 2))
            out.append("\n")

    def _sequence(self, data: list[Any], indent: int, out: list[str], first_prefix: str) -> None:
        pad = " " * indent
        for position, item in enumerate(data):
            out.append(first_prefix if position == 0 else pad)
            out.append("- ")
            kind = type(item)
            if kind is dict and item:
                self._mapping(item, indent + 2, out, first_prefix="")
            elif kind is list and item:
                self._sequence(item, indent + 2, out, first_prefix="")
            else:
                out.append(self._scalar(item, indent + 2))
                out.append("\n")

    def _key(self, key: Any) -> str:
        if type(key) is not str:
            raise _Unsupported
        found = self._keys.get(key)
        if found is None and len(key) < SIMPLE_KEY_LIMIT and _PLAIN.fullmatch(key) and key not in _WORDS:
            found = self._keys[key] = key
        if found is None:
            text = self._dump({key: 0})
            if not text.endswith(": 0\n") or "\n" in text[:-4] or len(key) >= SIMPLE_KEY_LIMIT:
                raise _Unsupported  # a complex key, or one written over several lines
            found = self._keys[key] = text[:-4]
        return found

    def _scalar(self, value: Any, indent: int) -> str:
        self._open_ended = False
        kind = type(value)
        if kind is bool:
            return "true" if value else "false"
        if kind is int:
            return str(value)
        if value is None:
            return "null"
        if kind is dict:
            return "{}"
        if kind is list:
            return "[]"
        if kind is not str:
            raise _Unsupported
        found = self._values.get(value)
        if found is None and _PLAIN.fullmatch(value) and value not in _WORDS:
            found = self._values[value] = value
        if found is None:
            text = self._dump({"k": value})
            if not text.startswith("k: "):
                raise _Unsupported
            if text.endswith("\n...\n"):  # open-ended: only the document's end says so
                text = text[:-4]
            found = self._values[value] = text[3:-1]
        if "\n" not in found:
            if any(mark in found for mark in _OTHER_BREAKS):
                raise _Unsupported  # PyYAML broke a quoted text at a Unicode line break, indented as it stood
            return found
        if not found.startswith("|"):
            raise _Unsupported  # a quoted text PyYAML broke over lines (a Unicode line separator)
        self._open_ended = found.split("\n", 1)[0].endswith("+")
        return _reindent(found, indent)  # a literal block: its lines sit two spaces in from the key


def _reindent(block: str, indent: int) -> str:
    """A block scalar dumped under a top-level key (its lines indented by 2) moved to `indent`."""
    head, *lines = block.split("\n")
    pad = " " * indent
    moved = [pad + line[2:] if line.startswith("  ") else line for line in lines]
    return "\n".join([head, *moved])
