"""Unicode in the diagrams: right-to-left text is isolated, so it cannot reverse a flow's arrows, and the
fonts the Makefile installs draw emoji and the other scripts (no empty boxes)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from archgen import escape
from archgen.cli import main
from tests.safety.test_generation import edit

FSI, PDI = "\u2068", "\u2069"


def test_right_to_left_text_is_isolated_in_the_diagrams(project: Path) -> None:
    edit(project, ('"items-fn -> items-table: Scan"', '"items-fn -> items-table: \u202eقراءة العناصر 🚀"'),
         ("label: Items table", 'label: "جدول 📦 Items"'))
    assert main(["--quiet", "--model", str(project / "model")]) == 0
    dot = (project / "diagrams" / "request-flow.dot").read_text("utf-8")
    assert f"{FSI}جدول 📦 Items{PDI}" in dot
    assert f"{FSI}قراءة العناصر 🚀{PDI}" in dot and "\u202e" not in dot  # the override is dropped
    # The step's row names its ends in flow order, the right-to-left label isolated inside it.
    assert f"Items function → {FSI}جدول 📦 Items{PDI}" in dot


@pytest.mark.parametrize("text", ["ltr only", "emoji 👩‍💻", "mixed עברית and English", "\u202eevil"])
def test_isolation_wraps_only_right_to_left_text(text: str) -> None:
    cleaned = escape.clean(text)
    rtl = any("\u0590" <= char <= "\u08ff" for char in text)
    assert cleaned.startswith(FSI) == rtl and cleaned.endswith(PDI) == rtl
    assert "\u202e" not in cleaned


@pytest.mark.skipif(shutil.which("fc-match") is None, reason="fontconfig is not installed")
@pytest.mark.parametrize(("char", "script"), [("1f680", "emoji"), ("05e9", "Hebrew"), ("0634", "Arabic"),
                                                ("0915", "Devanagari"), ("0e01", "Thai"), ("51fd", "Chinese")])
def test_a_font_draws_each_script(char: str, script: str) -> None:
    """What fontconfig gives Graphviz for a glyph DejaVu Sans lacks: a font that has it (`make
    system-packages` installs Noto core, Noto Color Emoji and Droid Sans Fallback)."""
    found = subprocess.run(["fc-match", "--format=%{charset}\n%{family}", f"DejaVu Sans:charset={char}"],
                           capture_output=True, text=True, check=True).stdout
    charset, family = found.split("\n", 1)
    ranges = [part.split("-") for part in charset.split()]
    code = int(char, 16)
    assert any(int(r[0], 16) <= code <= int(r[-1], 16) for r in ranges), f"no font for {script}: {family}"


@pytest.mark.parametrize("label", ["]", "] starts it", "ab ]cd", "x]]>y", "T .a b _3cS ]"])
def test_a_bracket_wherever_a_label_wraps_draws(project: Path, label: str) -> None:
    """Found by the fuzzer: a label whose wrapped line began with `]` stopped Graphviz (its HTML-label
    parser reads it as text after the table) and generate failed with its message."""
    edit(project, ("label: Items table", f"label: {label!r}"))
    assert main(["--quiet", "--model", str(project / "model")]) == 0
    assert "&#93;" in (project / "diagrams" / "architecture.dot").read_text("utf-8")
