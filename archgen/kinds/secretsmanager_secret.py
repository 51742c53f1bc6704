"""A Secrets Manager secret: a value the code must know and nobody types (an API key, a signing key).

Secrets Manager generates the value when the secret is made (never in the model or a template), encrypts
it with the secret's own KMS key, and the secret is kept with its key when its stack goes. A relation
`read` from a function grants `secretsmanager:GetSecretValue` on this secret only (SAM's connector
profiles have no Lambda-to-secret pair: the kind's own grant, and the key's decrypt through Secrets
Manager), and gives the code its name (`SECRET_NAME`).

Rotation is not automatic: rotating a value means changing it where it is used too, which only a rotation
function written for that use can do. A database's master password needs no such secret: the Aurora
kind's is RDS-managed and rotated by RDS. The local AWS keeps the secret, its generated value and key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from archgen.kinds._base import KEY_DEPLOY_ACTIONS, Fragment, Kind, Side
from archgen.kinds._cfn import ACCOUNT_ROOT, getatt, kms_key, sub
from archgen.schema import ComponentBase, Strict

if TYPE_CHECKING:
    from archgen.links import Link
    from archgen.render.cloudformation.scope import Scope

READ = ({"Effect": "Allow", "Action": ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"],
         "Resource": "%{Destination.Arn}"},)


class SecretSettings(Strict):
    length: Annotated[int, Field(ge=16, le=4096)] = Field(32, description="Characters of the generated value.")
    exclude_punctuation: bool = Field(False, description="Letters and digits only (for values that go in URLs).")
    json_key: Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")] | None = Field(
        None, description="Store {\"<json_key>\": value} instead of the bare value.")


class SecretComponent(ComponentBase):
    kind: Literal["secretsmanager.secret"]
    settings: SecretSettings = SecretSettings()


class SecretsManagerSecret(Kind):
    name = "secretsmanager.secret"
    title = "Secrets Manager secret"
    layer = "backend"
    summary = "A generated secret value, encrypted with its own key, readable by the functions related to it."
    icon = "aws.security.SecretsManager"
    component = SecretComponent
    cfn_type = "AWS::SecretsManager::Secret"
    controls = {
        "encryption": "encrypted with its own KMS key",
        "retain": "kept, with its key, when its stack is deleted",
    }
    checks = {"encryption": ("CKV_AWS_149",)}
    accepts = tuple(Side(meaning, kinds=("lambda.function",), grant=READ) for meaning in ("read",))
    exports = {"Arn": ("Secret", None), "Name": ("Secret", "Id"), "KeyArn": ("Key", "Arn")}
    # Secrets Manager appends six random characters to a secret's ARN: a policy names it by its name and those.
    identities = {"Arn": "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:{name}-??????",
                  "Name": "{name}"}
    env = ("SECRET_NAME", "Name")
    deploy_actions = KEY_DEPLOY_ACTIONS + tuple(f"secretsmanager:{a}" for a in (
        "CreateSecret", "DeleteSecret", "DescribeSecret", "GetRandomPassword", "PutSecretValue", "TagResource",
        "UntagResource", "UpdateSecret"))

    def physical_name(self, component: Any, t: Scope) -> str:
        return f"{t.system.name}/{t.system.environment}/{component.id}"

    def resources(self, c: Any, t: Scope) -> Fragment:
        settings, encrypted = c.settings, t.on("encryption")
        generate: dict[str, Any] = {"PasswordLength": settings.length,
                                    "ExcludePunctuation": settings.exclude_punctuation}
        if settings.json_key:
            generate |= {"SecretStringTemplate": "{}", "GenerateStringKey": settings.json_key}
        secret: dict[str, Any] = {"Name": self.physical_name(c, t), "Description": c.description,
                                  "GenerateSecretString": generate}
        resources: dict[str, Any] = {}
        if encrypted:
            resources[t.lid(c.id, "Key")] = kms_key(f"Encrypts secret {self.physical_name(c, t)}", t.meta(),
                                                    retain=t.on("retain"), statements=[{
                "Sid": "SecretsManagerUsesTheKeyForThisAccount", "Effect": "Allow", "Principal": {"AWS": ACCOUNT_ROOT},
                "Action": ["kms:CreateGrant", "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*",
                           "kms:ReEncrypt*"],
                "Resource": "*",
                "Condition": {"StringEquals": {"kms:ViaService": sub("secretsmanager.${AWS::Region}.amazonaws.com"),
                                               "kms:CallerAccount": {"Ref": "AWS::AccountId"}}}}])
            secret["KmsKeyId"] = getatt(t.lid(c.id, "Key"), "Arn")
        secret["Tags"] = t.tags()
        resources[t.lid(c.id, "Secret")] = {"Type": "AWS::SecretsManager::Secret", **t.retention(),
                                            "Metadata": t.meta("encryption"),
                                            "Properties": secret}
        return {"Resources": resources}

    def key_statements(self, link: Link, t: Scope) -> list[dict[str, Any]]:
        if not t.on("encryption", link.target.id):
            return []
        return [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": t.ref(link.target.id, "KeyArn"),
                 "Condition": {"StringEquals": {"kms:ViaService": sub("secretsmanager.${AWS::Region}.amazonaws.com")}}}]

    def annotations(self, component: Any, graph: Any) -> list[str]:
        return ["generated value, own KMS key"]

    def key_settings(self, component: Any) -> dict[str, str]:
        s = component.settings
        shown = {"value": f"generated, {s.length} characters" + (", no punctuation" if s.exclude_punctuation else ""),
                 "rotation": "none (needs a rotation function)"}
        if s.json_key:
            shown["stored as"] = f'{{"{s.json_key}": ...}}'
        return shown


KIND = SecretsManagerSecret
