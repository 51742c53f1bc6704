"""The fast block-YAML writer gives exactly PyYAML's bytes, or steps aside for PyYAML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings, strategies as st

from archgen.render.cloudformation.block_yaml import BlockWriter
from archgen.render.cloudformation.emit import pyyaml_text, template_yaml
from archgen.render.cloudformation.literal import literal_text

REPO = Path(__file__).resolve().parents[2]
TEMPLATES = sorted([*REPO.glob("deploy/*.yaml"), *REPO.glob("examples/*/deploy/*.yaml")])

ODD_TEXTS = ["", " ", "yes", "no", "on", "null", "~", "123", "0x1F", "1e3", "-", "- x", "a: b", "#x", "x #y",
             "'quoted'", '"dq"', "trailing ", " leading", "tab\there", "ünïcödé ✓", "a\nb", "a\n",
             "a\n\n", "\n", "  indented\nlines\n", "line\n  deeper\n\nafter blank\n", "*alias", "&anchor",
             "!tag", "%percent", "@at", "`tick", "{flow}", "[list]", "?", "x" * 200, "${AWS::Region}"]


def hostile() -> dict[str, Any]:
    """Every odd text as a key and as a value, in mappings, lists, lists of lists and empty containers."""
    return {
        "Values": {f"K{n}": text for n, text in enumerate(ODD_TEXTS)},
        "Keys": {text: n for n, text in enumerate(ODD_TEXTS) if "\n" not in text and text and len(text) < 128},
        "List": [*ODD_TEXTS, [], {}, [[1, "a\nb"], ["x", {"k": "v\nw"}]], {"a": [], "b": {}}, True, False, None, 7],
        "Nested": {"Deep": [{"Name": "build", "Spec": "version: 0.2\nphases:\n  build:\n    commands: [x]\n"}]},
        "Empty": {}, "None": None,
        "Last": "kept breaks at the very end\n\n",  # PyYAML closes such a document with `...`
    }


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_committed_template_matches_pyyaml(path: Path) -> None:
    """Written fast or left to PyYAML (a text PyYAML folds over lines), the bytes are PyYAML's."""
    data = yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader)
    assert BlockWriter(pyyaml_text).document(data) in (None, pyyaml_text(data))
    # read back, the generator's own dynamic references are plain text, which template_yaml cuts: compare alike
    assert template_yaml(data) == pyyaml_text(literal_text(data)).encode()


def test_the_fast_path_writes_the_default_models_templates() -> None:
    """The speed is not silently lost: the default model's templates never need the fallback."""
    for path in sorted(REPO.glob("deploy/*.yaml")):
        data = yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader)
        assert BlockWriter(pyyaml_text).document(data) == pyyaml_text(data), path.name


def test_odd_texts_match_pyyaml() -> None:
    data = hostile()
    text = BlockWriter(pyyaml_text).document(data)
    assert text is not None  # the fast path wrote it (not the fallback)
    assert text == pyyaml_text(data)
    assert yaml.safe_load(text) == data


@pytest.mark.parametrize("data", [{"k": 1.5}, {"x" * 130: 1}, {"k": "a\u2028b"}, {1: "a"}, {"multi\nline key": 1}, {"k": (1, 2)}])
def test_what_it_does_not_know_is_left_to_pyyaml(data: dict[Any, Any]) -> None:
    assert BlockWriter(pyyaml_text).document(data) is None
    assert template_yaml(data) == pyyaml_text(data).encode()


# Texts near the plain fast path's edge: its alphabet and the characters that would make PyYAML quote.
NEAR_PLAIN = st.text(alphabet="aAzZ09_./- :#'\"yesnoNOtrueFALSEnull~!&*?,[]{}|>%@`\t", max_size=12)


@settings(max_examples=2000, deadline=None, derandomize=True)
@given(text=NEAR_PLAIN)
def test_a_text_written_plain_without_pyyaml_is_what_pyyaml_writes(text: str) -> None:
    """The writer's own plain texts (no PyYAML call), as keys and values, are PyYAML's bytes."""
    for data in ({"k": text}, {"k": [text]}, *([{text: 1}] if text and "\t" not in text else [])):
        assert BlockWriter(pyyaml_text).document(data) in (None, pyyaml_text(data)), data
