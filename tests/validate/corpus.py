"""The bad-model corpus: each file in bad/ and the exact errors it must produce.

Run `python -m tests.validate.corpus --update` from the repository root to rewrite
`bad/expected.json` after a deliberate change to a message, then review the diff.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from archgen.errors import ModelInvalid
from archgen.validate import load_model

HERE = Path(__file__).resolve().parent
BAD = HERE / "bad"
EXPECTED = BAD / "expected.json"


def bad_models() -> list[Path]:
    return sorted(BAD.glob("*.yaml"))


def errors_of(case: Path) -> list[str]:
    """The errors of `case` when it is a project's model/system.yaml, as the user sees them."""
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "model").mkdir()
        shutil.copyfile(case, Path(folder) / "model" / "system.yaml")
        cwd = os.getcwd()
        os.chdir(folder)
        try:
            load_model(Path("model"))
        except ModelInvalid as invalid:
            return [str(error) for error in invalid.errors]
        finally:
            os.chdir(cwd)
    return []


def expected() -> dict[str, list[str]]:
    return json.loads(EXPECTED.read_text("utf-8"))


def update() -> None:
    snapshot = {case.name: errors_of(case) for case in bad_models()}
    EXPECTED.write_text(json.dumps(snapshot, indent=2, ensure_ascii=False) + "\n", "utf-8")


if __name__ == "__main__":
    if "--update" in sys.argv:
        update()
    for name, errors in expected().items():
        print(f"{name}:")
        for error in errors:
            print(f"    {error}")
