"""The hostile corpus through the templates: CloudFormation strings and their YAML. A model with a
hostile string in every free-text field synthesizes templates cfn-lint passes with 0 findings, that
repeat no key, where no model `${` is a Sub variable, and whose restricted properties fit their rules."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml

from archgen import escape
from archgen.cli import main
from tests.docs.test_docs_hostile import LONG, SHORT, hostile_model
from tests.safety.test_generation import _Unique, cfn_lint

CORPUS = SHORT + LONG
HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\u061c\u200b\u200e\u200f\u202a-\u202e\u2066\u2067\ufeff]")
_VARIABLE = re.compile(r"\$\{(?!!)([^}]*)\}")


def strings(value: Any, in_sub: bool = False) -> Iterator[tuple[str, bool]]:
    if isinstance(value, str):
        yield value, in_sub
    elif isinstance(value, list):
        for item in value:
            yield from strings(item, in_sub)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, in_sub or key == "Fn::Sub")


def sub_variables(value: Any) -> set[str]:
    """The names every `Fn::Sub [text, {name: value}]` of the template declares."""
    found: set[str] = set()
    if isinstance(value, dict):
        sub = value.get("Fn::Sub")
        if isinstance(sub, list) and len(sub) == 2 and isinstance(sub[1], dict):
            found |= set(sub[1])
        for item in value.values():
            found |= sub_variables(item)
    elif isinstance(value, list):
        for item in value:
            found |= sub_variables(item)
    return found


@pytest.fixture(scope="module")
def hostile_templates(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile-templates")
    model = hostile_model(root)
    assert main(["--quiet", "--model", str(model), "synth"]) == 0
    return root / "deploy"


def test_hostile_text_gives_templates_that_lint_clean(hostile_templates: Path) -> None:
    assert cfn_lint(hostile_templates) == ""


def test_no_model_text_becomes_a_dynamic_reference(hostile_templates: Path) -> None:
    """CloudFormation would resolve it at deploy time, reading a parameter or a secret into the stack."""
    texts = [path.read_text("utf-8") for path in sorted(hostile_templates.glob("*.yaml"))]
    assert any("{ {resolve:secretsmanager:prod/db" in text for text in texts)  # the corpus reached them
    assert not any("{{resolve:" in text for text in texts)


def test_no_model_text_becomes_a_sub_variable_and_no_key_repeats(hostile_templates: Path) -> None:
    for path in sorted(hostile_templates.glob("*.yaml")):
        template = yaml.load(path.read_text("utf-8"), Loader=_Unique)  # noqa: S506 (a SafeLoader)
        known = set(template.get("Parameters", {})) | set(template.get("Resources", {})) | sub_variables(template)
        for text, in_sub in strings(template):
            if not in_sub:
                assert _VARIABLE.search(text) is None, (path.name, text)
            for name in _VARIABLE.findall(text):
                assert name.startswith("AWS::") or name.split(".")[0] in known, \
                    (path.name, name, text)


def test_restricted_properties_hold_only_what_they_allow(hostile_templates: Path) -> None:
    waf = re.compile(r"^[a-zA-Z0-9=:#@/\-,.][a-zA-Z0-9+=:#@/\-,.\s]+[a-zA-Z0-9+=:#@/\-,.]$")
    for path in sorted(hostile_templates.glob("*.yaml")):
        for resource in yaml.safe_load(path.read_text("utf-8"))["Resources"].values():
            properties = resource.get("Properties", {})
            description = properties.get("Description")
            if resource["Type"] == "AWS::WAFv2::WebACL" and description is not None:
                assert waf.match(description), description
            if resource["Type"] == "AWS::Lambda::Function":
                assert len(description) <= 256
            for text, _ in strings(properties):  # no control, zero-width or bidi character but isolates
                assert not HIDDEN.search(text), text


@pytest.mark.parametrize("text", CORPUS)
def test_each_cloudformation_escape_keeps_its_promise(text: str) -> None:
    line = escape.cfn_text(text, 40)
    assert len(line) <= 40 and "\n" not in line and escape.clean(line) == line
    assert "${" not in escape.cfn_literal(text).replace("${!", "")
    kept = escape.cfn_charset(text, r"a-zA-Z0-9 ", 256)
    assert kept is None or re.fullmatch(r"[a-zA-Z0-9 ]{3,256}", kept)
    if escape.tag_problem(text) is None:
        assert re.fullmatch(r"[\w\s_.:/=+\-@]*", text)


def test_yaml_round_trips_every_hostile_string() -> None:
    from archgen.render.cloudformation.emit import template_yaml

    template = {"Resources": {f"R{i}": {"Type": "AWS::SSM::Parameter", "Properties": {"Description": text}}
                              for i, text in enumerate(CORPUS + ["yes", "ON", "off", "~", "null", "0x1F", "1e3",
                                                                 "- x", "? y", "@z", "%TAG", "'", '"', "a: b"])}}
    back = yaml.safe_load(template_yaml(template))
    for name, resource in template["Resources"].items():
        written = back["Resources"][name]["Properties"]["Description"]
        # a property deploys as the model's text: a `${` in it is written as an Fn::Join cut after its `$`
        if "${" in resource["Properties"]["Description"]:
            assert isinstance(written, dict) and set(written) == {"Fn::Join"}, written
            assert not any("${" in part for part in written["Fn::Join"][1])
        assert deployed(written) == resource["Properties"]["Description"].replace("{{resolve:", "{ {resolve:")


def deployed(value: Any) -> Any:
    """What CloudFormation makes of a plain string or an `Fn::Join` of plain strings."""
    if isinstance(value, dict) and "Fn::Join" in value:
        separator, parts = value["Fn::Join"]
        return separator.join(parts)
    return value
