"""CloudFormation templates: one stack per layer (and region), and the manifest deploy reads.

`deploy/<stack>.yaml` for each stack of the plan (see archgen/stacks.py), `deploy/manifest.json` with
each stack's region, deploy order, dependencies, and which output of which stack feeds each parameter;
the same in `deploy/<environment>/` for each other environment the model names (archgen/environments.py).
"""

from __future__ import annotations

from archgen.environments import deploy_dir, names, variant
from archgen.graph import SystemGraph
from archgen.render import RenderContext
from archgen.render.cloudformation.assemble import synthesize
from archgen.render.cloudformation.emit import manifest_json, template_yaml
from archgen.write import Outputs

OUT_DIR = "deploy"
MANIFEST = f"{OUT_DIR}/manifest.json"
DERIVED = "templates"  # in RenderContext.derived: template path -> the template as a dict


class TemplatesRenderer:
    name = "templates"

    def render(self, graph: SystemGraph, context: RenderContext) -> Outputs:
        synth = synthesize(graph, context.model_dir)
        context.derived[DERIVED] = {f"{OUT_DIR}/{name}.yaml": t for name, t in synth.templates.items()}
        # the YAML measured against CloudFormation's limits while synthesising, not dumped again
        outputs: Outputs = {f"{OUT_DIR}/{name}.yaml": synth.texts.get(name) or template_yaml(template)
                            for name, template in synth.templates.items()}
        outputs[MANIFEST] = manifest_json(synth.manifest)
        for environment in names(graph):
            other = variant(graph, environment)
            folder, more = deploy_dir(other), synthesize(other, context.model_dir)
            outputs |= {f"{folder}/{name}.yaml": more.texts.get(name) or template_yaml(t)
                        for name, t in more.templates.items()}
            outputs[f"{folder}/manifest.json"] = manifest_json(more.manifest)
        return outputs
