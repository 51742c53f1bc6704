"""Load: YAML text -> plain data plus the file position of every path in it.

PyYAML's `compose` keeps a start mark on every node; we build plain Python values
from those nodes ourselves, so that we can refuse what a model never needs and what
PyYAML would accept silently: duplicate keys, Python tags, merge keys, alias bombs,
deep nesting, tabs in indentation, NUL bytes and text that is not UTF-8.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from archgen.errors import ModelError, ModelInvalid, Path_, format_path

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 40
MAX_NODES = 100_000

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
# libyaml's parser when PyYAML has it (ten times faster on large models); same marks, same errors.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_LEADING_TAB = re.compile(r"^ *\t", re.MULTILINE)


@dataclass(frozen=True)
class Mark:
    line: int
    column: int


@dataclass
class Document:
    """One loaded file: its data and where each path of it stands."""

    file: str
    data: Any
    value_marks: dict[Path_, Mark] = field(default_factory=dict)
    key_marks: dict[Path_, Mark] = field(default_factory=dict)

    def locate(self, path: Path_, *, at_key: bool = False) -> Mark:
        """The mark of `path`, or of its nearest ancestor that has one."""
        marks = self.key_marks if at_key else self.value_marks
        probe = tuple(path)
        while probe:
            if probe in marks:
                return marks[probe]
            if probe in self.value_marks:
                return self.value_marks[probe]
            probe = probe[:-1]
        return self.value_marks.get((), Mark(1, 1))

    def error(self, path: Path_, message: str, *, at_key: bool = False) -> ModelError:
        mark = self.locate(path, at_key=at_key)
        return ModelError(self.file, mark.line, mark.column, format_path(path), message)


def display_name(path: Path) -> str:
    """The path as the user should see it: relative to the working folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def load_file(path: Path) -> Document:
    """Read and parse one YAML file; raise ModelInvalid with every problem found."""
    name = display_name(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ModelInvalid([ModelError(name, 1, 1, "", f"cannot read file: {exc.strerror}")]) from None
    return load_bytes(raw, name)


def load_bytes(raw: bytes, name: str) -> Document:
    text = _decode(raw, name)
    root = _compose(text, name)
    document = Document(name, None)
    document.data = _Builder(document).build(root)
    return document


def _fail(name: str, line: int, column: int, message: str) -> ModelInvalid:
    return ModelInvalid([ModelError(name, line, column, "", message)])


def _decode(raw: bytes, name: str) -> str:
    if len(raw) > MAX_BYTES:
        raise _fail(name, 1, 1, f"file is {len(raw)} bytes, over the {MAX_BYTES}-byte limit: split it or trim it")
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise _fail(name, line, 1, "NUL byte in file: a model is UTF-8 text; remove the binary content")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _fail(name, line, column, "text is not UTF-8: save the file as UTF-8") from None
    if not text.strip():
        raise _fail(name, 1, 1, "file is empty: expected a mapping of sections")
    tabs = [_fail_tab(text, m.end()) for m in _LEADING_TAB.finditer(text)]
    if tabs:
        raise ModelInvalid([ModelError(name, line, col, "", "tab in indentation: YAML indents with spaces")
                            for line, col in tabs])
    return text


def _fail_tab(text: str, end: int) -> tuple[int, int]:
    line = text.count("\n", 0, end) + 1
    return line, end - (text.rfind("\n", 0, end) + 1)


def _compose(text: str, name: str) -> yaml.Node:
    _check_nesting(text, name)
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        context = exc.context_mark
        if exc.context and context is not None and context.line + 1 != line:
            problem += f" ({exc.context} at line {context.line + 1})"
        raise _fail(name, line, column, f"YAML syntax error: {problem}") from None
    except yaml.YAMLError as exc:
        raise _fail(name, 1, 1, f"YAML error: {exc}") from None
    if root is None:
        raise _fail(name, 1, 1, "file is empty: expected a mapping of sections")
    return root


def _check_nesting(text: str, name: str) -> None:
    """Walk the event stream (iterative, cheap) so deep nesting never reaches the recursive composer."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    raise _fail(name, mark.line + 1, mark.column + 1,
                                f"nesting deeper than {MAX_DEPTH} levels: flatten the structure")
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return  # the composer reports syntax errors with their position


class _Builder:
    """Turns composed nodes into dicts, lists and scalars, recording marks on the way."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.nodes = 0
        self.constructor = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, path: Path_ = ()) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self._error(node, f"more than {MAX_NODES} values after expanding aliases: "
                                    "remove the alias chain (a YAML 'billion laughs')")
        self.document.value_marks[path] = Mark(node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            self._check_tag(node, "tag:yaml.org,2002:seq")
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        self._check_tag(node, "tag:yaml.org,2002:map")
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self._error(key_node, "merge keys (<<) are not supported: write the keys out")
            key = self._scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, (str, int)) or isinstance(key, bool):
                raise self._error(key_node, "a key must be a plain string")
            key = str(key)
            if key in result:
                first = self.document.key_marks[path + (key,)]
                raise self._error(key_node, f"duplicate key '{key}' (first at line {first.line}): "
                                            "keep one of them")
            self.document.key_marks[path + (key,)] = Mark(key_node.start_mark.line + 1,
                                                          key_node.start_mark.column + 1)
            result[key] = self.build(value_node, path + (key,))
        return result

    def _scalar(self, node: yaml.Node) -> Any:
        if node.tag not in _PLAIN_TAGS:
            raise self._error(node, f"tag '{_short(node.tag)}' is not allowed: a model holds plain values only")
        if node.tag == "tag:yaml.org,2002:timestamp":
            return node.value  # dates stay as written: no time zones, no reinterpretation
        return self.constructor.construct_object(node)

    def _check_tag(self, node: yaml.Node, expected: str) -> None:
        if node.tag != expected:
            raise self._error(node, f"tag '{_short(node.tag)}' is not allowed: a model holds plain values only")

    def _error(self, node: yaml.Node, message: str) -> ModelInvalid:
        mark = node.start_mark
        return _fail(self.document.file, mark.line + 1, mark.column + 1, message)


def _short(tag: str) -> str:
    """`tag:yaml.org,2002:python/object` -> `!!python/object`, as the user wrote it."""
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag
