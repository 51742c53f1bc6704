"""`pytest --update-goldens` rewrites the golden fragments under tests/templates/fixtures/."""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", help="rewrite tests/templates/fixtures/*.yaml")
