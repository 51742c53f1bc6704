"""cfripper, parliament and cfn-lint-serverless on deploy/, each from its own pinned virtualenv.

Every finding is either a recorded exception with its reason, or a known template finding listed
exactly (findings.py); anything else fails. The known ones are also a strict xfail: once the
templates no longer have them, the xfail passes and fails the run until the list is emptied.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from tests.scanners import findings

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
TEMPLATES = sorted(DEPLOY.glob("*.yaml"))


def _venv(name: str) -> Path:
    return REPO / f".venv-{name}" / "bin"


def _needs(name: str) -> Any:
    return pytest.mark.skipif(not _venv(name).is_dir(), reason=f".venv-{name} is not there: `make scanner-venvs`")


@lru_cache(maxsize=None)
def cfripper() -> frozenset[tuple[str, str, str]]:
    found = set()
    with tempfile.TemporaryDirectory() as out:  # one report per template, named after it
        run = subprocess.run([str(_venv("cfripper") / "cfripper"), *(t.name for t in TEMPLATES), "--format", "json",
                              "--output-folder", out], cwd=DEPLOY, capture_output=True, text=True, timeout=300)
        assert run.returncode in (0, 2), run.stderr[-2000:]  # 2: findings; anything else: it did not scan
        for template in TEMPLATES:
            report = json.loads((Path(out) / f"{template.name}.cfripper.results.json").read_text())
            for failure in report["failures"]:
                found |= {(template.name, resource, failure["rule"]) for resource in failure["resource_ids"] or ["?"]}
    return frozenset(found)


@lru_cache(maxsize=None)
def parliament() -> frozenset[tuple[str, str, str, str]]:
    run = subprocess.run([str(_venv("parliament") / "python"), str(Path(__file__).with_name("parliament_cfn.py")),
                          *map(str, TEMPLATES)], capture_output=True, text=True, timeout=300, check=True)
    return frozenset((f["template"], f["resource"], f["policy"], f["issue"]) for f in json.loads(run.stdout))


@lru_cache(maxsize=None)
def serverless() -> frozenset[tuple[str, str, str]]:
    run = subprocess.run([str(_venv("cfn-lint-serverless") / "cfn-lint"), "--append-rules", "cfn_lint_serverless.rules",
                          "--format", "json", "--", *map(str, TEMPLATES)], capture_output=True, text=True, timeout=300)
    assert run.returncode in (0, 2, 4, 6, 8, 10, 12, 14), run.stderr[-2000:]
    return frozenset((Path(m["Filename"]).name, (m["Location"]["Path"] or ["", "?"])[1], m["Rule"]["Id"])
                     for m in json.loads(run.stdout))


SCANNERS = {
    "cfripper": (cfripper, findings.CFRIPPER_EXCEPTIONS, findings.CFRIPPER_KNOWN),
    "parliament": (parliament, findings.PARLIAMENT_EXCEPTIONS, findings.PARLIAMENT_KNOWN),
    "cfn-lint-serverless": (serverless, findings.SERVERLESS_EXCEPTIONS, findings.SERVERLESS_KNOWN),
}
ALL = [pytest.param(name, marks=_needs(name), id=name) for name in SCANNERS]


@pytest.mark.parametrize("name", ALL)
def test_no_finding_is_unrecorded(name: str) -> None:
    scan, exceptions, known = SCANNERS[name]
    unexplained = sorted(scan() - set(exceptions) - known)
    assert unexplained == [], f"{name}: findings that are neither a reasoned exception nor known: {unexplained}"


@pytest.mark.parametrize("name", ALL)
def test_every_recorded_exception_still_applies_and_has_a_reason(name: str) -> None:
    scan, exceptions, _ = SCANNERS[name]
    assert sorted(set(exceptions) - scan()) == [], f"{name}: exceptions no finding needs any more: strike them"
    assert all(len(reason) > 40 for reason in exceptions.values())


@pytest.mark.parametrize("name", ALL)
def test_known_template_findings_are_still_there(name: str) -> None:
    """A fixed template finding must leave the known list (so the list never hides a new one)."""
    scan, _, known = SCANNERS[name]
    assert sorted(known - scan()) == [], f"{name}: fixed in the templates: strike these from findings.py"


WITH_KNOWN = [pytest.param(name, marks=[_needs(name), pytest.mark.xfail(
    strict=True, reason="known template findings are to be fixed in the templates: then empty the KNOWN list")],
    id=name) for name, (_, _, known) in SCANNERS.items() if known]


@pytest.mark.parametrize("name", WITH_KNOWN)
def test_the_templates_have_no_known_findings(name: str) -> None:
    scan, _, known = SCANNERS[name]
    assert sorted(scan() & known) == []
