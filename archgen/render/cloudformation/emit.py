"""Emit: a template dict as YAML, the same bytes on every run and machine.

Keys keep the order the assembler chose (no re-sorting here), nothing is shared through anchors or
aliases, long lines are never folded, and text with line breaks (a buildspec) is a literal block.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from archgen.render.cloudformation.block_yaml import BlockWriter
from archgen.render.cloudformation.literal import literal_text


# libyaml's emitter when PyYAML has it (same text as the pure-Python one, several times faster).
class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def pyyaml_text(data: Any) -> str:
    """PyYAML's text of `data` with the templates' options: the reference `template_yaml` matches."""
    return str(yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1_000_000,
                         default_flow_style=False, indent=2))


_WRITER = BlockWriter(pyyaml_text)  # its memo of rendered texts lasts the run: templates share them


def template_yaml(template: dict[str, Any]) -> bytes:
    template = literal_text(template)  # plain text holding `${` written `${!`: model text names no variable
    text = _WRITER.document(template)
    return (pyyaml_text(template) if text is None else text).encode("utf-8")


def manifest_json(manifest: dict[str, Any]) -> bytes:
    return (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
