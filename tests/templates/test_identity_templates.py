"""Identity relations as CloudFormation: an identity pool's roles hold exactly the relations of the users
through it (SAM's statements for a function's role), narrowed to each user's own objects and items where
the relation says `scope: own`; guests get a role only when the model says why."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from archgen.errors import ModelInvalid
from archgen.graph import SystemGraph
from archgen.grants import profiles
from archgen.render.cloudformation.assemble import synthesize
from archgen.validate import load_model

KINDS = Path(__file__).resolve().parent / "kinds"
POOL_MODEL = KINDS / "cognito.identity_pool" / "system.yaml"
SAM_S3 = profiles()["Permissions"]["AWS::Lambda::Function"]["AWS::S3::Bucket"]["Properties"]["AccessCategories"]
OWN = "${cognito-identity.amazonaws.com:sub}"


def _resources(model: Path) -> dict[str, dict[str, Any]]:
    result = synthesize(SystemGraph(load_model(model)))
    return {lid: body for template in result.templates.values() for lid, body in template["Resources"].items()}


def _policy(role: dict[str, Any], name: str) -> list[dict[str, Any]]:
    return next(p["PolicyDocument"]["Statement"] for p in role["Properties"]["Policies"] if p["PolicyName"] == name)


def _actions(statement: dict[str, Any]) -> list[str]:
    return statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]


def _variant(tmp_path: Path, old: str, new: str, exception: str = "") -> Path:
    text = POOL_MODEL.read_text("utf-8")
    assert old in text, old
    model = tmp_path / "system.yaml"
    model.write_text(text.replace(old, new) + exception, "utf-8")
    return model


@pytest.fixture(scope="module")
def pool() -> dict[str, dict[str, Any]]:
    return _resources(POOL_MODEL)


def test_own_objects_only_every_action_of_sams_profile(pool: dict[str, Any]) -> None:
    statements = _policy(pool["IdentityPoolAuthenticatedRole"], "read-write-users-photos")
    granted = sorted(a for s in statements for a in _actions(s) if not a.startswith("kms:"))
    assert granted == sorted(a for c in ("Read", "Write") for s in SAM_S3[c]["Statement"] for a in s["Action"])
    for statement in statements:
        if _actions(statement)[0].startswith("kms:"):
            assert statement["Condition"]["StringEquals"]["kms:ViaService"]
        elif "s3:ListBucket" in _actions(statement):
            assert statement["Condition"] == {"StringLike": {"s3:prefix": [f"private/{OWN}/*"]}}
        else:  # in Fn::Sub the policy variable is escaped, so CloudFormation leaves it for IAM
            assert statement["Resource"]["Fn::Sub"].endswith("/private/${!cognito-identity.amazonaws.com:sub}/*")


def test_own_items_only_by_partition_key(pool: dict[str, Any]) -> None:
    statements = _policy(pool["IdentityPoolAuthenticatedRole"], "read-write-users-albums")
    items = [s for s in statements if not _actions(s)[0].startswith("kms:")]
    assert len(items) == 2
    for statement in items:
        assert statement["Condition"] == {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": [OWN]}}
    key = next(s for s in statements if _actions(s) == ["kms:Decrypt"])
    assert "dynamodb:LeadingKeys" not in str(key["Condition"])


def test_signed_in_only_by_default(pool: dict[str, Any]) -> None:
    assert pool["IdentityPoolIdentityPool"]["Properties"]["AllowUnauthenticatedIdentities"] is False
    assert pool["IdentityPoolIdentityPool"]["Properties"]["AllowClassicFlow"] is False
    assert "IdentityPoolGuestRole" not in pool
    assert set(pool["IdentityPoolRoles"]["Properties"]["Roles"]) == {"authenticated"}
    trust = pool["IdentityPoolAuthenticatedRole"]["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]
    assert trust["Condition"]["ForAnyValue:StringLike"] == {"cognito-identity.amazonaws.com:amr": "authenticated"}
    provider = pool["IdentityPoolIdentityPool"]["Properties"]["CognitoIdentityProviders"]
    assert provider == [{"ClientId": {"Ref": "AppClientClient"}, "ProviderName": {
        "Fn::GetAtt": ["UserPoolUserPool", "ProviderName"]}, "ServerSideTokenCheck": True}]


GUESTS = ("  - component: identity-pool\n    control: no-guests\n"
          "    reason: Anyone may browse the public albums before signing up.\n")


def test_guests_get_their_role_only_when_the_model_says_why(tmp_path: Path) -> None:
    model = _variant(tmp_path, "access: read-write, via: identity-pool, scope: own}",
                     "access: read, via: identity-pool, scope: guests}", GUESTS)
    found = _resources(model)
    assert found["IdentityPoolIdentityPool"]["Properties"]["AllowUnauthenticatedIdentities"] is True
    guest = found["IdentityPoolGuestRole"]
    assert _policy(guest, "read-users-albums") == _policy(found["IdentityPoolAuthenticatedRole"], "read-users-albums")
    assert [p["PolicyName"] for p in guest["Properties"]["Policies"]] == ["read-users-albums"]
    trust = guest["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]
    assert trust["Condition"]["ForAnyValue:StringLike"] == {"cognito-identity.amazonaws.com:amr": "unauthenticated"}


def test_a_grant_for_guests_without_guest_access_is_refused(tmp_path: Path) -> None:
    model = _variant(tmp_path, "access: read-write, via: identity-pool, scope: own}",
                     "access: read, via: identity-pool, scope: guests}")
    with pytest.raises(ModelInvalid, match="E160 'identity-pool' gives guests no credentials"):
        load_model(model)


@pytest.mark.parametrize("old,new,message", [
    ("scope: own, prefix: private/}", "scope: own, prefix: 'private/*'}", "cannot scope identity-pool's grant"),
    ("  - {from: users, to: identity-pool, label: credentials}\n", "", "gets no credentials from 'identity-pool'"),
    ("access: read-write, via: identity-pool, scope: own}", "access: read-write}", "'via' is required"),
    ("label: own albums, access: read-write,", "label: own albums, meaning: upload,", "its credentials may .read., .write. or .read-write., not upload"),
])
def test_mistakes_name_the_fix(tmp_path: Path, old: str, new: str, message: str) -> None:
    with pytest.raises(ModelInvalid, match=message):
        load_model(_variant(tmp_path, old, new))
