"""The benchmark (`make bench`): wall time and peak memory of each phase, on this machine.

Measures the default model cold and no-op, plain `dot` on the same graphs (the floor the
generator cannot beat), `synth` alone, `mkdocs build`, and synthetic models of 10, 100 and
1,000 components. Prints a Markdown table; `--update-readme` puts it in README.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from archgen.render.diagram import ICON_ROOT  # noqa: E402
from synthetic_model import write_model  # noqa: E402

PYTHON = sys.executable
PHASES = re.compile(r"\(([^()]*\d+ ms[^()]*)\)\s*$")
TARGETS = {"default model, cold": 2.0, "default model, no-op": 0.3, "synth alone": 0.3,
           "synth alone, nothing changed": 0.3}


@dataclass
class Measure:
    name: str
    seconds: float
    peak_mb: float
    detail: str = ""


# A fresh wrapper per command: its RUSAGE_CHILDREN peak is exactly that command's peak memory.
_PEAK_WRAPPER = ("import resource, subprocess, sys; code = subprocess.call(sys.argv[1:]); "
                 "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
                 "sys.exit(code)")


def timed(name: str, command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Measure:
    """Run `command`: its wall time, its peak resident memory and the phases it printed."""
    start = time.perf_counter()
    result = subprocess.run([PYTHON, "-c", _PEAK_WRAPPER, *command], cwd=cwd, capture_output=True, text=True,
                            env={**os.environ, **(env or {})})
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{name}: {' '.join(command)} failed:\n{result.stderr}")
    peak_kb = int(result.stderr.strip().splitlines()[-1])
    lines = result.stdout.strip().splitlines()
    phases = PHASES.search(lines[-1]) if lines else None
    return Measure(name, seconds, peak_kb / 1024, phases.group(1) if phases else "")


def generate(project: Path, *args: str) -> list[str]:
    return [PYTHON, str(REPO / "generate.py"), "--model", str(project / "model"), *args]


def dot_floor(project: Path) -> Measure:
    """Plain Graphviz on the generator's own DOT files, in parallel on every core, same output formats."""
    dots = sorted((project / "diagrams").glob("*.dot"))
    work = Path(tempfile.mkdtemp(prefix="floor-"))
    for dot in dots:
        shutil.copy(dot, work / dot.name)
    command = ["dot", f"-Gimagepath={ICON_ROOT}", "-Tpng", "-Tsvg", "-O"]
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        list(pool.map(lambda d: subprocess.run([*command, d.name], cwd=work, check=True), dots))
    seconds = time.perf_counter() - start
    shutil.rmtree(work)
    return Measure("plain dot on the same DOT files (floor)", seconds, 0.0, f"{len(dots)} views")


def default_model(folder: Path) -> list[Measure]:
    project = folder / "default"
    shutil.copytree(REPO / "model", project / "model", ignore=shutil.ignore_patterns("__pycache__"))
    measures = [timed("default model, cold", generate(project), project),
                timed("default model, no-op", generate(project), project),
                dot_floor(project)]
    commands = subprocess.run(generate(project, "--help"), capture_output=True, text=True).stdout
    if "synth" in commands:
        # An edited model, so synth really renders (unchanged inputs would stop at the fingerprint).
        with (project / "model" / "system.yaml").open("a", encoding="utf-8") as model:
            model.write("# benchmark edit\n")
        measures.append(timed("synth alone", generate(project, "synth"), project))
        measures.append(timed("synth alone, nothing changed", generate(project, "synth"), project))
    if (project / "mkdocs.yml").is_file():
        mkdocs = str(Path(PYTHON).with_name("mkdocs"))
        measures.append(timed("mkdocs build", [mkdocs, "build", "-q", "-d", str(folder / "site")], project,
                              env={"NO_MKDOCS_2_WARNING": "1"}))
    return measures


def synthetic(folder: Path, sizes: list[int]) -> list[Measure]:
    measures = []
    for size in sizes:
        project = folder / f"synthetic-{size}"
        write_model(size, project)
        measures.append(timed(f"synthetic, {size} components, cold", generate(project), project))
    return measures


def table(measures: list[Measure]) -> str:
    floor = next(m for m in measures if "floor" in m.name)
    cold = next(m for m in measures if m.name == "default model, cold")
    diagram_ms = re.search(r"render diagrams (\d+) ms", cold.detail)
    rows = ["| phase | wall time | peak memory | target | notes |", "| --- | ---: | ---: | ---: | --- |"]
    for m in measures:
        target = f"≤ {TARGETS[m.name]:.1f} s" if m.name in TARGETS else ""
        memory = f"{m.peak_mb:.0f} MB" if m.peak_mb else ""
        rows.append(f"| {m.name} | {m.seconds:.2f} s | {memory} | {target} | {m.detail} |")
    if diagram_ms:
        overhead = (int(diagram_ms.group(1)) / 1000 - floor.seconds) / floor.seconds * 100
        rows.append(f"\nDiagram phase of the cold run vs the `dot` floor: {overhead:+.0f}% (target ≤ +25%).")
    rows.append(f"\nMachine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
                f"{subprocess.run(['dot', '-V'], capture_output=True, text=True).stderr.strip()}.")
    return "\n".join(rows)


def update_readme(text: str) -> None:
    readme = REPO / "README.md"
    content = readme.read_text("utf-8")
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    if start not in content:
        raise SystemExit("README.md has no <!-- bench:start --> marker")
    before, rest = content.split(start, 1)
    after = rest.split(end, 1)[1]
    readme.write_text(f"{before}{start}\n{text}\n{end}{after}", "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[10, 100, 1000])
    parser.add_argument("--update-readme", action="store_true")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="archgen-bench-") as folder:
        measures = default_model(Path(folder)) + synthetic(Path(folder), arguments.sizes)
    text = table(measures)
    print(text)
    if arguments.update_readme:
        update_readme(text)


if __name__ == "__main__":
    main()
