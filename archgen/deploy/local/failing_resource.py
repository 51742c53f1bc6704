"""Archgen::Test::Fail: a resource that fails on purpose, with the reason its template gives.

The failure path of a deployment (events, rollback, the report a person reads) needs a resource
that really fails; no AWS type fails on demand, so this one exists for tests and demos only.
Properties: Reason (the text of the failure) and FailOn: "Create" (the default) fails when created;
"Update" fails when an update gives it that value (so a rollback to the previous value succeeds);
"UpdateAndRollback" fails that update and then the rollback's first attempt too (as when someone
changed the resource outside CloudFormation), leaving UPDATE_ROLLBACK_FAILED until a
continue-update-rollback retries it; anything else never fails.
"""

from __future__ import annotations

from typing import Any, Self

from archgen.deploy.local._adapter import Adapter, Context
from archgen.deploy.local._lifecycle import current_operation


class IntentionalFailure(RuntimeError):
    """Raised by the failing resource; its text is the template's Reason."""


class FailingResource(Adapter):
    TYPE = "Archgen::Test::Fail"
    ATTRIBUTES = frozenset({"Reason"})

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        if properties.get("FailOn", "Create") == "Create":
            raise IntentionalFailure(properties["Reason"])
        return cls(context, properties, context.name, {"Reason": properties["Reason"]})

    def update(self, properties: dict[str, Any]) -> Self:
        operation = current_operation()
        failed_in = self.attributes.pop("FailedUpdate", None)
        if failed_in is not None and operation == failed_in + 1:  # the rollback right after that update
            self.attributes["FailedUpdate"] = failed_in
            raise IntentionalFailure(f"the rollback cannot restore it: {self.properties['Reason']}")
        fail_on = properties.get("FailOn", "Create")
        if fail_on == "UpdateAndRollback":
            self.attributes["FailedUpdate"] = operation
        if fail_on in ("Create", "Update", "UpdateAndRollback"):
            raise IntentionalFailure(properties["Reason"])
        return type(self)(self.context, properties, self.physical_id, {"Reason": properties["Reason"]})

    def remove(self) -> None:
        """Nothing exists outside this object."""
