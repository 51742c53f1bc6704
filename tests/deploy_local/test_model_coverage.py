"""Every resource type the default model's templates use can be created locally: moto makes it,
or an adapter does. A new type in a kind's template fails this until it gets an adapter."""

from __future__ import annotations

from moto.core.common_models import CloudFormationModel

from archgen.deploy.local import ADAPTERS
from archgen.graph import SystemGraph
from archgen.render.cloudformation.assemble import synthesize
from tests.conftest import MODEL


def test_every_type_of_the_default_models_stacks_is_created_locally(graph: SystemGraph) -> None:
    templates = synthesize(graph, str(MODEL)).templates
    used = {resource["Type"] for body in templates.values() for resource in body["Resources"].values()}
    native = {model.cloudformation_type() for model in CloudFormationModel.__subclasses__()}
    adapted = {adapter.TYPE for adapter in ADAPTERS}
    assert used - native - adapted == set()
    assert used & adapted, "the templates use none of the adapted types: is this the right model?"
