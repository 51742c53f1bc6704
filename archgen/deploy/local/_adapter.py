"""The base of every adapter: one CloudFormation type that moto's CloudFormation skips, created
through moto's own service backend so the services' APIs see the resource."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, ClassVar, Self

from moto.cloudformation.exceptions import UnformattedGetAttTemplateException
from moto.utilities.utils import get_partition


@dataclass(frozen=True)
class Context:
    """Where a resource lives and what CloudFormation calls it."""

    account_id: str
    region: str
    name: str  # the template's name property, or the name moto generated from stack and logical id
    logical_id: str
    stack_id: str

    @property
    def partition(self) -> str:
        return get_partition(self.region)


class Adapter:
    """One resource of a type moto lacks. Subclasses set TYPE (and NAME_PROPERTY, ATTRIBUTES) and
    implement `create` and `remove`; `update` replaces the resource unless they do it in place.

    This deliberately does not subclass moto's CloudFormationModel: moto builds its type map from
    that class's direct subclasses, and registration here must be explicit (`install()`), never a
    side effect of importing. moto reads only the methods below, so the duck type is enough.
    """

    TYPE: ClassVar[str]
    NAME_PROPERTY: ClassVar[str] = ""
    ATTRIBUTES: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, context: Context, properties: dict[str, Any], physical_id: str,
                 attributes: dict[str, Any] | None = None) -> None:
        self.context = context
        self.properties = properties
        self.physical_id = physical_id
        self.attributes = attributes or {}
        # moto's CloudFormation overwrites these two after creating a resource; set for updates too.
        self.cf_resource_type = self.TYPE
        self.logical_resource_id = context.logical_id

    # --- what each adapter implements -------------------------------------------------------

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        raise NotImplementedError

    def remove(self) -> None:
        raise NotImplementedError

    def update(self, properties: dict[str, Any]) -> Self:
        """Replace the resource (what CloudFormation does for properties that need replacement)."""
        self.remove()
        return type(self).create(self.context, properties)

    # --- moto's CloudFormation interface -----------------------------------------------------

    @classmethod
    def cloudformation_type(cls) -> str:
        return cls.TYPE

    @classmethod
    def cloudformation_name_type(cls) -> str:
        return cls.NAME_PROPERTY

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr in cls.ATTRIBUTES

    @classmethod
    def create_from_cloudformation_json(cls, resource_name: str, cloudformation_json: dict[str, Any],
                                        account_id: str, region_name: str, **kwargs: Any) -> Self:
        context = Context(account_id, region_name, resource_name, kwargs["LogicalId"], kwargs["StackId"])
        return cls.create(context, cloudformation_json.get("Properties") or {})

    @classmethod
    def update_from_cloudformation_json(cls, original_resource: Self, new_resource_name: str,
                                        cloudformation_json: dict[str, Any], account_id: str,
                                        region_name: str) -> Self:
        properties = cloudformation_json.get("Properties") or {}
        # moto draws a fresh random name on every update; a resource keeps its name unless the
        # template names it.
        named = properties.get(cls.NAME_PROPERTY) if cls.NAME_PROPERTY else None
        original_resource.context = replace(original_resource.context, name=named or original_resource.context.name)
        return original_resource.update(properties)

    @classmethod
    def delete_from_cloudformation_json(cls, resource_name: str, cloudformation_json: dict[str, Any],
                                        account_id: str, region_name: str) -> None:
        # moto calls this only when `delete` below raised TypeError/AttributeError: a bug, so say so.
        raise RuntimeError(f"{cls.TYPE} {resource_name}: deleting failed inside the adapter")

    def delete(self, account_id: str, region_name: str) -> None:
        self.remove()

    @property
    def physical_resource_id(self) -> str:
        return self.physical_id

    def get_cfn_attribute(self, attribute_name: str) -> Any:
        if attribute_name not in self.ATTRIBUTES:
            raise UnformattedGetAttTemplateException()
        return self.attributes[attribute_name]

    def is_created(self) -> bool:
        return True
