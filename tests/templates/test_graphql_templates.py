"""An AppSync API as CloudFormation: each data source has its own role holding exactly SAM's profile for an
AppSync data source (narrowed to the relation's actions), assumable by this API only; resolvers carry the
model folder's code; and the mistakes a model can make with fields, code and auth name their fix."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from archgen.errors import ModelInvalid
from archgen.graph import SystemGraph
from archgen.grants import profiles
from archgen.render.cloudformation.assemble import synthesize
from archgen.render.cloudformation.emit import template_yaml
from archgen.validate import load_model

FIXTURE = Path(__file__).resolve().parent / "kinds" / "appsync.graphql_api"
SAM = profiles()["Permissions"]["AWS::AppSync::DataSource"]


def _resources(model: Path) -> dict[str, dict[str, Any]]:
    result = synthesize(SystemGraph(load_model(model)))
    return {lid: body for template in result.templates.values() for lid, body in template["Resources"].items()}


def _copy(tmp_path: Path, old: str = "", new: str = "") -> Path:
    folder = tmp_path / "model"
    shutil.copytree(FIXTURE, folder, ignore=shutil.ignore_patterns("expected.yaml"))
    text = (folder / "system.yaml").read_text("utf-8")
    assert old in text, old
    (folder / "system.yaml").write_text(text.replace(old, new, 1) if old else text, "utf-8")
    return folder


@pytest.fixture(scope="module")
def api() -> dict[str, dict[str, Any]]:
    return _resources(FIXTURE / "system.yaml")


def _policies(role: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    return {p["PolicyName"]: p["PolicyDocument"]["Statement"] for p in role["Properties"].get("Policies", [])}


def test_each_data_source_has_its_own_role_with_sams_statements(api: dict[str, Any]) -> None:
    table = _policies(api["ApiNotesRole"])
    assert list(table) == ["read-notes"]
    read = SAM["AWS::DynamoDB::Table"]["Properties"]["AccessCategories"]["Read"]["Statement"][0]
    assert table["read-notes"][0]["Action"] == "dynamodb:GetItem" and "dynamodb:GetItem" in read["Action"]
    assert table["read-notes"][1]["Action"] == ["kms:Decrypt"]  # the table's own key, through DynamoDB only
    assert table["read-notes"][1]["Condition"]["StringEquals"]["kms:ViaService"]
    function = _policies(api["ApiSummaryFnRole"])
    write = SAM["AWS::Lambda::Function"]["Properties"]["AccessCategories"]["Write"]["Statement"][0]
    assert list(function) == ["invoke-summary-fn"]
    assert function["invoke-summary-fn"][0]["Action"] == write["Action"]
    for role in ("ApiNotesRole", "ApiSummaryFnRole"):
        trust = api[role]["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]
        assert trust["Principal"] == {"Service": "appsync.amazonaws.com"}
        assert trust["Condition"] == {"ArnEquals": {"aws:SourceArn": {"Fn::GetAtt": ["ApiApi", "Arn"]}}}


def test_resolvers_carry_the_model_folders_code(api: dict[str, Any]) -> None:
    code = (FIXTURE / "api" / "resolvers" / "Query.getNote.js").read_text("utf-8")
    dynamo = api["ApiQueryGetNoteResolver"]["Properties"]
    assert dynamo["Code"] == code and dynamo["Runtime"] == {"Name": "APPSYNC_JS", "RuntimeVersion": "1.0.0"}
    direct = api["ApiQuerySummaryResolver"]["Properties"]
    assert "Code" not in direct and direct["DataSourceName"] == {"Fn::GetAtt": ["ApiSummaryFnSource", "Name"]}
    assert api["ApiSchema"]["Properties"]["Definition"] == (FIXTURE / "api" / "schema.graphql").read_text("utf-8")


def test_a_resolvers_template_literal_deploys_as_written(tmp_path: Path) -> None:
    """JavaScript's `${...}`: written with Sub's escape `${!` it would deploy as broken code."""
    folder = _copy(tmp_path)
    resolver = folder / "api" / "resolvers" / "Query.getNote.js"
    resolver.write_text(resolver.read_text("utf-8") + "export const tag = (id) => `note-${id}`;\n", "utf-8")
    emitted = yaml.safe_load(template_yaml(synthesize(SystemGraph(load_model(folder))).templates["backend"]))
    code = emitted["Resources"]["ApiQueryGetNoteResolver"]["Properties"]["Code"]
    separator, parts = code["Fn::Join"]
    assert separator.join(parts) == resolver.read_text("utf-8")  # what CloudFormation hands AppSync
    assert not any("${" in part for part in parts)


def test_logs_through_a_role_that_writes_only_the_apis_group(api: dict[str, Any]) -> None:
    config = api["ApiApi"]["Properties"]["LogConfig"]
    assert config == {"CloudWatchLogsRoleArn": {"Fn::GetAtt": ["ApiLogRole", "Arn"]}, "FieldLogLevel": "ALL",
                      "ExcludeVerboseContent": True}
    statement = api["ApiLogPolicy"]["Properties"]["PolicyDocument"]["Statement"]
    assert statement == [{"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                          "Resource": {"Fn::GetAtt": ["ApiLogGroup", "Arn"]}}]
    assert api["ApiLogGroup"]["Properties"]["LogGroupName"] == {"Fn::Sub": "/aws/appsync/apis/${ApiApi.ApiId}"}
    assert api["ApiApi"]["Properties"]["XrayEnabled"] is True
    assert api["ApiApi"]["Properties"]["IntrospectionConfig"] == "DISABLED"


def test_the_key_expires_on_the_models_day(api: dict[str, Any]) -> None:
    assert api["ApiKey"]["Properties"]["Expires"] == 1814313600  # 2027-06-30T00:00:00Z


@pytest.mark.parametrize("old,new,message", [
    ("fields: [Query.getNote]", "fields: [Query.getNotes]", "'Query.getNotes' is not a field of the schema: its "
                                                             "Query fields are Query.getNote, Query.summary"),
    ("fields: [Query.summary]", "fields: [Query.getNote]", r"'Query.getNote' is resolved by relations\[2\] already"),
    ("fields: [Query.getNote]", "fields: [Query.summary]", "resolver code 'api/resolvers/Query.summary.js' is not"),
    ("  - {from: api, to: user-pool, label: verify JWT}\n", "", "E161 'api' checks no caller"),
    ("schema_file: api/schema.graphql", "schema_file: api/missing.graphql", "is not in the model folder"),
    ("schema_file: api/schema.graphql", "schema_file: ../schema.graphql", "expected form: a GraphQL schema"),
    ("label: getNote, access: read,", "label: getNote, access: read, prefix: x/,", "'prefix' has no meaning"),
    ("  - {from: api, to: summary-fn, label: summary, fields: [Query.summary]}\n",
     "  - {from: api, to: summary-fn, label: summary}\n", "'fields' is required"),
])
def test_mistakes_name_the_fix(tmp_path: Path, old: str, new: str, message: str) -> None:
    model = _copy(tmp_path, old, new)
    if "api_key" in old or "user-pool" in old:
        (model / "system.yaml").write_text((model / "system.yaml").read_text("utf-8").replace(
            "      api_key: {expires: 2027-06-30, description: The public summary's key}\n", ""), "utf-8")
    with pytest.raises(ModelInvalid, match=message):
        load_model(model)


def test_a_schema_that_does_not_parse_is_refused_at_its_setting(tmp_path: Path) -> None:
    model = _copy(tmp_path)
    (model / "api" / "schema.graphql").write_text("type Query { getNote(id: ID!: Note }\n", "utf-8")
    with pytest.raises(ModelInvalid, match=r"system.yaml:\d+:\d+: components.api.settings.schema_file: the schema "
                                           r"does not parse: Syntax Error: .*\(line 1, column \d+\)"):
        load_model(model)


def test_a_schema_symlinked_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    model = _copy(tmp_path)
    outside = tmp_path / "outside.graphql"
    shutil.move(model / "api" / "schema.graphql", outside)
    (model / "api" / "schema.graphql").symlink_to(outside)
    with pytest.raises(ModelInvalid, match="leaves the model folder"):
        load_model(model)
