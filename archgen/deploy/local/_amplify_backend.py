"""Amplify Hosting, which moto lacks: the apps of each account and region, with their branches and domains.

Nothing is built or served: an app is the record of what CloudFormation asked for, so that stacks
holding one deploy, update and delete as they would on AWS, and their outputs exist.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from moto.utilities.utils import get_partition


class AmplifyNotFound(LookupError):
    """No app (or branch, domain) of that name: the API's NotFoundException."""


@dataclass
class App:
    app_id: str
    arn: str
    name: str
    properties: dict[str, Any]
    branches: dict[str, dict[str, Any]] = field(default_factory=dict)
    domains: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def default_domain(self) -> str:
        return f"{self.app_id}.amplifyapp.com"


class AmplifyBackend:
    """The apps of one account in one region."""

    def __init__(self, account_id: str, region: str) -> None:
        self.account_id, self.region = account_id, region
        self.apps: dict[str, App] = {}

    def create_app(self, name: str, properties: dict[str, Any]) -> App:
        # Amplify's ids are `d` and 13 lowercase letters and digits: derived from the name, stable per account
        digest = hashlib.sha256(f"{self.account_id}/{self.region}/{name}/{len(self.apps)}".encode()).hexdigest()
        app_id = "d" + digest[:13]
        arn = f"arn:{get_partition(self.region)}:amplify:{self.region}:{self.account_id}:apps/{app_id}"
        self.apps[app_id] = App(app_id, arn, name, dict(properties))
        return self.apps[app_id]

    def get_app(self, app_id: str) -> App:
        if app_id not in self.apps:
            raise AmplifyNotFound(f"App {app_id} not found")
        return self.apps[app_id]

    def delete_app(self, app_id: str) -> None:
        self.get_app(app_id)
        del self.apps[app_id]


_BACKENDS: dict[tuple[str, str], AmplifyBackend] = {}  # for the life of the process, as moto's stores


def amplify_backend(account_id: str, region: str) -> AmplifyBackend:
    key = (account_id, region)
    if key not in _BACKENDS:
        _BACKENDS[key] = AmplifyBackend(account_id, region)
    return _BACKENDS[key]


def reset_amplify() -> None:
    """Forget every app, as moto's reset forgets its services' resources."""
    _BACKENDS.clear()
