"""The URL shortener example's Node.js functions, tested by Node's own runner (node --test) with a fake
DynamoDB client; skipped where no Node.js is installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent / "node" / "shortener.test.mjs"


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_the_shortener_functions_pass_their_node_tests() -> None:
    run = subprocess.run(["node", "--test", str(TESTS)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "# pass 5" in run.stdout and "# fail 0" in run.stdout, run.stdout
