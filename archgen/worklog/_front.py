"""Front matter <-> (title, the other keys): YAML between `---` lines or TOML between `+++` lines.

Each top-level key is one layout piece (its own lines, as written); comments and blank lines are the
gaps between them, so they come back too. A changed value is written in the way that key was written
(double-quoted, single-quoted or plain), so `date: 2026-06-22` stays a plain date.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

import yaml

from archgen.worklog.errors import WorklogParseError
from archgen.worklog.layout import Emitter, Layout, Line, Recorder, raw_text

FENCES = {"yaml": "---", "toml": "+++"}
_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_TOML_KEY = re.compile(r"""^\s*(?P<key>"[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*=""")
_TOML_TABLE = re.compile(r"^\s*\[")


@dataclass
class FrontMatter:
    format: str                  # "yaml" or "toml"
    title: str | None
    data: dict[str, Any]         # every key but a text title, in page order


class _DuplicateKey(yaml.constructor.ConstructorError):
    """A key given twice: PyYAML would keep the last one silently (and Hugo refuses the page)."""


class _Loader(yaml.SafeLoader):
    """Dates stay the text they were written as; a repeated key is an error, not an overwrite."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        self.flatten_mapping(node)
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise _DuplicateKey(None, None, f"the key '{key}' is there twice in the front matter: "
                                                "keep one of them", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def canonical(value: Any) -> str:
    """A hashable, exact text of a value, for layout keys."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def parse_front(lines: list[Line], record: Recorder) -> tuple[FrontMatter | None, int]:
    """The front matter and the index of the first body line; (None, 0) when the page has none."""
    # Hugo skips blank lines before the front matter; they are kept as the page's first gap
    lead = next((i for i, line in enumerate(lines) if line.text.removeprefix("\ufeff").strip()), len(lines))
    if lead == len(lines):
        return None, 0
    opening = lines[lead].text.removeprefix("\ufeff").rstrip()
    fmt = next((name for name, fence in FENCES.items() if opening == fence), None)
    if fmt is None:
        return None, 0
    end = next((i for i, line in enumerate(lines[lead + 1:], start=lead + 1) if line.text.rstrip() == FENCES[fmt]),
               None)
    if end is None:
        raise WorklogParseError(lead + 1, 1, f"the front matter is not closed: add a '{FENCES[fmt]}' line after "
                                             "it (Hugo cannot read the page either)")
    inner = lines[lead + 1:end]
    data = _load_yaml(inner, lead) if fmt == "yaml" else _load_toml(inner, lead)
    for line in lines[:lead]:
        record.gap(line.raw)
    record.piece(("fm-open", fmt), lines[lead].raw)
    spans = _yaml_spans(inner) if fmt == "yaml" else _toml_spans(inner, data)
    _record_keys(inner, spans, data, fmt, record)
    record.piece(("fm-close", fmt), lines[end].raw)
    title = data.get("title")
    if isinstance(title, str):
        data = {key: value for key, value in data.items() if key != "title"}
    else:
        title = None
    return FrontMatter(fmt, title, data), end + 1


def _load_yaml(inner: list[Line], lead: int = 0) -> dict[str, Any]:
    text = "\n".join(line.text for line in inner)
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 2 + lead, mark.column + 1) if mark else (1, 1)  # +2: the '---' line
        message = str(exc.problem) if isinstance(exc, _DuplicateKey) else (
            f"the front matter is not valid YAML ({exc.problem or exc.context}), so Hugo cannot read the "
            "page either: fix it (quote text that has ': ' or '#')")
        raise WorklogParseError(line, column, message) from None
    except yaml.YAMLError as exc:
        raise WorklogParseError(1, 1, f"the front matter is not valid YAML: {exc}") from None
    return _mapping(data)


def _load_toml(inner: list[Line], lead: int = 0) -> dict[str, Any]:
    try:
        data = tomllib.loads("\n".join(line.text for line in inner))
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+), column (\d+)", str(exc))
        line, column = (int(found[1]) + 1 + lead, int(found[2])) if found else (1, 1)
        raise WorklogParseError(line, column, f"the front matter is not valid TOML ({exc}), so Hugo cannot "
                                              "read the page either: fix it") from None
    return _mapping(_plain(data))


def _mapping(data: Any) -> dict[str, Any]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise WorklogParseError(2, 1, "the front matter must be 'key: value' lines, e.g. 'title: \"Week 3\"'")
    if not all(isinstance(key, str) for key in data):
        raise WorklogParseError(2, 1, "every front-matter key must be text: quote the numeric ones")
    return data


def _plain(value: Any) -> Any:
    """TOML dates and times as their text, so the model holds what YAML can hold."""
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _yaml_spans(inner: list[Line]) -> list[tuple[str, int, int]] | None:
    """(key, first line, end line) of each top-level key, as indexes into `inner`."""
    node = yaml.compose("\n".join(line.text for line in inner), Loader=yaml.SafeLoader)
    if not isinstance(node, yaml.MappingNode):
        return [] if node is None else None
    spans = []
    for key_node, value_node in node.value:
        end = value_node.end_mark.line + (1 if value_node.end_mark.column > 0 else 0)
        spans.append((str(key_node.value), key_node.start_mark.line, max(end, key_node.start_mark.line + 1)))
    return spans


def _toml_spans(inner: list[Line], data: dict[str, Any]) -> list[tuple[str, int, int]] | None:
    spans: list[tuple[str, int, int]] = []
    for index, line in enumerate(inner):
        if _TOML_TABLE.match(line.text):
            spans.append(("", index, len(inner)))  # tables to the end: one piece, keyed by all they hold
            break
        match = _TOML_KEY.match(line.text)
        if match:
            spans.append((match["key"].strip("\"'"), index, index + 1))
        elif spans and line.text.strip() and not line.text.lstrip().startswith("#"):
            name, start, _ = spans[-1]
            spans[-1] = (name, start, index + 1)  # a multi-line value goes on
    keys = [name for name, _, _ in spans if name]
    plain = [key for key, value in data.items() if not isinstance(value, dict)]
    tables = any(isinstance(value, dict) for value in data.values())
    return spans if keys == plain and tables == any(not name for name, _, _ in spans) else None


def _record_keys(inner: list[Line], spans: list[tuple[str, int, int]] | None, data: dict[str, Any],
                 fmt: str, record: Recorder) -> None:
    if spans is None:  # a shape we cannot cut by key: one piece, changed as a whole
        record.piece(("fm-all", canonical(data)), raw_text(inner))
        return
    done = 0
    tables = {key: value for key, value in data.items() if isinstance(value, dict)} if fmt == "toml" else {}
    for name, start, end in spans:
        for line in inner[done:start]:
            record.gap(line.raw)
        raw = raw_text(inner[start:end])
        if name:
            record.piece(("fm", name, canonical(data.get(name))), raw)
            record.style(("fm-quote", name), _quote_of(raw))
        else:
            record.piece(("fm-tables", canonical(tables)), raw)
        done = end
    for line in inner[done:]:
        record.gap(line.raw)


def _quote_of(raw: str) -> str:
    value = re.split(r"[:=]", raw, maxsplit=1)[-1].lstrip()
    return value[0] if value[:1] in ("'", '"') else ""


def render_front(front: FrontMatter, emit: Emitter) -> None:
    layout = emit.layout
    fence = FENCES[front.format]
    emit.piece(("fm-open", front.format), lambda: fence + emit.newline)
    entries = dict(front.data)
    if front.title is not None:
        entries = {"title": front.title, **entries}
    if layout.pieces.get(("fm-all", canonical(entries))) is not None or _cut_whole(layout):
        emit.piece(("fm-all", canonical(entries)), lambda: _render_all(entries, front.format, emit.newline))
    else:
        tables = {k: v for k, v in entries.items() if isinstance(v, dict)} if front.format == "toml" else {}
        for name in _ordered(entries, layout):
            if name in tables:
                continue
            value = entries[name]
            emit.piece(("fm", name, canonical(value)),
                       lambda name=name, value=value: _entry(name, value, front.format, layout) + emit.newline)
        if tables:
            emit.piece(("fm-tables", canonical(tables)), lambda: _render_all(tables, "toml", emit.newline))
    emit.piece(("fm-close", front.format), lambda: fence + emit.newline)


def _cut_whole(layout: Layout) -> bool:
    return any(key[0] == "fm-all" for key in layout.order)


def _ordered(entries: dict[str, Any], layout: Layout) -> list[str]:
    """Keys in the page's order; keys the page did not have keep the model's order, after it."""
    placed = [key[1] for key in layout.order if key[0] == "fm" and key[1] in entries]
    placed = list(dict.fromkeys(placed))
    return placed + [name for name in entries if name not in placed]


def _entry(name: str, value: Any, fmt: str, layout: Layout) -> str:
    quote = layout.style(("fm-quote", name), default='"' if name == "title" else "")
    if fmt == "toml":
        return f"{name if _PLAIN_KEY.match(name) else json.dumps(name)} = {_toml_value(value)}"
    key = name if _PLAIN_KEY.match(name) else json.dumps(name, ensure_ascii=False)
    if isinstance(value, str):
        return f"{key}: {_yaml_text(value, quote)}"
    dumped = yaml.safe_dump({"k": value}, default_flow_style=False, allow_unicode=True, sort_keys=False,
                            width=float("inf")).rstrip().split("\n")
    return "\n".join([key + dumped[0][1:], *dumped[1:]])


def _yaml_text(value: str, quote: str) -> str:
    if quote == "'" and "\n" not in value:
        return "'" + value.replace("'", "''") + "'"
    if quote == "" and _plain_reads_back(value):
        return value
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _plain_reads_back(value: str) -> bool:
    if not value or value != value.strip() or "\n" in value:
        return False
    try:
        return yaml.load(f"k: {value}", Loader=_Loader) == {"k": value}  # noqa: S506
    except yaml.YAMLError:
        return False


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def _render_all(entries: dict[str, Any], fmt: str, newline: str) -> str:
    if fmt == "toml":
        lines = [f"{name} = {_toml_value(value)}" for name, value in entries.items() if not isinstance(value, dict)]
        for name, table in entries.items():
            if isinstance(table, dict):
                lines += [f"[{name}]", *(f"{k} = {_toml_value(v)}" for k, v in table.items())]
        return "".join(line + newline for line in lines)
    empty = Layout()
    return "".join(_entry(name, value, "yaml", empty) + newline for name, value in entries.items())
