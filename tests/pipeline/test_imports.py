"""A command imports only what it needs: `synth` renders templates without drawing or site code.

Run in a fresh interpreter (this test process has long imported everything), on a copy of the
default model with no outputs yet, so synth really renders every template rather than stopping
at the fingerprint.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

# What templates never need: the drawing library and its Graphviz bindings, the site's renderer and mkdocs.
FORBIDDEN = ("diagrams", "graphviz", "mkdocs", "archgen.docs", "archgen.render.diagram",
             "archgen.render.diagrams_renderer")
_PROBE = """
import json, sys
from archgen.cli import main
code = main(["--quiet", "--model", sys.argv[1], "synth"])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def _synth_modules(project: Path) -> tuple[int, list[str]]:
    result = subprocess.run([sys.executable, "-c", _PROBE, str(project / "model")], capture_output=True,
                            text=True, check=True, cwd=project)
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    return answer["code"], answer["modules"]


def _loaded(modules: list[str], name: str) -> list[str]:
    return [m for m in modules if m == name or m.startswith(f"{name}.")]


def test_synth_imports_no_drawing_or_site_code(project: Path) -> None:
    code, modules = _synth_modules(project)
    assert code == 0
    assert (project / "deploy" / "manifest.json").is_file()  # it rendered: the probe saw a real synth
    assert not (project / "diagrams").exists()
    loaded = {name: _loaded(modules, name) for name in FORBIDDEN}
    assert {name: found for name, found in loaded.items() if found} == {}


def test_the_probe_sees_what_a_full_generate_imports(project: Path) -> None:
    """The same probe on a whole generate finds the drawing code: the check above can fail."""
    probe = _PROBE.replace('"synth"', '"generate"')
    result = subprocess.run([sys.executable, "-c", probe, str(project / "model")], capture_output=True,
                            text=True, check=True, cwd=project)
    modules = json.loads(result.stdout.strip().splitlines()[-1])["modules"]
    assert _loaded(modules, "diagrams") and _loaded(modules, "archgen.docs")
