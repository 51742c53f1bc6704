"""What deploy checks before it touches AWS: the templates are the model's (not stale, not edited
by hand), and they lint clean. A template that fails either never reaches CloudFormation. And every
function's code folder packages: a model may be generated before its code is written, but a deploy
that found a folder missing at its third stack would leave the first two deployed."""

from __future__ import annotations

import hashlib
from pathlib import Path

from archgen.deploy.manifest import DeployError, StackSpec

_LINTED: set[str] = set()  # digests of templates that linted clean in this process (lint is ~1 s each)


def check_outputs_current(model: Path) -> None:
    """What `generate.py --check` reports about deploy/, as a refusal naming each stale file."""
    from archgen.pipeline import run

    stale = [problem for problem in run(model, check=True, only={"templates"}).stale if "deploy/" in problem]
    if stale:
        listed = "; ".join(stale[:5]) + ("; ..." if len(stale) > 5 else "")
        raise DeployError(f"the templates are not what the model generates ({listed}): run 'python generate.py' "
                          "and deploy again (--skip-checks deploys them as they are)")


def check_code(root: Path, specs: list[StackSpec]) -> None:
    """Every code folder the stacks to deploy upload is there, inside the project, and packages."""
    from archgen.deploy.package import package
    from archgen.inside import is_inside

    problems: list[str] = []
    sources = {(str(p.component), str(p.source)) for spec in specs for p in spec.parameters.values()
               if p.input == "code-key"}
    for component, source in sorted(sources):
        folder = root / source
        try:
            if not is_inside(folder, root):
                raise FileNotFoundError(f"{source} resolves outside the project (a symlink)")
            package(folder)
        except FileNotFoundError as exc:
            problems.append(f"{component}: {exc}")
    if problems:
        raise DeployError("a function's code cannot be packaged; nothing was deployed:\n  " + "\n  ".join(problems)
                          + "\nfix settings.source in the model, or write the code")


def check_lint(root: Path, specs: list[StackSpec]) -> None:
    """cfn-lint on each template to deploy, informational checks included, as the tests run it."""
    from cfnlint.api import ManualArgs, lint_file

    problems = []
    for spec in specs:
        path = root / spec.template
        try:
            body = path.read_bytes()
        except OSError:
            raise DeployError(f"{spec.template} not found: run 'python generate.py synth' first") from None
        digest = hashlib.sha256(body).hexdigest()
        if digest in _LINTED:
            continue
        matches = lint_file(path, config=ManualArgs(include_checks=["I"]))
        if not matches:
            _LINTED.add(digest)
        problems += [f"{spec.template}:{m.linenumber}:{m.columnnumber}: {m.rule.id} {m.message}" for m in matches]
    if problems:
        shown = "\n  ".join(problems[:10]) + ("\n  ..." if len(problems) > 10 else "")
        raise DeployError(f"cfn-lint finds {len(problems)} problem(s) in the templates; nothing was deployed:\n  "
                          f"{shown}")
