"""Routes fail closed: a `protects` naming a route the API does not serve is an error, every route of an
API that checks callers is protected unless the model marks it public (E106) with its reason."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from archgen.cli import main

ROUTES = 'routes: ["GET /items", "GET /items/{id}", "POST /items"]'
PROTECTS = 'protects: ["GET /items", "GET /items/{id}", "POST /items"]'
PUBLIC = '''  - component: api
    control: E106
    routes: ["GET /health"]
    reason: The load balancer's health check calls it without a token; it returns a constant.
'''


def edit(root: Path, *pairs: tuple[str, str]) -> None:
    system = root / "model" / "system.yaml"
    text = system.read_text()
    for old, new in pairs:
        assert old in text
        text = text.replace(old, new, 1)
    system.write_text(text)


def line_of(root: Path, text: str) -> int:
    lines = (root / "model" / "system.yaml").read_text().splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def run(root: Path, *args: str) -> int:
    return main(["--quiet", "--model", str(root / "model"), *args])


def test_protects_naming_a_route_the_api_does_not_serve_is_an_error_with_did_you_mean(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(project, (PROTECTS, 'protects: ["GET /item", "GET /items/{id}", "POST /items"]'))
    assert run(project, "synth") == 2
    err = capsys.readouterr().err
    assert f"system.yaml:{line_of(project, 'protects: [')}:" in err
    assert "relations[12].protects[0]: 'api' serves no route 'GET /item'" in err
    assert "(did you mean 'GET /items'?)" in err
    assert not (project / "deploy").exists()


def test_a_route_of_an_api_with_an_authorizer_left_unprotected_fails_closed(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(project, (ROUTES, 'routes: ["GET /items", "GET /items/{id}", "POST /items", "GET /health"]'))
    assert run(project, "synth") == 2
    err = capsys.readouterr().err
    assert f"system.yaml:{line_of(project, 'GET /health')}:" in err
    assert "E106 'api' serves 'GET /health' with no authorizer" in err and "control: E106" in err


def test_a_route_marked_public_deploys_open_with_its_reason_in_the_skip_and_on_the_security_page(
        project: Path) -> None:
    edit(project, (ROUTES, 'routes: ["GET /items", "GET /items/{id}", "POST /items", "GET /health"]'),
         ("exceptions:\n", "exceptions:\n" + PUBLIC))
    assert run(project) == 0
    template = yaml.safe_load((project / "deploy" / "backend.yaml").read_text())
    methods = {name: resource for name, resource in template["Resources"].items()
               if resource["Type"] == "AWS::ApiGateway::Method"}
    health = methods["ApiMethodGetApiHealth"]
    assert health["Properties"]["AuthorizationType"] == "NONE"
    assert health["Metadata"]["checkov"]["skip"] == [
        {"id": "CKV_AWS_59", "comment": "The load balancer's health check calls it without a token; it returns "
                                        "a constant."}]
    others = [m for name, m in methods.items() if name != "ApiMethodGetApiHealth"]
    assert others and all(m["Properties"]["AuthorizationType"] == "COGNITO_USER_POOLS" for m in others)
    page = (project / "docs" / "architecture" / "security.md").read_text()
    assert "| `GET /api/health` | [Items API](components/api.md) | [Items function](components/items-fn.md) | " \
           "**nobody: public** (E106): The load balancer" in page
    assert "| `POST /api/items` | [Items API](components/api.md) | [Items function](components/items-fn.md) | " \
           "[User pool](components/user-pool.md) |" in page


@pytest.mark.parametrize(("public", "message"), [
    ('routes: ["GET /helth"]', "'api' serves no route 'GET /helth' to make public (did you mean 'GET /health'?)"),
    ('routes: ["GET /items"]', "'GET /items' is both public here and protected by 'user-pool'"),
])
def test_a_public_route_must_be_served_and_not_protected(project: Path, capsys: pytest.CaptureFixture[str],
                                                         public: str, message: str) -> None:
    edit(project, (ROUTES, 'routes: ["GET /items", "GET /items/{id}", "POST /items", "GET /health"]'),
         ("exceptions:\n", "exceptions:\n" + PUBLIC.replace('routes: ["GET /health"]', public)))
    assert run(project, "validate") == 2
    assert message in capsys.readouterr().err


def test_routes_on_an_exception_need_rule_e106(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(project, ("exceptions:\n", "exceptions:\n" + PUBLIC.replace("E106", "E103")))
    assert run(project, "validate") == 2
    assert "'routes' marks routes public: only with 'control: E106'" in capsys.readouterr().err
