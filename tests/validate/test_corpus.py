"""Every bad model gives exactly its recorded errors (file:line:col, path, message with the fix)."""

from __future__ import annotations

from pathlib import Path

import pytest

from archgen.errors import ModelInvalid
from archgen.load import MAX_BYTES, load_bytes
from archgen.validate import load_model
from tests.validate.corpus import BAD, bad_models, errors_of, expected

HERE = Path(__file__).resolve().parent


def test_corpus_is_large_and_complete() -> None:
    names = {case.name for case in bad_models()}
    assert len(names) >= 30
    assert names == set(expected()), "run `python -m tests.validate.corpus --update` and review the diff"


@pytest.mark.parametrize("case", bad_models(), ids=lambda p: p.stem)
def test_bad_model_gives_its_errors(case: Path) -> None:
    errors = errors_of(case)
    assert errors, f"{case.name} was accepted"
    assert errors == expected()[case.name]
    assert all(error.startswith("model/system.yaml:") for error in errors)


@pytest.mark.parametrize("case", bad_models(), ids=lambda p: p.stem)
def test_errors_point_at_a_real_line(case: Path) -> None:
    lines = case.read_bytes().count(b"\n") + 1
    for error in errors_of(case):
        line = int(error.split(":")[1])
        assert 1 <= line <= lines


def test_the_good_fixture_and_the_default_model_are_valid() -> None:
    assert load_model(HERE / "good" / "minimal.yaml").components
    assert load_model(HERE.parents[1] / "model").components


@pytest.mark.parametrize(("raw", "message"), [
    (b"system:\n  name: a\x00b\n", "2:1: NUL byte in file"),
    (b"system:\n  title: caf\xe9\n", "2:13: text is not UTF-8"),
    (b"a: " + b"x" * (MAX_BYTES + 1), f"over the {MAX_BYTES}-byte limit"),
    (b"", "file is empty"),
    (b"key: [unclosed\n", "YAML syntax error"),
])
def test_unreadable_bytes_are_refused_with_their_position(raw: bytes, message: str) -> None:
    with pytest.raises(ModelInvalid) as caught:
        load_bytes(raw, "model/system.yaml")
    assert message in str(caught.value)


def test_a_byte_order_mark_is_fine() -> None:
    assert load_bytes("\ufeffa: 1\n".encode(), "x.yaml").data == {"a": 1}


def test_dates_stay_as_written() -> None:
    assert load_bytes(b"date: 2025-11-07\n", "x.yaml").data == {"date": "2025-11-07"}


def test_errors_of_all_sections_come_in_one_run_in_file_order() -> None:
    errors = errors_of(BAD / "49-several-errors-in-file-order.yaml")
    assert len(errors) == 3
    positions = [tuple(map(int, e.split(":")[1:3])) for e in errors]
    assert positions == sorted(positions)
