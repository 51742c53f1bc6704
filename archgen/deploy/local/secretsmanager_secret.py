"""AWS::SecretsManager::Secret: a secret in moto's Secrets Manager, its value generated as the template's
GenerateSecretString asks (length, punctuation, a JSON key) or given, encrypted with the template's key id."""

from __future__ import annotations

import json
from typing import Any, Self

from moto.secretsmanager.models import SecretsManagerBackend, secretsmanager_backends

from archgen.deploy.local._adapter import Adapter, Context
from archgen.deploy.local._convert import flag, tag_list


def _backend(context: Context) -> SecretsManagerBackend:
    return secretsmanager_backends[context.account_id][context.region]


def _value(backend: SecretsManagerBackend, properties: dict[str, Any]) -> str:
    if "SecretString" in properties:
        return str(properties["SecretString"])
    generate = properties.get("GenerateSecretString") or {}
    password = json.loads(backend.get_random_password(
        password_length=int(generate.get("PasswordLength", 32)),
        exclude_characters=generate.get("ExcludeCharacters", ""),
        exclude_numbers=flag(generate.get("ExcludeNumbers")),
        exclude_punctuation=flag(generate.get("ExcludePunctuation")),
        exclude_uppercase=flag(generate.get("ExcludeUppercase")),
        exclude_lowercase=flag(generate.get("ExcludeLowercase")),
        include_space=flag(generate.get("IncludeSpace")),
        require_each_included_type=flag(generate.get("RequireEachIncludedType"), True)))["RandomPassword"]
    if "GenerateStringKey" in generate:
        template = json.loads(generate.get("SecretStringTemplate") or "{}")
        return json.dumps({**template, generate["GenerateStringKey"]: password})
    return password


class SecretsManagerSecret(Adapter):
    TYPE = "AWS::SecretsManager::Secret"
    NAME_PROPERTY = "Name"
    ATTRIBUTES = frozenset({"Id"})

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        backend = _backend(context)
        created = backend.create_secret(
            name=properties.get("Name") or context.name, secret_string=_value(backend, properties),
            secret_binary=None, description=properties.get("Description"), tags=tag_list(properties),
            kms_key_id=properties.get("KmsKeyId"), client_request_token=None, replica_regions=[],
            force_overwrite=False)
        arn = json.loads(created)["ARN"]
        return cls(context, properties, arn, {"Id": arn})

    def update(self, properties: dict[str, Any]) -> Self:
        if properties.get("Name") != self.properties.get("Name"):
            return super().update(properties)
        _backend(self.context).update_secret(self.physical_id, secret_string=None, secret_binary=None,
                                             client_request_token=None, kms_key_id=properties.get("KmsKeyId"),
                                             description=properties.get("Description"))
        return type(self)(self.context, properties, self.physical_id, self.attributes)

    def remove(self) -> None:
        _backend(self.context).delete_secret(self.physical_id, recovery_window_in_days=None,
                                             force_delete_without_recovery=True)
